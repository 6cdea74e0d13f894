"""The gazetteer with the place tree's own units: the national one (``divisions``,
Django-free) plus the regions entered without a code (fictional ones, units typed in
by hand), and resolution that counts what is already in the database.

    places_gazetteer()                          # national + uncoded regions, per process
    unit_resolve(text, name="和平街道")          # a Resolution; known = units in the DB
    regions_in_text("张店区和平街道的网格")       # the regions a text names, for search

The importer's Django-free side calls ``divisions.national_gazetteer`` directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q

from .divisions import Gazetteer, Level, Mention, Place, Resolution, Status, national_gazetteer
from .models import Region, RegionKind

LEVEL_OF_KIND = {
    RegionKind.PROVINCE: Level.PROVINCE,
    RegionKind.CITY: Level.CITY,
    RegionKind.DISTRICT: Level.COUNTY,
    RegionKind.COUNTY: Level.COUNTY,
    RegionKind.SUBDISTRICT: Level.TOWNSHIP,
    RegionKind.TOWN: Level.TOWNSHIP,
    RegionKind.TOWNSHIP: Level.TOWNSHIP,
}
REGION_KEY = "region:"

_cache: dict[str, tuple[tuple, Gazetteer]] = {}


def region_key(pk: int) -> str:
    return f"{REGION_KEY}{pk}"


def _uncoded():
    return Region.objects.filter(code__isnull=True, kind__in=list(LEVEL_OF_KIND))


def places_gazetteer() -> Gazetteer:
    """The national gazetteer extended with the regions that have no code, rebuilt when
    they change (one small query tells)."""
    state = _uncoded().aggregate(n=Count("pk"), last=Max("pk"))
    signature = (state["n"], state["last"])
    cached = _cache.get("places")
    if cached is not None and cached[0] == signature:
        return cached[1]
    national = national_gazetteer()
    rows = list(_uncoded().values_list("pk", "name", "kind", "parent_id", "parent__code"))
    extra = [
        Place.extra(
            region_key(pk),
            name,
            LEVEL_OF_KIND[kind],
            parent=parent_code or (region_key(parent_id) if parent_id else None),
        )
        for pk, name, kind, parent_id, parent_code in rows
    ]
    gazetteer = national.extended(extra)
    _cache["places"] = (signature, gazetteer)
    return gazetteer


def _known(places) -> set[str]:
    """The keys of ``places`` that are regions in the database (one query)."""
    codes = {p.code for p in places if p.code}
    keys = {p.key for p in places if p.key.startswith(REGION_KEY)}
    found = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    return found | keys


def unit_resolve(
    text: str = "",
    *,
    name: str,
    level: Level | None = Level.TOWNSHIP,
    mentions: list[Mention] | None = None,
) -> Resolution:
    """Which unit ``name`` means in ``text``: the places around it first, then whether
    the unit is already in the database. Ties stay ambiguous: an editor chooses."""
    gazetteer = places_gazetteer()
    if mentions is None:
        mentions = gazetteer.find(text) if text else []
    target = gazetteer.named(name) or [
        p for m in gazetteer.find(name) for p in m.places if m.end == len(name.strip())
    ]
    return gazetteer.resolve(text, name=name, level=level, known=_known(target), mentions=mentions)


@dataclass(frozen=True)
class RegionMention:
    """A region of the database that a text names, with how sure the reading is."""

    region: Region
    text: str
    status: Status


def regions_in_text(text: str, *, limit: int = 20) -> list[RegionMention]:
    """The regions in the database that ``text`` names: each mention resolved (by the
    places around it and by what is in the database); an ambiguous one gives every
    candidate that leads. Townships first, then the larger places, in text order. Two
    queries and the gazetteer's own check."""
    gazetteer = places_gazetteer()
    mentions = gazetteer.find(text)
    if not mentions:
        return []
    known = _known([p for m in mentions for p in m.places])
    chosen: list[tuple[Place, str, Status]] = []
    for mention in mentions:
        resolution = gazetteer.resolve(
            text, name=mention.text, level=None, known=known, mentions=mentions
        )
        if resolution.status is Status.RESOLVED:
            picks = [resolution.resolved]
        else:
            picks = [c for c in resolution.leading if c.place.key in known]
        chosen += [(c.place, mention.text, resolution.status) for c in picks]
    chosen = [(p, t, s) for p, t, s in chosen if p.key in known or p.code in known]
    codes = {p.code for p, _t, _s in chosen if p.code}
    pks = {int(p.key[len(REGION_KEY) :]) for p, _t, _s in chosen if p.key.startswith(REGION_KEY)}
    if not codes and not pks:
        return []
    regions = Region.objects.filter(Q(code__in=codes) | Q(pk__in=pks)).select_related(
        "parent__parent"
    )
    by_key = {(r.code or region_key(r.pk)): r for r in regions}
    seen: set[int] = set()
    found: list[tuple[int, int, RegionMention]] = []
    for order, (place, mention_text, status) in enumerate(chosen):
        region = by_key.get(place.code or place.key)
        if region is None or region.pk in seen:
            continue
        seen.add(region.pk)
        depth = -LEVEL_OF_KIND.get(region.kind, Level.TOWNSHIP).depth
        found.append((depth, order, RegionMention(region, mention_text, status)))
    return [m for _d, _o, m in sorted(found, key=lambda item: item[:2])][:limit]
