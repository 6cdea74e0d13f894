import datetime as dt

import pytest

from initiatives.demo import catalog
from initiatives.demo.places import load_places
from initiatives.models import (
    SECRETARY_POSTS,
    Appointment,
    Frequency,
    Indicator,
    Initiative,
    InitiativeFamily,
    Milestone,
    Person,
    Post,
    RegionProfile,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def counts():
    return [m.objects.count() for m in (
        Person, Appointment, RegionProfile, InitiativeFamily, Initiative, Indicator, Milestone,
    )]  # fmt: skip


def test_demo_catalog_holds_the_seed_facts_and_is_idempotent(today):
    places = load_places()
    catalog.load(places, today=today)
    first = counts()
    catalog.load(load_places(), today=today)
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

    parents = dict(InitiativeFamily.objects.values_list("name", "parent__name"))
    assert parents["党建+创新"] == "党建+" and parents["网格化+微党校"] == "网格化+N"
    assert parents["棚户区改造"] == "城市更新" and parents["队伍建设"] is None

    plan = {i.name: i for i in Indicator.objects.filter(initiative__title="基层环境提升建设工程")}
    assert plan["修建道路"].target == 5700 and plan["完成投资"].unit == "万元"
    assert plan["完成投资"].target == 840
    soil = plan["裸露土地"]
    assert (soil.target, soil.direction, soil.aggregation) == (0, "down", "latest")
    rank = Indicator.objects.get(name="月度测评排名")
    assert (rank.direction, rank.aggregation) == ("down", "latest")
    shanty = Initiative.objects.get(title="水资办棚户区改造项目")
    assert [m.name for m in shanty.milestones.order_by("position")] == [
        "签约",
        "拆迁",
        "开工",
        "竣工",
    ]
    assert not shanty.milestones.filter(actual_date__isnull=False).exists()
    assert set(Initiative.objects.values_list("frequency", flat=True)) == set(Frequency.values)
    # Whatever the day, every initiative has started and most have months of plan ahead.
    assert not Initiative.objects.filter(start_date__gt=today).exists()
    assert Initiative.objects.filter(target_date__isnull=True).exists()
    assert not Initiative.objects.filter(target_date__lt=today).exists()


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (dt.date(2026, 11, 21), dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (dt.date(2027, 1, 2), dt.date(2026, 3, 1), dt.date(2027, 2, 28)),
        (dt.date(2028, 2, 29), dt.date(2027, 4, 1), dt.date(2028, 3, 31)),
        (dt.date(2026, 10, 31), dt.date(2025, 12, 1), dt.date(2026, 11, 30)),
    ],
)
def test_demo_plan_runs_a_year_around_the_day(today, first, last):
    catalog.load(load_places(), today=today)
    plan = Initiative.objects.get(title="基层环境提升建设工程")
    assert (plan.start_date, plan.target_date) == (first, last)
    shanty = Initiative.objects.get(title="水资办棚户区改造项目")
    assert shanty.milestones.get(name="签约").planned_date == last
