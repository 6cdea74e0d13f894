import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from initiatives.models import Post, Region, RegionKind, RegionProfile
from initiatives.places.services import (
    appointment_create,
    person_create,
    profile_record,
    region_create,
)
from initiatives.places.tree import region_move
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_region_create_builds_slug_and_path():
    province = region_create(
        parent=None, name="山东省", kind=RegionKind.PROVINCE, code="370000000000"
    )
    city = region_create(parent=province, name="淄博市", kind=RegionKind.CITY)
    other = region_create(parent=None, name="淄博市", kind=RegionKind.CITY)
    assert province.slug == "shandongsheng"
    assert city.slug == "ziboshi"
    assert other.slug == f"{city.slug}-2"
    assert city.path == f"/{province.pk}/{city.pk}/"
    assert city.code is None


def test_region_create_refuses_a_kind_that_cannot_hang_there():
    unit = region_create(parent=None, name="北街街道", kind=RegionKind.SUBDISTRICT)
    with pytest.raises(ValidationError) as exc:
        region_create(parent=unit, name="某市", kind=RegionKind.CITY)
    assert exc.value.message_dict["kind"] == ["层级不符：“市”不能设在街道“北街街道”之下。"]
    with pytest.raises(ValidationError) as exc:
        region_create(parent=None, name="某省", kind=RegionKind.PROVINCE, code="3700")
    assert exc.value.message_dict["code"] == ["区划代码应为 12 位数字。"]
    assert Region.objects.count() == 1


def test_region_move_moves_the_whole_subtree():
    a = region_create(parent=None, name="甲市", kind=RegionKind.CITY)
    b = region_create(parent=None, name="乙市", kind=RegionKind.CITY)
    district = region_create(parent=a, name="丙区", kind=RegionKind.DISTRICT)
    unit = region_create(parent=district, name="丁街道", kind=RegionKind.SUBDISTRICT)
    region_move(region=district, parent=b)
    district.refresh_from_db()
    unit.refresh_from_db()
    assert district.path == f"/{b.pk}/{district.pk}/"
    assert unit.path == f"/{b.pk}/{district.pk}/{unit.pk}/"
    assert a.children.count() == 0


def test_profile_record_validates_and_merges_figures(unit, editor):
    with pytest.raises(ValidationError) as exc:
        profile_record(
            region=unit, as_of=dt.date(2020, 1, 6), source="测试",
            figures={"population": -5, "area_km2": "abc", "communities": "8.5"},
        )  # fmt: skip
    assert exc.value.message_dict == {
        "population": ["常住人口不能为负数。"],
        "area_km2": ["面积（平方公里）应为数字。"],
        "communities": ["社区数应为整数。"],
    }
    with pytest.raises(ValidationError) as exc:
        profile_record(region=unit, as_of=dt.date(2020, 1, 6), source="x", figures={"gdp": 1})
    assert exc.value.messages == ["未知的概况数据项：gdp。"]
    with pytest.raises(ValidationError) as exc:
        profile_record(region=unit, as_of=dt.date(2020, 1, 6), source="x", figures={"grids": ""})
    assert exc.value.messages == ["请至少填写一项概况数据。"]
    assert RegionProfile.objects.count() == 0

    first = profile_record(
        region=unit, as_of=dt.date(2020, 1, 6), source="太行红叶网", by=editor,
        figures={"area_km2": "3.75", "population": "42,000"},
    )  # fmt: skip
    again = profile_record(
        region=unit, as_of=dt.date(2020, 1, 6), source="太行红叶网",
        figures={"party_members": 378},
    )  # fmt: skip
    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.area_km2, again.population, again.party_members) == (
        Decimal("3.75"), 42000, 378,
    )  # fmt: skip
    assert again.recorded_by == editor
    assert RegionProfile.objects.count() == 1


def test_appointment_create_checks_dates_and_post(unit, district):
    person = person_create(name="王志刚", bio="曾任中学语文教师。")
    assert person.slug == "wangzhigang"
    with pytest.raises(ValidationError) as exc:
        appointment_create(
            person=person, region=unit, post=Post.SUBDISTRICT_SECRETARY,
            start_date=dt.date(2020, 5, 1), end_date=dt.date(2020, 1, 1),
        )  # fmt: skip
    assert exc.value.message_dict["end_date"] == ["任职止日期不能早于任职起日期。"]
    with pytest.raises(ValidationError) as exc:
        appointment_create(person=person, region=district, post=Post.SUBDISTRICT_SECRETARY)
    assert exc.value.message_dict["post"] == ["书记职务只能设在街道、镇或乡。"]
    road_chief = appointment_create(
        person=PersonFactory(name="王鸿波"), region=unit, post=Post.ROAD_CHIEF,
        post_title="市场一路路长",
    )  # fmt: skip
    assert road_chief.start_date is None
    assert unit.appointments.count() == 1
