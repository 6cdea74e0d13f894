"""Cards of the home page contributed by the summaries: each user's dashboards."""

from portal.accounts.roles import Role, district_of, unit_of, user_roles

from .models import ScopeKind
from .narrative import period_label, summary_text
from .selectors.reading import latest_summary, rate_chart, summary_history


def dashboard_sections(user) -> list[dict]:
    """Summary dashboards (reporting rate, progress) for the user's scope: the latest
    weekly summary of an official's unit and of a reviewer's district, with the reporting
    rate of the last weeks as a small chart. Three queries per card at most."""
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
                    # The stored label is Chinese; the card speaks the reader's language.
                    "period_label": period_label(
                        summary.period_kind, summary.period_start, summary.period_end
                    )
                    if summary
                    else "",
                    "narrative": summary_text(summary.figures) if summary else "",
                    "counts": summary.figures.get("counts", {}) if summary else {},
                    "chart": chart,
                    "chart_id": f"dashboard-{role}",
                },
            }
        )
    return cards
