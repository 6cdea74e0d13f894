"""load_divisions over trees that a new edition or a hand-entered tree makes hard: names
handed from one sibling to another, names held by units typed in by hand, and hand-entered
trees that skip a level."""

import pytest
from django.db import models

from initiatives.models import ProgressReport, Region, RegionKind
from initiatives.places.divisions import read_divisions
from initiatives.places.loading import divisions_load
from tests.factories import InitiativeFactory, ProgressReportFactory, RegionFactory

from .test_load_divisions import FILES, load, snapshot, write_files

pytestmark = pytest.mark.django_db

CHEZHAN, GONGYUAN, HEPING = "370303001000", "370303002000", "370303004000"


def edition(tmp_path, folder, streets):
    """FILES with Shandong's 张店区 streets replaced by ``streets`` (code -> name)."""
    kept = [line for line in FILES["streets.csv"] if not line.startswith("370303")]
    rows = [f'{code},"{name}",370303,37,3703' for code, name in streets.items()]
    return write_files(tmp_path / folder, {**FILES, "streets.csv": kept + rows})


@pytest.fixture
def loaded(tmp_path):
    load(write_files(tmp_path / "old"), "--province", "37")
    return {code: Region.objects.get(code=code).pk for code in (CHEZHAN, GONGYUAN, HEPING)}


def names():
    return dict(Region.objects.filter(code__startswith="370303").values_list("code", "name"))


def test_a_chain_of_renames_among_siblings_is_made_whatever_the_order(tmp_path, loaded):
    # 车站 takes 公园's name, 公园 takes 和平's, 和平 takes a new one: each name is freed
    # in the same edition that hands it on.
    streets = {"370303001": "公园街道", "370303002": "和平街道", "370303004": "花园街道"}
    output = load(edition(tmp_path, "new", streets), "--province", "37")
    assert "renamed            0         0         0         3" in output
    assert names()[CHEZHAN] == "公园街道" and names()[GONGYUAN] == "和平街道"
    assert names()[HEPING] == "花园街道"
    assert Region.objects.get(code=CHEZHAN).pk == loaded[CHEZHAN]
    assert "conflicts" not in output
    assert "0 changes" in load(tmp_path / "new", "--province", "37")


def test_two_siblings_swap_their_names(tmp_path, loaded):
    streets = {"370303001": "公园街道", "370303002": "车站街道", "370303004": "和平街道"}
    load(edition(tmp_path, "new", streets), "--province", "37")
    assert (names()[CHEZHAN], names()[GONGYUAN]) == ("公园街道", "车站街道")


def test_a_name_taken_from_a_withdrawn_sibling_parks_the_withdrawn_one(tmp_path, loaded):
    gongyuan = Region.objects.get(pk=loaded[GONGYUAN])
    ProgressReportFactory(initiative=InitiativeFactory(region=gongyuan))
    # 公园街道 (002) leaves the edition and 车站街道 (001) is renamed 公园街道.
    streets = {"370303001": "公园街道", "370303004": "和平街道"}
    output = load(edition(tmp_path, "new", streets), "--province", "37")
    assert names()[CHEZHAN] == "公园街道"
    gongyuan.refresh_from_db()
    assert (gongyuan.name, gongyuan.withdrawn) == ("公园街道（已撤销）", True)
    assert ProgressReport.objects.filter(initiative__region=gongyuan).count() == 1
    assert "withdrawn regions whose name a division took (parked): 1" in output
    assert f"公园街道 ({GONGYUAN}, id {gongyuan.pk}) -> 公园街道（已撤销）" in output
    assert "withdrawn (marked, kept): 1" in output
    before = snapshot()
    assert "0 changes" in load(tmp_path / "new", "--province", "37")
    assert snapshot() == before


def test_a_new_code_with_a_withdrawn_units_name_is_created_beside_it(tmp_path, loaded):
    # The Bureau gives 和平街道 a new code: the old unit keeps its data under a marked name.
    streets = {"370303001": "车站街道", "370303002": "公园街道", "370303009": "和平街道"}
    output = load(edition(tmp_path, "new", streets), "--province", "37")
    old = Region.objects.get(pk=loaded[HEPING])
    assert (old.name, old.withdrawn, old.code) == ("和平街道（已撤销）", True, HEPING)
    new = Region.objects.get(code="370303009000")
    assert new.name == "和平街道" and new.parent_id == old.parent_id
    assert "created            0         0         0         1" in output


def test_a_rename_into_a_hand_entered_units_name_is_a_reported_conflict(tmp_path, loaded):
    district = Region.objects.get(code="370303000000")
    typed = RegionFactory(name="幸福里街道", kind=RegionKind.SUBDISTRICT, parent=district)
    # 车站 -> 幸福里 is refused (a unit typed in holds it); 公园 -> 车站 then finds 车站's
    # name still held, and is refused too; 和平 -> 花园 is made.
    streets = {"370303001": "幸福里街道", "370303002": "车站街道", "370303004": "花园街道"}
    output = load(edition(tmp_path, "new", streets), "--province", "37")
    assert names() == {
        "370303000000": "张店区",
        CHEZHAN: "车站街道",
        GONGYUAN: "公园街道",
        HEPING: "花园街道",
    }
    typed.refresh_from_db()
    assert (typed.name, typed.code, typed.parent_id) == ("幸福里街道", None, district.pk)
    assert "not renamed or moved, the name is taken (conflicts): 2" in output
    assert (
        f"车站街道 ({CHEZHAN}, id {loaded[CHEZHAN]}) not renamed or moved to 幸福里街道: "
        f"幸福里街道 (no code, id {typed.pk}) holds that name under the same parent" in output
    )
    assert "renamed            0         0         0         1" in output
    before = snapshot()
    again = load(tmp_path / "new", "--province", "37")
    assert "0 changes" in again and "(conflicts): 2" in again
    assert snapshot() == before


def test_the_same_edition_loaded_as_a_tree_object_reports_conflicts_in_the_summary(
    tmp_path, loaded
):
    RegionFactory(
        name="幸福里街道",
        kind=RegionKind.SUBDISTRICT,
        parent=Region.objects.get(code="370303000000"),
    )
    folder = edition(tmp_path, "new", {"370303001": "幸福里街道", "370303004": "和平街道"})
    summary = divisions_load(tree=read_divisions(folder, provinces={"37"}))
    assert len(summary.conflicts) == 1 and summary.total("renamed") == 0
    assert summary.withdrawn == 1  # 公园街道


# --- hand-entered trees that skip a level ----------------------------------------------


def test_a_street_typed_in_under_its_city_is_matched_and_moved_under_its_district(tmp_path):
    province = RegionFactory(name="山东省", kind=RegionKind.PROVINCE)
    city = RegionFactory(name="淄博市", kind=RegionKind.CITY, parent=province)
    heping = RegionFactory(name="和平街道", kind=RegionKind.SUBDISTRICT, parent=city)
    ProgressReportFactory(initiative=InitiativeFactory(region=heping))
    folder = write_files(tmp_path / "data")
    output = load(folder, "--province", "37")
    heping.refresh_from_db()
    district = Region.objects.get(code="370303000000")
    assert (heping.code, heping.parent_id) == (HEPING, district.pk)
    assert heping.path == f"{district.path}{heping.pk}/"
    assert district.path == f"{city.path}{district.pk}/"
    assert "matched            1         1         0         1" in output
    assert f"和平街道 (id {heping.pk}) is {HEPING}: moved under 张店区 (was under 淄博市)" in output
    assert f"和平街道 ({HEPING}, id {heping.pk}) has reports and now lies under 张店区" in output
    assert ProgressReport.objects.filter(initiative__region=heping).count() == 1
    assert Region.objects.filter(name="和平街道").count() == 1
    before = snapshot()
    assert "0 changes" in load(folder, "--province", "37")
    assert snapshot() == before


def test_a_district_typed_in_under_its_province_moves_with_its_streets(tmp_path):
    province = RegionFactory(name="山东省", kind=RegionKind.PROVINCE)
    district = RegionFactory(name="张店区", kind=RegionKind.DISTRICT, parent=province)
    heping = RegionFactory(name="和平街道", kind=RegionKind.SUBDISTRICT, parent=district)
    grid = RegionFactory(name="一号网格", kind=RegionKind.GRID, parent=heping)
    output = load(write_files(tmp_path / "data"), "--province", "37")
    city = Region.objects.get(code="370300000000")
    district.refresh_from_db()
    heping.refresh_from_db()
    grid.refresh_from_db()
    assert (district.code, district.parent_id) == ("370303000000", city.pk)
    assert (heping.code, heping.parent_id) == (HEPING, district.pk)
    assert heping.path == f"{province.path}{city.pk}/{district.pk}/{heping.pk}/"
    assert grid.path == f"{heping.path}{grid.pk}/"
    assert "has reports" not in output
    assert "left alone (no code, no match): 0" in output


def test_a_name_that_repeats_in_the_subtree_is_left_alone(tmp_path):
    files = dict(FILES)
    files["streets.csv"] = [*FILES["streets.csv"], '370302009,"和平街道",370302,37,3703']
    province = RegionFactory(name="山东省", kind=RegionKind.PROVINCE)
    city = RegionFactory(name="淄博市", kind=RegionKind.CITY, parent=province)
    typed = RegionFactory(name="和平街道", kind=RegionKind.SUBDISTRICT, parent=city)
    output = load(write_files(tmp_path / "data", files), "--province", "37")
    typed.refresh_from_db()
    assert (typed.code, typed.parent_id) == (None, city.pk)
    assert Region.objects.filter(name="和平街道", code__isnull=False).count() == 2
    assert "names that repeat, left alone: 1" in output
    assert "和平街道: 1 entered by hand, 2 in the data under 淄博市 (370300000000)" in output


def test_a_name_typed_in_twice_in_the_subtree_is_left_alone(tmp_path):
    province = RegionFactory(name="山东省", kind=RegionKind.PROVINCE)
    city = RegionFactory(name="淄博市", kind=RegionKind.CITY, parent=province)
    zone = RegionFactory(name="高新区", kind=RegionKind.DISTRICT, parent=city)
    first = RegionFactory(name="和平街道", kind=RegionKind.SUBDISTRICT, parent=city)
    second = RegionFactory(name="和平街道", kind=RegionKind.SUBDISTRICT, parent=zone)
    output = load(write_files(tmp_path / "data"), "--province", "37")
    assert Region.objects.filter(pk__in=[first.pk, second.pk], code__isnull=True).count() == 2
    assert "和平街道: 2 entered by hand, 1 in the data under 淄博市" in output
    assert Region.objects.get(code=HEPING).pk not in (first.pk, second.pk)


def test_a_unit_moved_to_another_district_by_an_edition_is_named_when_it_has_reports(
    tmp_path, loaded
):
    heping = Region.objects.get(pk=loaded[HEPING])
    ProgressReportFactory(initiative=InitiativeFactory(region=heping))
    community = RegionFactory(name="和平社区", kind=RegionKind.COMMUNITY, parent=heping)
    files = dict(FILES)
    files["streets.csv"] = [
        line.replace('370303004,"和平街道",370303', '370303004,"和平街道",370302')
        for line in FILES["streets.csv"]
    ]
    output = load(write_files(tmp_path / "new", files), "--province", "37")
    zichuan = Region.objects.get(code="370302000000")
    heping.refresh_from_db()
    community.refresh_from_db()
    assert heping.parent_id == zichuan.pk and heping.path == f"{zichuan.path}{heping.pk}/"
    assert community.path == f"{heping.path}{community.pk}/"
    assert "moved              0         0         0         1" in output
    assert f"和平街道 ({HEPING}, id {heping.pk}) has reports and now lies under 淄川区" in output
    assert "0 changes" in load(tmp_path / "new", "--province", "37")


def test_villages_with_one_name_twice_under_a_township_are_both_kept(tmp_path):
    # The reader checks sibling names down to townships; a streamed villages file is not
    # checked beforehand, so a repeated name is a conflict the run reports.
    villages = tmp_path / "villages.csv"
    villages.write_text(
        "code,name,streetCode,provinceCode,cityCode,areaCode\n"
        '370303004001,"和平社区居委会",370303004,37,3703,370303\n'
        '370303004002,"和平社区居委会",370303004,37,3703,370303\n',
        encoding="utf-8",
    )
    folder = write_files(tmp_path / "data")
    output = load(folder, "--province", "37", "--villages", str(villages))
    assert dict(
        Region.objects.filter(code__startswith="370303004").values_list("code", "name")
    ) == {
        HEPING: "和平街道",
        "370303004001": "和平社区居委会",
        "370303004002": "和平社区居委会（370303004002）",
    }
    assert "370303004002 created as 和平社区居委会（370303004002）" in output
    again = load(folder, "--province", "37", "--villages", str(villages))
    assert "0 changes" in again and "(conflicts): 1" in again


def test_a_village_row_that_is_its_own_township_is_merged_not_made_its_own_child(tmp_path):
    # The npm package lists 金门县 as a village of itself; here 和平街道 plays that part.
    villages = tmp_path / "villages.csv"
    villages.write_text(
        "code,name,streetCode,provinceCode,cityCode,areaCode\n"
        '370303004000,"和平街道",370303004,37,3703,370303\n'
        '370303004001,"和平社区居委会",370303004,37,3703,370303\n',
        encoding="utf-8",
    )
    folder = write_files(tmp_path / "data")
    summary = divisions_load(tree=read_divisions(folder, provinces={"37"}), villages=villages)
    heping = Region.objects.get(code=HEPING)
    assert heping.kind == RegionKind.SUBDISTRICT and heping.parent.code == "370303000000"
    assert summary.created.get("village") == 1 and summary.merges == 1
    assert not Region.objects.filter(parent_id=models.F("pk")).exists()
