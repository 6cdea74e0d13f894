"""Codes, kinds from names, and the short forms articles write."""

import pytest

from initiatives.places.divisions import DivisionDataError, Kind, Level, level_of_code, pad_code
from initiatives.places.divisions.names import common_words, short_forms, strip_peoples
from initiatives.places.divisions.records import kind_from_name


@pytest.mark.parametrize(
    ("code", "padded", "level"),
    [
        ("37", "370000000000", Level.PROVINCE),
        ("3703", "370300000000", Level.CITY),
        ("370303", "370303000000", Level.COUNTY),
        ("370303004", "370303004000", Level.TOWNSHIP),
        ("370303004001", "370303004001", Level.VILLAGE),
        (" 370303004 ", "370303004000", Level.TOWNSHIP),
    ],
)
def test_codes_pad_to_twelve_digits_and_say_their_level(code, padded, level):
    assert pad_code(code) == padded
    assert level_of_code(code) is level


@pytest.mark.parametrize("code", ["", "3", "37030", "3703030040", "37a303", "３７"])
def test_what_is_not_a_code_is_refused(code):
    with pytest.raises(DivisionDataError, match="not a division code"):
        pad_code(code)


@pytest.mark.parametrize(
    ("name", "level", "kind", "forms"),
    [
        ("山东省", Level.PROVINCE, Kind.PROVINCE, ("山东",)),
        ("北京市", Level.PROVINCE, Kind.MUNICIPALITY, ("北京",)),
        ("内蒙古自治区", Level.PROVINCE, Kind.AUTONOMOUS_REGION, ("内蒙古",)),
        ("广西壮族自治区", Level.PROVINCE, Kind.AUTONOMOUS_REGION, ("广西",)),
        ("西藏自治区", Level.PROVINCE, Kind.AUTONOMOUS_REGION, ("西藏",)),
        ("新疆维吾尔自治区", Level.PROVINCE, Kind.AUTONOMOUS_REGION, ("新疆",)),
        ("淄博市", Level.CITY, Kind.PREFECTURE_CITY, ("淄博",)),
        ("延边朝鲜族自治州", Level.CITY, Kind.AUTONOMOUS_PREFECTURE, ("延边", "延边州")),
        ("恩施土家族苗族自治州", Level.CITY, Kind.AUTONOMOUS_PREFECTURE, ("恩施", "恩施州")),
        ("博尔塔拉蒙古自治州", Level.CITY, Kind.AUTONOMOUS_PREFECTURE, ("博尔塔拉", "博尔塔拉州")),
        ("兴安盟", Level.CITY, Kind.LEAGUE, ("兴安",)),
        ("张店区", Level.COUNTY, Kind.DISTRICT, ("张店",)),
        ("浦东新区", Level.COUNTY, Kind.DISTRICT, ("浦东",)),
        ("峨边彝族自治县", Level.COUNTY, Kind.AUTONOMOUS_COUNTY, ("峨边", "峨边县")),
        (
            "积石山保安族东乡族撒拉族自治县",
            Level.COUNTY,
            Kind.AUTONOMOUS_COUNTY,
            ("积石山", "积石山县"),
        ),
        ("鄂伦春自治旗", Level.COUNTY, Kind.AUTONOMOUS_BANNER, ("鄂伦春", "鄂伦春旗")),
        ("神农架林区", Level.COUNTY, Kind.FORESTRY_DISTRICT, ("神农架",)),
        ("莱西市", Level.COUNTY, Kind.COUNTY_CITY, ("莱西",)),
        ("矿区", Level.COUNTY, Kind.DISTRICT, ()),  # one character would be left
        ("城区", Level.COUNTY, Kind.DISTRICT, ()),
        ("石家庄高新技术产业开发区", Level.COUNTY, Kind.COUNTY_LIKE, ()),
        ("和平街道", Level.TOWNSHIP, Kind.SUBDISTRICT, ()),  # never 和平
        ("漓东街道办事处", Level.TOWNSHIP, Kind.SUBDISTRICT, ("漓东街道",)),
        ("和平街道地区", Level.TOWNSHIP, Kind.SUBDISTRICT, ("和平街道",)),
        ("于家务回族乡", Level.TOWNSHIP, Kind.ETHNIC_TOWNSHIP, ("于家务乡",)),
        ("沙后所满族镇", Level.TOWNSHIP, Kind.TOWN, ("沙后所镇",)),
        ("八公山镇", Level.TOWNSHIP, Kind.TOWN, ()),
    ],
)
def test_short_forms(name, level, kind, forms):
    assert kind_from_name(name, level) is kind
    assert short_forms(name, level, kind) == forms


def test_a_peoples_name_stays_when_nothing_else_would():
    assert strip_peoples("延边朝鲜族") == "延边"
    assert strip_peoples("内蒙古") == "内蒙古"  # not 内
    assert strip_peoples("西藏") == "西藏"  # 藏 counts only as 藏族
    assert strip_peoples("鄂温克族") == "鄂温克"


def test_common_words_are_listed_and_places_are_not():
    words = common_words()
    assert {"和平", "新华", "红旗", "城区", "老城区", "街道", "凤凰", "资源", "比如"} <= words
    assert not {"张店", "淄博", "山东", "延边", "内蒙古", "北京"} & words
    assert all(len(w) >= 2 for w in words)


@pytest.mark.parametrize(
    ("value", "level"),
    [("street", Level.TOWNSHIP), ("area", Level.COUNTY), ("Township", Level.TOWNSHIP)],
)
def test_levels_read_the_packages_file_names_too(value, level):
    assert Level.parse(value) is level


def test_an_unknown_level_is_refused():
    with pytest.raises(DivisionDataError, match="unknown level 'grid'"):
        Level.parse("grid")
