"""The places' rules hold in Django admin too: a secretary is a unit's, and a region moves
only with its whole subtree, never under itself or where its kind cannot hang."""

import pytest
from django.urls import reverse

from initiatives.models import Appointment, Post, Region, RegionKind
from tests.factories import DistrictFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_admin_refuses_a_secretary_post_outside_a_unit(client, admin_user):
    district = DistrictFactory(name="张店区")
    person = PersonFactory(name="王志刚")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:initiatives_appointment_add"),
        {"person": person.pk, "region": district.pk, "post": Post.SUBDISTRICT_SECRETARY},
    )
    assert response.status_code == 200
    assert "书记职务只能设在街道、镇或乡。" in response.content.decode()
    assert not Appointment.objects.exists()


def test_admin_refuses_it_in_the_person_inline_too(client, admin_user):
    district = DistrictFactory(name="张店区")
    person = PersonFactory(name="王志刚", slug="wangzhigang")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:initiatives_person_change", args=[person.pk]),
        {
            "name": person.name,
            "slug": person.slug,
            "bio": "",
            "appointments-TOTAL_FORMS": "1",
            "appointments-INITIAL_FORMS": "0",
            "appointments-MIN_NUM_FORMS": "0",
            "appointments-MAX_NUM_FORMS": "1000",
            "appointments-0-region": district.pk,
            "appointments-0-post": Post.TOWN_SECRETARY,
            "appointments-0-start_date": "2020-05-01",
            "appointments-0-end_date": "2020-01-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "书记职务只能设在街道、镇或乡。" in html
    assert "任职止日期不能早于任职起日期。" in html
    assert not Appointment.objects.exists()


def test_admin_appoints_a_secretary_of_a_unit(client, admin_user, unit):
    person = PersonFactory(name="王志刚")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:initiatives_appointment_add"),
        {"person": person.pk, "region": unit.pk, "post": Post.SUBDISTRICT_SECRETARY},
    )
    assert response.status_code == 302
    assert Appointment.objects.get().region == unit


def region_post(region, **overrides) -> dict:
    data = {
        "name": region.name,
        "kind": region.kind,
        "parent": region.parent_id or "",
        "code": region.code or "",
        "slug": region.slug,
    }
    data.update(overrides)
    return data


def test_admin_moves_a_region_with_its_subtree(client, admin_user):
    unit = UnitFactory(name="和平街道")
    community = Region.objects.create(
        name="中后河社区", kind=RegionKind.COMMUNITY, parent=unit, slug="zhonghouhe"
    )
    other = DistrictFactory(name="淄川区")
    client.force_login(admin_user)
    url = reverse("admin:initiatives_region_change", args=[unit.pk])
    response = client.post(url, region_post(unit, parent=other.pk, name="和平街道（新）"))
    assert response.status_code == 302
    unit.refresh_from_db()
    community.refresh_from_db()
    assert unit.name == "和平街道（新）"
    assert unit.path == f"{other.path}{unit.pk}/"
    assert community.path == f"{other.path}{unit.pk}/{community.pk}/"


def test_admin_refuses_moves_the_tree_forbids(client, admin_user):
    unit = UnitFactory(name="和平街道")
    community = Region.objects.create(
        name="中后河社区", kind=RegionKind.COMMUNITY, parent=unit, slug="zhonghouhe"
    )
    paths = dict(Region.objects.values_list("pk", "path"))
    client.force_login(admin_user)
    url = reverse("admin:initiatives_region_change", args=[unit.parent.pk])
    # A district under a community of its own subtree.
    into_itself = client.post(url, region_post(unit.parent, parent=community.pk))
    assert "不能把区划设在它自己或它的下级之下。" in into_itself.content.decode()
    # A 街道 under another 街道: the kind cannot hang there.
    other_unit = UnitFactory(name="公园街道")
    url = reverse("admin:initiatives_region_change", args=[unit.pk])
    wrong_kind = client.post(url, region_post(unit, parent=other_unit.pk))
    assert "层级不符：“街道”不能设在街道“公园街道”之下。" in wrong_kind.content.decode()
    assert dict(Region.objects.filter(pk__in=paths).values_list("pk", "path")) == paths
