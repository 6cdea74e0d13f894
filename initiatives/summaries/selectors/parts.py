"""The parts a summary is made of, for many scopes in a fixed number of queries.

A *part* is what the initiatives attached to one key (a region, or a top-level family)
contribute: the counts of ``counting``, the initiatives by status, and every indicator
with its progress. ``parts_by`` computes the parts of every key in one set-based pass
(three statements whatever the number of keys); a district's or a city's figures are the sum
of the parts of the regions of its subtree (``Part.add``), never recomputed from raw
values. Counts add up exactly (a region's "expected minus filed" is never negative, so
the clamps of ``counting`` add up too).

Progress. Per indicator, the latest approved value whose period ends on or before the
summary period's end, and the sum of those values, come from one window query over the
values (``ROW_NUMBER()`` and ``SUM() OVER (PARTITION BY indicator)``): no subquery per
indicator. ``reporting.progress.progress_of`` turns them into achieved, needed, current
and percent: the Python statement of ``reporting.progress.indicators_with_progress`` (the
pages' SQL); tests hold the two equal on every measure and direction. A scope's progress is the
mean of its indicators' percents clamped to 0..100 (indicators without a percent left
out), summed with ``math.fsum``: exact, so the order in which rows arrive never changes a
figure, and two builds of the same data give the same bytes."""

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Sum, When, Window
from django.db.models.functions import RowNumber

from ...catalog.models import Indicator, Initiative, InitiativeStatus
from ...reporting.models import IndicatorValue, ReportStatus
from ...reporting.progress import progress_of
from . import counting
from .figures import indicator_row

STATUSES = tuple(InitiativeStatus.values)
Key = Callable[[str], object]  # a path prefix to an initiative -> the grouping expression


def region_key(prefix: str):
    return F(f"{prefix}region")


def family_key(prefix: str):
    """A top-level family: its own initiatives and its direct sub-families' (the scope of
    a family summary, ``figures.scope_initiatives``)."""
    return Case(
        When(**{f"{prefix}family__parent__isnull": True}, then=F(f"{prefix}family")),
        default=F(f"{prefix}family__parent"),
    )


def region_family_key(prefix: str):
    """(region, top-level family): the parts a district keeps per family, so that the
    family summaries add up districts instead of counting every initiative again."""
    return (region_key(prefix), family_key(prefix))


def clamp(percent: float | None) -> float | None:
    """A percent held within 0..100 (``figures.clamped_percent``)."""
    return None if percent is None else min(max(percent, 0.0), 100.0)


def behind_order(row: dict) -> tuple:
    """Furthest behind first: percent at the one decimal shown (none last), then id."""
    return (row["percent"] is None, row["percent"] or 0.0, row["id"])


def mean(total: float, count: int) -> float | None:
    return None if not count else round(total / count, 1)


@dataclass
class Part:
    """The counts, statuses and indicators of a set of initiatives; ``add`` sums two.
    ``indicators``: the rows to list (all of a region's; a stored district's furthest
    behind); ``percents``: the clamped percents to average (or a stored scope's exact
    sum), over ``percent_count`` indicators; ``indicator_count``: every indicator."""

    counts: dict = field(default_factory=lambda: dict(counting.ZERO))
    statuses: dict = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    indicators: list[dict] = field(default_factory=list)
    percents: list[float] = field(default_factory=list)
    percent_count: int = 0
    indicator_count: int = 0

    def add(self, other: "Part") -> "Part":
        for name, value in other.counts.items():
            self.counts[name] += value
        for name, value in other.statuses.items():
            self.statuses[name] = self.statuses.get(name, 0) + value
        self.indicators.extend(other.indicators)
        self.percents.extend(other.percents)
        self.percent_count += other.percent_count
        self.indicator_count += other.indicator_count
        return self

    @property
    def progress_sum(self) -> float:
        return math.fsum(self.percents)

    @property
    def progress(self) -> float | None:
        return mean(self.progress_sum, self.percent_count)


def _indicator_values(where: Q, until: dt.date) -> QuerySet:
    """(indicator, latest approved value, sum of approved values) until ``until``, one row
    per indicator of the initiatives ``where`` selects that has an approved value: one
    window query over the values."""
    return (
        IndicatorValue.objects.filter(
            counting.prefixed(where, "indicator__initiative__"),
            report__status=ReportStatus.APPROVED,
            report__period_end__lte=until,
        )
        .order_by()  # not the model's ordering: it joins the report's initiative and region
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("indicator")],
                order_by=[F("report__period_end").desc(), F("pk").desc()],
            ),
            total=Window(Sum("value"), partition_by=[F("indicator")]),
        )
        .filter(row=1)
        .values_list("indicator", "value", "total")
    )


INDICATOR_FIELDS = (
    "pk",
    "name",
    "unit",
    "decimals",
    "baseline",
    "target",
    "direction",
    "measure",
    "initiative__title",
    "initiative__region__name",
)
# The indicators (their fields and groups, selected by the ORM) left-joined to their
# latest approved value and sum (``_indicator_values``), in a unit summary's order.
INDICATOR_SQL = """
SELECT {columns}, v.value, v.total
FROM ({indicators}) i LEFT JOIN ({values}) v ON v.indicator = i.pk
ORDER BY i."initiative__title", i."position", i."pk"
"""


def indicator_parts(*, where: Q, key: Key, until: dt.date) -> list[tuple[object, dict]]:
    """Every indicator of the initiatives ``where`` selects, with its progress, as (group
    of ``key``, row), in the order a unit's summary lists them (initiative title,
    position, id). One statement: the indicators joined to their values' window."""
    group = key("initiative__")
    names = [f"group_{i}" for i in range(len(group))] if isinstance(group, tuple) else ["group"]
    groups = dict(zip(names, group if isinstance(group, tuple) else (group,), strict=True))
    indicators = (
        Indicator.objects.filter(counting.prefixed(where, "initiative__"))
        .order_by()
        .values(*INDICATOR_FIELDS, "position", **groups)
    )
    try:
        ind_sql, ind_params = indicators.query.sql_with_params()
        val_sql, val_params = _indicator_values(where, until).query.sql_with_params()
    except EmptyResultSet:  # an empty IN list: no indicator
        return []
    columns = [*INDICATOR_FIELDS, *names]
    sql = INDICATOR_SQL.format(
        columns=", ".join(f'i."{c}"' for c in columns), indicators=ind_sql, values=val_sql
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ind_params, *val_params])
        fetched = cursor.fetchall()
    result: list[tuple[object, dict]] = []
    width = len(columns)
    for values in fetched:
        row = dict(zip(columns, values[:width], strict=True))
        latest, total = values[width], values[width + 1]
        _achieved, _needed, current, percent = progress_of(
            measure=row["measure"],
            direction=row["direction"],
            baseline=row["baseline"],
            target=row["target"],
            latest=latest,
            total=total,
        )
        found = tuple(row[n] for n in names) if len(names) > 1 else row["group"]
        result.append(
            (
                found,
                {
                    **indicator_row({**row, "current": current, "percent": percent}),
                    "_clamped": clamp(percent),
                },
            )
        )
    return result


def part_at(parts: dict, key) -> Part:
    """``parts[key]``, a new ``Part`` there if none (not ``parts.setdefault(key, Part())``:
    that builds a Part for every row)."""
    part = parts.get(key)
    if part is None:
        part = parts[key] = Part()
    return part


def parts_by(
    *,
    where: Q,
    key: Key,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.datetime | None,
    coarse: Callable | None = None,
):
    """The part of each key of the initiatives ``where`` selects (a filter on their own
    fields): counts (one statement, the counting core), statuses (one), indicators
    and their progress (one). A key without initiatives is absent: its part is
    ``Part()``. ``coarse``: a function of a key giving a coarser one; then the parts of
    both are returned, the coarse ones (the sums of the fine) listing their indicators
    in the same order."""
    parts: dict[object, Part] = {}
    counts = counting.counts_by(
        where=where,
        key=key,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
    )

    for group, figures in counts.items():
        part_at(parts, group).counts.update(figures)
    statuses = counting.grouped_by(
        Initiative.objects.filter(where).order_by(),
        (*_tuple(key("")), F("status")),
        {"n": Count("pk")},
    )
    for group, row in statuses.items():
        *found, status = group
        found = tuple(found) if len(found) > 1 else found[0]
        part_at(parts, found).statuses[status] = row["n"]
    rows = indicator_parts(where=where, key=key, until=period_end)
    for group, row in rows:
        part = part_at(parts, group)
        clamped = row.pop("_clamped")
        part.indicators.append(row)
        part.indicator_count += 1
        if clamped is not None:
            part.percents.append(clamped)
            part.percent_count += 1
    if coarse is None:
        return parts
    sums: dict[object, Part] = {}
    for group, part in parts.items():
        part_at(sums, coarse(group)).add(Part(counts=part.counts, statuses=part.statuses, percents=part.percents,
                       percent_count=part.percent_count, indicator_count=part.indicator_count))  # fmt: skip
    for group, row in rows:
        sums[coarse(group)].indicators.append(row)
    return parts, sums


def _tuple(key) -> tuple:
    return key if isinstance(key, tuple) else (key,)
