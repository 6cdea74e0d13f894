import pytest

from initiatives.models import SECRETARY_POSTS, Appointment, Person, Post, Region, RegionProfile
from initiatives.places import demo

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Region, Person, Appointment, RegionProfile)]


def test_demo_places_and_people_hold_the_seed_facts_and_are_idempotent():
    demo.load()
    first = counts()
    demo.load()
    assert counts() == first

    secretaries = dict(
        Appointment.objects.filter(post__in=SECRETARY_POSTS).values_list(
            "region__name", "person__name"
        )
    )
    assert secretaries == {
        "和平街道": "王志刚", "公园街道": "张敬帅", "土坝孜街道": "王泽睿",
        "即墨路街道": "张忠乾", "北街街道": "王爱萍",
    }  # fmt: skip
    wang = Appointment.objects.get(person__name="王志刚")
    assert "7个多月" in wang.note and wang.end_date is None
    assert Appointment.objects.filter(post=Post.ROAD_CHIEF, region__name="即墨路街道").count() == 3

    beijie = RegionProfile.objects.get(region__name="北街街道")
    assert (str(beijie.as_of), str(beijie.area_km2), beijie.population, beijie.communities,
            beijie.party_branches, beijie.party_members) == (
        "2020-01-06", "3.75", 42000, 8, 20, 378)  # fmt: skip
    jimo = RegionProfile.objects.get(region__name="即墨路街道")
    assert (jimo.communities, jimo.grid_party_branches, jimo.population) == (9, 64, None)
