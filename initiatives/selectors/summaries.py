"""Reads for summaries: reporting rates, initiatives by status, progress, articles.

The counting rules (one definition, used by summaries, the reporting-rate page, the
digest and the benchmark's floor query):

- A summary period is a week (Monday to Sunday) or a month (``initiatives.periods``).
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
from dataclasses import dataclass

from django.db.models import (
    Avg,
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
from django.db.models.functions import Cast, Coalesce, Greatest, Least, NullIf, Rank, RowNumber
from django.utils import timezone

from ..models import (
    DISTRICT_KINDS,
    UNIT_KINDS,
    Frequency,
    Indicator,
    Initiative,
    InitiativeFamily,
    InitiativeStatus,
    PeriodKind,
    ProgressReport,
    Region,
    ReportStatus,
    ScopeKind,
    Summary,
)
from ..periods import due_date, period_bounds, periods_between, previous_period
from .progress import indicators_with_progress


@dataclass(frozen=True)
class ReportingPeriod:
    frequency: str
    start: dt.date
    end: dt.date
    due: dt.date


def reporting_periods(period_start: dt.date, period_end: dt.date) -> list[ReportingPeriod]:
    """The reporting periods (of every frequency) that end inside [start, end]: the
    per-frequency constant of the summary maths. A week holds one weekly period and, when
    a month or quarter ends in it, that one too; a month holds its 4 or 5 weekly periods
    (those whose Sunday falls in it), itself, and its quarter when it is a quarter's last."""
    periods = []
    for frequency in Frequency.values:
        for start, end in periods_between(frequency, period_start, period_end):
            if period_start <= end <= period_end:
                periods.append(ReportingPeriod(frequency, start, end, due_date(frequency, end)))
    return periods


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


def _rate(filed, expected):
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
            rate=_rate(F("filed"), F("expected")),
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


# --- scopes ---------------------------------------------------------------------------


def scope_initiatives(*, scope_kind: str, scope) -> QuerySet[Initiative]:
    """The initiatives a scope covers: a unit's own; a district's or city's whole subtree;
    a family's, with its direct sub-families."""
    if scope_kind == ScopeKind.UNIT:
        return Initiative.objects.filter(region=scope)
    if scope_kind in (ScopeKind.DISTRICT, ScopeKind.CITY):
        return Initiative.objects.filter(region__path__startswith=scope.path)
    return Initiative.objects.filter(Q(family=scope) | Q(family__parent=scope))


def scope_units(*, scope_kind: str, scope) -> QuerySet[Region]:
    if scope_kind == ScopeKind.UNIT:
        return Region.objects.filter(pk=scope.pk)
    if scope_kind in (ScopeKind.DISTRICT, ScopeKind.CITY):
        return Region.objects.filter(kind__in=UNIT_KINDS, path__startswith=scope.path)
    return Region.objects.filter(
        kind__in=UNIT_KINDS,
        pk__in=scope_initiatives(scope_kind=scope_kind, scope=scope).values("region"),
    )


def initiatives_by_status(initiatives: QuerySet[Initiative]) -> dict[str, int]:
    rows = initiatives.order_by().values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(InitiativeStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def clamped_percent():
    """An indicator's percent held within 0..100, so one over-achiever cannot hide others
    that are behind when percents are averaged."""
    percent = Cast(F("percent"), FloatField())
    clamped = Least(
        Greatest(percent, Value(0.0), output_field=FloatField()),
        Value(100.0),
        output_field=FloatField(),
    )
    # PostgreSQL's GREATEST skips NULLs, SQLite's MAX returns NULL: say it explicitly.
    return Case(When(percent__isnull=False, then=clamped), default=None, output_field=FloatField())


def indicator_row(row: dict) -> dict:
    """One indicator's line in a summary's figures (JSON), from an annotated values() row."""
    return {
        "id": row["pk"],
        "name": row["name"],
        "unit": row["unit"],
        "initiative": row["initiative__title"],
        "region": row["initiative__region__name"],
        "target": float(row["target"]),
        "current": float(row["current"]),
        "percent": None if row["percent"] is None else round(float(row["percent"]), 1),
    }


def indicator_progress(
    *, initiatives: QuerySet[Initiative], until: dt.date, limit: int | None = None
) -> tuple[list[dict], float | None, int]:
    """(rows, average clamped percent, indicator count). Rows are every indicator of the
    scope (``limit`` None) or the ``limit`` furthest behind. Three queries at most."""
    indicators = indicators_with_progress(
        Indicator.objects.filter(initiative__in=initiatives.values("pk")), until=until
    )
    stats = indicators.aggregate(avg=Avg(clamped_percent()), n=Count("pk"))
    rows = indicators.values(
        "pk",
        "name",
        "unit",
        "target",
        "current",
        "percent",
        "initiative__title",
        "initiative__region__name",
    )
    if limit is None:
        rows = rows.order_by("initiative__title", "position", "pk")
    else:
        rows = rows.order_by(F("percent").asc(nulls_last=True), "pk")[:limit]
    result = [indicator_row(row) for row in rows]
    average = None if stats["avg"] is None else round(float(stats["avg"]), 1)
    return result, average, stats["n"]


def progress_by_unit(*, units: QuerySet[Region], until: dt.date) -> QuerySet[Region]:
    """``units`` annotated with ``progress`` (average clamped percent of their indicators)
    and ``progress_rank`` (RANK() OVER progress, best first). One query."""
    indicators = indicators_with_progress(
        Indicator.objects.filter(initiative__region=OuterRef("pk")), until=until
    )
    average = (
        indicators.order_by()
        .values("initiative__region")
        .annotate(avg=Avg(clamped_percent()))
        .values("avg")
    )
    return units.annotate(progress=Subquery(average, output_field=FloatField())).annotate(
        progress_rank=Window(Rank(), order_by=[F("progress").desc(nulls_last=True)])
    )


def articles_published(*, scope_kind: str, scope, period_start: dt.date, period_end: dt.date):
    """Interview articles published in the period about the scope (region subtree, or
    mentioning an initiative of the family)."""
    from interviews.models import ArticleStatus, InterviewArticle

    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period_start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    articles = InterviewArticle.objects.filter(
        status=ArticleStatus.PUBLISHED, published_at__gte=start, published_at__lt=end
    )
    if scope_kind == ScopeKind.UNIT:
        articles = articles.filter(region=scope)
    elif scope_kind in (ScopeKind.DISTRICT, ScopeKind.CITY):
        articles = articles.filter(region__path__startswith=scope.path)
    else:
        articles = articles.filter(
            pk__in=InterviewArticle.initiatives.through.objects.filter(
                initiative__in=scope_initiatives(scope_kind=scope_kind, scope=scope).values("pk")
            ).values("interviewarticle")
        )
    return articles.order_by("published_at", "pk")


# --- summaries: who may see what, and reading them ------------------------------------


def summaries_visible_to(user) -> QuerySet[Summary]:
    """Officials: their unit's summaries; reviewers: their district's and its units';
    admins: all; everyone else: none."""
    from portal.roles import Role, district_of, unit_of, user_roles

    roles = user_roles(user)
    qs = Summary.objects.select_related("region", "family")
    if Role.ADMIN in roles:
        return qs
    visible = Q(pk__in=[])
    if Role.OFFICIAL in roles and (unit := unit_of(user)) is not None:
        visible |= Q(scope_kind=ScopeKind.UNIT, region=unit)
    if Role.REVIEWER in roles and (district := district_of(user)) is not None:
        visible |= Q(scope_kind=ScopeKind.DISTRICT, region=district)
        visible |= Q(scope_kind=ScopeKind.UNIT, region__path__startswith=district.path)
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


def reporting_rate_units(user, *, district_id: int | None = None) -> QuerySet[Region] | None:
    """The units whose reporting rate ``user`` may see, or None when none."""
    from portal.roles import Role, district_of, unit_of, user_roles

    roles = user_roles(user)
    units = Region.objects.filter(kind__in=UNIT_KINDS)
    if Role.ADMIN in roles:
        if district_id:
            return units.filter(parent_id=district_id)
        return units
    if Role.REVIEWER in roles and (district := district_of(user)) is not None:
        return units.filter(path__startswith=district.path)
    if Role.OFFICIAL in roles and (unit := unit_of(user)) is not None:
        return units.filter(pk=unit.pk)
    return None


def districts() -> QuerySet[Region]:
    return Region.objects.filter(kind__in=DISTRICT_KINDS)


def top_families() -> QuerySet[InitiativeFamily]:
    return InitiativeFamily.objects.filter(parent__isnull=True)


def summary_period(period_kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    return period_bounds(period_kind, day)


# --- set-based counts for many units at once (the summary build) ---------------------


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


def unit_progress(*, units: QuerySet[Region], until: dt.date) -> dict[int, tuple[float, int]]:
    """{unit id: (progress, progress rank)} for the units of ``units`` that have
    indicators: the average clamped percent of their indicators and RANK() OVER it, best
    first, in one GROUP BY query with a window over the grouped rows. Units without
    indicators have no progress and no rank (they would rank last)."""
    rows = (
        indicators_with_progress(
            Indicator.objects.filter(initiative__region__in=units.order_by().values("pk")),
            until=until,
        )
        .order_by()
        .values("initiative__region")
        .annotate(progress=Avg(clamped_percent()))
        .filter(progress__isnull=False)
        .annotate(progress_rank=Window(Rank(), order_by=F("progress").desc()))
        .values_list("initiative__region", "progress", "progress_rank")
    )
    return {region: (progress, rank) for region, progress, rank in rows}


def ranked_unit_summaries(
    *, units: QuerySet[Region], period_kind: str, period_start: dt.date
) -> QuerySet[Summary]:
    """The stored unit summaries of ``units`` for one period, annotated with ``rate`` and
    ``rank`` (RANK() OVER rate, best first; units with nothing expected come last), one
    window over the stored counts: the counts are those of ``reporting_rates``, so the
    ranks are too. Ordered by rank then path."""
    return (
        Summary.objects.filter(
            scope_kind=ScopeKind.UNIT,
            region__in=units.order_by().values("pk"),
            period_kind=period_kind,
            period_start=period_start,
        )
        .select_related("region")
        .defer("figures", "narrative")
        .annotate(rate=_rate(F("filed"), F("expected")))
        .annotate(rank=Window(Rank(), order_by=[F("rate").desc(nulls_last=True)]))
        .order_by("rank", "region__path")
    )


# --- set-based figures for many districts or cities at once (the batched build) ------


def in_subtrees(roots, field: str = "path") -> Q:
    """Rows whose region (``field``: its path) lies in the subtree of one of ``roots``."""
    if not roots:
        return Q(pk__in=[])
    return functools.reduce(
        operator.or_, (Q(**{f"{field}__startswith": root.path}) for root in roots)
    )


def subtree_root(roots, field: str = "path") -> Case:
    """The id of the root among ``roots`` (disjoint subtrees: districts, or cities) whose
    subtree holds the row's region: the key that GROUP BY and PARTITION BY use to count
    many districts in one query."""
    return Case(
        *(When(**{f"{field}__startswith": root.path}, then=Value(root.pk)) for root in roots),
        default=None,
        output_field=IntegerField(),
    )


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


def subtree_statuses(roots) -> dict[int, dict[str, int]]:
    """``initiatives_by_status`` of each root's subtree: one GROUP BY."""
    result = {root.pk: dict.fromkeys(InitiativeStatus.values, 0) for root in roots}
    for row in (
        Initiative.objects.filter(in_subtrees(roots, "region__path"))
        .order_by()
        .values("status", root=subtree_root(roots, "region__path"))
        .annotate(n=Count("pk"))
    ):
        result[row["root"]][row["status"]] = row["n"]
    return result


def subtree_indicators(
    *, roots, until: dt.date, limit: int
) -> dict[int, tuple[list[dict], float | None, int]]:
    """``indicator_progress`` (the ``limit`` furthest behind) of each root's subtree: one
    GROUP BY for the averages and counts, one query for the rows, numbered per root by
    ``ROW_NUMBER() OVER (PARTITION BY root ...)``."""
    key = subtree_root(roots, "initiative__region__path")
    indicators = indicators_with_progress(
        Indicator.objects.filter(in_subtrees(roots, "initiative__region__path")), until=until
    )
    stats = {
        row["root"]: row
        for row in indicators.order_by()
        .values(root=key)
        .annotate(avg=Avg(clamped_percent()), n=Count("pk"))
    }
    rows: dict[int, list[dict]] = {}
    for row in (
        indicators.annotate(root=key)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=F("root"),
                order_by=[F("percent").asc(nulls_last=True), F("pk").asc()],
            )
        )
        .filter(row__lte=limit)
        .values(
            "pk",
            "name",
            "unit",
            "target",
            "current",
            "percent",
            "initiative__title",
            "initiative__region__name",
            "root",
            "row",
        )
        .order_by("root", "row")
    ):
        rows.setdefault(row["root"], []).append(indicator_row(row))
    result = {}
    for root in roots:
        stat = stats.get(root.pk, {"avg": None, "n": 0})
        average = None if stat["avg"] is None else round(float(stat["avg"]), 1)
        result[root.pk] = (rows.get(root.pk, []), average, stat["n"])
    return result


def subtree_unit_progress(*, roots, until: dt.date) -> dict[int, tuple[float, int]]:
    """``unit_progress`` of the units of each root, ranked within their root by
    ``RANK() OVER (PARTITION BY root ...)``: one GROUP BY query for every root."""
    key = subtree_root(roots, "initiative__region__path")
    rows = (
        indicators_with_progress(
            Indicator.objects.filter(
                in_subtrees(roots, "initiative__region__path"),
                initiative__region__kind__in=UNIT_KINDS,
            ),
            until=until,
        )
        .order_by()
        .values("initiative__region", root=key)
        .annotate(progress=Avg(clamped_percent()))
        .filter(progress__isnull=False)
        .annotate(
            progress_rank=Window(Rank(), partition_by=F("root"), order_by=F("progress").desc())
        )
        .values_list("initiative__region", "progress", "progress_rank")
    )
    return {region: (progress, rank) for region, progress, rank in rows}


def subtree_ranked_unit_summaries(
    *, roots, period_kind: str, period_start: dt.date
) -> QuerySet[Summary]:
    """``ranked_unit_summaries`` of the units of each root, ranked within their root
    (annotated ``root``), ordered by root, rank, path."""
    key = subtree_root(roots, "region__path")
    return (
        Summary.objects.filter(
            in_subtrees(roots, "region__path"),
            scope_kind=ScopeKind.UNIT,
            region__kind__in=UNIT_KINDS,
            period_kind=period_kind,
            period_start=period_start,
        )
        .select_related("region")
        .defer("figures", "narrative")
        .annotate(rate=_rate(F("filed"), F("expected")), root=key)
        .annotate(
            rank=Window(Rank(), partition_by=F("root"), order_by=[F("rate").desc(nulls_last=True)])
        )
        .order_by("root", "rank", "region__path")
    )


def subtree_articles(*, roots, period_start: dt.date, period_end: dt.date) -> dict[int, list]:
    """``articles_published`` of each root's subtree (oldest first): one query."""
    from interviews.models import ArticleStatus, InterviewArticle

    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period_start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    result: dict[int, list] = {root.pk: [] for root in roots}
    for article in (
        InterviewArticle.objects.filter(
            in_subtrees(roots, "region__path"),
            status=ArticleStatus.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        )
        .annotate(root=subtree_root(roots, "region__path"))
        .order_by("published_at", "pk")
    ):
        result[article.root].append(article)
    return result
