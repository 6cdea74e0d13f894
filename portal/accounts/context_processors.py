from .roles import Role, user_roles


def roles(request):
    """The user's role names and flags for navigation; ``Role`` for comparing with them."""
    user = getattr(request, "user", None)
    names = user_roles(user) if user is not None else frozenset()
    is_admin = Role.ADMIN in names
    return {
        "Role": Role,
        "roles": names,
        "is_official": Role.OFFICIAL in names or is_admin,
        "is_reviewer": Role.REVIEWER in names or is_admin,
        "is_editor": Role.EDITOR in names or is_admin,
        "is_portal_admin": is_admin,
    }
