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
  opened yet): the initiatives joined to the reporting periods whose slots they owe.
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

Everything is counted in SQL, in one statement (``COUNTS_SQL``: the slots are the
initiatives joined to a VALUES list of reporting periods, each figure a filtered count
over the slots and their reports, GROUP BY unit, subtree root, family or nothing);
Python only lists the reporting periods."""

import datetime as dt

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from ...catalog.models import Initiative, InitiativeStatus
from ...places.models import Region
from ...reporting.models import ReportStatus
from ...reporting.periods import outstanding_periods, reporting_periods


def as_of_day(as_of: dt.datetime | None) -> dt.date:
    return timezone.localdate(as_of) if as_of is not None else timezone.localdate()


COUNT_FIELDS = ("expected", "filed", "on_time", "approved", "returned", "overdue", "outstanding")
ZERO = dict.fromkeys(COUNT_FIELDS, 0)


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


COUNTS_SQL = """
WITH periods (frequency, period_start, period_end, in_period, passed, backlog) AS (
  VALUES {periods}
),
ini AS ({initiatives}),
-- The filed reports of those initiatives first (by the initiative index), then their
-- periods: joined the other way round, every slot probed the reports (20x slower).
filed AS MATERIALIZED (
  SELECT {groups_ini} ini.frequency, ini.start_date, ini.target_date, r.period_start,
    {on_time} AS on_time, r.status, r.return_count
  FROM ini JOIN initiatives_progressreport r ON r.initiative_id = ini.id
  WHERE r.submitted_at IS NOT NULL
)
SELECT {groups_u}
  SUM(expected), SUM(filed), SUM(on_time), SUM(approved), SUM(returned),
  SUM(expected_due) - SUM(filed_due), SUM(owed) - SUM(filed_owed)
FROM (
  SELECT {groups_ini}
    COUNT(*) FILTER (WHERE p.in_period = 1) AS expected,
    0 AS filed, 0 AS on_time, 0 AS approved, 0 AS returned,
    COUNT(*) FILTER (WHERE p.passed = 1) AS expected_due, 0 AS filed_due,
    COUNT(*) FILTER (WHERE p.backlog = 1) AS owed, 0 AS filed_owed
  FROM ini JOIN periods p ON {slot}
  {group_by}
  UNION ALL
  SELECT {groups_filed}
    0, COUNT(*) FILTER (WHERE p.in_period = 1),
    COUNT(*) FILTER (WHERE p.in_period = 1 AND ini.on_time),
    COUNT(*) FILTER (WHERE p.in_period = 1 AND ini.status = %s),
    COUNT(*) FILTER (WHERE p.in_period = 1 AND ini.return_count > 0),
    0, COUNT(*) FILTER (WHERE p.passed = 1),
    0, COUNT(*) FILTER (WHERE p.backlog = 1)
  FROM filed ini JOIN periods p ON {slot} AND p.period_start = ini.period_start
  {group_by}
) u
{group_by_u}
"""
# A SLOT (the rule above): an active initiative (``ini``) and a reporting period of its
# frequency that it owes.
SLOT_SQL = (
    "p.frequency = ini.frequency AND ini.start_date <= p.period_end"
    " AND (ini.target_date IS NULL OR ini.target_date >= p.period_start)"
)


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
    ``key`` (a function of the path prefix to an initiative giving an expression, or a
    tuple of them: ``lambda p: F(p + "region")``; None: one total under the key None).

    ONE statement whatever the number of keys: the reporting periods are a VALUES list
    (each flagged: in the summary period, due before the as-of day, in the backlog), a
    slot is an active initiative joined to a period of its frequency that it owes (the
    SLOT rule, written here once), and each figure is a filtered count over the slots
    left-joined to the report of the slot. The ORM only selects the initiatives (``where``:
    a filter on initiatives' own fields, or ``initiatives``) and the key. A key whose
    initiatives owe no slot is absent (its figures are ``ZERO``)."""
    today = as_of_day(as_of)
    periods = reporting_periods(period_start, period_end)
    backlog = outstanding_periods(today)
    in_period = set(periods)
    owed = set(backlog)
    every = sorted(in_period | owed, key=lambda p: (p.frequency, p.start))
    if not every:
        return {}
    base = initiatives if initiatives is not None else Initiative.objects.filter(where)
    groups = () if key is None else key("")
    groups = groups if isinstance(groups, tuple) else (groups,)
    names = [f"g{i}" for i in range(len(groups))]
    selected = (
        base.filter(status=InitiativeStatus.ACTIVE)
        .order_by()
        .values(
            "id", "frequency", "start_date", "target_date", **dict(zip(names, groups, strict=True))
        )
    )
    try:
        ini_sql, ini_params = selected.query.sql_with_params()
    except EmptyResultSet:  # an empty IN list: no initiative, nothing owed
        return {}
    period_params: list = []
    for p in every:
        period_params += [
            p.frequency,
            p.start,
            p.end,
            int(p in in_period),
            int(p in in_period and p.due < today),
            int(p in owed),
        ]
    submitted_day, day_params = connection.ops.datetime_cast_date_sql(
        "r.submitted_at", (), timezone.get_current_timezone_name()
    )
    sql = COUNTS_SQL.format(
        periods=", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(every)),
        initiatives=ini_sql,
        slot=SLOT_SQL,
        groups_ini="".join(f"ini.{n}, " for n in names),
        groups_u="".join(f"u.{n}, " for n in names),
        groups_filed="".join(f"ini.{n}, " for n in names),
        on_time=f"{submitted_day} <= r.due_date",
        group_by=f"GROUP BY {', '.join(f'ini.{n}' for n in names)}" if names else "",
        group_by_u=f"GROUP BY {', '.join(f'u.{n}' for n in names)}" if names else "",
    )
    params = [*period_params, *ini_params, *day_params, ReportStatus.APPROVED]
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            found, figures = row[: len(names)], row[len(names) :]
            group = None if not names else (tuple(found) if len(names) > 1 else found[0])
            # SUM of counts is numeric on PostgreSQL: back to int.
            result[group] = {n: int(v) for n, v in zip(COUNT_FIELDS, figures, strict=True)}
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
    and ``rank`` (the RANK rule; None when nothing was expected), in rank order. Two
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
