"""Cards of the home page contributed by the reporting side, chosen by role."""

from django.utils import timezone

from portal.roles import Role, user_roles

from .selectors.reports import official_overview, review_waiting

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


def dashboard_sections(user) -> list[dict]:
    """Summary dashboards (reporting rate, progress) for the user's scope: the latest
    weekly summary of an official's unit and of a reviewer's district, with the reporting
    rate of the last weeks as a small chart. Three queries per card at most."""
    from portal.roles import district_of, unit_of

    from .models import ScopeKind
    from .narrative import summary_text
    from .selectors.summaries import latest_summary, rate_chart, summary_history

    roles = user_roles(user)
    cards = []
    for role, scope_kind, region in (
        (Role.OFFICIAL, ScopeKind.UNIT, unit_of(user) if Role.OFFICIAL in roles else None),
        (Role.REVIEWER, ScopeKind.DISTRICT, district_of(user) if Role.REVIEWER in roles else None),
    ):
        if role not in roles:
            continue
        summary = latest_summary(scope_kind=scope_kind, region=region)
        chart = rate_chart(summary_history(summary, limit=8)) if summary else None
        cards.append(
            {
                "template": f"initiatives/_home_dashboard_{role}.html",
                "data": {
                    "region": region,
                    "summary": summary,
                    "narrative": summary_text(summary.figures) if summary else "",
                    "counts": summary.figures.get("counts", {}) if summary else {},
                    "chart": chart,
                    "chart_id": f"dashboard-{role}",
                },
            }
        )
    return cards
