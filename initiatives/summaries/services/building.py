"""Building summaries. Every build is an upsert keyed by (scope, period kind, period
start), inside a transaction: running it twice, or again after a worker died half-way,
leaves exactly one row per scope and period with the figures of the last run.

A national build is split so that many workers share it: one piece per batch of
districts (``settings.SUMMARY_DISTRICTS_PER_TASK``: their units, then the districts
themselves, each step one set of grouped queries and one bulk upsert for the whole batch),
then one last piece for the units that hang under no district, the cities (in batches,
the same way) and the initiative families. ``summaries_build_period`` runs the pieces in
order here, or fans them out on the workers as a Celery chord.

The counting rules are in ``selectors/counting.py``."""

import datetime as dt
import logging

from celery import chord
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from interviews.articles.models import ArticleStatus, InterviewArticle
from portal.errors import WorkflowError
from portal.queue import registered

from ...catalog.models import Indicator, Initiative, InitiativeFamily, InitiativeStatus
from ...catalog.selectors import top_families
from ...places import selectors as places
from ...places.models import DISTRICT_KINDS, UNIT_KINDS, Region, RegionKind
from ...places.tree import ancestor_ids, in_subtrees, units_outside_districts
from ...reporting.periods import period_bounds, previous_period
from ...reporting.progress import indicators_with_progress
from ..models import PeriodKind, ScopeKind, Summary
from ..narrative import period_label, summary_narrative
from ..selectors import counting, reading
from ..selectors import figures as scope_figures

logger = logging.getLogger(__name__)

TOP_INDICATORS = 10  # indicators listed (furthest behind) for scopes larger than a unit
TOP_UNITS = 10  # best and worst units listed for a city or a family
MAX_UNITS = 200  # every unit of a district is listed, up to this many
MAX_ARTICLES = 10
DELTA_FIELDS = counting.COUNT_FIELDS


def _as_of(as_of: dt.datetime | None) -> dt.datetime:
    return as_of or timezone.now()


def _without_jit() -> None:
    """Inside the current transaction, on PostgreSQL: plan without JIT compilation. The
    build's queries are many small index lookups whose estimated cost (the per-indicator
    subqueries, a path prefix estimated at hundreds of units for a dozen) passes
    ``jit_above_cost``: compiling took ~0.4 s for a query that runs in 5 ms."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _check_period(period_kind: str, period_start: dt.date) -> dt.date:
    if period_kind not in PeriodKind.values:
        raise WorkflowError(_("未知的汇总周期：%(kind)s") % {"kind": period_kind})
    start, end = period_bounds(period_kind, period_start)
    if start != period_start:
        raise WorkflowError(
            _("%(day)s 不是%(kind)s的第一天")
            % {"day": period_start, "kind": PeriodKind(period_kind).label}
        )
    return end


def _counts_block(counts: dict) -> dict:
    block = {name: counts[name] for name in counting.COUNT_FIELDS}
    block["rate"] = counting.rate_percent(counts["filed"], counts["expected"])
    block["on_time_rate"] = counting.rate_percent(counts["on_time"], counts["expected"])
    return block


def _changes(figures: dict, previous: Summary | None) -> dict | None:
    """Deltas against the previous summary of the same scope (None for the first one)."""
    if previous is None:
        return None
    before = previous.figures or {}
    counts = figures["counts"]
    changes = {"previous_start": previous.period_start.isoformat()}
    for name in DELTA_FIELDS:
        changes[name] = counts[name] - getattr(previous, name)
    old_rate = counting.rate_percent(previous.filed, previous.expected)
    changes["rate"] = (
        None if counts["rate"] is None or old_rate is None else round(counts["rate"] - old_rate, 1)
    )
    old_progress = before.get("progress")
    changes["progress"] = (
        None
        if figures["progress"] is None or old_progress is None
        else round(figures["progress"] - old_progress, 1)
    )
    old_active = (before.get("initiatives") or {}).get("active")
    changes["active"] = (
        None if old_active is None else figures["initiatives"]["active"] - old_active
    )
    return changes


def _article_rows(articles) -> list[dict]:
    return [
        {
            "headline": a.headline,
            "url": a.get_absolute_url(),
            "date": timezone.localdate(a.published_at).isoformat(),
        }
        for a in articles
    ]


def _unit_row(summary: Summary, progress: dict) -> dict:
    """One ranked unit of a district or city: a stored unit summary annotated with its
    rank (``scope_figures.subtree_ranked_unit_summaries``) and its live progress and progress
    rank."""
    unit_progress, progress_rank = progress.get(summary.region_id, (None, None))
    return {
        "id": summary.region_id,
        "name": summary.region.name,
        "slug": summary.region.slug,
        "expected": summary.expected,
        "filed": summary.filed,
        "on_time": summary.on_time,
        "overdue": summary.overdue,
        "outstanding": summary.outstanding,
        "rate": None if summary.rate is None else round(summary.rate, 1),
        "rank": summary.rank if summary.expected else None,
        "progress": None if unit_progress is None else round(unit_progress, 1),
        "progress_rank": progress_rank,
    }


def _finish(figures: dict, previous: Summary | None) -> dict:
    figures["changes"] = _changes(figures, previous)
    return figures


def _values(figures: dict) -> dict:
    counts = figures["counts"]
    values = {name: counts[name] for name in counting.COUNT_FIELDS}
    values["figures"] = figures
    # Stored in the site's language whoever triggered the build; pages render it again in
    # the reader's language (narrative.summary_text).
    with translation.override(settings.LANGUAGE_CODE):
        values["narrative"] = summary_narrative(figures)
    return values


STORED_FIELDS = (*counting.COUNT_FIELDS, "figures", "narrative", "period_end", "built_at")


def _upsert(rows: list[Summary], *, scope_kind: str) -> int:
    """Store ``rows`` (unsaved summaries of one scope kind) with one ``INSERT ... ON
    CONFLICT (scope, period) DO UPDATE`` per 500 rows: a row that exists is updated in
    place, a new one inserted, and a concurrent build of the same scopes waits for ours
    and then overwrites it with the same figures. Never a read-modify-write."""
    scope_field = "family" if scope_kind == ScopeKind.FAMILY else "region"
    Summary.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["scope_kind", scope_field, "period_kind", "period_start"],
        update_fields=list(STORED_FIELDS),
    )
    return len(rows)


def _store(key: dict, period_end: dt.date, values: dict) -> Summary:
    """The upsert of one summary (a unit or a family)."""
    fields = {"period_end": period_end, "built_at": timezone.now(), **values}
    _upsert([Summary(**key, **fields)], scope_kind=key["scope_kind"])
    return Summary.objects.get(**key)


def _scope_figures(*, scope_kind, scope, period_kind, start, end, as_of, previous) -> dict:
    """The figures of one unit or one family (districts and cities: ``_regions_figures``)."""
    initiatives = scope_figures.scope_initiatives(scope_kind=scope_kind, scope=scope)
    counts = counting.reporting_totals(
        initiatives=initiatives, period_start=start, period_end=end, as_of=as_of
    )
    statuses = scope_figures.initiatives_by_status(initiatives)
    statuses["total"] = sum(statuses.values())
    indicators, progress, n_indicators = scope_figures.indicator_progress(
        initiatives=initiatives,
        until=end,
        limit=None if scope_kind == ScopeKind.UNIT else TOP_INDICATORS,
    )
    figures = {
        "scope": {"kind": scope_kind, "id": scope.pk, "name": scope.name},
        "period": {
            "kind": period_kind,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "label": _stored_label(period_kind, start, end),
        },
        "as_of": timezone.localdate(as_of).isoformat(),
        "counts": _counts_block(counts),
        "initiatives": statuses,
        "indicators": indicators,
        "indicator_count": n_indicators,
        "progress": progress,
        "units": [],
    }
    articles = scope_figures.articles_published(
        scope_kind=scope_kind, scope=scope, period_start=start, period_end=end
    )
    figures["articles"] = {
        "count": articles.count(),
        "items": _article_rows(articles[:MAX_ARTICLES]),
    }
    return _finish(figures, previous)


def _stored_label(period_kind: str, start: dt.date, end: dt.date) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return period_label(period_kind, start, end)


def summary_build(
    *,
    scope_kind: str,
    scope_id: int,
    period_kind: str,
    period_start: dt.date,
    as_of: dt.datetime | None = None,
    units_built: bool = False,
) -> Summary:
    """Build (or rebuild) one summary: the upsert of its counts, figures and narrative.
    A district or city ranks its units' summaries of the period: unless ``units_built``
    (the national build wrote them just before), they are rebuilt first, in bulk."""
    end = _check_period(period_kind, period_start)
    as_of = _as_of(as_of)
    if scope_kind == ScopeKind.FAMILY:
        scope = InitiativeFamily.objects.get(pk=scope_id)
        key = {"scope_kind": scope_kind, "family": scope}
    elif scope_kind in ScopeKind.values:
        scope = Region.objects.get(pk=scope_id)
        key = {"scope_kind": scope_kind, "region": scope}
    else:
        raise WorkflowError(_("未知的汇总范围：%(kind)s") % {"kind": scope_kind})
    key |= {"period_kind": period_kind, "period_start": period_start}
    if scope_kind in (ScopeKind.DISTRICT, ScopeKind.CITY):
        if not units_built:
            summaries_build_units(
                units=scope_figures.scope_units(scope_kind=scope_kind, scope=scope),
                period_kind=period_kind,
                period_start=period_start,
                as_of=as_of,
            )
        summaries_build_regions(
            scope_kind=scope_kind,
            region_ids=[scope.pk],
            period_kind=period_kind,
            period_start=period_start,
            as_of=as_of,
        )
        return Summary.objects.get(**key)
    with transaction.atomic():
        _without_jit()
        previous = reading.previous_summary(
            scope_kind=scope_kind,
            region_id=scope.pk if scope_kind != ScopeKind.FAMILY else None,
            family_id=scope.pk if scope_kind == ScopeKind.FAMILY else None,
            period_kind=period_kind,
            period_start=period_start,
        )
        figures = _scope_figures(
            scope_kind=scope_kind,
            scope=scope,
            period_kind=period_kind,
            start=period_start,
            end=end,
            as_of=as_of,
            previous=previous,
        )
        return _store(key, end, _values(figures))


def _units_figures(*, units, period_kind, start, end, as_of) -> list[tuple[Region, dict]]:
    """Figures of many units at once, in a fixed number of queries whatever their count:
    the per-unit counts, statuses, indicators, previous summaries and articles are each
    one grouped query; Python only sorts the rows to their unit."""
    rows = list(units.order_by("path"))
    ids = [u.pk for u in rows]
    counts = counting.unit_counts(units=units, period_start=start, period_end=end, as_of=as_of)
    progress = scope_figures.unit_progress(units=units, until=end)
    statuses: dict[int, dict] = {}
    for row in (
        Initiative.objects.filter(region__in=ids)
        .order_by()
        .values("region", "status")
        .annotate(n=Count("pk"))
    ):
        statuses.setdefault(row["region"], {})[row["status"]] = row["n"]
    indicators: dict[int, list] = {}
    for row in (
        indicators_with_progress(Indicator.objects.filter(initiative__region__in=ids), until=end)
        .values(
            "pk",
            "name",
            "unit",
            "decimals",
            "target",
            "current",
            "percent",
            "initiative__title",
            "initiative__region",
            "initiative__region__name",
        )
        .order_by("initiative__title", "position", "pk")
    ):
        indicators.setdefault(row["initiative__region"], []).append(
            scope_figures.indicator_row(row)
        )
    previous_start, _end = previous_period(period_kind, start)
    previous = {
        s.region_id: s
        for s in Summary.objects.filter(
            scope_kind=ScopeKind.UNIT,
            region__in=ids,
            period_kind=period_kind,
            period_start=previous_start,
        )
    }
    tz = timezone.get_current_timezone()
    articles: dict[int, list] = {}
    for article in InterviewArticle.objects.filter(
        status=ArticleStatus.PUBLISHED,
        region__in=ids,
        published_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        published_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    ).order_by("published_at", "pk"):
        articles.setdefault(article.region_id, []).append(article)

    result = []
    label = _stored_label(period_kind, start, end)
    zero = dict.fromkeys(counting.COUNT_FIELDS, 0)
    for unit in rows:
        unit_progress = progress.get(unit.pk, (None, None))[0]
        by_status = dict.fromkeys(InitiativeStatus.values, 0)
        by_status.update(statuses.get(unit.pk, {}))
        by_status["total"] = sum(by_status.values())
        unit_articles = articles.get(unit.pk, [])
        figures = {
            "scope": {"kind": ScopeKind.UNIT, "id": unit.pk, "name": unit.name},
            "period": {
                "kind": period_kind,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "label": label,
            },
            "as_of": timezone.localdate(as_of).isoformat(),
            "counts": _counts_block(counts.get(unit.pk, zero)),
            "initiatives": by_status,
            "indicators": indicators.get(unit.pk, []),
            "indicator_count": len(indicators.get(unit.pk, [])),
            "progress": None if unit_progress is None else round(unit_progress, 1),
            "units": [],
            "articles": {
                "count": len(unit_articles),
                "items": _article_rows(unit_articles[:MAX_ARTICLES]),
            },
        }
        result.append((unit, _finish(figures, previous.get(unit.pk))))
    return result


def _store_units(pieces, *, period_kind, start, end, scope_kind=ScopeKind.UNIT) -> int:
    """Upsert many summaries of regions (units, districts or cities) in bulk."""
    now = timezone.now()
    rows = [
        Summary(
            scope_kind=scope_kind,
            region=region,
            period_kind=period_kind,
            period_start=start,
            period_end=end,
            built_at=now,
            **_values(figures),
        )
        for region, figures in pieces
    ]
    return _upsert(rows, scope_kind=scope_kind)


def summaries_build_units(
    *, units, period_kind: str, period_start: dt.date, as_of: dt.datetime | None = None
) -> int:
    """Build the unit summaries of ``units`` (a Region queryset) in bulk: one upsert."""
    end = _check_period(period_kind, period_start)
    as_of = _as_of(as_of)
    units = units.filter(kind__in=UNIT_KINDS)
    with transaction.atomic():
        _without_jit()
        pieces = _units_figures(
            units=units, period_kind=period_kind, start=period_start, end=end, as_of=as_of
        )
        return _store_units(pieces, period_kind=period_kind, start=period_start, end=end)


def _regions_figures(
    *, scope_kind, roots, period_kind, start, end, as_of, unit_limit
) -> list[tuple[Region, dict]]:
    """The figures of ``_scope_figures`` for many districts (or many cities) at once, in a
    fixed number of queries whatever their count: every count, status, indicator, rank
    and article query runs once over all their subtrees, grouped or partitioned by the
    root each row falls under (``tree.subtree_root``)."""
    counts = counting.subtree_counts(roots=roots, period_start=start, period_end=end, as_of=as_of)
    statuses = scope_figures.subtree_statuses(roots)
    indicators = scope_figures.subtree_indicators(roots=roots, until=end, limit=TOP_INDICATORS)
    progress = scope_figures.subtree_unit_progress(roots=roots, until=end)
    ranked: dict[int, list] = {}
    for summary in scope_figures.subtree_ranked_unit_summaries(
        roots=roots, period_kind=period_kind, period_start=start
    ):
        ranked.setdefault(summary.root, []).append(summary)
    articles = scope_figures.subtree_articles(roots=roots, period_start=start, period_end=end)
    previous_start, _end = previous_period(period_kind, start)
    previous = {
        s.region_id: s
        for s in Summary.objects.filter(
            scope_kind=scope_kind,
            region__in=[root.pk for root in roots],
            period_kind=period_kind,
            period_start=previous_start,
        )
    }
    label = _stored_label(period_kind, start, end)
    result = []
    for root in roots:
        by_status = statuses[root.pk]
        by_status["total"] = sum(by_status.values())
        rows, average, n_indicators = indicators[root.pk]
        units = ranked.get(root.pk, [])
        if unit_limit is None:
            unit_rows = [_unit_row(s, progress) for s in units[:MAX_UNITS]]
        else:
            best = [_unit_row(s, progress) for s in units[:unit_limit]]
            worst = [
                _unit_row(s, progress) for s in [s for s in units if s.expected > 0][-unit_limit:]
            ]
            seen = {row["id"] for row in best}
            unit_rows = best + [r for r in worst if r["id"] not in seen]
        root_articles = articles[root.pk]
        figures = {
            "scope": {"kind": scope_kind, "id": root.pk, "name": root.name},
            "period": {
                "kind": period_kind,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "label": label,
            },
            "as_of": timezone.localdate(as_of).isoformat(),
            "counts": _counts_block(counts[root.pk]),
            "initiatives": by_status,
            "indicators": rows,
            "indicator_count": n_indicators,
            "progress": average,
            "units": unit_rows,
            "articles": {
                "count": len(root_articles),
                "items": _article_rows(root_articles[:MAX_ARTICLES]),
            },
        }
        result.append((root, _finish(figures, previous.get(root.pk))))
    return result


def summaries_build_regions(
    *,
    scope_kind: str,
    region_ids,
    period_kind: str,
    period_start: dt.date,
    as_of: dt.datetime | None = None,
) -> int:
    """Build the summaries of many districts (or many cities) in one transaction and one
    bulk upsert, from their stored unit summaries of the period (built before)."""
    end = _check_period(period_kind, period_start)
    as_of = _as_of(as_of)
    kinds = DISTRICT_KINDS if scope_kind == ScopeKind.DISTRICT else (RegionKind.CITY,)
    roots = list(Region.objects.filter(pk__in=region_ids, kind__in=kinds).order_by("path"))
    if not roots:
        return 0
    with transaction.atomic():
        _without_jit()
        pieces = _regions_figures(
            scope_kind=scope_kind,
            roots=roots,
            period_kind=period_kind,
            start=period_start,
            end=end,
            as_of=as_of,
            unit_limit=None if scope_kind == ScopeKind.DISTRICT else TOP_UNITS,
        )
        store = {"period_kind": period_kind, "start": period_start, "end": end}
        return _store_units(pieces, scope_kind=scope_kind, **store)


def summaries_build_districts(
    *,
    district_ids,
    period_kind: str,
    period_start: dt.date,
    as_of: dt.datetime | None = None,
) -> int:
    """One piece of a national build: a batch of districts. Their units first (one bulk
    build over all the batch's units), then the districts themselves (one bulk build).
    Family scopes are national and built in the last piece, not per district (a family
    summary restricted to a district would multiply rows without a reader)."""
    districts = list(Region.objects.filter(pk__in=district_ids, kind__in=DISTRICT_KINDS))
    if len(districts) != len(set(district_ids)):
        raise Region.DoesNotExist(f"not districts: {sorted(set(district_ids))}")
    as_of = _as_of(as_of)
    built = summaries_build_units(
        units=Region.objects.filter(in_subtrees(districts)),
        period_kind=period_kind,
        period_start=period_start,
        as_of=as_of,
    )
    built += summaries_build_regions(
        scope_kind=ScopeKind.DISTRICT,
        region_ids=[d.pk for d in districts],
        period_kind=period_kind,
        period_start=period_start,
        as_of=as_of,
    )
    return built


def summaries_build_district(
    *,
    district_id: int,
    period_kind: str,
    period_start: dt.date,
    as_of: dt.datetime | None = None,
) -> int:
    """One district: its units, then the district itself (a batch of one)."""
    return summaries_build_districts(
        district_ids=[district_id],
        period_kind=period_kind,
        period_start=period_start,
        as_of=as_of,
    )


def summaries_build_top(
    *, period_kind: str, period_start: dt.date, as_of: dt.datetime | None = None
) -> int:
    """The last piece: units under no district, every city, every top-level family."""
    as_of = _as_of(as_of)
    built = summaries_build_units(
        units=units_outside_districts(),
        period_kind=period_kind,
        period_start=period_start,
        as_of=as_of,
    )
    city_ids = list(Region.objects.filter(kind=RegionKind.CITY).order_by("pk").values_list("pk", flat=True))  # fmt: skip
    for batch in _batches(city_ids, settings.SUMMARY_DISTRICTS_PER_TASK):
        built += summaries_build_regions(
            scope_kind=ScopeKind.CITY,
            region_ids=batch,
            period_kind=period_kind,
            period_start=period_start,
            as_of=as_of,
        )
    families = list(top_families().values_list("pk", flat=True))
    for family_id in families:
        summary_build(
            scope_kind=ScopeKind.FAMILY,
            scope_id=family_id,
            period_kind=period_kind,
            period_start=period_start,
            as_of=as_of,
        )
    return built + len(families)


def _batches(ids: list, size: int) -> list[list]:
    size = max(int(size), 1)
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def summaries_build_period(
    *,
    period_kind: str,
    period_start: dt.date,
    as_of: dt.datetime | None = None,
    fan_out: bool = False,
):
    """Build every summary of one period, districts in batches of
    ``settings.SUMMARY_DISTRICTS_PER_TASK``. ``fan_out``: queue one task per batch and the
    last piece as the chord's callback, and return the chord's result; otherwise build
    here, batch by batch, and return how many summaries were written."""
    _check_period(period_kind, period_start)
    as_of = _as_of(as_of)
    district_ids = list(places.districts().order_by("path").values_list("pk", flat=True))
    batches = _batches(district_ids, settings.SUMMARY_DISTRICTS_PER_TASK)
    if fan_out:
        args = (period_kind, period_start.isoformat(), as_of.isoformat())
        piece = registered("initiatives.build_districts_summaries")
        pieces = [piece.si(batch, *args) for batch in batches]
        callback = registered("initiatives.build_top_summaries").si(*args)
        if not pieces:
            return callback.apply_async()
        return chord(pieces)(callback)
    built = 0
    for batch in batches:
        built += summaries_build_districts(
            district_ids=batch,
            period_kind=period_kind,
            period_start=period_start,
            as_of=as_of,
        )
    built += summaries_build_top(period_kind=period_kind, period_start=period_start, as_of=as_of)
    logger.info("built %d summaries for %s %s", built, period_kind, period_start)
    return built


def summaries_refresh_unit(*, unit_id: int, day: dt.date, as_of: dt.datetime | None = None) -> int:
    """Refresh, after a report of ``unit_id`` changed, the summaries that count it: for the
    week and the month containing ``day`` (the report's period end) that the unit already
    has a summary of, the unit's, then its district's and city's, by the same statements
    as the full build (so the rows equal a full rebuild's at the same moment). Periods not
    built yet are left to the scheduled build; family summaries too."""
    unit = Region.objects.filter(pk=unit_id, kind__in=UNIT_KINDS).first()
    if unit is None:
        return 0
    as_of = _as_of(as_of)
    ancestors = ancestor_ids(unit.path)
    built = 0
    for period_kind in PeriodKind.values:
        start, _end = period_bounds(period_kind, day)
        if not Summary.objects.filter(
            scope_kind=ScopeKind.UNIT, region=unit, period_kind=period_kind, period_start=start
        ).exists():
            continue
        built += summaries_build_units(
            units=Region.objects.filter(pk=unit.pk),
            period_kind=period_kind,
            period_start=start,
            as_of=as_of,
        )
        for scope_kind in (ScopeKind.DISTRICT, ScopeKind.CITY):
            built += summaries_build_regions(
                scope_kind=scope_kind,
                region_ids=ancestors,
                period_kind=period_kind,
                period_start=start,
                as_of=as_of,
            )
    return built


def summaries_rebuild(*, summaries, as_of: dt.datetime | None = None) -> int:
    """Rebuild chosen summaries (the admin action), each from scratch."""
    rebuilt = 0
    for summary in summaries:
        summary_build(
            scope_kind=summary.scope_kind,
            scope_id=summary.family_id or summary.region_id,
            period_kind=summary.period_kind,
            period_start=summary.period_start,
            as_of=as_of,
        )
        rebuilt += 1
    return rebuilt
