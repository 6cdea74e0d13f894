"""Cards of the home page contributed by the editorial side, chosen by role."""

from portal.accounts.roles import Role, user_roles

from . import selectors


def sections(user) -> list[dict]:
    roles = user_roles(user)
    cards = []
    if Role.EDITOR in roles or Role.ADMIN in roles:
        cards.append(
            {"template": "interviews/_home_editor.html", "data": selectors.editorial_counts()}
        )
    if Role.ADMIN in roles:
        cards.append({"template": "interviews/_home_admin.html", "data": {}})
    return cards
