"""Cards of the home page contributed by the reporting side, chosen by role."""

from django.utils import timezone

from portal.accounts.roles import Role, user_roles

from .selectors import official_overview, review_waiting

HOME_LIST_LIMIT = 8


def sections(user) -> list[dict]:
    roles = user_roles(user)
    cards = []
    if Role.OFFICIAL in roles:
        overview = official_overview(user=user, today=timezone.localdate())
        cards.append({"template": "initiatives/_home_official.html", "data": overview})
    if Role.REVIEWER in roles:
        waiting = list(review_waiting(user=user)[: HOME_LIST_LIMIT + 1])
        cards.append(
            {
                "template": "initiatives/_home_reviewer.html",
                "data": {
                    "waiting": waiting[:HOME_LIST_LIMIT],
                    "more": len(waiting) > HOME_LIST_LIMIT,
                },
            }
        )
    return cards
