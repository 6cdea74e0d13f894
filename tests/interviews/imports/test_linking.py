"""Linking an import's unit, person and initiatives to existing rows, or offering new ones."""

import pytest

from initiatives.models import Region, RegionKind
from interviews.imports import linking
from tests.factories import (
    AppointmentFactory,
    InitiativeFactory,
    OutletFactory,
    PersonFactory,
    SeriesFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def extracted(**interviewee):
    return {
        "interviewee": {
            "name": "王志刚",
            "post": "党工委书记",
            "unit": "和平街道",
            "district": "张店区",
            "city": None,
            "province": None,
            **interviewee,
        },
        "series": None,
        "outlet": None,
    }


def test_unit_is_matched_within_the_named_district(unit, district, foreign_unit):
    # A same-named unit in another district is not the one the article means.
    UnitFactory(name="和平街道")
    s = linking.suggest_links(extracted=extracted(), text="")
    assert s.district == district
    assert s.units == [unit]
    assert s.best_unit == unit
    assert s.can_create_unit is False


def test_unit_in_a_known_district_that_lacks_it_is_offered_as_new(district):
    s = linking.suggest_links(extracted=extracted(unit="古城街道"), text="")
    assert s.units == []
    assert s.can_create_unit is True and s.unit_name == "古城街道"


def test_named_district_missing_from_the_tree_offers_neither_match_nor_new(unit):
    s = linking.suggest_links(extracted=extracted(district="淄川区"), text="")
    assert s.district is None
    assert s.units == [] and s.can_create_unit is False


def test_without_a_district_every_same_named_unit_is_a_candidate(unit):
    twin = UnitFactory(name="和平街道")
    s = linking.suggest_links(extracted=extracted(district=None), text="")
    assert {r.pk for r in s.units} == {unit.pk, twin.pk}
    assert s.best_unit is None


def test_district_is_chosen_by_city_when_two_share_a_name(district):
    other = Region.objects.create(
        name="张店区", kind=RegionKind.DISTRICT, slug="zhangdian-2",
        parent=Region.objects.create(name="别的市", kind=RegionKind.CITY, slug="biede"),
    )  # fmt: skip
    city_name = district.parent.name
    assert linking.match_district(district="张店区", city=city_name) == district
    assert linking.match_district(district="张店区", city="别的市") == other
    assert linking.match_district(district="张店区", city=None) is None


def test_person_with_an_appointment_in_the_unit_comes_first(unit, other_unit):
    namesake = PersonFactory(name="王志刚")
    secretary = PersonFactory(name="王志刚")
    AppointmentFactory(person=secretary, region=unit)
    AppointmentFactory(person=namesake, region=other_unit)
    s = linking.suggest_links(extracted=extracted(), text="")
    assert s.persons == [secretary, namesake]
    assert s.best_person == secretary


def test_quoted_names_match_the_units_initiatives(unit, other_unit):
    red = InitiativeFactory(region=unit, title="红色物业")
    flowers = InitiativeFactory(region=unit, title="花开和平提升行动")
    InitiativeFactory(region=unit, title="老旧小区改造")
    InitiativeFactory(region=other_unit, title="网格化+路长治")
    text = "街道推行“网格化+红色物业”，开展“花开和平”，推广“网格化+路长治”，做好“党建”工作。"
    s = linking.suggest_links(extracted=extracted(), text=text)
    assert s.initiatives == [(red, "网格化+红色物业"), (flowers, "花开和平")]
    # Another unit's initiative is not offered; short words never match by containment.
    assert s.unmatched_terms == ["网格化+路长治", "党建"]


def test_quoted_terms_skip_sentences_and_keep_first_mention_order():
    text = "“红色物业”让“小区有人管”。他说：“我们要干，干好。”又提“红色物业”。"
    assert linking.quoted_terms(text) == ["红色物业", "小区有人管"]


def test_series_and_outlet_match_in_either_bracket_width():
    series = SeriesFactory(title="躬身入局 担当作为——淄博镇(街道)党(工)委书记系列访谈")
    outlet = OutletFactory(name="太行红叶网")
    data = {
        "interviewee": {},
        "series": "躬身入局 担当作为——淄博镇（街道）党（工）委书记系列访谈",
        "outlet": "太行红叶网",
    }
    s = linking.suggest_links(extracted=data, text="")
    assert s.series == series and s.outlet == outlet


def test_unit_kind_follows_the_name():
    assert linking.unit_kind_for("和平街道") == RegionKind.SUBDISTRICT
    assert linking.unit_kind_for("湖田镇") == RegionKind.TOWN
    assert linking.unit_kind_for("双杨乡") == RegionKind.TOWNSHIP
    assert linking.normalise_unit_name("和平街道办事处") == "和平街道"
