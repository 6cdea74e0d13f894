import datetime as dt

import pytest

from initiatives.catalog import demo as catalog
from initiatives.models import (
    Frequency,
    Indicator,
    Initiative,
    InitiativeFamily,
    Milestone,
)
from initiatives.places import demo as places

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def counts():
    return [m.objects.count() for m in (InitiativeFamily, Initiative, Indicator, Milestone)]


def test_demo_catalog_holds_the_seed_facts_and_is_idempotent(today):
    catalog.load(places.load(), today=today)
    first = counts()
    catalog.load(places.load(), today=today)
    assert counts() == first

    parents = dict(InitiativeFamily.objects.values_list("name", "parent__name"))
    assert parents["党建+创新"] == "党建+" and parents["网格化+微党校"] == "网格化+N"
    assert parents["棚户区改造"] == "城市更新" and parents["队伍建设"] is None

    plan = {i.name: i for i in Indicator.objects.filter(initiative__title="基层环境提升建设工程")}
    assert plan["修建道路"].target == 5700 and plan["完成投资"].unit == "万元"
    assert plan["完成投资"].target == 840
    soil = plan["裸露土地"]
    assert (soil.target, soil.direction, soil.measure) == (0, "down", "level")
    rank = Indicator.objects.get(name="月度测评排名")
    assert (rank.direction, rank.measure) == ("down", "level")
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
    # Each unit's initiatives are led by its secretary.
    heping = Initiative.objects.filter(region__name="和平街道").values_list("lead__name", flat=True)
    assert set(heping) == {"王志刚"}


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
    catalog.load(places.load(), today=today)
    plan = Initiative.objects.get(title="基层环境提升建设工程")
    assert (plan.start_date, plan.target_date) == (first, last)
    shanty = Initiative.objects.get(title="水资办棚户区改造项目")
    assert shanty.milestones.get(name="签约").planned_date == last
