"""The summary counting: expected, filed, on time, approved, returned, overdue,
outstanding, rate, rank and lagging.

The counting rules. This is their one definition: the build (units, districts, cities,
families), the summary pages and dashboards, the reporting-rate page, the exports and the
digest all take their figures from ``counts_by`` below, and the official's list of what is
overdue applies the same slots in Python (``reporting.periods``; a test holds them equal).

- A summary period is a week (Monday to Sunday) or a month (``reporting.periods``).
- A *reporting period* of an initiative is a period of its frequency (week, month or
  quarter). It belongs to the summary period in which it ENDS: a monthly report for
  October counts in the October summary and in the summary of the week that contains
  31 October, never in the other weeks of October.
- A *slot* is one report an initiative owes: its status is ``active`` now, its frequency
  is the reporting period's, it started on or before that period's end, and it has no
  target date or the period starts on or before it (``periods.owes``).
- EXPECTED: the slots of the reporting periods ending inside the summary period. It is
  computed from initiatives (not from report rows, which the daily task may not have
  opened yet): per initiative, a sum of one ``CASE`` per reporting period.
- FILED: reports of exactly those slots whose ``submitted_at`` is set (first submission),
  whatever happened later. A report filed after the summary was first built still counts
  as filed when it is rebuilt.
- ON TIME: filed, and the local (Asia/Shanghai) date of ``submitted_at`` is on or before
  the report's ``due_date``.
- APPROVED: filed slots whose status is ``approved`` now.
- RETURNED: filed slots that were returned at least once (``return_count > 0``), whether
  or not they were revised and approved since. The current ``returned`` status alone would
  forget a report that was returned and then fixed.
- OVERDUE (本期逾期): among the period's slots whose due date (``periods.due_date``) is
  before the as-of day, those not filed. A report filed late is no longer overdue (it is
  filed, not on time). A slot whose due date has not come is never overdue.
- OUTSTANDING (累计逾期未报): on the as-of day, every slot of the last
  ``periods.OUTSTANDING_LOOKBACK_DAYS`` whose due date has passed and that is not filed,
  whatever summary period it belongs to: the gaps of earlier months stay visible until
  they are filed. The official's home list of 已逾期 counts exactly these slots.
- RATE: filed / expected, in percent; empty when nothing was expected.
- RANK: units ordered by rate compared at the one decimal shown, best first, ties by the
  unit's code (then id); units with nothing expected come last and have no rank. The
  same rule ranks progress. Two builds of the same data give the same ranks.
- LAGGING (报送率落后): a unit whose rate is ``narrative.BEHIND_POINTS`` or more below its
  scope's AND that has an overdue report this period. A unit whose reports are not due
  yet is never lagging, whatever its rate.

Everything is counted in SQL (conditional aggregates and GROUP BY over any set of
initiatives, keyed by unit, subtree root, family or nothing); Python only lists the
reporting periods and subtracts the two grouped rows of each key."""

import datetime as dt
import functools
import operator

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, NullIf
from django.utils import timezone

from ...catalog.models import Initiative, InitiativeStatus
from ...places.models import Region
from ...reporting.models import ProgressReport, ReportStatus
from ...reporting.periods import outstanding_periods, reporting_periods


def as_of_day(as_of: dt.datetime | None) -> dt.date:
    return timezone.localdate(as_of) if as_of is not None else timezone.localdate()


def _owed(period, prefix: str = "") -> Q:
    """The initiatives (``prefix``: the path to them) that owe a report for ``period``."""
    return Q(**{f"{prefix}frequency": period.frequency, f"{prefix}start_date__lte": period.end}) & (
        Q(**{f"{prefix}target_date__isnull": True})
        | Q(**{f"{prefix}target_date__gte": period.start})
    )


class Plus(Func):
    """``a + b + c ...`` as one flat expression: a sum of many CASEs (one per period of a
    year's backlog) built with ``+`` is a tree as deep as the list, which Django resolves
    level by level, several times per query (most of the rate page's time)."""

    template = "(%(expressions)s)"
    arg_joiner = " + "
    output_field = IntegerField()


def _slots(periods, prefix: str = ""):
    """How many of ``periods`` an initiative row owes a report for (0 when none)."""
    cases = [
        Case(When(_owed(p, prefix), then=Value(1)), default=Value(0), output_field=IntegerField())
        for p in periods
    ]
    if not cases:
        return Value(0, output_field=IntegerField())
    return Plus(*cases)


def _slot_reports(periods) -> Q:
    """Reports that fill one of the slots of ``periods``: per frequency, one IN list of
    period starts, and the initiative owed that period."""
    starts: dict[str, list[dt.date]] = {}
    for p in periods:
        starts.setdefault(p.frequency, []).append(p.start)
    if not starts:
        return Q(pk__in=[])
    by_frequency = functools.reduce(
        operator.or_,
        (
            Q(initiative__frequency=frequency, period_start__in=days)
            for frequency, days in starts.items()
        ),
    )
    return (
        by_frequency
        & Q(initiative__start_date__lte=F("period_end"))
        & (
            Q(initiative__target_date__isnull=True)
            | Q(initiative__target_date__gte=F("period_start"))
        )
    )


FILED = Q(submitted_at__isnull=False)
REPORT_COUNTS = {
    "filed": FILED,
    "on_time": FILED & Q(submitted_at__date__lte=F("due_date")),
    "approved": FILED & Q(status=ReportStatus.APPROVED),
    "returned": FILED & Q(return_count__gt=0),
}
COUNT_FIELDS = ("expected", "filed", "on_time", "approved", "returned", "overdue", "outstanding")
ZERO = dict.fromkeys(COUNT_FIELDS, 0)


def rate_expression(filed, expected):
    """filed / expected in percent, in SQL (NULL when nothing was expected)."""
    return Cast(filed, FloatField()) * Value(100.0) / NullIf(Cast(expected, FloatField()), 0.0)


def rate_percent(filed: int, expected: int) -> float | None:
    return round(filed * 100.0 / expected, 1) if expected else None


def prefixed(where: Q, prefix: str) -> Q:
    """``where`` (a filter on initiatives' own fields) seen from a model that reaches an
    initiative by ``prefix`` ("initiative__"): the same rows, joined directly, so that
    the planner walks the indexes from the filter instead of hashing a subquery."""
    clone = Q()
    clone.connector, clone.negated = where.connector, where.negated
    clone.children = [
        prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in where.children
    ]
    return clone


def grouped_by(queryset: QuerySet, key, aggregates: dict) -> dict:
    """``queryset`` grouped by ``key`` (an expression, or a tuple of expressions: the
    groups are then tuples), {group: {aggregate: value}}."""
    names = [f"group_{i}" for i in range(len(key))] if isinstance(key, tuple) else ["group"]
    exprs = dict(zip(names, key if isinstance(key, tuple) else (key,), strict=True))
    rows = queryset.values(**exprs).annotate(**aggregates).order_by()
    if isinstance(key, tuple):
        return {tuple(row.pop(n) for n in names): row for row in rows}
    return {row.pop("group"): row for row in rows}


def counts_by(
    *,
    initiatives: QuerySet[Initiative] | None = None,
    where: Q | None = None,
    key=None,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.datetime | None = None,
) -> dict:
    """THE counting core: every figure of the rules above for the initiatives of
    ``initiatives`` (any set: a unit's, many units', subtrees', a family's), grouped by
    ``key`` (a function of the path prefix to an initiative giving an expression:
    ``lambda p: F(p + "region")``; None: one total under the key None). Two grouped
    queries whatever the number of keys: the slots over initiatives, the filed reports
    over reports. A key without initiatives is absent (its figures are ``ZERO``).
    ``where`` instead of ``initiatives``: a filter on initiatives' own fields, applied to
    the reports through their join (faster on large sets than a subquery)."""
    today = as_of_day(as_of)
    periods = reporting_periods(period_start, period_end)
    passed = [p for p in periods if p.due < today]
    backlog = outstanding_periods(today)
    if where is not None:
        active = Initiative.objects.filter(where, status=InitiativeStatus.ACTIVE).order_by()
        reports = ProgressReport.objects.filter(
            prefixed(where, "initiative__"), initiative__status=InitiativeStatus.ACTIVE
        )
    else:
        active = initiatives.filter(status=InitiativeStatus.ACTIVE).order_by()
        reports = ProgressReport.objects.filter(initiative__in=active.values("pk"))
    reports = reports.filter(_slot_reports(periods) | _slot_reports(backlog))

    def grouped(queryset, prefix: str, aggregates: dict) -> dict:
        if key is None:
            # One group: a constant key. QuerySet.aggregate() would resolve the deep sums
            # of CASE expressions many times over (0.9 s of Python on the rate page).
            rows = grouped_by(queryset.order_by(), Value(0, IntegerField()), aggregates)
            return {None: row} if (row := rows.get(0)) is not None else {}
        return grouped_by(queryset.order_by(), key(prefix), aggregates)

    raw: dict = {}
    for group, row in grouped(
        active,
        "",
        {
            "expected": Sum(_slots(periods)),
            "expected_due": Sum(_slots(passed)),
            "owed": Sum(_slots(backlog)),
        },
    ).items():
        raw.setdefault(group, {}).update(row)
    for group, row in grouped(
        reports.order_by(),
        "initiative__",
        {
            **{
                name: Count("pk", filter=condition & _slot_reports(periods))
                for name, condition in REPORT_COUNTS.items()
            },
            "filed_due": Count("pk", filter=FILED & _slot_reports(passed)),
            "filed_owed": Count("pk", filter=FILED & _slot_reports(backlog)),
        },
    ).items():
        raw.setdefault(group, {}).update(row)
    result = {}
    for group, row in raw.items():
        values = {name: row.get(name) or 0 for name in row}
        figures = {name: values.get(name, 0) for name in COUNT_FIELDS[:5]}
        # A filled slot is an expected slot, so these differences are never negative.
        figures["overdue"] = max(values.get("expected_due", 0) - values.get("filed_due", 0), 0)
        figures["outstanding"] = max(values.get("owed", 0) - values.get("filed_owed", 0), 0)
        result[group] = figures
    return result


def reporting_totals(
    *,
    initiatives: QuerySet[Initiative] | None = None,
    where: Q | None = None,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.datetime | None = None,
) -> dict:
    """The counts of a whole scope (any set of initiatives, or those ``where`` selects):
    two aggregate queries."""
    totals = counts_by(
        initiatives=initiatives,
        where=where,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
    )
    return dict(totals.get(None) or ZERO)


def unit_counts(
    *,
    units: QuerySet[Region],
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.datetime | None = None,
) -> dict[int, dict]:
    """The counts of every unit of ``units``, keyed by unit id (absent: zeros)."""
    return counts_by(
        where=Q(region__in=units.order_by().values("pk")),
        key=lambda prefix: F(f"{prefix}region"),
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
    )


def rank_order(rate: float | None, code: str | None, pk: int) -> tuple:
    """The sort key of the RANK rule: rate at the precision shown, best first; nothing
    expected last; ties by code (units without one after), then id."""
    return (
        rate is None,
        -round(rate, 1) if rate is not None else 0.0,
        code is None,
        code or "",
        pk,
    )


def reporting_rates(
    *,
    units: QuerySet[Region],
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.datetime | None = None,
) -> list[Region]:
    """The units of ``units`` with every count as attributes, ``rate`` (percent or None)
    and ``rank`` (the RANK rule; None when nothing was expected), in rank order. Three
    queries however many units."""
    rows = list(units)
    counts = unit_counts(units=units, period_start=period_start, period_end=period_end, as_of=as_of)
    for unit in rows:
        for name, value in counts.get(unit.pk, ZERO).items():
            setattr(unit, name, value)
        unit.rate = (unit.filed * 100.0 / unit.expected) if unit.expected else None
    rows.sort(key=lambda u: rank_order(u.rate, u.code, u.pk))
    for position, unit in enumerate(rows, start=1):
        unit.rank = position if unit.expected else None
    return rows
