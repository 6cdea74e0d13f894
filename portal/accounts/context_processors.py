from .roles import Role, user_roles


def roles(request):
    """Role flags for navigation. Unread notification count is read lazily."""
    user = getattr(request, "user", None)
    names = user_roles(user) if user is not None else frozenset()
    is_admin = Role.ADMIN in names
    return {
        "roles": names,
        "is_official": Role.OFFICIAL in names or is_admin,
        "is_reviewer": Role.REVIEWER in names or is_admin,
        "is_editor": Role.EDITOR in names or is_admin,
        "is_portal_admin": is_admin,
    }
