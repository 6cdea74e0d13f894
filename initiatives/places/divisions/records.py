"""What one division is: a 12-digit code, a name, a level, a precise kind, a parent.

The Bureau's code says where a unit sits: ``PP CC AA TTT VVV`` (province, city, county,
township, village). The 3-digit township part also says what the unit is: 001-099 街道,
100-199 镇, 200-399 乡 (民族乡, 苏木 included), 400-599 类似乡级单位 (farms, development
zones, prisons...). The county part: 01-20 市辖区, 21-80 县 (and 旗), 81-99 县级市,
70-79 类似县级单位 (development zones). Names and codes disagree at the edges (a 街道 of a
development zone is coded 4xx), so the kind comes from the name's suffix first and the
code range second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

CODE_LENGTH = 12
# How many digits each file's codes carry, and the level they stand for.
SOURCE_CODE_LENGTHS = (2, 4, 6, 9, 12)


class DivisionDataError(ValueError):
    """The data files (or a villages file) are not what the reader expects."""


class Level(StrEnum):
    PROVINCE = "province"  # 省级: 省, 自治区, 直辖市
    CITY = "city"  # 地级: 地级市, 地区, 自治州, 盟 (and a municipality's own city node)
    COUNTY = "county"  # 县级: 区, 县, 县级市, 旗, 自治县...
    TOWNSHIP = "township"  # 乡级: 街道, 镇, 乡, 苏木, 民族乡...
    VILLAGE = "village"  # 村级: 社区, 村, 嘎查...

    @property
    def depth(self) -> int:
        return _DEPTH[self]

    @classmethod
    def parse(cls, value: str) -> Level:
        """A level from its name or from the npm package's file names (area, street)."""
        value = value.strip().lower()
        aliases = {"area": cls.COUNTY, "street": cls.TOWNSHIP, "district": cls.COUNTY}
        if value in aliases:
            return aliases[value]
        try:
            return cls(value)
        except ValueError:
            raise DivisionDataError(f"unknown level {value!r}") from None


_DEPTH = {Level.PROVINCE: 1, Level.CITY: 2, Level.COUNTY: 3, Level.TOWNSHIP: 4, Level.VILLAGE: 5}


class Kind(StrEnum):
    """The precise kind of a division, in the Bureau's words."""

    PROVINCE = "省"
    AUTONOMOUS_REGION = "自治区"
    MUNICIPALITY = "直辖市"  # at province level, and the city-level node under it
    PREFECTURE_CITY = "地级市"
    PREFECTURE = "地区"
    AUTONOMOUS_PREFECTURE = "自治州"
    LEAGUE = "盟"
    DISTRICT = "区"
    COUNTY = "县"
    COUNTY_CITY = "县级市"
    AUTONOMOUS_COUNTY = "自治县"
    BANNER = "旗"
    AUTONOMOUS_BANNER = "自治旗"
    FORESTRY_DISTRICT = "林区"
    SPECIAL_DISTRICT = "特区"
    COUNTY_LIKE = "类似县级单位"
    SUBDISTRICT = "街道"
    AREA_OFFICE = "地区办事处"  # Beijing's 地区 (南磨房地区): a 乡 and a 街道 in one office
    TOWN = "镇"
    TOWNSHIP = "乡"
    ETHNIC_TOWNSHIP = "民族乡"
    SUMU = "苏木"
    ETHNIC_SUMU = "民族苏木"
    TOWNSHIP_LIKE = "类似乡级单位"
    COMMUNITY = "社区"
    VILLAGE = "村"
    GACHA = "嘎查"
    VILLAGE_LIKE = "类似村级单位"

    @property
    def region_kind(self) -> str:
        """The place tree's kind for this one (the values of ``RegionKind``)."""
        return _REGION_KIND.get(self, "county")


_REGION_KIND = {
    Kind.PROVINCE: "province",
    Kind.AUTONOMOUS_REGION: "province",
    Kind.MUNICIPALITY: "city",  # overridden for the province-level node by Division
    Kind.PREFECTURE_CITY: "city",
    Kind.PREFECTURE: "city",
    Kind.AUTONOMOUS_PREFECTURE: "city",
    Kind.LEAGUE: "city",
    Kind.DISTRICT: "district",
    Kind.COUNTY_LIKE: "district",  # development zones are run like urban districts
    Kind.SUBDISTRICT: "subdistrict",
    Kind.AREA_OFFICE: "subdistrict",
    Kind.TOWN: "town",
    Kind.TOWNSHIP: "township",
    Kind.ETHNIC_TOWNSHIP: "township",
    Kind.SUMU: "township",
    Kind.ETHNIC_SUMU: "township",
    Kind.TOWNSHIP_LIKE: "township",
    Kind.COMMUNITY: "community",
    Kind.VILLAGE: "village",
    Kind.GACHA: "village",
    Kind.VILLAGE_LIKE: "community",
}


@dataclass(frozen=True, slots=True)
class Division:
    """One node of the normalised tree. ``parent`` is the parent's 12-digit code; it is
    not always a prefix of ``code`` (see the reader on merged pseudo levels)."""

    code: str
    name: str
    level: Level
    kind: Kind
    parent: str | None
    source_code: str  # the code as the file wrote it (2, 4, 6, 9 or 12 digits)

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def region_kind(self) -> str:
        if self.level is Level.PROVINCE:
            return "province"
        return self.kind.region_kind


def pad_code(code: str) -> str:
    """``370303004`` -> ``370303004000``: the Bureau's codes of any level to 12 digits."""
    code = code.strip()
    if not code.isascii() or not code.isdigit() or len(code) not in SOURCE_CODE_LENGTHS:
        raise DivisionDataError(f"not a division code: {code!r}")
    return code.ljust(CODE_LENGTH, "0")


def level_of_code(code: str) -> Level:
    """The level a 12-digit code's trailing zeros say (东莞市 441900 reads as a city)."""
    code = pad_code(code)
    if code[2:] == "0" * 10:
        return Level.PROVINCE
    if code[4:] == "0" * 8:
        return Level.CITY
    if code[6:] == "0" * 6:
        return Level.COUNTY
    if code[9:] == "000":
        return Level.TOWNSHIP
    return Level.VILLAGE


def province_kind(name: str) -> Kind:
    if name.endswith("自治区"):
        return Kind.AUTONOMOUS_REGION
    if name.endswith("市"):
        return Kind.MUNICIPALITY
    return Kind.PROVINCE


def city_kind(name: str) -> Kind:
    if name.endswith("自治州"):
        return Kind.AUTONOMOUS_PREFECTURE
    if name.endswith("地区"):
        return Kind.PREFECTURE
    if name.endswith("盟"):
        return Kind.LEAGUE
    return Kind.PREFECTURE_CITY


# Development zones, named so; the code (70-79) says it too when there is one.
_ZONE_SUFFIXES = (
    "开发区",
    "工业园区",
    "产业园区",
    "管理区",
    "示范区",
    "试验区",
    "合作区",
    "经济区",
    "管委会",
)


def county_kind(name: str, code: str) -> Kind:
    part = int(code.ljust(CODE_LENGTH, "0")[4:6])
    if 70 <= part <= 79 or name.endswith(_ZONE_SUFFIXES):
        return Kind.COUNTY_LIKE
    for suffix, kind in (
        ("自治县", Kind.AUTONOMOUS_COUNTY),
        ("自治旗", Kind.AUTONOMOUS_BANNER),
        ("林区", Kind.FORESTRY_DISTRICT),
        ("特区", Kind.SPECIAL_DISTRICT),
        ("区", Kind.DISTRICT),
        ("县", Kind.COUNTY),
        ("市", Kind.COUNTY_CITY),
        ("旗", Kind.BANNER),
    ):
        if name.endswith(suffix):
            return kind
    return Kind.COUNTY_LIKE  # 西沙群岛, 大柴旦行政委员会, 保定白沟新城


_ETHNIC_TOWNSHIP_RE = re.compile("族乡$")


def township_kind(name: str, code: str) -> Kind:
    part = int(code.ljust(CODE_LENGTH, "0")[6:9])
    if name.endswith(("街道", "街道办事处", "街道地区")):
        return Kind.SUBDISTRICT
    if name.endswith("镇"):
        return Kind.TOWN
    if _ETHNIC_TOWNSHIP_RE.search(name):
        return Kind.ETHNIC_TOWNSHIP
    if name.endswith("乡"):
        return Kind.TOWNSHIP
    if name.endswith("民族苏木"):
        return Kind.ETHNIC_SUMU
    if name.endswith("苏木"):
        return Kind.SUMU
    if name.endswith("地区") and part < 100:
        return Kind.AREA_OFFICE
    if part < 100:
        return Kind.SUBDISTRICT  # 吴家山街
    if part < 200:
        return Kind.TOWN
    if part < 400:
        return Kind.TOWNSHIP
    return Kind.TOWNSHIP_LIKE


_COMMUNITY_RE = re.compile("(社区|居委会|居民委员会|社区居委|居委)$")
_VILLAGE_RE = re.compile("(村|村委会|村民委员会|村委)$")


def village_kind(name: str) -> Kind:
    if _COMMUNITY_RE.search(name):
        return Kind.COMMUNITY
    if _VILLAGE_RE.search(name):
        return Kind.VILLAGE
    if name.endswith("嘎查"):
        return Kind.GACHA
    return Kind.VILLAGE_LIKE


def kind_from_name(name: str, level: Level) -> Kind:
    """The kind a name's suffix says, for places that have no code (fictional ones, units
    typed in by hand): the code ranges of the rules above are not available."""
    if level is Level.PROVINCE:
        return province_kind(name)
    if level is Level.CITY:
        return city_kind(name)
    if level is Level.COUNTY:
        return county_kind(name, "000001")  # a 市辖区 code: the suffix decides
    if level is Level.TOWNSHIP:
        return township_kind(name, "000000400")  # past the ranges: the suffix decides
    return village_kind(name)
