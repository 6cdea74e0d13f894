"""Admin of places, people and initiatives: changelists make no query per row; forms
explain bad input in Chinese."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Post, Region, RegionKind, RegionProfile
from tests.factories import (
    AppointmentFactory,
    IndicatorFactory,
    InitiativeFactory,
    PersonFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "/admin/initiatives/region/",
    "/admin/initiatives/regionprofile/",
    "/admin/initiatives/person/",
    "/admin/initiatives/appointment/",
    "/admin/initiatives/initiativefamily/",
    "/admin/initiatives/initiative/",
]


def add_rows(n):
    for i in range(n):
        unit = UnitFactory()
        person = PersonFactory()
        AppointmentFactory(person=person, region=unit)
        AppointmentFactory(person=person, region=unit, post=Post.ROAD_CHIEF)
        RegionProfile.objects.create(region=unit, as_of=dt.date(2020, 1, 1 + i), population=10)
        initiative = InitiativeFactory(region=unit, lead=person)
        IndicatorFactory(initiative=initiative)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", CHANGELISTS)
def test_changelists_do_not_grow_with_rows(client, admin_user, url):
    client.force_login(admin_user)
    add_rows(2)
    few = count_queries(client, url)
    add_rows(6)
    assert count_queries(client, url) == few


def test_region_admin_fills_in_slug_refuses_wrong_kind_and_repaths(client, admin_user):
    client.force_login(admin_user)
    unit = UnitFactory(name="北街街道", parent=None)
    response = client.post(
        "/admin/initiatives/region/add/",
        {"name": "某市", "kind": RegionKind.CITY, "parent": unit.pk, "code": "", "slug": ""},
    )
    assert response.status_code == 200
    assert "层级不符：“市”不能设在街道“北街街道”之下。" in response.content.decode()
    assert not Region.objects.filter(name="某市").exists()

    response = client.post(
        "/admin/initiatives/region/add/",
        {"name": "淄博市", "kind": RegionKind.CITY, "code": "370300000000", "slug": ""},
    )
    assert response.status_code == 302
    city = Region.objects.get(name="淄博市")
    assert city.slug == "ziboshi"

    district = Region.objects.create(
        name="张店区", kind=RegionKind.DISTRICT, parent=city, slug="zhangdian"
    )
    community = Region.objects.create(
        name="中后河社区", kind=RegionKind.COMMUNITY, parent=unit, slug="zhonghouhe"
    )
    response = client.post(
        f"/admin/initiatives/region/{unit.pk}/change/",
        {
            "name": unit.name,
            "kind": unit.kind,
            "parent": district.pk,
            "code": "",
            "slug": unit.slug,
        },
    )
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.path == f"/{city.pk}/{district.pk}/{unit.pk}/{community.pk}/"

    response = client.post(
        f"/admin/initiatives/region/{city.pk}/change/",
        {"name": city.name, "kind": RegionKind.PROVINCE, "parent": community.pk, "code": "",
         "slug": city.slug},
    )  # fmt: skip
    assert "不能把区划设在它自己或它的下级之下。" in response.content.decode()


def test_profile_admin_refuses_negative_area(client, admin_user):
    client.force_login(admin_user)
    unit = UnitFactory()
    response = client.post(
        "/admin/initiatives/regionprofile/add/",
        {"region": unit.pk, "as_of": "2020-01-06", "area_km2": "-3", "source": "测试"},
    )
    assert "面积（平方公里）不能为负数。" in response.content.decode()
    response = client.post(
        "/admin/initiatives/regionprofile/add/",
        {"region": unit.pk, "as_of": "2020-01-06", "area_km2": "3.75", "source": "测试"},
    )
    assert response.status_code == 302
    assert RegionProfile.objects.get().recorded_by == admin_user
