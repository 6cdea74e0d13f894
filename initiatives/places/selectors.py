"""Reads of places, profiles and appointments."""

import datetime as dt

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from .models import (
    DISTRICT_KINDS,
    FIGURE_FIELDS,
    SECRETARY_POSTS,
    UNIT_KINDS,
    Appointment,
    Region,
    RegionProfile,
)


def current_appointments(today: dt.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(end_date__isnull=True) | Q(end_date__gte=today)


def current_secretary_name(today: dt.date) -> Subquery:
    """For a Region queryset's ``annotate``: the name of the unit's current secretary."""
    return Subquery(
        Appointment.objects.filter(
            current_appointments(today), region=OuterRef("pk"), post__in=SECRETARY_POSTS
        )
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
        .values("person__name")[:1]
    )


def profile_figures(profile: RegionProfile) -> list[dict]:
    """The figures a profile holds, labelled, in the model's order."""
    return [
        {
            "name": name,
            "label": RegionProfile._meta.get_field(name).verbose_name,
            "value": getattr(profile, name),
        }
        for name in FIGURE_FIELDS
        if getattr(profile, name) is not None
    ]


def profile_history(profiles: list[RegionProfile]) -> tuple[list, list[dict]]:
    """Columns (only figures some profile has) and one row per profile, newest first."""
    names = [n for n in FIGURE_FIELDS if any(getattr(p, n) is not None for p in profiles)]
    columns = [RegionProfile._meta.get_field(n).verbose_name for n in names]
    rows = [{"profile": p, "values": [getattr(p, n) for n in names]} for p in profiles]
    return columns, rows


def districts() -> QuerySet[Region]:
    return Region.objects.filter(kind__in=DISTRICT_KINDS)


AUTOCOMPLETE_LIMIT = 20


def unit_label(region: Region) -> str:
    """How a unit reads in a picker, and what the picker's text field reads back: its
    city and district, its name, then its code (or ``#id`` for a unit without one).
    Expects ``parent__parent`` joined."""
    above = [r.name for r in (region.parent.parent if region.parent else None, region.parent) if r]
    key = region.code or f"#{region.pk}"
    return f"{' '.join([*above, region.name])} · {key}"


def units_matching(text: str, *, kinds=UNIT_KINDS, limit: int = AUTOCOMPLETE_LIMIT) -> list[Region]:
    """Units whose name holds ``text`` or whose code starts with it, the exact names
    first: one query, at most ``limit`` rows, for a picker over 41,000 units."""
    text = (text or "").strip()
    if not text:
        return []
    match = Q(name__icontains=text)
    if text.isdigit():
        match |= Q(code__startswith=text)
    exact = Case(When(name=text, then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(
        Region.objects.filter(match, kind__in=kinds, withdrawn=False)
        .select_related("parent__parent")
        .order_by(exact, "path")[:limit]
    )
