"""Reading stored summaries: who may see which, a scope's history, charts, the latest."""

import datetime as dt

from django.db.models import Q, QuerySet

from portal.accounts.roles import Role, district_of, unit_of, user_roles

from ...places.models import UNIT_KINDS, Region
from ...places.tree import in_district
from ...reporting.periods import previous_period
from ..models import PeriodKind, ScopeKind, Summary
from .counting import rate_percent


def summaries_visible_to(user) -> QuerySet[Summary]:
    """Officials: their unit's summaries; reviewers: their district's and its units';
    admins: all; everyone else: none."""
    roles = user_roles(user)
    qs = Summary.objects.select_related("region", "family")
    if Role.ADMIN in roles:
        return qs
    visible = Q(pk__in=[])
    if Role.OFFICIAL in roles and (unit := unit_of(user)) is not None:
        visible |= Q(scope_kind=ScopeKind.UNIT, region=unit)
    if Role.REVIEWER in roles and (district := district_of(user)) is not None:
        visible |= Q(scope_kind=ScopeKind.DISTRICT, region=district)
        visible |= Q(scope_kind=ScopeKind.UNIT) & in_district(district, "region__path")
    return qs.filter(visible)


def summary_history(summary: Summary, *, limit: int = 12) -> list[Summary]:
    """The same scope's summaries of the same period kind up to this one, oldest first."""
    qs = Summary.objects.filter(
        scope_kind=summary.scope_kind,
        region_id=summary.region_id,
        family_id=summary.family_id,
        period_kind=summary.period_kind,
        period_start__lte=summary.period_start,
    ).order_by("-period_start")[:limit]
    return list(reversed(qs))


def previous_summary(
    *, scope_kind: str, region_id, family_id, period_kind: str, period_start: dt.date
) -> Summary | None:
    start, _ = previous_period(period_kind, period_start)
    return Summary.objects.filter(
        scope_kind=scope_kind,
        region_id=region_id,
        family_id=family_id,
        period_kind=period_kind,
        period_start=start,
    ).first()


def rate_chart(history: list[Summary]) -> dict:
    """Chart.js data (labels and two series) of reporting rate and on-time rate."""
    return {
        "labels": [f"{s.period_start:%m-%d}" for s in history],
        "rate": [rate_percent(s.filed, s.expected) for s in history],
        "on_time": [rate_percent(s.on_time, s.expected) for s in history],
    }


def progress_chart(summary: Summary) -> dict:
    rows = summary.figures.get("indicators", [])
    return {
        "labels": [f"{row['initiative']}·{row['name']}" for row in rows],
        "percent": [row["percent"] for row in rows],
    }


def latest_summary(*, scope_kind: str, region, period_kind: str = PeriodKind.WEEK):
    if region is None:
        return None
    return (
        Summary.objects.filter(scope_kind=scope_kind, region=region, period_kind=period_kind)
        .order_by("-period_start")
        .first()
    )


def reporting_rate_units(user) -> QuerySet[Region] | None:
    """The units whose reporting rate ``user`` may see, or None when none."""
    roles = user_roles(user)
    units = Region.objects.filter(kind__in=UNIT_KINDS)
    if Role.ADMIN in roles:
        return units
    if Role.REVIEWER in roles and (district := district_of(user)) is not None:
        return units.filter(in_district(district))
    if Role.OFFICIAL in roles and (unit := unit_of(user)) is not None:
        return units.filter(pk=unit.pk)
    return None
