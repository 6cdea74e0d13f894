"""Cards of the home page contributed by the interviews side, chosen by role."""

from portal.roles import Role, user_roles

from . import cache, selectors


def sections(user) -> list[dict]:
    roles = user_roles(user)
    cards = []
    if Role.EDITOR in roles or Role.ADMIN in roles:
        cards.append(
            {"template": "interviews/_home_editor.html", "data": selectors.editorial_counts()}
        )
    if not roles:
        latest = cache.get_or_compute(("home-latest",), lambda: selectors.latest_published(limit=5))
        cards.append({"template": "interviews/_home_public.html", "data": {"latest": latest}})
    if Role.ADMIN in roles:
        cards.append({"template": "interviews/_home_admin.html", "data": {}})
    return cards
