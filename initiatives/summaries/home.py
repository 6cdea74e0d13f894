"""Cards of the home page contributed by the summaries: each user's dashboards."""

from django.utils import timezone

from portal.accounts.roles import Role, district_of, unit_of, user_roles

from .models import ScopeKind
from .narrative import period_label, summary_text
from .selectors import counting
from .selectors.figures import scope_initiatives
from .selectors.reading import latest_summary, rate_chart, summary_history


def live_figures(summary) -> dict:
    """The summary's figures with its counts counted again now (the counting core, two
    queries): the card beside the official's list of what is overdue says the same
    number, however long ago the summary was built."""
    now = timezone.now()
    counts = counting.reporting_totals(
        initiatives=scope_initiatives(scope_kind=summary.scope_kind, scope=summary.region),
        period_start=summary.period_start,
        period_end=summary.period_end,
        as_of=now,
    )
    counts["rate"] = counting.rate_percent(counts["filed"], counts["expected"])
    counts["on_time_rate"] = counting.rate_percent(counts["on_time"], counts["expected"])
    stored = summary.figures or {}
    return {
        **stored,
        "counts": {**stored.get("counts", {}), **counts},
        "as_of": timezone.localdate(now).isoformat(),
    }


def dashboard_sections(user) -> list[dict]:
    """Summary dashboards (reporting rate, progress) for the user's scope: the latest
    weekly summary of an official's unit and of a reviewer's district, with the reporting
    rate of the last weeks as a small chart, its counts as of now. Five queries per card
    at most."""
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
        figures = live_figures(summary) if summary else {}
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
                    "narrative": summary_text(figures) if summary else "",
                    "counts": figures.get("counts", {}),
                    "chart": chart,
                    "chart_id": f"dashboard-{role}",
                },
            }
        )
    return cards
