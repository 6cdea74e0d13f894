"""The vendored division files and the normalised tree the reader makes of them."""

import csv
import gzip
import hashlib
import re
from collections import Counter

import pytest

from initiatives.places.divisions import (
    DATA_DIR,
    DivisionDataError,
    Kind,
    Level,
    MergeReason,
    national_tree,
    read_divisions,
)
from initiatives.places.divisions.reader import FILES, iter_rows


@pytest.fixture(scope="module")
def tree():
    return national_tree()


def test_the_files_have_the_bureaus_row_counts(tree):
    assert tree.source_rows == {
        Level.PROVINCE: 31,
        Level.CITY: 342,
        Level.COUNTY: 2_978,
        Level.TOWNSHIP: 41_352,
    }


def test_the_tree_counts_what_is_left_after_the_merges(tree):
    assert tree.counts() == {
        Level.PROVINCE: 31,
        Level.CITY: 337,
        Level.COUNTY: 2_974,
        Level.TOWNSHIP: 41_340,
    }
    merged = Counter((m.level, m.reason) for m in tree.merges)
    assert merged == {
        (Level.CITY, MergeReason.MUNICIPAL_DISTRICTS): 4,
        (Level.CITY, MergeReason.MUNICIPAL_COUNTIES): 1,
        (Level.CITY, MergeReason.PROVINCE_ADMINISTERED): 4,
        (Level.COUNTY, MergeReason.CITY_WITHOUT_DISTRICTS): 4,
        (Level.TOWNSHIP, MergeReason.DIRECT_VILLAGES): 11,
        (Level.TOWNSHIP, MergeReason.PLACEHOLDER): 1,
    }


def test_the_readme_states_each_files_rows_and_checksum():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for filename in FILES.values():
        packed = (DATA_DIR / filename).read_bytes()
        data = gzip.decompress(packed)
        line = next(row for row in readme.splitlines() if row.startswith(f"| `{filename}`"))
        rows = data.count(b"\n") - 1
        assert f"| {rows:,} |" in line
        assert hashlib.sha256(data).hexdigest() in line
        assert hashlib.sha256(packed).hexdigest() in line


def test_codes_are_padded_to_twelve_digits(tree):
    assert all(re.fullmatch(r"\d{12}", d.code) for d in tree)
    heping = tree["370303004000"]
    assert (heping.name, heping.source_code, heping.parent) == (
        "和平街道",
        "370303004",
        "370303000000",
    )
    assert tree["370303000000"].source_code == "370303"
    assert tree["370300000000"].source_code == "3703"
    assert tree["370000000000"].source_code == "37"


def test_the_demo_units_sit_in_their_real_districts(tree):
    def chain(code):
        return [d.name for d in tree.ancestors(code)] + [tree[code].name]

    assert chain("370303004000") == ["山东省", "淄博市", "张店区", "和平街道"]
    assert chain("370303002000") == ["山东省", "淄博市", "张店区", "公园街道"]
    assert chain("340405002000") == ["安徽省", "淮南市", "八公山区", "土坝孜街道"]
    assert chain("370203020000") == ["山东省", "青岛市", "市北区", "即墨路街道"]


def test_every_parent_comes_before_its_children(tree):
    seen = set()
    for division in tree:
        assert division.parent is None or division.parent in seen
        seen.add(division.code)


def test_municipal_districts_become_the_municipalitys_city_node(tree):
    beijing = tree["110100000000"]
    assert (beijing.name, beijing.level, beijing.kind, beijing.parent) == (
        "北京市",
        Level.CITY,
        Kind.MUNICIPALITY,
        "110000000000",
    )
    assert tree["110101000000"].parent == "110100000000"  # 东城区
    for province in ("11", "12", "31", "50"):
        assert tree[f"{province}0000000000"].kind is Kind.MUNICIPALITY
        assert [c.name for c in tree.children(f"{province}0000000000")] == [
            tree[f"{province}0000000000"].name
        ]
    assert not any(d.name in ("市辖区", "县") for d in tree)


def test_chongqings_counties_join_its_districts(tree):
    chengkou = tree["500229000000"]
    assert (chengkou.name, chengkou.parent) == ("城口县", "500100000000")
    assert "500200000000" not in tree
    assert len(tree.children("500100000000")) == 38
    assert tree.node_for("5002") == "500100000000"


def test_province_administered_units_hang_under_the_province(tree):
    assert tree["429004000000"].name == "仙桃市"
    assert tree["429004000000"].parent == "420000000000"
    assert tree["419001000000"].parent == "410000000000"  # 济源市
    assert tree["659001000000"].parent == "650000000000"  # 石河子市
    assert not any(d.name.endswith("直辖县级行政区划") for d in tree)
    assert tree.node_for("4290") == "420000000000"


@pytest.mark.parametrize(
    ("city", "area", "township"),
    [
        ("441900000000", "441900", "441900003000"),  # 东莞市, 东城街道
        ("442000000000", "442000", "442000001000"),  # 中山市
        ("460400000000", "460400", "460400100000"),  # 儋州市
        ("620200000000", "620201", "620201001000"),  # 嘉峪关市, 雄关街道
    ],
)
def test_a_city_without_districts_holds_its_townships(tree, city, area, township):
    assert tree[city].level is Level.CITY
    assert tree[township].parent == city
    assert tree.node_for(area) == city
    assert not [c for c in tree.children(city) if c.level is Level.COUNTY]


def test_direct_village_rows_and_the_kinmen_placeholder_are_not_townships(tree):
    assert not any(d.name.endswith("直辖村级区划") for d in tree)
    assert tree.node_for("230803198") == "230803000000"
    assert tree["350527000000"].name == "金门县"
    assert tree["350527000000"].level is Level.COUNTY
    assert tree.children("350527000000") == []
    (placeholder,) = [m for m in tree.merges if m.reason is MergeReason.PLACEHOLDER]
    assert (placeholder.source_code, placeholder.into) == ("350527000", None)


def test_names_repeat_across_the_country_never_under_one_parent(tree):
    beijie = sorted(d.code for d in tree if d.name == "北街街道")
    assert beijie == [
        "140502004000",
        "211382002000",
        "520402004000",
        "620702004000",
        "640205004000",
    ]
    assert [tree.ancestors(c)[0].name for c in beijie] == [
        "山西省",
        "辽宁省",
        "贵州省",
        "甘肃省",
        "宁夏回族自治区",
    ]
    for division in tree:
        if division.level is Level.PROVINCE:
            continue
        names = [c.name for c in tree.children(division.parent)]
        assert names.count(division.name) == 1


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("370000000000", Kind.PROVINCE),
        ("150000000000", Kind.AUTONOMOUS_REGION),
        ("370300000000", Kind.PREFECTURE_CITY),
        ("222400000000", Kind.AUTONOMOUS_PREFECTURE),  # 延边朝鲜族自治州
        ("152200000000", Kind.LEAGUE),  # 兴安盟
        ("542500000000", Kind.PREFECTURE),  # 阿里地区
        ("370303000000", Kind.DISTRICT),
        ("370285000000", Kind.COUNTY_CITY),  # 莱西市
        ("500229000000", Kind.COUNTY),
        ("511132000000", Kind.AUTONOMOUS_COUNTY),  # 峨边彝族自治县
        ("152527000000", Kind.BANNER),  # 太仆寺旗
        ("150723000000", Kind.AUTONOMOUS_BANNER),  # 鄂伦春自治旗
        ("429021000000", Kind.FORESTRY_DISTRICT),  # 神农架林区
        ("520203000000", Kind.SPECIAL_DISTRICT),  # 六枝特区
        ("130171000000", Kind.COUNTY_LIKE),  # 石家庄高新技术产业开发区
        ("460321000000", Kind.COUNTY_LIKE),  # 西沙群岛
        ("370303004000", Kind.SUBDISTRICT),
        ("420112001000", Kind.SUBDISTRICT),  # 吴家山街: by its code
        ("450305004000", Kind.SUBDISTRICT),  # 漓东街道办事处
        ("231181002000", Kind.SUBDISTRICT),  # 和平街道地区
        ("110105021000", Kind.AREA_OFFICE),  # 南磨房地区
        ("340405100000", Kind.TOWN),  # 八公山镇
        ("110116211000", Kind.ETHNIC_TOWNSHIP),  # 长哨营满族乡
        ("130111200000", Kind.TOWNSHIP),  # 南高乡
        ("152527201000", Kind.SUMU),  # 贡宝拉格苏木
        ("340405400000", Kind.TOWNSHIP_LIKE),  # 妙山林场
        ("130271450000", Kind.SUBDISTRICT),  # 新华路街道, coded as 类似乡级单位
    ],
)
def test_each_node_has_a_precise_kind(tree, code, kind):
    assert tree[code].kind is kind


def test_region_kinds_are_the_place_trees(tree):
    assert tree["110000000000"].region_kind == "province"
    assert tree["110100000000"].region_kind == "city"
    assert tree["370303000000"].region_kind == "district"
    assert tree["500229000000"].region_kind == "county"
    assert tree["370303004000"].region_kind == "subdistrict"
    assert tree["340405100000"].region_kind == "town"
    assert tree["130111200000"].region_kind == "township"


def test_one_province_down_to_counties():
    shandong = read_divisions(provinces={"37"}, to=Level.COUNTY)
    assert shandong.provinces == {"37"}
    assert set(shandong.counts()) == {Level.PROVINCE, Level.CITY, Level.COUNTY}
    assert shandong.counts()[Level.CITY] == 16
    assert "370303000000" in shandong
    assert "370303004000" not in shandong


def test_an_unknown_province_is_refused():
    with pytest.raises(DivisionDataError, match="no such province"):
        read_divisions(provinces={"99"})


def _write(folder, name, rows):
    with gzip.open(folder / name, "wt", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_MINIMAL).writerows(rows)


def _small_files(folder, streets):
    _write(folder, "provinces.csv.gz", [["code", "name"], ["37", "山东省"]])
    _write(folder, "cities.csv.gz", [["code", "name", "provinceCode"], ["3703", "淄博市", "37"]])
    _write(
        folder,
        "areas.csv.gz",
        [["code", "name", "cityCode", "provinceCode"], ["370303", "张店区", "3703", "37"]],
    )
    _write(
        folder,
        "streets.csv.gz",
        [["code", "name", "areaCode", "provinceCode", "cityCode"], *streets],
    )


def test_files_of_another_edition_are_read_the_same_way(tmp_path):
    _small_files(tmp_path, [["370303004", "和平街道", "370303", "37", "3703"]])
    small = read_divisions(tmp_path)
    assert [d.code for d in small] == [
        "370000000000",
        "370300000000",
        "370303000000",
        "370303004000",
    ]


@pytest.mark.parametrize(
    ("street", "message"),
    [
        (["37030300", "和平街道", "370303", "37", "3703"], "code '37030300'"),
        (["370303004", "", "370303", "37", "3703"], "no name"),
        (["370303004", "和平街道", "370399", "37", "3703"], "parent 370399"),
        (["370303004", "和平街道", "370303"], "streets.csv.gz:2"),
    ],
)
def test_broken_rows_are_refused_with_where_they_are(tmp_path, street, message):
    _small_files(tmp_path, [street])
    with pytest.raises(DivisionDataError, match=re.escape(message)):
        read_divisions(tmp_path)


def test_two_units_of_one_name_under_one_parent_are_refused(tmp_path):
    _small_files(
        tmp_path,
        [
            ["370303004", "和平街道", "370303", "37", "3703"],
            ["370303005", "和平街道", "370303", "37", "3703"],
        ],
    )
    with pytest.raises(DivisionDataError, match="names repeat"):
        read_divisions(tmp_path)


def test_a_file_with_other_columns_is_refused(tmp_path):
    _write(tmp_path, "provinces.csv.gz", [["id", "name"], ["37", "山东省"]])
    with pytest.raises(DivisionDataError, match="header"):
        list(iter_rows(tmp_path / "provinces.csv.gz", Level.PROVINCE))
