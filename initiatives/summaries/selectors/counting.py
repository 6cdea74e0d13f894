"""The summary counting: expected, filed, on time, approved, returned, overdue, rate.

The counting rules (one definition, used by summaries, the reporting-rate page, the
digest and the benchmark's floor query):

- A summary period is a week (Monday to Sunday) or a month (``reporting.periods``).
- A *reporting period* of an initiative is a period of its frequency (week, month or
  quarter). It belongs to the summary period in which it ENDS: a monthly report for
  October counts in the October summary and in the summary of the week that contains
  31 October, never in the other weeks of October.
- EXPECTED: for each reporting period ending inside the summary period, one report from
  every initiative whose frequency matches, whose status is ``active`` now, and which
  started on or before that reporting period's end. It is computed from initiatives (not
  from report rows, which the daily task may not have opened yet): per frequency, a sum
  of one ``CASE`` per reporting period, i.e. "active initiatives of that frequency times
  the number of its periods ending in the summary period", refined by start date.
- FILED: reports of exactly those (initiative, reporting period) slots whose
  ``submitted_at`` is set (first submission), whatever happened later. A report filed
  after the summary was first built still counts as filed when it is rebuilt.
- ON TIME: filed, and the local (Asia/Shanghai) date of ``submitted_at`` is on or before
  the report's ``due_date``.
- APPROVED: filed slots whose status is ``approved`` now.
- RETURNED: filed slots that were returned at least once (``return_count > 0``), whether
  or not they were revised and approved since. The current ``returned`` status alone would
  forget a report that was returned and then fixed.
- OVERDUE: among reporting periods whose due date (``periods.due_date``) is before the
  as-of day, expected minus filed. A report filed late is no longer overdue (it is filed,
  not on time).
- RATE: filed / expected, in percent; empty when nothing was expected.

Everything is counted in SQL (conditional aggregates, GROUP BY, correlated subqueries
and ``RANK() OVER``); Python only lists the handful of reporting periods."""

import datetime as dt
import functools
import operator

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Greatest, NullIf, Rank
from django.utils import timezone

from ...catalog.models import Initiative, InitiativeStatus
from ...places.models import Region
from ...places.tree import in_subtrees, subtree_root
from ...reporting.models import ProgressReport, ReportStatus
from ...reporting.periods import reporting_periods


def as_of_day(as_of: dt.datetime | None) -> dt.date:
    return timezone.localdate(as_of) if as_of is not None else timezone.localdate()


def _slots(periods, prefix: str = ""):
    """How many of ``periods`` an initiative row owes a report for (0 when none)."""
    cases = [
        Case(
            When(
                Q(**{f"{prefix}frequency": p.frequency, f"{prefix}start_date__lte": p.end}),
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        for p in periods
    ]
    if not cases:
        return Value(0, output_field=IntegerField())
    return functools.reduce(operator.add, cases)


def _slot_reports(periods) -> Q:
    """Reports that fill one of the expected slots of ``periods``."""
    if not periods:
        return Q(pk__in=[])
    return functools.reduce(
        operator.or_,
        (
            Q(
                initiative__frequency=p.frequency,
                period_start=p.start,
                initiative__start_date__lte=p.end,
            )
            for p in periods
        ),
    )


FILED = Q(submitted_at__isnull=False)
REPORT_COUNTS = {
    "filed": FILED,
    "on_time": FILED & Q(submitted_at__date__lte=F("due_date")),
    "approved": FILED & Q(status=ReportStatus.APPROVED),
    "returned": FILED & Q(return_count__gt=0),
}
COUNT_FIELDS = ("expected", "filed", "on_time", "approved", "returned", "overdue")


def rate_expression(filed, expected):
    """filed / expected in percent, in SQL (NULL when nothing was expected)."""
    return Cast(filed, FloatField()) * Value(100.0) / NullIf(Cast(expected, FloatField()), 0.0)


def reporting_rates(
    *,
    units: QuerySet[Region],
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.datetime | None = None,
) -> QuerySet[Region]:
    """``units`` annotated with expected, filed, on_time, approved, returned, overdue,
    rate (percent or None) and rank (RANK() OVER rate, best first; units with nothing
    expected come last). One query, one row per unit."""
    periods = reporting_periods(period_start, period_end)
    passed = [p for p in periods if p.due < as_of_day(as_of)]
    initiatives = (
        Initiative.objects.filter(region=OuterRef("pk"), status=InitiativeStatus.ACTIVE)
        .order_by()
        .values("region")
    )
    reports = (
        ProgressReport.objects.filter(
            initiative__region=OuterRef("pk"), initiative__status=InitiativeStatus.ACTIVE
        )
        .order_by()
        .values("initiative__region")
    )

    def counted(queryset, aggregate):
        value = queryset.annotate(n=aggregate).values("n")
        return Coalesce(Subquery(value, output_field=IntegerField()), Value(0))

    annotations = {
        "expected": counted(initiatives, Sum(_slots(periods))),
        "expected_due": counted(initiatives, Sum(_slots(passed))),
    }
    slot_reports = reports.filter(_slot_reports(periods))
    for name, condition in REPORT_COUNTS.items():
        annotations[name] = counted(slot_reports, Count("pk", filter=condition))
    annotations["filed_due"] = counted(
        reports.filter(_slot_reports(passed)), Count("pk", filter=FILED)
    )
    return (
        units.annotate(**annotations)
        .annotate(
            overdue=Greatest(F("expected_due") - F("filed_due"), Value(0)),
            rate=rate_expression(F("filed"), F("expected")),
        )
        .annotate(
            rank=Window(Rank(), order_by=[F("rate").desc(nulls_last=True)]),
        )
        .order_by("rank", "path")
    )


def reporting_totals(
    *,
    initiatives: QuerySet[Initiative],
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.datetime | None = None,
) -> dict:
    """The same counts as ``reporting_rates`` for a whole scope (any set of initiatives):
    two aggregate queries."""
    periods = reporting_periods(period_start, period_end)
    passed = [p for p in periods if p.due < as_of_day(as_of)]
    active = initiatives.filter(status=InitiativeStatus.ACTIVE)
    totals = active.aggregate(
        expected=Coalesce(Sum(_slots(periods)), Value(0)),
        expected_due=Coalesce(Sum(_slots(passed)), Value(0)),
    )
    reports = ProgressReport.objects.filter(initiative__in=active.values("pk"))
    passed_q = _slot_reports(passed)
    totals.update(
        reports.filter(_slot_reports(periods)).aggregate(
            **{name: Count("pk", filter=condition) for name, condition in REPORT_COUNTS.items()},
            filed_due=Count("pk", filter=FILED & passed_q),
        )
    )
    totals["overdue"] = max(totals.pop("expected_due") - totals.pop("filed_due"), 0)
    return {name: totals[name] for name in COUNT_FIELDS}


def rate_percent(filed: int, expected: int) -> float | None:
    return round(filed * 100.0 / expected, 1) if expected else None


# --- set-based counts for many units or many subtrees at once (the summary build) -----


def unit_counts(
    *,
    units: QuerySet[Region],
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.datetime | None = None,
) -> dict[int, dict]:
    """The counts of ``reporting_rates`` for every unit of ``units``, keyed by unit id,
    in two GROUP BY queries whatever the number of units: expected slots grouped over the
    units' active initiatives, filed/on-time/approved/returned grouped over the reports
    that fill those slots. A unit absent from both has zeros. Overdue is expected minus
    filed among slots already due; a filled slot is an expected slot (same initiative,
    frequency and period), so the difference is never negative."""
    periods = reporting_periods(period_start, period_end)
    passed = [p for p in periods if p.due < as_of_day(as_of)]
    unit_ids = units.order_by().values("pk")
    counts: dict[int, dict] = {}
    expected = (
        Initiative.objects.filter(region__in=unit_ids, status=InitiativeStatus.ACTIVE)
        .order_by()
        .values("region")
        .annotate(expected=Sum(_slots(periods)), expected_due=Sum(_slots(passed)))
    )
    for row in expected:
        counts[row["region"]] = {"expected": row["expected"], "expected_due": row["expected_due"]}
    filed = (
        ProgressReport.objects.filter(
            initiative__region__in=unit_ids, initiative__status=InitiativeStatus.ACTIVE
        )
        .filter(_slot_reports(periods))
        .order_by()
        .values("initiative__region")
        .annotate(
            **{name: Count("pk", filter=condition) for name, condition in REPORT_COUNTS.items()},
            filed_due=Count("pk", filter=FILED & _slot_reports(passed)),
        )
    )
    for row in filed:
        counts.setdefault(row.pop("initiative__region"), {}).update(row)
    result = {}
    for unit_id, row in counts.items():
        values = {name: row.get(name) or 0 for name in (*COUNT_FIELDS, "expected_due", "filed_due")}
        values["overdue"] = max(values.pop("expected_due") - values.pop("filed_due"), 0)
        result[unit_id] = values
    return result


def subtree_counts(
    *, roots, period_start: dt.date, period_end: dt.date, as_of: dt.datetime | None = None
) -> dict[int, dict]:
    """``reporting_totals`` of each root's whole subtree, keyed by root id, in two GROUP BY
    queries whatever the number of roots (a root without initiatives has zeros)."""
    periods = reporting_periods(period_start, period_end)
    passed = [p for p in periods if p.due < as_of_day(as_of)]
    raw: dict[int, dict] = {root.pk: {} for root in roots}
    for row in (
        Initiative.objects.filter(
            in_subtrees(roots, "region__path"), status=InitiativeStatus.ACTIVE
        )
        .order_by()
        .values(root=subtree_root(roots, "region__path"))
        .annotate(expected=Sum(_slots(periods)), expected_due=Sum(_slots(passed)))
    ):
        raw[row.pop("root")].update(row)
    for row in (
        ProgressReport.objects.filter(
            in_subtrees(roots, "initiative__region__path"),
            initiative__status=InitiativeStatus.ACTIVE,
        )
        .filter(_slot_reports(periods))
        .order_by()
        .values(root=subtree_root(roots, "initiative__region__path"))
        .annotate(
            **{name: Count("pk", filter=condition) for name, condition in REPORT_COUNTS.items()},
            filed_due=Count("pk", filter=FILED & _slot_reports(passed)),
        )
    ):
        raw[row.pop("root")].update(row)
    result = {}
    for root_id, row in raw.items():
        values = {name: row.get(name) or 0 for name in (*COUNT_FIELDS, "expected_due", "filed_due")}
        values["overdue"] = max(values.pop("expected_due") - values.pop("filed_due"), 0)
        result[root_id] = values
    return result
