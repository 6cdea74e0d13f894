"""The figures of a summary besides its counts: what a scope covers, initiatives by status,
indicator progress (clamped, averaged, ranked), ranked units, published interviews; for
one scope, or for many subtrees at once (the batched build)."""

import datetime as dt

from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Greatest, Least, Round, RowNumber
from django.utils import timezone

from interviews.articles.models import ArticleStatus, InterviewArticle

from ...catalog.amounts import precision
from ...catalog.models import Indicator, Initiative, InitiativeStatus
from ...places.models import UNIT_KINDS, Region
from ...places.tree import in_subtrees, subtree_root
from ...reporting.progress import indicators_with_progress
from ..models import ScopeKind, Summary
from .counting import rate_expression

# --- one scope --------------------------------------------------------------------------


def scope_initiatives(*, scope_kind: str, scope) -> QuerySet[Initiative]:
    """The initiatives a scope covers: a unit's own; a district's or city's whole subtree;
    a family's, with its direct sub-families."""
    if scope_kind == ScopeKind.UNIT:
        return Initiative.objects.filter(region=scope)
    if scope_kind in (ScopeKind.DISTRICT, ScopeKind.CITY):
        return Initiative.objects.filter(in_subtrees([scope], "region__path"))
    return Initiative.objects.filter(Q(family=scope) | Q(family__parent=scope))


def scope_units(*, scope_kind: str, scope) -> QuerySet[Region]:
    if scope_kind == ScopeKind.UNIT:
        return Region.objects.filter(pk=scope.pk)
    if scope_kind in (ScopeKind.DISTRICT, ScopeKind.CITY):
        return Region.objects.filter(in_subtrees([scope]), kind__in=UNIT_KINDS)
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
        "decimals": precision(row["decimals"], row["unit"]),
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
        "decimals",
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


def articles_published(*, scope_kind: str, scope, period_start: dt.date, period_end: dt.date):
    """Interview articles published in the period about the scope (region subtree, or
    mentioning an initiative of the family)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period_start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    articles = InterviewArticle.objects.filter(
        status=ArticleStatus.PUBLISHED, published_at__gte=start, published_at__lt=end
    )
    if scope_kind == ScopeKind.UNIT:
        articles = articles.filter(region=scope)
    elif scope_kind in (ScopeKind.DISTRICT, ScopeKind.CITY):
        articles = articles.filter(in_subtrees([scope], "region__path"))
    else:
        articles = articles.filter(
            pk__in=InterviewArticle.initiatives.through.objects.filter(
                initiative__in=scope_initiatives(scope_kind=scope_kind, scope=scope).values("pk")
            ).values("interviewarticle")
        )
    return articles.order_by("published_at", "pk")


# --- many units, or many subtrees at once (the batched build) ------------------------


def _rank_order(value: str, prefix: str = "") -> list:
    """The RANK rule of ``counting`` as a window's ORDER BY: ``value`` rounded to the one
    decimal shown, best first, NULL last; ties by the unit's code (NULL last), then id.
    ``prefix``: the path from the rows to their unit's region."""
    region = f"{prefix}region"
    return [
        Round(value, 1).desc(nulls_last=True),
        F(f"{region}__code").asc(nulls_last=True),
        F(region).asc(),
    ]


def unit_progress(*, units: QuerySet[Region], until: dt.date) -> dict[int, tuple[float, int]]:
    """{unit id: (progress, progress rank)} for the units of ``units`` that have
    indicators: the average clamped percent of their indicators and its rank (the RANK
    rule of ``counting``), in one GROUP BY query with a window over the grouped rows.
    Units without indicators have no progress and no rank (they would rank last)."""
    rows = (
        indicators_with_progress(
            Indicator.objects.filter(initiative__region__in=units.order_by().values("pk")),
            until=until,
        )
        .order_by()
        .values("initiative__region", "initiative__region__code")
        .annotate(progress=Avg(clamped_percent()))
        .filter(progress__isnull=False)
        .annotate(
            progress_rank=Window(RowNumber(), order_by=_rank_order("progress", "initiative__"))
        )
        .values_list("initiative__region", "progress", "progress_rank")
    )
    return {region: (progress, rank) for region, progress, rank in rows}


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
            "decimals",
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
    """``unit_progress`` of the units of each root, ranked within their root
    (``ROW_NUMBER() OVER (PARTITION BY root ...)``, the RANK rule): one GROUP BY query for
    every root."""
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
        .values("initiative__region", "initiative__region__code", root=key)
        .annotate(progress=Avg(clamped_percent()))
        .filter(progress__isnull=False)
        .annotate(
            progress_rank=Window(
                RowNumber(),
                partition_by=F("root"),
                order_by=_rank_order("progress", "initiative__"),
            )
        )
        .values_list("initiative__region", "progress", "progress_rank")
    )
    return {region: (progress, rank) for region, progress, rank in rows}


def subtree_ranked_unit_summaries(
    *, roots, period_kind: str, period_start: dt.date
) -> QuerySet[Summary]:
    """The stored unit summaries of the units of each root for one period, annotated with
    ``rate`` and ``rank`` (the RANK rule of ``counting`` within their root: units with
    nothing expected come last), one window over the stored counts: the counts are those
    of ``counting.reporting_rates``, so the ranks are too. Ordered by root, rank."""
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
        .annotate(rate=rate_expression(F("filed"), F("expected")), root=key)
        .annotate(rank=Window(RowNumber(), partition_by=F("root"), order_by=_rank_order("rate")))
        .order_by("root", "rank")
    )


def subtree_articles(*, roots, period_start: dt.date, period_end: dt.date) -> dict[int, list]:
    """``articles_published`` of each root's subtree (oldest first): one query."""
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
