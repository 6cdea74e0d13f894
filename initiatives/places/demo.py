"""Demo places, people, appointments and profile figures, from the facts of the five seed
articles (names, posts and figures are the seeds'). Idempotent: every row is looked up
before it is created."""

import datetime as dt
from decimal import Decimal

from portal.text import pinyin_slug

from .models import Appointment, Person, Post, Region, RegionKind, RegionProfile
from .services import appointment_create, person_create, profile_record

# (name, kind, code, children). Township codes are left empty: we do not invent them.
PLACES = [
    ("山东省", RegionKind.PROVINCE, "370000000000", [
        ("淄博市", RegionKind.CITY, "370300000000", [
            ("张店区", RegionKind.DISTRICT, "370303000000", [
                ("和平街道", RegionKind.SUBDISTRICT, None, []),
                ("公园街道", RegionKind.SUBDISTRICT, None, []),
            ]),
        ]),
        ("青岛市", RegionKind.CITY, "370200000000", [
            ("市北区", RegionKind.DISTRICT, "370203000000", [
                ("即墨路街道", RegionKind.SUBDISTRICT, None, []),
            ]),
        ]),
    ]),
    ("安徽省", RegionKind.PROVINCE, "340000000000", [
        ("淮南市", RegionKind.CITY, "340400000000", [
            ("八公山区", RegionKind.DISTRICT, "340405000000", [
                ("土坝孜街道", RegionKind.SUBDISTRICT, None, []),
            ]),
        ]),
    ]),
    # The article on 北街街道 names neither its district nor its city.
    ("北街街道", RegionKind.SUBDISTRICT, None, []),
]  # fmt: skip


# name, unit, bio, start date, note
SECRETARIES = [
    ("王志刚", "和平街道", "曾任中学语文教师。", dt.date(2019, 9, 1),
     "任职起始日为约数：2020年4月受访时已任职7个多月。"),
    ("张敬帅", "公园街道", "", None, ""),
    ("王泽睿", "土坝孜街道", "", None, ""),
    ("张忠乾", "即墨路街道", "", None, ""),
    ("王爱萍", "北街街道", "", None, ""),
]  # fmt: skip

# 即墨路街道 has 63 roads, each with a road chief; the demo names a few of them.
ROAD_CHIEFS = [
    ("王鸿波", "市场一路路长", ""),
    ("演示路长甲", "市场二路路长", "演示数据：人员姓名为虚构。"),
    ("演示路长乙", "即墨路路长", "演示数据：人员姓名为虚构。"),
]

# unit, as of, figures, source, source url
PROFILES = [
    ("北街街道", dt.date(2020, 1, 6),
     {"area_km2": Decimal("3.75"), "population": 42000, "communities": 8,
      "party_branches": 20, "party_members": 378},
     "太行红叶网《基层党组织书记谈党建+》访谈", ""),
    ("即墨路街道", dt.date(2019, 12, 16),
     {"communities": 9, "grid_party_branches": 64}, "中国日报网", ""),
]  # fmt: skip


def _place(name, kind, code, parent) -> Region:
    region = Region.objects.filter(parent=parent, name=name).first()
    if region is None:
        slug = pinyin_slug(name)
        if parent is not None and Region.objects.filter(slug=slug).exists():
            slug = f"{parent.slug}-{slug}"
        region = Region.objects.create(parent=parent, name=name, kind=kind, code=code, slug=slug)
    return region


def _person(name: str, bio: str = "") -> Person:
    return Person.objects.filter(name=name).first() or person_create(name=name, bio=bio)


def _appoint(person, region, post, *, post_title="", start_date=None, note="") -> None:
    if not Appointment.objects.filter(person=person, region=region, post=post).exists():
        appointment_create(
            person=person,
            region=region,
            post=post,
            post_title=post_title,
            start_date=start_date,
            note=note,
        )


def load_places() -> dict[str, Region]:
    """Create the place tree; return every place by name."""
    by_name: dict[str, Region] = {}

    def walk(nodes, parent):
        for name, kind, code, children in nodes:
            region = _place(name, kind, code, parent)
            by_name[name] = region
            walk(children, region)

    walk(PLACES, None)
    return by_name


def load_people(places: dict[str, Region]) -> None:
    """The secretaries and road chiefs with their appointments, and the profile figures."""
    for name, unit, bio, start, note in SECRETARIES:
        _appoint(
            _person(name, bio), places[unit], Post.SUBDISTRICT_SECRETARY, start_date=start,
            note=note,
        )  # fmt: skip
    for name, title, note in ROAD_CHIEFS:
        _appoint(_person(name, note), places["即墨路街道"], Post.ROAD_CHIEF, post_title=title)
    for unit, as_of, figures, source, url in PROFILES:
        if not RegionProfile.objects.filter(region=places[unit], as_of=as_of).exists():
            profile_record(
                region=places[unit], as_of=as_of, figures=figures, source=source, source_url=url
            )


def load() -> dict[str, Region]:
    """The tree, then its people; returns every place by name."""
    places = load_places()
    load_people(places)
    return places
