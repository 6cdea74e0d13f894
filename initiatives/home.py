"""Cards of the home page contributed by the reporting side, chosen by role."""

from portal.roles import Role, user_roles


def sections(user) -> list[dict]:
    roles = user_roles(user)
    cards = []
    if Role.OFFICIAL in roles:
        cards.append({"template": "initiatives/_home_official.html", "data": {}})
    if Role.REVIEWER in roles:
        cards.append({"template": "initiatives/_home_reviewer.html", "data": {}})
    return cards


def dashboard_sections(user) -> list[dict]:
    """Summary dashboards (reporting rate, progress) for the user's scope."""
    return []
