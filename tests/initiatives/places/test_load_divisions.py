"""load_divisions: a small province file loaded twice over a tree typed in by hand."""

import gzip
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from initiatives.models import ProgressReport, Region, RegionKind, RegionProfile
from initiatives.places.divisions import read_divisions
from initiatives.places.loading import divisions_load
from tests.factories import InitiativeFactory, ProgressReportFactory, RegionFactory

pytestmark = pytest.mark.django_db

FILES = {
    "provinces.csv": ["code,name", '11,"北京市"', '37,"山东省"', '44,"广东省"'],
    "cities.csv": [
        "code,name,provinceCode",
        '1101,"市辖区",11',
        '3703,"淄博市",37',
        '4419,"东莞市",44',
    ],
    "areas.csv": [
        "code,name,cityCode,provinceCode",
        '110101,"东城区",1101,11',
        '370302,"淄川区",3703,37',
        '370303,"张店区",3703,37',
        '441900,"东莞市",4419,44',
    ],
    "streets.csv": [
        "code,name,areaCode,provinceCode,cityCode",
        '110101001,"东华门街道",110101,11,1101',
        '370302001,"般阳路街道",370302,37,3703',
        '370303001,"车站街道",370303,37,3703',
        '370303002,"公园街道",370303,37,3703',
        '370303004,"和平街道",370303,37,3703',
        '441900003,"东城街道",441900,44,4419',
    ],
}


def write_files(folder, files=FILES):
    folder.mkdir(exist_ok=True)
    for name, lines in files.items():
        (folder / f"{name}.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    return folder


def load(folder, *args):
    out = StringIO()
    call_command("load_divisions", "--data", str(folder), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot():
    return sorted(Region.objects.values_list("pk", "name", "kind", "code", "path", "withdrawn"))


@pytest.fixture
def typed_tree():
    """山东省 > 淄博市 > 张店区 > 和平街道 typed in without codes, 和平街道 with a report, and
    幸福里街道, which the data does not know, with a report and a profile."""
    province = RegionFactory(name="山东省", kind=RegionKind.PROVINCE, slug="sd")
    city = RegionFactory(name="淄博市", kind=RegionKind.CITY, parent=province, slug="zb")
    district = RegionFactory(name="张店区", kind=RegionKind.DISTRICT, parent=city, slug="zd")
    heping = RegionFactory(
        name="和平街道", kind=RegionKind.SUBDISTRICT, parent=district, slug="heping"
    )
    xingfu = RegionFactory(
        name="幸福里街道", kind=RegionKind.SUBDISTRICT, parent=district, slug="xingfu"
    )
    for unit in (heping, xingfu):
        ProgressReportFactory(initiative=InitiativeFactory(region=unit))
    RegionProfile.objects.create(region=xingfu, as_of="2026-01-01", population=100)
    return {"heping": heping, "xingfu": xingfu, "district": district}


def test_a_province_file_loaded_twice_matches_hand_entered_units_and_changes_nothing(
    tmp_path, typed_tree
):
    folder = write_files(tmp_path / "data")
    first = load(folder, "--province", "37")
    heping = Region.objects.get(pk=typed_tree["heping"].pk)
    assert (heping.code, heping.slug, heping.parent_id) == (
        "370303004000",
        "heping",
        typed_tree["district"].pk,
    )
    assert Region.objects.get(pk=typed_tree["district"].pk).code == "370303000000"
    assert Region.objects.get(name="山东省").code == "370000000000"
    # Matched: the four typed in; created: 淄川区, its 街道, 车站街道, 公园街道.
    assert "matched            1         1         1         1" in first
    assert "created            0         0         1         3" in first
    assert "left alone (no code, no match): 1" in first
    gongyuan = Region.objects.get(code="370303002000")
    assert gongyuan.parent_id == typed_tree["district"].pk
    assert gongyuan.path == f"{typed_tree['district'].path}{gongyuan.pk}/"
    assert gongyuan.kind == RegionKind.SUBDISTRICT and gongyuan.slug == "gongyuan-jiedao"
    assert not Region.objects.filter(code__startswith="11").exists()  # --province 37 only

    before = snapshot()
    second = load(folder, "--province", "37")
    assert "0 changes" in second
    assert "unchanged          1         1         2         4" in second
    assert snapshot() == before
    # 幸福里街道 is not in the data: left alone, with its report and profile.
    xingfu = Region.objects.get(pk=typed_tree["xingfu"].pk)
    assert (xingfu.code, xingfu.withdrawn) == (None, False)
    assert ProgressReport.objects.filter(initiative__region=xingfu).count() == 1
    assert RegionProfile.objects.filter(region=xingfu).count() == 1


def test_a_new_edition_renames_and_marks_what_disappeared_and_deletes_nothing(tmp_path, typed_tree):
    load(write_files(tmp_path / "old"), "--province", "37")
    count = Region.objects.count()
    files = dict(FILES)
    files["streets.csv"] = [
        line.replace("车站街道", "车站新街道")
        for line in FILES["streets.csv"]
        if "和平街道" not in line  # 和平街道 has a report
    ]
    output = load(write_files(tmp_path / "new", files), "--province", "37")
    assert "renamed            0         0         0         1" in output
    assert "withdrawn (marked, kept): 1" in output
    assert Region.objects.count() == count
    heping = Region.objects.get(pk=typed_tree["heping"].pk)
    assert heping.withdrawn and heping.code == "370303004000"
    assert ProgressReport.objects.filter(initiative__region=heping).count() == 1
    assert Region.objects.get(code="370303001000").name == "车站新街道"
    # The old edition again: the unit comes back, unmarked.
    output = load(write_files(tmp_path / "old"), "--province", "37")
    assert not Region.objects.get(pk=heping.pk).withdrawn


def test_the_quirks_municipality_and_city_without_districts(tmp_path):
    summary = divisions_load(tree=read_divisions(write_files(tmp_path / "data")))
    assert summary.total("created") == 3 + 3 + 3 + 6  # 市辖区 renamed 北京市, 东莞 no area
    dongcheng = Region.objects.get(code="441900003000")
    assert [dongcheng.parent.name, dongcheng.parent.code] == ["东莞市", "441900000000"]
    assert dongcheng.parent.kind == RegionKind.CITY
    donghuamen = Region.objects.get(code="110101001000")
    chain = Region.objects.filter(pk__in=[int(p) for p in donghuamen.path.strip("/").split("/")])
    assert sorted(chain.values_list("code", "name")) == [
        ("110000000000", "北京市"),
        ("110100000000", "北京市"),
        ("110101000000", "东城区"),
        ("110101001000", "东华门街道"),
    ]
    assert divisions_load(tree=read_divisions(tmp_path / "data")).changes == 0


def test_villages_stream_under_their_townships(tmp_path):
    folder = write_files(tmp_path / "data")
    villages = tmp_path / "villages.csv"
    villages.write_text(
        "code,name,streetCode,provinceCode,cityCode,areaCode\n"
        '370303004001,"和平社区居委会",370303004,37,3703,370303\n'
        '370303004201,"西村村委会",370303004,37,3703,370303\n'
        '110101001001,"东华门社区",110101001,11,1101,110101\n',
        encoding="utf-8",
    )
    output = load(folder, "--province", "37", "--villages", str(villages))
    assert "created            1         1         2         4         2" in output
    community = Region.objects.get(code="370303004001")
    assert (community.parent.code, community.kind) == ("370303004000", RegionKind.COMMUNITY)
    assert Region.objects.get(code="370303004201").kind == RegionKind.VILLAGE
    assert "0 changes" in load(folder, "--province", "37", "--villages", str(villages))


def test_the_vendored_data_gives_the_demo_units_their_codes():
    load_output = StringIO()
    call_command("load_divisions", "--province", "34", stdout=load_output, stderr=StringIO())
    tubazi = Region.objects.get(code="340405002000")
    assert tubazi.name == "土坝孜街道" and tubazi.parent.name == "八公山区"
    assert Region.objects.filter(code__startswith="34", kind__in=["province"]).count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--province", "99"], "99"),
        (["--to", "village"], "--to"),
        (["--to", "nowhere"], "nowhere"),
        (["--villages", "/nonexistent.csv"], "no such file"),
    ],
)
def test_bad_arguments_say_what_is_wrong(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("load_divisions", *args, stdout=StringIO(), stderr=StringIO())
    assert Region.objects.count() == 0
