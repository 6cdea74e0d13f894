"""Building summaries. Every build is an upsert keyed by (scope, period kind, period
start), inside a transaction: running it twice, or again after a worker died half-way,
leaves exactly one row per scope and period with the figures of the last run.

The build is set-based (``selectors/parts.py``). A piece is a batch of districts
(``settings.SUMMARY_DISTRICTS_PER_TASK``): one pass computes the part (counts, statuses,
indicator progress) of every region of their subtrees, in three statements whatever their
number; the unit summaries are those parts, the districts' the sums of the parts of
their subtrees; each kind is stored by COPY into a staging table and one ``INSERT ...
SELECT ... ON CONFLICT DO UPDATE`` (``_upsert``). The last piece builds the units that hang under no district, then the cities,
rolled up from the stored district summaries (and the parts of the regions of a city
under no district), never from raw values again, then the initiative families in one
pass grouped by family. ``summaries_build_period`` runs the pieces in order here, or fans
them out on the workers as a Celery chord.

The counting rules are in ``selectors/counting.py``."""

import datetime as dt
import functools
import gc
import heapq
import logging

from celery import chord
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from interviews.articles.models import ArticleStatus, InterviewArticle
from portal.errors import WorkflowError
from portal.pgcopy import copy_buffer
from portal.queue import registered

from ...catalog.models import InitiativeFamily
from ...catalog.selectors import top_families
from ...places import selectors as places
from ...places.models import DISTRICT_KINDS, UNIT_KINDS, Region, RegionKind
from ...places.tree import ancestor_ids, in_subtrees, units_outside_districts
from ...reporting.periods import period_bounds, previous_period
from ..models import PeriodKind, ScopeKind, Summary
from ..narrative import period_label
from ..selectors import counting
from ..selectors import figures as scope_figures
from ..selectors.parts import (
    Part,
    behind_order,
    part_at,
    parts_by,
    region_family_key,
    region_key,
)

logger = logging.getLogger(__name__)

TOP_INDICATORS = 10  # indicators listed (furthest behind) for scopes larger than a unit
TOP_UNITS = 10  # best and worst units listed for a city
MAX_UNITS = 200  # every unit of a district is listed, up to this many
MAX_ARTICLES = 10
DELTA_FIELDS = counting.COUNT_FIELDS
REGION_FIELDS = ("pk", "name", "slug", "code", "path", "kind")
STORED_FIELDS = (*counting.COUNT_FIELDS, "figures", "period_end", "built_at")


def _as_of(as_of: dt.datetime | None) -> dt.datetime:
    return as_of or timezone.now()


_LZ4: dict[str, bool] = {}


def _build_settings() -> None:
    """Inside the current transaction, on PostgreSQL: plan without JIT compilation (the
    build's grouped queries over a batch are estimated far above ``jit_above_cost``, a
    path prefix estimated at hundreds of units for a dozen: compiling cost more than
    running them), and compress the figures with lz4 where the server has it: a national
    build writes 100 MB of JSON, and pglz compressed it at a fraction of lz4's speed.
    The staging table of ``_upsert`` compresses each value once; the merge copies it.
    No parallel workers either: the pieces are the build's parallelism (one per worker
    process), and a piece's queries launching workers of their own on the same cores
    were 8 % slower over four batches of 150 districts (wall clock, medians of three)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        if connection.alias not in _LZ4:
            cursor.execute(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
                " WHERE name = 'default_toast_compression'"
            )
            _LZ4[connection.alias] = bool((cursor.fetchone() or [False])[0])
        if _LZ4[connection.alias]:
            cursor.execute("SET LOCAL default_toast_compression = lz4")


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


def _gc_paused(build):
    """Run ``build`` (a piece of the national build) with Python's cyclic garbage collector
    paused. A piece allocates some 100,000 small dicts that live until its upsert (parts,
    indicator rows, figures); each full collection walked all of them again, about a tenth
    of a piece's CPU. The piece makes no reference cycles worth collecting; reference
    counting frees its objects when it returns, and the collector resumes then."""

    @functools.wraps(build)
    def paused(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


class Period:
    """One summary period and the moment it is counted at: what every figure shares."""

    def __init__(self, kind: str, start: dt.date, as_of: dt.datetime | None):
        self.kind = kind
        self.start = start
        self.end = _check_period(kind, start)
        self.as_of = _as_of(as_of)
        self.previous_start = previous_period(kind, start)[0]
        with translation.override(settings.LANGUAGE_CODE):
            label = period_label(kind, start, self.end)
        self.block = {
            "kind": kind,
            "start": start.isoformat(),
            "end": self.end.isoformat(),
            "label": label,
        }
        self.as_of_day = timezone.localdate(self.as_of).isoformat()


# --- the figures of one summary (every scope kind: one definition) ------------------


def _counts_block(counts: dict) -> dict:
    block = {name: counts[name] for name in counting.COUNT_FIELDS}
    block["rate"] = counting.rate_percent(counts["filed"], counts["expected"])
    block["on_time_rate"] = counting.rate_percent(counts["on_time"], counts["expected"])
    return block


def _changes(figures: dict, previous: dict | None) -> dict | None:
    """Deltas against the previous summary of the same scope (None for the first one);
    ``previous``: its counts and figures (``_previous``)."""
    if previous is None:
        return None
    counts = figures["counts"]
    changes = {"previous_start": previous["period_start"].isoformat()}
    for name in DELTA_FIELDS:
        changes[name] = counts[name] - previous[name]
    old_rate = counting.rate_percent(previous["filed"], previous["expected"])
    changes["rate"] = (
        None if counts["rate"] is None or old_rate is None else round(counts["rate"] - old_rate, 1)
    )
    old_progress = previous["figures__progress"]
    changes["progress"] = (
        None
        if figures["progress"] is None or old_progress is None
        else round(figures["progress"] - old_progress, 1)
    )
    old_active = previous["figures__initiatives__active"]
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


def _figures(
    *, scope_kind, scope_id, name, period: Period, part: Part, indicators, units, articles, previous
) -> dict:
    """The figures of one summary, whatever its scope: ``part`` (the unit's own, or the sum
    of a subtree's, or a family's), the indicator rows and ranked units to list, the
    articles and the previous summary."""
    statuses = dict(part.statuses)
    statuses["total"] = sum(statuses.values())
    figures = {
        "scope": {"kind": scope_kind, "id": scope_id, "name": name},
        "period": period.block,
        "as_of": period.as_of_day,
        "counts": _counts_block(part.counts),
        "initiatives": statuses,
        "indicators": indicators,
        "indicator_count": part.indicator_count,
        "progress": part.progress,
        # What a larger scope adds up (exact sum of clamped percents, and how many).
        "progress_parts": {"sum": part.progress_sum, "count": part.percent_count},
        "units": units,
        "articles": {"count": len(articles), "items": _article_rows(articles[:MAX_ARTICLES])},
    }
    figures["changes"] = _changes(figures, previous)
    return figures


def _row(*, scope_kind, key: dict, period: Period, figures: dict, now) -> dict:
    """One summary's stored columns (``_upsert`` writes them)."""
    counts = figures["counts"]
    return {
        "scope_kind": scope_kind,
        "region_id": key.get("region_id"),
        "family_id": key.get("family_id"),
        "period_kind": period.kind,
        "period_start": period.start,
        "period_end": period.end,
        **{name: counts[name] for name in counting.COUNT_FIELDS},
        "figures": figures,
        "built_at": now,
    }


COLUMNS = ("scope_kind", "region_id", "family_id", "period_kind", "period_start", *STORED_FIELDS)


def _upsert(rows: list[dict], *, scope_kind: str) -> int:
    """Store ``rows`` (``_row``: the summaries of one scope kind): on PostgreSQL, COPY into
    a temporary staging table, then ONE ``INSERT ... SELECT ... ON CONFLICT (scope,
    period) DO UPDATE``: a row that exists is updated in place, a new one inserted, and a
    concurrent build of the same scopes waits for ours and then overwrites it with the
    same figures. Never a read-modify-write. (A multi-row INSERT of the same rows spent
    most of its time in the server parsing 100 MB of SQL literals; COPY streams them.)
    Elsewhere (SQLite) ``bulk_create(update_conflicts=True)``, the same statement."""
    if not rows:
        return 0
    scope_field = "family" if scope_kind == ScopeKind.FAMILY else "region"
    conflict = ("scope_kind", f"{scope_field}_id", "period_kind", "period_start")
    if connection.vendor != "postgresql":
        Summary.objects.bulk_create(
            [Summary(**row) for row in rows],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["scope_kind", scope_field, "period_kind", "period_start"],
            update_fields=list(STORED_FIELDS),
        )
        return len(rows)
    buffer = copy_buffer([row[name] for name in COLUMNS] for row in rows)
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        # ON COMMIT DELETE ROWS, and emptied after use: several upserts may share one
        # transaction (a city's rebuild runs its districts' first).
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS summary_staging ON COMMIT DELETE ROWS AS "
            f"SELECT {columns} FROM initiatives_summary WITH NO DATA"
        )
        cursor.cursor.copy_expert(f"COPY summary_staging ({columns}) FROM STDIN", buffer)
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in STORED_FIELDS)
        cursor.execute(
            f"INSERT INTO initiatives_summary ({columns}) SELECT {columns} FROM summary_staging "
            f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {updates}"
        )
        cursor.execute("DELETE FROM summary_staging")
    return len(rows)


def _previous(*, scope_kind: str, ids, period: Period) -> dict:
    """{region or family id: the previous period's counts, progress and active
    initiatives (what ``_changes`` compares)}: one query."""
    scope_field = "family_id" if scope_kind == ScopeKind.FAMILY else "region_id"
    rows = Summary.objects.filter(
        **{f"{scope_field}__in": list(ids)},
        scope_kind=scope_kind,
        period_kind=period.kind,
        period_start=period.previous_start,
    ).values(
        scope_field,
        "period_start",
        "figures__progress",
        "figures__initiatives__active",
        *counting.COUNT_FIELDS,
    )
    return {row.pop(scope_field): row for row in rows}


def _unit_articles(ids, period: Period) -> dict[int, list]:
    tz = timezone.get_current_timezone()
    articles: dict[int, list] = {}
    for article in InterviewArticle.objects.filter(
        status=ArticleStatus.PUBLISHED,
        region__in=list(ids),
        published_at__gte=dt.datetime.combine(period.start, dt.time.min, tzinfo=tz),
        published_at__lt=dt.datetime.combine(
            period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz
        ),
    ).order_by("published_at", "pk"):
        articles.setdefault(article.region_id, []).append(article)
    return articles


def _region_parts(region_ids, period: Period, *, by_family: bool = False):
    """The part of each of ``region_ids`` (its own initiatives): one set-based pass.
    ``by_family``: also the parts per (region, top-level family), returned first."""
    store = {"period_start": period.start, "period_end": period.end, "as_of": period.as_of}
    where = Q(region__in=list(region_ids))
    if by_family:
        return parts_by(where=where, key=region_family_key, coarse=lambda g: g[0], **store)
    return parts_by(where=where, key=region_key, **store)


def _furthest_behind(indicators: list[dict]) -> list[dict]:
    """The ``TOP_INDICATORS`` furthest behind (``behind_order``: ids break every tie), as
    ``sorted(...)[:TOP_INDICATORS]`` gives them, without sorting a family's 180,000."""
    return heapq.nsmallest(TOP_INDICATORS, indicators, key=behind_order)


def _compact(part: Part) -> dict:
    """What a larger scope needs of a part to add it up (``_stored_part``)."""
    statuses = dict(part.statuses)
    statuses["total"] = sum(statuses.values())
    return {
        "counts": dict(part.counts),
        "initiatives": statuses,
        "indicators": _furthest_behind(part.indicators),
        "indicator_count": part.indicator_count,
        "progress_parts": {"sum": part.progress_sum, "count": part.percent_count},
    }


def _unit_row(unit: dict, counts: dict, progress: float | None) -> dict:
    """One unit listed by a district or city (ranked later by ``_rank``)."""
    expected, filed = counts["expected"], counts["filed"]
    return {
        "id": unit["pk"],
        "name": unit["name"],
        "slug": unit["slug"],
        "expected": expected,
        "filed": filed,
        "on_time": counts["on_time"],
        "overdue": counts["overdue"],
        "outstanding": counts["outstanding"],
        "rate": counting.rate_percent(filed, expected),
        "rank": None,
        "progress": progress,
        "progress_rank": None,
        "_code": unit["code"] or None,
    }


def _rank(rows: list[dict]) -> list[dict]:
    """The RANK rule of ``counting`` on rate, and on progress: both compared at the one
    decimal shown, ties by the unit's code, then id. Rows in rate-rank order."""
    rows.sort(key=lambda r: counting.rank_order(r["rate"], r["_code"], r["id"]))
    for position, row in enumerate(rows, start=1):
        row["rank"] = position if row["expected"] else None
    with_progress = [r for r in rows if r["progress"] is not None]
    with_progress.sort(key=lambda r: counting.rank_order(r["progress"], r["_code"], r["id"]))
    for position, row in enumerate(with_progress, start=1):
        row["progress_rank"] = position
    for row in rows:
        del row["_code"]
    return rows


# --- units ------------------------------------------------------------------------------


def _unit_summaries(units: list[dict], parts: dict[int, Part], period: Period) -> list[dict]:
    ids = [u["pk"] for u in units]
    previous = _previous(scope_kind=ScopeKind.UNIT, ids=ids, period=period)
    articles = _unit_articles(ids, period)
    now = timezone.now()
    rows = []
    for unit in units:
        part = parts.get(unit["pk"]) or Part()
        figures = _figures(
            scope_kind=ScopeKind.UNIT,
            scope_id=unit["pk"],
            name=unit["name"],
            period=period,
            part=part,
            indicators=part.indicators,
            units=[],
            articles=articles.get(unit["pk"], []),
            previous=previous.get(unit["pk"]),
        )
        rows.append(_row(scope_kind=ScopeKind.UNIT, key={"region_id": unit["pk"]}, period=period, figures=figures, now=now))  # fmt: skip
    return rows


def summaries_build_units(
    *, units, period_kind: str, period_start: dt.date, as_of: dt.datetime | None = None
) -> int:
    """Build the unit summaries of ``units`` (a Region queryset) in bulk: one pass, one
    upsert."""
    period = Period(period_kind, period_start, as_of)
    with transaction.atomic():
        _build_settings()
        rows = list(units.filter(kind__in=UNIT_KINDS).order_by("path").values(*REGION_FIELDS))
        parts = _region_parts([u["pk"] for u in rows], period)
        return _upsert(_unit_summaries(rows, parts, period), scope_kind=ScopeKind.UNIT)


# --- districts and cities: sums of parts -------------------------------------------------


def _subtree_of(regions: list[dict], roots: list[Region]) -> dict[int, int]:
    """{region id: the root (among disjoint ``roots``) whose subtree holds it}."""
    root_ids = {root.pk for root in roots}
    result = {}
    for region in regions:
        for ancestor in (*ancestor_ids(region["path"]), region["pk"]):
            if ancestor in root_ids:
                result[region["pk"]] = ancestor
                break
    return result


def _district_summaries(
    roots: list[Region], regions: list[dict], fine: dict, parts: dict[int, Part], period: Period
) -> list[dict]:
    """Each district: the sum of the parts of the regions of its subtree (itself
    included), its units ranked, its indicators furthest behind, and its parts per
    top-level family (``fine``: per region and family) for the family summaries."""
    root_of = _subtree_of(regions, roots)
    totals = {root.pk: Part() for root in roots}
    families: dict[int, dict] = {root.pk: {} for root in roots}
    for (region_id, family_id), part in sorted(fine.items(), key=lambda i: (i[0][0], i[0][1] or 0)):
        root = root_of.get(region_id)
        if root is not None and family_id is not None:
            part_at(families[root], family_id).add(part)
    units: dict[int, list] = {root.pk: [] for root in roots}
    for region in regions:
        root = root_of.get(region["pk"])
        if root is None:
            continue
        part = parts.get(region["pk"]) or Part()
        totals[root].add(part)
        if region["kind"] in UNIT_KINDS:
            units[root].append(_unit_row(region, part.counts, part.progress))
    previous = _previous(scope_kind=ScopeKind.DISTRICT, ids=totals, period=period)
    articles = scope_figures.subtree_articles(roots=roots, period_start=period.start, period_end=period.end)  # fmt: skip
    now = timezone.now()
    rows = []
    for root in roots:
        part = totals[root.pk]
        figures = _figures(
            scope_kind=ScopeKind.DISTRICT,
            scope_id=root.pk,
            name=root.name,
            period=period,
            part=part,
            indicators=_furthest_behind(part.indicators),
            units=_rank(units[root.pk])[:MAX_UNITS],
            articles=articles[root.pk],
            previous=previous.get(root.pk),
        )
        figures["families"] = {
            str(family_id): _compact(part) for family_id, part in sorted(families[root.pk].items())
        }
        rows.append(_row(scope_kind=ScopeKind.DISTRICT, key={"region_id": root.pk}, period=period, figures=figures, now=now))  # fmt: skip
    return rows


def _stored_part(stored: dict) -> Part:
    """A stored part (``_compact``: a district's figures, or one of its families') as a
    part to add to a larger scope's: its counts, its statuses, the indicators it lists
    (its furthest behind: enough for the larger scope's, which are among them) and its
    exact progress sum."""
    statuses = dict(stored["initiatives"] or {})
    statuses.pop("total", None)
    progress = stored["progress_parts"]
    return Part(
        counts={name: stored["counts"][name] for name in counting.COUNT_FIELDS},
        statuses=statuses,
        indicators=list(stored["indicators"] or []),
        percents=[progress["sum"]] if progress["count"] else [],
        percent_count=progress["count"],
        indicator_count=stored["indicator_count"] or 0,
    )


def _loose(regions: list[dict], covered: set[int]) -> list[int]:
    """The regions that no stored district summary of ``covered`` counts."""
    return [r["pk"] for r in regions if not covered.intersection((*ancestor_ids(r["path"]), r["pk"]))]  # fmt: skip


def _city_summaries(roots: list[Region], period: Period) -> list[dict]:
    """Each city rolled up: its districts' stored summaries of the period, plus the parts
    of its regions that no stored district summary covers (units under no district, the
    city itself, a district whose piece has not run), plus its units' stored summaries
    for the best and worst listed."""
    regions = list(Region.objects.filter(in_subtrees(roots)).values(*REGION_FIELDS))
    root_of = _subtree_of(regions, roots)
    district_rows = {
        row["region_id"]: row
        for row in Summary.objects.filter(
            region__in=[r["pk"] for r in regions if r["kind"] in DISTRICT_KINDS],
            scope_kind=ScopeKind.DISTRICT,
            period_kind=period.kind,
            period_start=period.start,
        ).values(
            "region_id",
            counts=F("figures__counts"),
            initiatives=F("figures__initiatives"),
            indicators=F("figures__indicators"),
            indicator_count=F("figures__indicator_count"),
            progress_parts=F("figures__progress_parts"),
        )
    }
    # A row stored before progress_parts existed cannot be summed: count its subtree again.
    district_rows = {k: v for k, v in district_rows.items() if v["progress_parts"]}
    loose = _loose(regions, set(district_rows))
    parts = _region_parts(loose, period)
    totals = {root.pk: Part() for root in roots}
    for region_id, row in sorted(district_rows.items()):
        totals[root_of[region_id]].add(_stored_part(row))
    for region_id in loose:
        if region_id in parts:
            totals[root_of[region_id]].add(parts[region_id])
    units: dict[int, list] = {root.pk: [] for root in roots}
    by_id = {r["pk"]: r for r in regions}
    # By the ids of the subtrees' regions read above (the unique key's index), not by
    # their paths again: 150 path prefixes OR-ed over every unit summary of the period.
    for row in Summary.objects.filter(
        region__in=[r["pk"] for r in regions if r["kind"] in UNIT_KINDS],
        scope_kind=ScopeKind.UNIT,
        period_kind=period.kind,
        period_start=period.start,
    ).values("region_id", *counting.COUNT_FIELDS, "figures__progress"):
        unit = by_id[row["region_id"]]
        units[root_of[unit["pk"]]].append(_unit_row(unit, row, row["figures__progress"]))
    previous = _previous(scope_kind=ScopeKind.CITY, ids=totals, period=period)
    articles = scope_figures.subtree_articles(roots=roots, period_start=period.start, period_end=period.end)  # fmt: skip
    now = timezone.now()
    rows = []
    for root in roots:
        part = totals[root.pk]
        ranked = _rank(units[root.pk])
        best = ranked[:TOP_UNITS]
        seen = {row["id"] for row in best}
        worst = [r for r in [r for r in ranked if r["expected"] > 0][-TOP_UNITS:] if r["id"] not in seen]  # fmt: skip
        figures = _figures(
            scope_kind=ScopeKind.CITY,
            scope_id=root.pk,
            name=root.name,
            period=period,
            part=part,
            indicators=_furthest_behind(part.indicators),
            units=best + worst,
            articles=articles[root.pk],
            previous=previous.get(root.pk),
        )
        rows.append(_row(scope_kind=ScopeKind.CITY, key={"region_id": root.pk}, period=period, figures=figures, now=now))  # fmt: skip
    return rows


def _subtree_regions(roots: list[Region]) -> list[dict]:
    return list(Region.objects.filter(in_subtrees(roots)).order_by("path").values(*REGION_FIELDS))


def summaries_build_regions(
    *,
    scope_kind: str,
    region_ids,
    period_kind: str,
    period_start: dt.date,
    as_of: dt.datetime | None = None,
    computed: tuple | None = None,
) -> int:
    """Build the summaries of many districts (from the parts of their subtrees, one pass)
    or many cities (rolled up from their districts' stored summaries) in one transaction
    and one upsert. ``computed``: (regions, parts) of the districts' subtrees when the
    caller computed them already (``summaries_build_districts``)."""
    period = Period(period_kind, period_start, as_of)
    kinds = DISTRICT_KINDS if scope_kind == ScopeKind.DISTRICT else (RegionKind.CITY,)
    roots = list(Region.objects.filter(pk__in=list(region_ids), kind__in=kinds).order_by("path"))
    if not roots:
        return 0
    with transaction.atomic():
        _build_settings()
        if scope_kind == ScopeKind.DISTRICT:
            if computed is None:
                regions = _subtree_regions(roots)
                ids = [r["pk"] for r in regions]
                computed = (regions, *_region_parts(ids, period, by_family=True))
            rows = _district_summaries(roots, *computed, period)
        else:
            rows = _city_summaries(roots, period)
        return _upsert(rows, scope_kind=scope_kind)


@_gc_paused
def summaries_build_districts(
    *,
    district_ids,
    period_kind: str,
    period_start: dt.date,
    as_of: dt.datetime | None = None,
) -> int:
    """One piece of a national build: a batch of districts. One pass computes the part of
    every region of their subtrees; their units are stored first (one upsert, its own
    transaction), then the districts, summed from the same parts (one upsert). Family
    scopes are national and built in the last piece, not per district."""
    districts = list(
        Region.objects.filter(pk__in=district_ids, kind__in=DISTRICT_KINDS).order_by("path")
    )
    if len(districts) != len(set(district_ids)):
        raise Region.DoesNotExist(f"not districts: {sorted(set(district_ids))}")
    period = Period(period_kind, period_start, as_of)
    with transaction.atomic():
        _build_settings()
        regions = _subtree_regions(districts)
        fine, parts = _region_parts([r["pk"] for r in regions], period, by_family=True)
        units = [r for r in regions if r["kind"] in UNIT_KINDS]
        built = _upsert(_unit_summaries(units, parts, period), scope_kind=ScopeKind.UNIT)
    built += summaries_build_regions(
        scope_kind=ScopeKind.DISTRICT,
        region_ids=[d.pk for d in districts],
        period_kind=period_kind,
        period_start=period_start,
        as_of=period.as_of,
        computed=(regions, fine, parts),
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


# --- families ----------------------------------------------------------------------------


def _family_parts(ids: list[int], period: Period) -> dict[int, Part]:
    """Each family rolled up: the parts kept per family by the stored district summaries
    of the period, plus those of the regions no stored district summary counts (units
    under no district, cities, a district whose piece has not run)."""
    totals = {family_id: Part() for family_id in ids}
    stored = dict(
        Summary.objects.filter(
            scope_kind=ScopeKind.DISTRICT, period_kind=period.kind, period_start=period.start
        )
        .exclude(figures__families__isnull=True)
        .values_list("region_id", "figures__families")
    )
    for _region, families in sorted(stored.items()):
        for family_id, part in (families or {}).items():
            if int(family_id) in totals:
                totals[int(family_id)].add(_stored_part(part))
    loose = _loose(list(Region.objects.values("pk", "path")), set(stored))
    fine, _regions = _region_parts(loose, period, by_family=True)
    for (_region, family_id), part in sorted(fine.items(), key=lambda i: (i[0][0], i[0][1] or 0)):
        if family_id in totals:
            totals[family_id].add(part)
    return totals


def summaries_build_families(
    *, family_ids, period_kind: str, period_start: dt.date, as_of: dt.datetime | None = None
) -> int:
    """The summaries of top-level families (each with its direct sub-families), rolled up
    from the districts' stored parts (``_family_parts``): one upsert."""
    period = Period(period_kind, period_start, as_of)
    families = list(
        InitiativeFamily.objects.filter(pk__in=list(family_ids), parent__isnull=True).order_by("pk")
    )
    if not families:
        return 0
    ids = [f.pk for f in families]
    with transaction.atomic():
        _build_settings()
        parts = _family_parts(ids, period)
        previous = _previous(scope_kind=ScopeKind.FAMILY, ids=ids, period=period)
        now = timezone.now()
        rows = []
        for family in families:
            part = parts[family.pk]
            articles = scope_figures.articles_published(
                scope_kind=ScopeKind.FAMILY,
                scope=family,
                period_start=period.start,
                period_end=period.end,
            )
            figures = _figures(
                scope_kind=ScopeKind.FAMILY,
                scope_id=family.pk,
                name=family.name,
                period=period,
                part=part,
                indicators=_furthest_behind(part.indicators),
                units=[],
                articles=list(articles),
                previous=previous.get(family.pk),
            )
            rows.append(_row(scope_kind=ScopeKind.FAMILY, key={"family_id": family.pk}, period=period, figures=figures, now=now))  # fmt: skip
        return _upsert(rows, scope_kind=ScopeKind.FAMILY)


# --- one summary, a period, a refresh ---------------------------------------------------


def summary_build(
    *,
    scope_kind: str,
    scope_id: int,
    period_kind: str,
    period_start: dt.date,
    as_of: dt.datetime | None = None,
    units_built: bool = False,
) -> Summary:
    """Build (or rebuild) one summary by the statements of the full build. A district
    rebuilds its units with it; a city, unless ``units_built`` (the national build wrote
    them just before), rebuilds its districts and the units under no district first, so
    that it rolls up current rows."""
    period = Period(period_kind, period_start, as_of)
    store = {"period_kind": period_kind, "period_start": period_start, "as_of": period.as_of}
    if scope_kind == ScopeKind.FAMILY:
        scope = InitiativeFamily.objects.get(pk=scope_id)
        summaries_build_families(family_ids=[scope.pk], **store)
        key = {"family": scope}
    elif scope_kind in ScopeKind.values:
        scope = Region.objects.get(pk=scope_id)
        key = {"region": scope}
        if scope_kind == ScopeKind.UNIT:
            summaries_build_units(units=Region.objects.filter(pk=scope.pk), **store)
        elif scope_kind == ScopeKind.DISTRICT and not units_built:
            summaries_build_districts(district_ids=[scope.pk], **store)
        else:
            if not units_built:
                districts = list(
                    Region.objects.filter(in_subtrees([scope]), kind__in=DISTRICT_KINDS)
                    .order_by("path")
                    .values_list("pk", flat=True)
                )
                for batch in _batches(districts, settings.SUMMARY_DISTRICTS_PER_TASK):
                    summaries_build_districts(district_ids=batch, **store)
                summaries_build_units(
                    units=units_outside_districts().filter(in_subtrees([scope])), **store
                )
            summaries_build_regions(scope_kind=scope_kind, region_ids=[scope.pk], **store)
    else:
        raise WorkflowError(_("未知的汇总范围：%(kind)s") % {"kind": scope_kind})
    return Summary.objects.get(
        scope_kind=scope_kind, period_kind=period_kind, period_start=period_start, **key
    )


@_gc_paused
def summaries_build_top(
    *, period_kind: str, period_start: dt.date, as_of: dt.datetime | None = None
) -> int:
    """The last piece: units under no district, every city, every top-level family."""
    as_of = _as_of(as_of)
    store = {"period_kind": period_kind, "period_start": period_start, "as_of": as_of}
    built = summaries_build_units(units=units_outside_districts(), **store)
    city_ids = list(Region.objects.filter(kind=RegionKind.CITY).order_by("pk").values_list("pk", flat=True))  # fmt: skip
    for batch in _batches(city_ids, settings.SUMMARY_DISTRICTS_PER_TASK):
        built += summaries_build_regions(scope_kind=ScopeKind.CITY, region_ids=batch, **store)
    families = list(top_families().values_list("pk", flat=True))
    return built + summaries_build_families(family_ids=families, **store)


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
        store = {"period_kind": period_kind, "period_start": start, "as_of": as_of}
        built += summaries_build_units(units=Region.objects.filter(pk=unit.pk), **store)
        for scope_kind in (ScopeKind.DISTRICT, ScopeKind.CITY):
            built += summaries_build_regions(scope_kind=scope_kind, region_ids=ancestors, **store)
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
