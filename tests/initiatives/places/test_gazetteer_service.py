"""The places slice's gazetteer: the national one plus the database's uncoded units, and
resolution by the units already in the database; search finds units by the places named."""

import pytest

from initiatives.models import Region, RegionKind
from initiatives.places import demo
from initiatives.places.divisions import Status, national_gazetteer
from initiatives.places.gazetteer import places_gazetteer, regions_in_text, unit_resolve
from interviews.public.search import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return demo.load_places()


def test_seed_units_resolve_to_their_codes_by_the_database(places):
    # 18 和平街道 (and 和平街道地区) and 4 公园街道 in the country; the database holds the demo's one each.
    assert len(national_gazetteer().named("和平街道")) >= 18
    for name, code in (
        ("和平街道", "370303004000"),
        ("公园街道", "370303002000"),
        ("即墨路街道", "370203020000"),
        ("土坝孜街道", "340405002000"),
    ):
        resolution = unit_resolve("", name=name)
        assert (resolution.status, resolution.code) == (Status.RESOLVED, code), name
    # Named with its district, 和平街道 needs no database at all.
    assert unit_resolve("张店区和平街道", name="和平街道").code == "370303004000"


def test_beijie_is_the_database_unit_not_a_pick_among_the_five(places):
    national = national_gazetteer().resolve("", name="北街街道")
    assert national.status is Status.AMBIGUOUS and len(national.leading) == 5
    # The demo's 北街街道 (no district, no code) is in the database: that one is meant.
    resolution = unit_resolve("", name="北街街道")
    assert resolution.status is Status.RESOLVED
    assert resolution.resolved.place.key == f"region:{places['北街街道'].pk}"
    assert len(resolution.candidates) == 6


def test_fictional_units_in_the_database_are_found_and_invented_ones_are_unknown(places):
    fictional = Region.objects.create(
        name="幸福里街道", kind=RegionKind.SUBDISTRICT, parent=places["张店区"], slug="xfl"
    )
    resolution = unit_resolve("淄博市幸福里街道的网格员", name="幸福里街道")
    assert resolution.status is Status.RESOLVED
    assert resolution.resolved.place.key == f"region:{fictional.pk}"
    assert [p.name for p in resolution.resolved.path] == [
        "山东省",
        "淄博市",
        "张店区",
        "幸福里街道",
    ]
    assert unit_resolve("", name="青云山街道").status is Status.UNKNOWN
    # The gazetteer follows the database: a unit added later is found.
    Region.objects.create(name="望月湖街道", kind=RegionKind.SUBDISTRICT, slug="wyh")
    assert places_gazetteer().named("望月湖街道")


def test_regions_in_text_townships_first_with_short_forms(places):
    found = regions_in_text("淄博张店和平街道推进网格化治理")
    assert [(m.region.name, m.status) for m in found] == [
        ("和平街道", Status.RESOLVED),
        ("张店区", Status.RESOLVED),
        ("淄博市", Status.RESOLVED),
    ]
    assert regions_in_text("一个虚构的青云山街道") == []
    assert regions_in_text("") == []


def test_search_finds_a_unit_by_its_district_and_name(places):
    results = search("张店 和平街道")
    units = [r for r in results if r.kind == "unit"]
    assert units[0].url == places["和平街道"].get_absolute_url()
    assert "淄博市 · 张店区" in units[0].snippet
    # A unit named by the phrase alone still comes, once.
    names = [r.url for r in search("即墨路") if r.kind == "unit"]
    assert names == [places["即墨路街道"].get_absolute_url()]
