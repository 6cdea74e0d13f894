"""Match what an article names (unit, person, series, outlet, initiatives) to rows that
already exist, or say what a new row would be, for the editor to confirm.

Nothing here writes: the review page shows these suggestions as choices, and
``services.import_accept`` creates or links only what the editor ticked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from initiatives.catalog.models import Initiative
from initiatives.places.models import (
    DISTRICT_KINDS,
    UNIT_KINDS,
    Appointment,
    Person,
    Region,
    RegionKind,
)

from ..articles.models import Outlet, Series

# A name in quotation marks: 2–20 characters, no sentence punctuation inside.
_QUOTED = re.compile(r"[“\"]([^“”\"\n，。；！？：,.;!?:]{2,20})[”\"]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Containment is only trusted from this length on: "党建" is in every other title.
MIN_CONTAINED = 3
MAX_UNMATCHED_TERMS = 30


@dataclass
class LinkSuggestions:
    unit_name: str = ""
    district_name: str = ""
    district: Region | None = None
    units: list[Region] = field(default_factory=list)
    # A new unit can be offered only under a district that exists.
    can_create_unit: bool = False
    person_name: str = ""
    person_post: str = ""
    persons: list[Person] = field(default_factory=list)
    series_title: str = ""
    series: Series | None = None
    outlet_name: str = ""
    outlet: Outlet | None = None
    initiatives: list[tuple[Initiative, str]] = field(default_factory=list)
    unmatched_terms: list[str] = field(default_factory=list)

    @property
    def best_unit(self) -> Region | None:
        return self.units[0] if len(self.units) == 1 else None

    @property
    def best_person(self) -> Person | None:
        return self.persons[0] if self.persons else None

    @property
    def best_person_in_unit(self) -> bool:
        """The best person holds a post in the one matching unit (``match_persons`` puts
        such a person first)."""
        return (
            self.best_unit is not None
            and self.best_person is not None
            and getattr(self.best_person, "in_unit", False)
        )


def unit_kind_for(name: str) -> str:
    """The Region kind a unit's name states: 和平街道 -> subdistrict, 某某镇 -> town."""
    if name.endswith("镇"):
        return RegionKind.TOWN
    if name.endswith("乡"):
        return RegionKind.TOWNSHIP
    return RegionKind.SUBDISTRICT


def normalise_unit_name(name: str) -> str:
    """街道办事处 is the office of the 街道; the place tree names the 街道."""
    if name.endswith("街道办事处"):
        return name[: -len("办事处")]
    return name


def match_district(*, district: str | None, city: str | None) -> Region | None:
    """The district the text names, if exactly one such district exists (within the
    named city when the text gives one)."""
    if not district:
        return None
    qs = Region.objects.filter(name=district, kind__in=DISTRICT_KINDS)
    if city:
        in_city = [r for r in qs.select_related("parent") if r.parent and r.parent.name == city]
        if len(in_city) == 1:
            return in_city[0]
    found = list(qs[:2])
    return found[0] if len(found) == 1 else None


def match_units(*, unit: str | None, district: Region | None, district_named: bool) -> list[Region]:
    """Units with the article's unit name: within the district when the district is
    known; anywhere when the text names no district (the editor then picks)."""
    if not unit:
        return []
    qs = Region.objects.filter(name=normalise_unit_name(unit), kind__in=UNIT_KINDS)
    if district is not None:
        qs = qs.filter(parent=district)
    elif district_named:
        # The text names a district that is not in the tree: a same-named unit
        # elsewhere is a different place.
        return []
    return list(qs.select_related("parent").order_by("path")[:10])


def match_persons(*, name: str | None, unit: Region | None) -> list[Person]:
    """People with this name, the one holding an appointment in the unit first."""
    if not name:
        return []
    qs = Person.objects.filter(name=name)
    if unit is not None:
        qs = qs.annotate(
            in_unit=Exists(Appointment.objects.filter(person=OuterRef("pk"), region=unit))
        ).order_by("-in_unit", "pk")
    else:
        qs = qs.order_by("pk")
    return list(qs[:10])


_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "："})
_FULL_TO_HALF = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":"})


def width_variants(title: str) -> list[str]:
    """A title as written, with full-width and with half-width brackets: the same
    series is written both ways (党(工)委 / 党（工）委)."""
    return list(
        dict.fromkeys([title, title.translate(_HALF_TO_FULL), title.translate(_FULL_TO_HALF)])
    )


def match_series(title: str) -> Series | None:
    return Series.objects.filter(title__in=width_variants(title)).first() if title else None


def match_outlet(name: str) -> Outlet | None:
    return Outlet.objects.filter(name__in=width_variants(name)).first() if name else None


def quoted_terms(text: str) -> list[str]:
    """Names written in quotation marks (“红色物业”, “网格化+路长治”), first mention first."""
    seen: dict[str, None] = {}
    for match in _QUOTED.finditer(text or ""):
        term = match.group(1).strip()
        if _CJK.search(term):
            seen.setdefault(term, None)
    return list(seen)


def _term_matches(term: str, title: str) -> bool:
    if term == title:
        return True
    if len(term) >= MIN_CONTAINED and term in title:
        return True
    return len(title) >= MIN_CONTAINED and title in term


def match_initiatives(
    *, terms: list[str], unit: Region | None
) -> tuple[list[tuple[Initiative, str]], list[str]]:
    """The unit's initiatives that a quoted name refers to, each with that name, and the
    quoted names that match none."""
    if unit is None:
        return [], terms[:MAX_UNMATCHED_TERMS]
    initiatives = list(Initiative.objects.filter(region=unit).order_by("title"))
    matched: list[tuple[Initiative, str]] = []
    used: set[str] = set()
    for initiative in initiatives:
        for term in terms:
            if _term_matches(term, initiative.title):
                matched.append((initiative, term))
                used.add(term)
                break
    unmatched = [t for t in terms if t not in used]
    return matched, unmatched[:MAX_UNMATCHED_TERMS]


def suggest_links(*, extracted: dict, text: str) -> LinkSuggestions:
    """Everything the review page offers to link, read from an import's extraction."""
    person = extracted.get("interviewee") or {}
    district_name = person.get("district") or ""
    district = match_district(district=district_name, city=person.get("city"))
    unit_name = normalise_unit_name(person.get("unit") or "")
    units = match_units(unit=unit_name, district=district, district_named=bool(district_name))
    exact_unit = units[0] if len(units) == 1 else None
    series_title = extracted.get("series") or ""
    outlet_name = extracted.get("outlet") or ""
    initiatives, unmatched = match_initiatives(terms=quoted_terms(text), unit=exact_unit)
    return LinkSuggestions(
        unit_name=unit_name,
        district_name=district_name,
        district=district,
        units=units,
        can_create_unit=bool(unit_name) and district is not None and not units,
        person_name=person.get("name") or "",
        person_post=person.get("post") or "",
        persons=match_persons(name=person.get("name"), unit=exact_unit),
        series_title=series_title,
        series=match_series(series_title),
        outlet_name=outlet_name,
        outlet=match_outlet(outlet_name),
        initiatives=initiatives,
        unmatched_terms=unmatched,
    )
