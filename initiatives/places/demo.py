"""Demo places, people, appointments and profile figures, from the facts of the five seed
articles (names, posts and figures are the seeds'). Idempotent: every row is looked up
before it is created."""

import datetime as dt
from decimal import Decimal

from portal.text import pinyin_slug

from .divisions import read_divisions
from .loading import LoadSummary, divisions_load
from .models import Appointment, Person, Post, Region, RegionKind, RegionProfile
from .services import appointment_create, person_create, profile_record

# (name, kind, code, children), with the Bureau's codes (统计用区划代码 2023). With the real
# tree loaded first (``load_divisions``, seed_demo), every place below is found there.
PLACES = [
    ("山东省", RegionKind.PROVINCE, "370000000000", [
        ("淄博市", RegionKind.CITY, "370300000000", [
            ("张店区", RegionKind.DISTRICT, "370303000000", [
                ("和平街道", RegionKind.SUBDISTRICT, "370303004000", []),
                ("公园街道", RegionKind.SUBDISTRICT, "370303002000", []),
            ]),
        ]),
        ("青岛市", RegionKind.CITY, "370200000000", [
            ("市北区", RegionKind.DISTRICT, "370203000000", [
                ("即墨路街道", RegionKind.SUBDISTRICT, "370203020000", []),
            ]),
        ]),
    ]),
    ("安徽省", RegionKind.PROVINCE, "340000000000", [
        ("淮南市", RegionKind.CITY, "340400000000", [
            ("八公山区", RegionKind.DISTRICT, "340405000000", [
                ("土坝孜街道", RegionKind.SUBDISTRICT, "340405002000", []),
            ]),
        ]),
    ]),
    # The article on 北街街道 names neither its district nor its city, and five 街道 in the
    # country bear the name: the demo keeps it at the top, without a code.
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


def load_real_tree(provinces) -> LoadSummary | None:
    """The real division tree of ``provinces`` (2-digit codes, or ``["all"]``) around the
    demo, so that the unit list looks like a deployment's; nothing for none."""
    provinces = [p.strip() for p in provinces if p.strip()]
    if not provinces:
        return None
    tree = read_divisions(provinces=None if "all" in provinces else set(provinces))
    return divisions_load(tree=tree)


def _place(name, kind, code, parent) -> Region:
    region = Region.objects.filter(parent=parent, name=name).first()
    if region is None and code:
        region = Region.objects.filter(code=code).first()
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
