"""Finding places in text and resolving a unit's name, on sentences written for the test."""

import pytest

from initiatives.places.divisions import (
    EvidenceKind,
    Gazetteer,
    Level,
    Place,
    Status,
    national_gazetteer,
    national_tree,
)
from initiatives.places.divisions.names import blocker_words, common_words
from initiatives.places.divisions.refresh import blocker_words as make_blocker_words
from initiatives.places.divisions.refresh import jieba_dictionary

BEIJIE = ["140502004000", "211382002000", "520402004000", "620702004000", "640205004000"]


@pytest.fixture(scope="module")
def gazetteer():
    return national_gazetteer()


def _found(gazetteer, text):
    return [(m.text, [p.code for p in m.places]) for m in gazetteer.find(text)]


@pytest.mark.parametrize(
    ("text", "form", "code"),
    [
        ("我们在山东工作", "山东", "370000000000"),
        ("记者来到淄博采访", "淄博", "370300000000"),
        ("张店城区的中南部", "张店", "370303000000"),
        ("内蒙古的草原", "内蒙古", "150000000000"),
        ("去广西看看", "广西", "450000000000"),
        ("延边州的冬天", "延边州", "222400000000"),
        ("延边的冬天", "延边", "222400000000"),
        ("峨边县的茶", "峨边县", "511132000000"),
        ("上海浦东的夜景", "浦东", "310115000000"),
    ],
)
def test_short_forms_are_found_with_their_code(gazetteer, text, form, code):
    (mention,) = [m for m in gazetteer.find(text) if m.text == form]
    assert [p.code for p in mention.places] == [code]
    assert mention.short
    assert text[mention.start : mention.end] == form


def test_full_names_are_found_in_order(gazetteer):
    mentions = gazetteer.find("山东省淄博市张店区和平街道的居民")
    assert [(m.text, m.start, m.end, m.short) for m in mentions] == [
        ("山东省", 0, 3, False),
        ("淄博市", 3, 6, False),
        ("张店区", 6, 9, False),
        ("和平街道", 9, 13, False),
    ]
    assert "370303004000" in [p.code for p in mentions[-1].places]
    assert len(mentions[-1].places) == 19  # 18 和平街道 and 北安市's 和平街道地区


def test_a_city_written_before_a_district_that_starts_with_its_shi(gazetteer):
    assert _found(gazetteer, "青岛市北区即墨路街道") == [
        ("青岛", ["370200000000"]),
        ("市北区", ["370203000000"]),
        ("即墨路街道", ["370203020000"]),
    ]


def test_a_name_of_two_places_names_both(gazetteer):
    assert _found(gazetteer, "吉林的雪") == [("吉林", ["220000000000", "220200000000"])]
    # The municipality and its own city node.
    assert _found(gazetteer, "北京的胡同") == [("北京", ["110000000000", "110100000000"])]


def test_one_character_never_matches(gazetteer):
    assert all(len(form) >= 2 for form in gazetteer.text_forms())
    assert gazetteer.find("矿") == []
    tiny = gazetteer.extended([Place.extra("test:1", "某", Level.TOWNSHIP)])
    assert tiny.find("某某某镇") == []


@pytest.mark.parametrize(
    "text",
    [
        "为了世界和平而努力",  # 和平区
        "凤凰涅槃、加速崛起",  # 凤凰县
        "合理利用资源",  # 资源县
        "比如说停车难",  # 比如县
        "老城区改造和新城区建设",  # 洛阳老城区, 西安新城区
        "城区和郊区的矿区",  # 城区, 郊区, 矿区 are full names of districts
        "感谢党和政府",  # 和政县 sits across 党和 and 政府
        "忆江南和平文旅项目",  # 南和区 sits across 江南 and 和平
        "大理石台面",  # 大理 inside 大理石
        "一条中山路",  # a street, not 中山市
        "淄博大道上",  # a street, not 淄博市
        "街道工作很辛苦",  # two townships are called 街道
        "农科所和种猪场",  # 类似乡级单位 whose names repeat
    ],
)
def test_common_words_streets_and_generic_names_are_not_places(gazetteer, text):
    assert gazetteer.find(text) == []


def test_township_names_keep_their_suffix(gazetteer):
    assert _found(gazetteer, "和平年代") == []
    (mention,) = gazetteer.find("和平街道办事处")
    assert mention.text == "和平街道"


def test_a_unique_township_like_unit_is_found(gazetteer):
    (mention,) = gazetteer.find("塞罕坝机械林场的林子")
    assert mention.text == "塞罕坝机械林场"


def test_resolve_a_township_by_the_district_around_it(gazetteer):
    result = gazetteer.resolve("我们采访了淄博市张店区的和平街道。", name="和平街道")
    assert result.status is Status.RESOLVED
    assert result.code == "370303004000"
    evidence = {(e.kind, e.place.code) for e in result.resolved.evidence}
    assert evidence == {
        (EvidenceKind.MENTIONED, "370303000000"),
        (EvidenceKind.MENTIONED, "370300000000"),
    }
    assert [p.name for p in result.resolved.path] == ["山东省", "淄博市", "张店区", "和平街道"]
    assert len(result.candidates) == 19


def test_resolve_by_a_short_form_nearby(gazetteer):
    result = gazetteer.resolve("张店的公园街道又添新绿。", name="公园街道")
    assert (result.status, result.code) == (Status.RESOLVED, "370303002000")


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("淮南市八公山区的土坝孜街道", "土坝孜街道", "340405002000"),
        ("青岛市北区的即墨路街道", "即墨路街道", "370203020000"),
    ],
)
def test_resolve_the_other_demo_units(gazetteer, text, name, code):
    result = gazetteer.resolve(text, name=name)
    assert (result.status, result.code) == (Status.RESOLVED, code)


def test_a_unique_name_resolves_without_context(gazetteer):
    result = gazetteer.resolve(name="土坝孜街道")
    assert result.code == "340405002000"
    assert [e.kind for e in result.resolved.evidence] == [EvidenceKind.UNIQUE]


def test_the_five_beijie_stay_ambiguous_without_context(gazetteer):
    result = gazetteer.resolve("北街街道地处市区东大门。", name="北街街道")
    assert result.status is Status.AMBIGUOUS
    assert result.resolved is None and result.code is None
    assert sorted(c.code for c in result.candidates) == BEIJIE
    assert sorted(c.code for c in result.leading) == BEIJIE
    assert all(c.evidence == () for c in result.candidates)


def test_a_province_in_the_text_picks_the_only_beijie_there(gazetteer):
    result = gazetteer.resolve("山西的北街街道", name="北街街道")
    assert (result.status, result.code) == (Status.RESOLVED, "140502004000")


def test_the_units_in_the_database_decide_between_equals(gazetteer):
    result = gazetteer.resolve(name="北街街道", known={"640205004"})
    assert (result.status, result.code) == (Status.RESOLVED, "640205004000")
    assert [e.kind for e in result.resolved.evidence] == [EvidenceKind.KNOWN]
    both = gazetteer.resolve(name="北街街道", known={"640205004000", "620702004000"})
    assert both.status is Status.AMBIGUOUS
    assert sorted(c.code for c in both.leading) == ["620702004000", "640205004000"]


def test_the_text_outweighs_the_database(gazetteer):
    result = gazetteer.resolve("张店区和平街道", name="和平街道", known={"210302008000"})
    assert result.code == "370303004000"


def test_two_districts_with_a_heping_each_are_a_tie(gazetteer):
    # 高碑店市 and 万柏林区 both have a 和平街道; the text names both.
    result = gazetteer.resolve("高碑店市和万柏林区的和平街道", name="和平街道")
    assert result.status is Status.AMBIGUOUS
    assert sorted(c.code for c in result.leading) == ["130684001000", "140109003000"]


def test_the_name_may_carry_its_district(gazetteer):
    result = gazetteer.resolve(name="张店区和平街道")
    assert result.code == "370303004000"
    assert [(e.kind, e.place.name) for e in result.resolved.evidence] == [
        (EvidenceKind.NAMED_WITH, "张店区")
    ]


@pytest.mark.parametrize("name", ["花开里街道", "张店区花开里街道", "幸福大道", ""])
def test_an_invented_place_is_unknown_not_an_error(gazetteer, name):
    result = gazetteer.resolve("淄博市张店区有个花开里街道。", name=name)
    assert result.status is Status.UNKNOWN
    assert result.candidates == () and result.leading == () and result.code is None


def test_extra_places_are_found_and_resolved_without_changing_the_base(gazetteer):
    extra = Place.extra("region:7", "花开里街道", Level.TOWNSHIP, parent="370303000000")
    local = gazetteer.extended([extra])
    result = local.resolve("张店区", name="花开里街道")
    assert result.status is Status.RESOLVED
    assert (result.resolved.place.key, result.code) == ("region:7", None)
    assert [p.name for p in result.resolved.path] == ["山东省", "淄博市", "张店区", "花开里街道"]
    assert [m.text for m in local.find("到花开里街道去")] == ["花开里街道"]
    assert gazetteer.resolve(name="花开里街道").status is Status.UNKNOWN
    assert gazetteer.find("到花开里街道去") == []


def test_a_hand_entered_twin_of_an_official_unit_is_not_chosen_for_the_editor(gazetteer):
    twin = Place.extra("region:8", "和平街道", Level.TOWNSHIP, parent="370303000000")
    result = gazetteer.extended([twin]).resolve("张店区", name="和平街道")
    assert result.status is Status.AMBIGUOUS
    assert {c.place.key for c in result.leading} == {"region:8", "370303004000"}


def test_a_fictional_tree_of_places(gazetteer):
    places = [
        Place.extra("f:1", "云梦泽省", Level.PROVINCE),
        Place.extra("f:2", "桃花源市", Level.CITY, parent="f:1"),
        Place.extra("f:3", "落英区", Level.COUNTY, parent="f:2"),
        Place.extra("f:4", "缤纷街道", Level.TOWNSHIP, parent="f:3"),
        Place.extra("f:5", "缤纷街道", Level.TOWNSHIP, parent="f:2"),
    ]
    fiction = Gazetteer(places)
    assert [m.text for m in fiction.find("桃花源落英的缤纷街道")] == ["桃花源", "落英", "缤纷街道"]
    assert fiction.resolve("落英区", name="缤纷街道").resolved.place.key == "f:4"
    assert fiction.resolve(name="和平街道").status is Status.UNKNOWN


def test_the_common_words_are_not_forms(gazetteer):
    assert not gazetteer.text_forms() & common_words()
    assert {"政府", "大理石", "江南"} <= blocker_words()


def test_the_blocker_list_is_what_refresh_makes_of_jiebas_dictionary():
    gazetteer = Gazetteer.from_tree(national_tree())
    made = make_blocker_words(gazetteer.text_forms(), jieba_dictionary())
    vendored = blocker_words() - common_words()
    assert set(made) - common_words() == vendored
