"""Cards of the home page contributed by the interviews side, chosen by role."""

from portal.roles import Role, user_roles


def sections(user) -> list[dict]:
    roles = user_roles(user)
    cards = []
    if Role.EDITOR in roles:
        cards.append({"template": "interviews/_home_editor.html", "data": {}})
    if not roles:
        cards.append({"template": "interviews/_home_public.html", "data": {}})
    if Role.ADMIN in roles:
        cards.append({"template": "interviews/_home_admin.html", "data": {}})
    return cards
