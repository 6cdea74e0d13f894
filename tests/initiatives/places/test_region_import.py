"""Importing and exporting the place tree (django-import-export), all or nothing."""

import pytest
import tablib

from initiatives.models import Region, RegionKind
from initiatives.places.resources import RegionResource
from initiatives.places.services import regions_import

pytestmark = pytest.mark.django_db

GOOD = """名称,层级,区划代码,上级
山东省,省,370000000000,
淄博市,市,370300000000,370000000000
张店区,区,370303000000,山东省/淄博市
和平街道,街道,,370303000000
公园街道,街道,,山东省/淄博市/张店区
北街街道,街道,,
"""

MIXED = """名称,层级,区划代码,上级
山东省,省,370000000000,
淄博市,市,3703,370000000000
张店区,区,370303000000,山东省/淄博市
和平街道,街道,,山东省/临沂市
公园街道,街道道,,山东省
山东省,省,,
济南市,市,370100000000,370000000001
某社区,社区,,
某市,市,,某社区
"""


def test_good_file_builds_the_tree_and_importing_again_changes_nothing():
    result = regions_import(data=GOOD.encode())
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    unit = Region.objects.get(name="公园街道")
    district = Region.objects.get(code="370303000000")
    assert unit.parent == district
    assert unit.kind == RegionKind.SUBDISTRICT
    assert unit.path == f"{district.path}{unit.pk}/"
    assert unit.slug == "gongyuan-jiedao"

    again = regions_import(data=GOOD.encode())
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 6, [])
    assert Region.objects.count() == 6


def test_bad_rows_are_reported_row_by_row_and_nothing_is_saved():
    result = regions_import(data=MIXED.encode())
    assert not result.ok
    assert result.errors == [
        "第 2 行：区划代码：区划代码“3703”应为 12 位数字。",
        "第 3 行：上级：找不到上级“山东省/淄博市”：“山东省”下没有“淄博市”。",
        "第 4 行：上级：找不到上级“山东省/临沂市”：“山东省”下没有“临沂市”。",
        "第 5 行：层级：层级“街道道”无效，应为：省、市、区、县、街道、镇、乡、社区、村、网格。",
        "第 6 行：名称：与第 1 行重复：“顶层”下已有名为“山东省”的区划。",
        "第 7 行：上级：找不到区划代码为“370000000001”的上级。",
        "第 9 行：层级：层级不符：“市”不能设在社区“某社区”之下。",
    ]
    assert (result.created, result.updated) == (0, 0)
    assert Region.objects.count() == 0


def test_name_already_taken_under_the_parent_is_refused():
    regions_import(data=GOOD.encode())
    clash = "名称,层级,区划代码,上级\n张店区,区,370303999999,370300000000\n"
    result = regions_import(data=clash.encode())
    assert result.errors == [
        "第 1 行：名称：“淄博市”下已有名为“张店区”的区划（区划代码：370303000000）。",
    ]
    assert not Region.objects.filter(code="370303999999").exists()


def test_a_code_fills_in_an_existing_place_and_a_move_repaths_the_subtree():
    regions_import(data=GOOD.encode())
    update = (
        "名称,层级,区划代码,上级\n"
        "和平街道,街道,370303001000,370303000000\n"
        "淮南市,市,340400000000,\n"
        "张店区,区,370303000000,淮南市\n"
    )
    result = regions_import(data=update.encode())
    assert result.errors == []
    assert (result.created, result.updated) == (1, 2)
    heping = Region.objects.get(name="和平街道")
    huainan = Region.objects.get(name="淮南市")
    assert heping.code == "370303001000"
    assert heping.path.startswith(huainan.path)


def test_missing_columns_and_unreadable_files_say_so():
    result = regions_import(data="名字,上级\n山东省,\n".encode())
    assert result.errors == ["表头缺少列：名称、层级。"]
    gbk = GOOD.encode("gb18030")
    assert regions_import(data=gbk).created == 6


def test_export_writes_codes_or_name_paths_and_reimports_unchanged(django_assert_max_num_queries):
    regions_import(data=GOOD.encode())
    Region.objects.create(
        name="中后河社区", kind=RegionKind.COMMUNITY, slug="zhonghouhe",
        parent=Region.objects.get(name="北街街道"),
    )  # fmt: skip
    with django_assert_max_num_queries(2):
        dataset = RegionResource().export()
    rows = {row[0]: row for row in dataset.dict and [tuple(r) for r in dataset]}
    assert dataset.headers == ["名称", "层级", "区划代码", "上级"]
    assert rows["淄博市"] == ("淄博市", "市", "370300000000", "370000000000")
    assert rows["中后河社区"] == ("中后河社区", "社区", "", "北街街道")
    xlsx = RegionResource().export().export("xlsx")
    result = regions_import(data=xlsx, file_format="xlsx")
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 7, [])


def test_xlsx_import_with_numeric_codes():
    dataset = tablib.Dataset(headers=["名称", "层级", "区划代码", "上级"])
    dataset.append(["安徽省", "省", 340000000000, ""])
    dataset.append(["淮南市", "市", 340400000000, 340000000000])
    dataset.append(["八公山区", "区", 340405000000, "安徽省/淮南市"])
    dataset.append(["土坝孜街道", "街道", "", "安徽省/淮南市/八公山区"])
    result = regions_import(data=dataset.export("xlsx"), file_format="xlsx")
    assert result.errors == []
    assert Region.objects.get(name="土坝孜街道").parent.code == "340405000000"


def test_admin_import_shows_the_row_errors_and_saves_nothing(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/initiatives/region/import/")
    assert page.status_code == 200
    formats = page.context["form"].fields["format"].choices
    csv_index = next(value for value, label in formats if str(label).lower() == "csv")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/admin/initiatives/region/import/",
        {
            "resource": "0",
            "format": csv_index,
            "import_file": SimpleUploadedFile("regions.csv", MIXED.encode(), "text/csv"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "找不到上级“山东省/临沂市”：“山东省”下没有“临沂市”。" in body
    assert "层级“街道道”无效" in body
    assert Region.objects.count() == 0
