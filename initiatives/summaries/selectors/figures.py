"""Figures of one scope read live through the ORM: what a scope covers, indicator progress
(clamped, averaged; the pages and the bench's per-unit loop), published interviews, for
one scope or many subtrees at once. The build takes its figures from ``parts``."""

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
)
from django.db.models.functions import Cast, Greatest, Least
from django.utils import timezone

from interviews.articles.models import ArticleStatus, InterviewArticle

from ...catalog.amounts import precision
from ...catalog.models import Indicator, Initiative
from ...places.tree import in_subtrees, subtree_root
from ...reporting.progress import indicators_with_progress
from ..models import ScopeKind

# --- one scope --------------------------------------------------------------------------


def scope_initiatives(*, scope_kind: str, scope) -> QuerySet[Initiative]:
    """The initiatives a scope covers: a unit's own; a district's or city's whole subtree;
    a family's, with its direct sub-families."""
    if scope_kind == ScopeKind.UNIT:
        return Initiative.objects.filter(region=scope)
    if scope_kind in (ScopeKind.DISTRICT, ScopeKind.CITY):
        return Initiative.objects.filter(in_subtrees([scope], "region__path"))
    return Initiative.objects.filter(Q(family=scope) | Q(family__parent=scope))


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


# --- many subtrees at once ------------------------------------------------------------


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
