"""Reads for the public unit pages: the unit list, a unit's profile, an initiative. Only
approved reports count towards what the public sees."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone

from ..catalog.models import Indicator, Initiative, Milestone
from ..catalog.selectors import MilestoneState
from ..places.models import (
    SECRETARY_POSTS,
    UNIT_KINDS,
    Appointment,
    Region,
    RegionKind,
    RegionProfile,
)
from ..places.selectors import current_secretary_name, profile_figures, profile_history
from ..places.tree import ancestor_ids, in_subtrees
from ..reporting.models import IndicatorValue, ReportStatus
from ..reporting.progress import (
    add_milestone_progress,
    add_progress,
    milestone_done_on,
    milestone_reported_state,
)

UNITS_PER_PAGE = 200
CHILD_UNITS_SHOWN = 100  # on a province's, city's or district's page
# The kinds above units, and how many of those a search of the unit list follows down.
AREA_KINDS = (RegionKind.PROVINCE, RegionKind.CITY, RegionKind.DISTRICT, RegionKind.COUNTY)
MATCHING_AREAS = 50
MILESTONE_BADGES = {
    MilestoneState.DONE: "text-bg-success",
    MilestoneState.LATE: "text-bg-danger",
    MilestoneState.PROGRESS: "text-bg-info",
    MilestoneState.DUE: "text-bg-secondary",
    MilestoneState.OPEN: "text-bg-light border",
}


@dataclass
class UnitGroup:
    """Units that share one parent, labelled with the parent's chain (淄博市 / 张店区)."""

    parent: Region | None
    chain: list[Region]
    units: list[Region] = field(default_factory=list)


@dataclass
class ProvinceGroup:
    province: Region | None
    groups: list[UnitGroup] = field(default_factory=list)


@dataclass
class UnitFilters:
    """The unit list's filters: the provinces to choose from, the chosen province's
    cities (never the country's 337), and the regions chosen (a province, a city, or any
    region's subtree from a link: ``within``)."""

    provinces: list[Region]
    cities: list[Region]
    province: Region | None = None
    city: Region | None = None
    within: Region | None = None
    kind: str = ""

    @property
    def chosen(self) -> list[Region]:
        return [r for r in (self.province, self.city, self.within) if r is not None]


@dataclass
class UnitListPage:
    provinces: list[ProvinceGroup]
    count_on_page: int
    page: int
    has_next: bool
    filters: UnitFilters | None = None


def _id(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


def unit_filters(*, province=None, city=None, within=None, kind: str = "") -> UnitFilters:
    """The filters of the unit list from the request's values (ids as text; anything
    that is not an id, or not of its level, is ignored). One query."""
    province_id, city_id, within_id = _id(province), _id(city), _id(within)
    wanted = Q(kind=RegionKind.PROVINCE)
    if province_id:
        wanted |= Q(kind=RegionKind.CITY, parent_id=province_id)
    if city_id:
        wanted |= Q(kind=RegionKind.CITY, pk=city_id)
    if within_id:
        wanted |= Q(pk=within_id)
    rows = list(Region.objects.filter(wanted).order_by("code", "name"))
    provinces = [r for r in rows if r.kind == RegionKind.PROVINCE]
    chosen_province = next((r for r in provinces if r.pk == province_id), None)
    cities = [
        r
        for r in rows
        if r.kind == RegionKind.CITY and chosen_province and r.parent_id == chosen_province.pk
    ]
    chosen_city = next((r for r in rows if r.kind == RegionKind.CITY and r.pk == city_id), None)
    return UnitFilters(
        provinces=provinces,
        cities=cities,
        province=chosen_province,
        city=chosen_city,
        within=next((r for r in rows if r.pk == within_id), None),
        kind=kind if kind in UNIT_KINDS else "",
    )


def unit_list(
    *, query: str = "", page: int = 1, filters: UnitFilters | None = None
) -> UnitListPage:
    """Reporting units grouped by province and by parent, one page of them. Two queries
    (three with ``query``: the places it names first): the units (with their current
    secretary and number of initiatives annotated) and their
    ancestors. ``query`` matches the unit's name, its code's start, or the name of any of
    its ancestors; ``filters`` (``unit_filters``) narrow to subtrees and a kind."""
    today = timezone.localdate()
    units = Region.objects.filter(kind__in=UNIT_KINDS)
    query = (query or "").strip()
    if query:
        # The places above units whose names match, first (one query), then their
        # subtrees by path prefix (indexed): a correlated "has a matching ancestor"
        # subquery compares every unit with every region, minutes at 41,000 units.
        areas = list(
            Region.objects.filter(name__icontains=query, kind__in=AREA_KINDS)
            .order_by("path")
            .values_list("path", flat=True)[:MATCHING_AREAS]
        )
        match = Q(name__icontains=query)
        if query.isdigit():
            match |= Q(code__startswith=query)
        for path in areas:
            match |= Q(path__startswith=path)
        units = units.filter(match)
    if filters is not None:
        for region in filters.chosen:
            units = units.filter(path__startswith=region.path)
        if filters.kind:
            units = units.filter(kind=filters.kind)
    units = units.annotate(
        secretary_name=current_secretary_name(today),
        initiative_count=Subquery(
            Initiative.objects.filter(region=OuterRef("pk"))
            .order_by()
            .values("region")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
    ).order_by("path")
    page = max(1, page)
    start = (page - 1) * UNITS_PER_PAGE
    rows = list(units[start : start + UNITS_PER_PAGE + 1])
    has_next = len(rows) > UNITS_PER_PAGE
    rows = rows[:UNITS_PER_PAGE]

    wanted = {pk for unit in rows for pk in ancestor_ids(unit.path)}
    ancestors = {r.pk: r for r in Region.objects.filter(pk__in=wanted)} if wanted else {}

    # Dicts keep the path order of the first unit seen; units under no province go last.
    provinces: dict = {}
    for unit in rows:
        chain = [ancestors[pk] for pk in ancestor_ids(unit.path) if pk in ancestors]
        province = chain[0] if chain and chain[0].kind == RegionKind.PROVINCE else None
        parent = chain[-1] if chain else None
        province_group = provinces.setdefault(
            province.pk if province else None, (ProvinceGroup(province=province), {})
        )
        group = province_group[1].get(parent.pk if parent else None)
        if group is None:
            group = UnitGroup(parent=parent, chain=chain[1:] if province else chain)
            province_group[1][parent.pk if parent else None] = group
            province_group[0].groups.append(group)
        group.units.append(unit)
    ordered = [g for key, (g, _groups) in provinces.items() if key is not None]
    if None in provinces:
        ordered.append(provinces[None][0])
    return UnitListPage(
        provinces=ordered,
        count_on_page=len(rows),
        page=page,
        has_next=has_next,
        filters=filters,
    )


def _bar_width(percent: float | None) -> int:
    if percent is None:
        return 0
    return int(max(0.0, min(100.0, percent)))


def _with_progress(initiatives) -> None:
    """Each indicator's progress (``add_progress``) and bar width (0..100), each
    milestone's latest reported state (``add_milestone_progress``): one query for all the
    indicators' latest values and sums, one for all the milestones' latest reports."""
    indicators = [i for initiative in initiatives for i in initiative.indicators.all()]
    add_progress(indicators)
    for indicator in indicators:
        indicator.bar_width = _bar_width(indicator.percent)
    add_milestone_progress([m for initiative in initiatives for m in initiative.milestones.all()])


def _milestone_states(initiatives, today: dt.date) -> None:
    """Each milestone's state and completion day, from its own date or the latest approved
    report (``add_milestone_progress``)."""
    for initiative in initiatives:
        for milestone in initiative.milestones.all():
            milestone.state = milestone_reported_state(milestone, today)
            milestone.done_on = milestone_done_on(milestone)
            milestone.badge = MILESTONE_BADGES[milestone.state]


def initiatives_for_public(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """Initiatives with family and lead joined, their indicators and milestones
    prefetched in order: three queries whatever the number; ``_with_progress`` then adds
    what approved reports say (two more). Plain rows rather than the progress computed in
    correlated subqueries (``indicators_with_progress``): the ORM took longer to compile
    those than the database to run them."""
    return queryset.select_related("family", "lead", "region").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk")),
        Prefetch(
            "milestones", queryset=Milestone.objects.order_by("position", "planned_date", "pk")
        ),
    )


# The ancestors a region's query joins (a unit's district, city and province): the page's
# breadcrumb without a query of its own. A deeper tree reads the rest by id.
JOINED_DEPTH = 4
JOINED_ANCESTORS = "__".join(["parent"] * JOINED_DEPTH)


def _joined_ancestors(region: Region) -> list[Region]:
    """The ancestors of ``region``, top first, from its joined parents; those beyond the
    join in one more query."""
    found, node = {}, region
    for _level in range(JOINED_DEPTH):
        if node.parent_id is None:
            break
        node = node.parent
        found[node.pk] = node
    ids = ancestor_ids(region.path)
    missing = [pk for pk in ids if pk not in found]
    if missing:
        found.update({r.pk: r for r in Region.objects.filter(pk__in=missing)})
    return [found[pk] for pk in ids if pk in found]


def public_region(*, slug: str) -> Region:
    """A unit, or an ancestor of at least one unit; anything else is a 404. Its
    ancestors come joined (``_joined_ancestors``)."""
    region = Region.objects.select_related(JOINED_ANCESTORS).filter(slug=slug).first()
    if region is None:
        raise Http404
    if not region.is_unit:
        has_units = Region.objects.filter(in_subtrees([region]), kind__in=UNIT_KINDS).exists()
        if not has_units:
            raise Http404
    return region


@dataclass
class UnitDetail:
    region: Region
    ancestors: list[Region]
    latest_profile: RegionProfile | None
    latest_figures: list[dict]
    history_columns: list
    history_rows: list[dict]
    secretary: Appointment | None
    other_posts: list[Appointment]
    former_secretaries: list[Appointment]
    initiatives: list[Initiative]
    child_units: list[Region]
    more_units: bool = False  # more than CHILD_UNITS_SHOWN: the unit list shows them all


def unit_detail(*, slug: str, today: dt.date | None = None) -> UnitDetail:
    """Everything the unit's public page shows, in nine queries whatever its size (a
    unit's; a district's page adds its units and the check that it has any): the region
    with its ancestors, profiles, appointments, initiatives with indicators and
    milestones, and (in the template) its articles."""
    today = today or timezone.localdate()
    region = public_region(slug=slug)
    ancestors = _joined_ancestors(region)
    profiles = list(region.profiles.order_by("-as_of", "-pk"))
    appointments = list(
        region.appointments.select_related("person").order_by(
            F("start_date").desc(nulls_last=True), "-pk"
        )
    )
    current = [a for a in appointments if a.end_date is None or a.end_date >= today]
    secretaries = [a for a in current if a.post in SECRETARY_POSTS]
    secretary = secretaries[0] if secretaries else None
    others = sorted(
        (a for a in current if a.post not in SECRETARY_POSTS),
        key=lambda a: (a.post, a.post_title, a.person.name),
    )
    former = [a for a in appointments if a.post in SECRETARY_POSTS and a is not secretary]
    initiatives = list(
        initiatives_for_public(Initiative.objects.filter(region=region)).order_by("status", "title")
    )
    _with_progress(initiatives)
    _milestone_states(initiatives, today)
    columns, rows = profile_history(profiles)
    child_units = []
    if not region.is_unit:
        # A province holds thousands: the first page here, the rest in the unit list.
        child_units = list(
            Region.objects.filter(in_subtrees([region]), kind__in=UNIT_KINDS)
            .exclude(pk=region.pk)
            .order_by("path")[: CHILD_UNITS_SHOWN + 1]
        )
    return UnitDetail(
        region=region,
        ancestors=ancestors,
        latest_profile=profiles[0] if profiles else None,
        latest_figures=profile_figures(profiles[0]) if profiles else [],
        history_columns=columns,
        history_rows=rows,
        secretary=secretary,
        other_posts=others,
        former_secretaries=former,
        initiatives=initiatives,
        child_units=child_units[:CHILD_UNITS_SHOWN],
        more_units=len(child_units) > CHILD_UNITS_SHOWN,
    )


@dataclass
class InitiativeDetail:
    initiative: Initiative
    ancestors: list[Region]
    indicators: list[Indicator]
    milestones: list[Milestone]
    periods: list[dict]


def initiative_detail(*, pk: int, today: dt.date | None = None) -> InitiativeDetail:
    """A public initiative page: progress per indicator and the values of each approved
    period (approved reports only). Seven queries."""
    today = today or timezone.localdate()
    initiative = initiatives_for_public(
        Initiative.objects.filter(pk=pk, region__kind__in=UNIT_KINDS)
    ).first()
    if initiative is None:
        raise Http404
    _with_progress([initiative])
    _milestone_states([initiative], today)
    ids = ancestor_ids(initiative.region.path)
    ancestors = sorted(Region.objects.filter(pk__in=ids), key=lambda r: ids.index(r.pk))
    indicators = list(initiative.indicators.all())
    values = IndicatorValue.objects.filter(
        report__initiative=initiative, report__status=ReportStatus.APPROVED
    ).values_list("report__period_start", "report__period_end", "indicator_id", "value")
    by_period: dict = {}
    for start, end, indicator_id, value in values:
        by_period.setdefault((start, end), {})[indicator_id] = value
    periods = [
        {
            "start": start,
            "end": end,
            "values": [
                ind.format_number(by_period[(start, end)].get(ind.pk)) for ind in indicators
            ],
        }
        for start, end in sorted(by_period, reverse=True)
    ]
    return InitiativeDetail(
        initiative=initiative,
        ancestors=ancestors,
        indicators=indicators,
        milestones=list(initiative.milestones.all()),
        periods=periods,
    )


def public_units(*, today: dt.date | None = None) -> QuerySet[Region]:
    """Every reporting unit with its parent joined and its current secretary's name
    annotated (``secretary_name``): one query per page, in tree order."""
    today = today or timezone.localdate()
    return (
        Region.objects.filter(kind__in=UNIT_KINDS)
        .select_related("parent")
        .annotate(secretary_name=current_secretary_name(today))
        .order_by("path")
    )


def regions_by_id(ids) -> dict[int, Region]:
    """The regions with these ids (a page's ancestors: one query)."""
    ids = set(ids)
    return {r.pk: r for r in Region.objects.filter(pk__in=ids)} if ids else {}


def approved_values(*, region: Region) -> QuerySet[IndicatorValue]:
    """The values of the unit's approved reports, with their indicator, initiative and
    period joined: what the public may read of a unit's figures."""
    return IndicatorValue.objects.filter(
        report__status=ReportStatus.APPROVED, report__initiative__region=region
    ).select_related("indicator", "report__initiative")
