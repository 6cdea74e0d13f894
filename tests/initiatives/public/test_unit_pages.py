"""The public unit pages: list, profile page, initiative page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Direction, Measure, Post, RegionKind, ReportStatus
from initiatives.places.services import profile_record
from tests.factories import (
    AppointmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    PersonFactory,
    ProgressReportFactory,
    RegionFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 21)


def approved(initiative, month, status=ReportStatus.APPROVED):
    start = dt.date(2026, month, 1)
    return ProgressReportFactory(
        initiative=initiative, period_start=start, period_end=start.replace(day=28),
        due_date=start.replace(day=28), status=status,
    )  # fmt: skip


@pytest.fixture
def tubazi(db):
    province = RegionFactory(name="安徽省", kind=RegionKind.PROVINCE, slug="anhuisheng")
    city = RegionFactory(name="淮南市", kind=RegionKind.CITY, parent=province, slug="huainan")
    district = RegionFactory(
        name="八公山区", kind=RegionKind.DISTRICT, parent=city, slug="bagongshan"
    )
    unit = UnitFactory(name="土坝孜街道", parent=district, slug="tubazi", code="340405001000")
    return unit


def build_unit_page(unit, *, initiatives=1):
    """A secretary (and a former one), two profiles, initiatives with indicators,
    milestones and reports."""
    AppointmentFactory(
        region=unit, person=PersonFactory(name="前任书记"), post=Post.SUBDISTRICT_SECRETARY,
        start_date=dt.date(2015, 1, 1), end_date=dt.date(2019, 12, 31),
    )  # fmt: skip
    AppointmentFactory(
        region=unit, person=PersonFactory(name="王泽睿"), post=Post.SUBDISTRICT_SECRETARY,
        start_date=dt.date(2020, 1, 1),
    )  # fmt: skip
    AppointmentFactory(
        region=unit, person=PersonFactory(name="李街长"), post=Post.STREET_CHIEF,
        post_title="惠民街街长", start_date=None,
    )  # fmt: skip
    profile_record(
        region=unit, as_of=dt.date(2020, 1, 1), source="旧资料",
        figures={"population": 30000, "communities": 5},
    )  # fmt: skip
    profile_record(
        region=unit, as_of=dt.date(2021, 6, 1), source="街道年报",
        figures={"population": 31000, "communities": 6, "area_km2": "12.5"},
    )  # fmt: skip
    for n in range(initiatives):
        initiative = InitiativeFactory(region=unit, title=f"基层环境提升{n}")
        roads = IndicatorFactory(initiative=initiative, name="修建道路", unit="米", target=5700)
        soil = IndicatorFactory(
            initiative=initiative, name="裸露土地", unit="平方米", baseline=500, target=0,
            direction=Direction.DOWN, measure=Measure.LEVEL,
        )  # fmt: skip
        initiative.milestones.create(name="开工", planned_date=dt.date(2026, 3, 1),
                                     actual_date=dt.date(2026, 3, 5), position=1)  # fmt: skip
        initiative.milestones.create(name="竣工", planned_date=dt.date(2026, 10, 1), position=2)
        jan, feb, mar = (
            approved(initiative, 1),
            approved(initiative, 2),
            approved(initiative, 3, ReportStatus.SUBMITTED),
        )
        IndicatorValueFactory(report=jan, indicator=roads, value=1200)
        IndicatorValueFactory(report=feb, indicator=roads, value=1650)
        IndicatorValueFactory(report=mar, indicator=roads, value=999)  # not approved
        IndicatorValueFactory(report=feb, indicator=soil, value=100)


def test_unit_page_shows_secretary_figures_history_and_progress(client, tubazi, monkeypatch):
    build_unit_page(tubazi)
    response = client.get(reverse("initiatives:unit_detail", kwargs={"slug": "tubazi"}))
    assert response.status_code == 200
    detail = response.context["detail"]
    assert [r.name for r in detail.ancestors] == ["安徽省", "淮南市", "八公山区"]
    assert detail.secretary.person.name == "王泽睿"
    assert [a.person.name for a in detail.former_secretaries] == ["前任书记"]
    assert [a.person.name for a in detail.other_posts] == ["李街长"]
    assert detail.latest_profile.as_of == dt.date(2021, 6, 1)
    assert [f["value"] for f in detail.latest_figures] == [Decimal("12.50"), 31000, 6]
    assert [row["values"] for row in detail.history_rows] == [
        [Decimal("12.50"), 31000, 6],
        [None, 30000, 5],
    ]
    initiative = detail.initiatives[0]
    roads, soil = initiative.indicators.all()
    assert (roads.current, roads.percent, roads.bar_width) == (Decimal("2850"), Decimal("50"), 50)
    assert (soil.current, soil.percent, soil.bar_width) == (Decimal("100"), Decimal("80"), 80)
    states = {m.name: m.state for m in initiative.milestones.all()}
    assert states == {"开工": "done", "竣工": "late"}

    body = response.content.decode()
    for text in ("340405001000", "王泽睿", "数据截至 2021-06-01", "街道年报", "惠民街街长",
                 "已完成 2850 / 5700 米", "50%", "80%",
                 "已减少 400 / 500 平方米", "（现为 100 平方米）", "已逾期", "八公山区"):  # fmt: skip
        assert text in body
    assert 'style="width: 50%"' in body
    assert "前任书记" in body


def test_an_ended_appointment_is_not_the_current_secretary(client, tubazi):
    AppointmentFactory(
        region=tubazi, person=PersonFactory(name="离任书记"), post=Post.SUBDISTRICT_SECRETARY,
        start_date=dt.date(2020, 1, 1), end_date=dt.date(2021, 1, 1),
    )  # fmt: skip
    detail = client.get("/units/tubazi/").context["detail"]
    assert detail.secretary is None
    assert "暂无在任书记信息" in client.get("/units/tubazi/").content.decode()


def test_unknown_unit_and_places_without_units_are_404(client, tubazi):
    assert client.get("/units/no-such-unit/").status_code == 404
    community = RegionFactory(name="某社区", kind=RegionKind.COMMUNITY, parent=tubazi)
    assert client.get(f"/units/{community.slug}/").status_code == 404
    empty_city = RegionFactory(name="空市", kind=RegionKind.CITY)
    assert client.get(f"/units/{empty_city.slug}/").status_code == 404
    district_page = client.get("/units/bagongshan/")
    assert district_page.status_code == 200
    assert [u.name for u in district_page.context["detail"].child_units] == ["土坝孜街道"]
    assert client.get("/initiatives/999999/").status_code == 404


def test_unit_page_query_count_does_not_grow_with_rows(client, tubazi, django_assert_num_queries):
    from tests.factories import ArticleFactory

    # 8 for the unit's own data (its ancestors joined to it; initiatives, indicators,
    # milestones, then the indicators' values and the milestones' reports), 1 for its
    # published interviews.
    build_unit_page(tubazi, initiatives=1)
    with django_assert_num_queries(9):
        client.get("/units/tubazi/")
    other = UnitFactory(name="公园街道", parent=tubazi.parent, slug="gongyuan")
    build_unit_page(other, initiatives=4)
    for n in range(3):
        ArticleFactory(region=other, status="published", published_at=timezone.now(), slug=f"a{n}")
    with django_assert_num_queries(9):
        response = client.get("/units/gongyuan/")
    assert len(response.context["detail"].initiatives) == 4
    assert response.content.decode().count('href="/articles/a') == 3


def test_unit_list_groups_filters_and_keeps_three_queries(
    client, tubazi, django_assert_num_queries
):
    """The units, their ancestors and the filters' provinces (and chosen cities)."""
    build_unit_page(tubazi)
    RegionFactory(name="某社区", kind=RegionKind.COMMUNITY, parent=tubazi)
    root_unit = UnitFactory(name="北街街道", parent=None, slug="beijie")
    with django_assert_num_queries(3):
        response = client.get("/units/")
    listing = response.context["listing"]
    assert [p.province.name if p.province else None for p in listing.provinces] == ["安徽省", None]
    group = listing.provinces[0].groups[0]
    assert [r.name for r in group.chain] == ["淮南市", "八公山区"]
    unit = group.units[0]
    assert (unit.name, unit.secretary_name, unit.initiative_count) == ("土坝孜街道", "王泽睿", 1)
    assert listing.provinces[1].groups[0].units == [root_unit]
    body = response.content.decode()
    assert "某社区" not in body
    assert 'href="/units/tubazi/"' in body

    for n in range(5):
        UnitFactory(name=f"新增{n}街道", parent=tubazi.parent)
    with django_assert_num_queries(3):
        response = client.get("/units/")
    assert response.context["listing"].count_on_page == 7

    later = RegionFactory(name="山东省", kind=RegionKind.PROVINCE)
    UnitFactory(name="即墨路街道", parent=RegionFactory(kind=RegionKind.DISTRICT, parent=later))
    provinces = client.get("/units/").context["listing"].provinces
    assert [p.province.name if p.province else None for p in provinces] == [
        "安徽省", "山东省", None,
    ]  # fmt: skip

    by_district = client.get("/units/", {"q": "八公山"}).context["listing"]
    assert by_district.count_on_page == 6
    by_name = client.get("/units/", {"q": "北街"}).context["listing"]
    assert [u.name for p in by_name.provinces for g in p.groups for u in g.units] == ["北街街道"]
    assert "没有名称含“不存在”的单位" in client.get("/units/", {"q": "不存在"}).content.decode()


def test_unit_list_pages(client, tubazi, monkeypatch):
    from initiatives.public import selectors as places

    monkeypatch.setattr(places, "UNITS_PER_PAGE", 2)
    for n in range(3):
        UnitFactory(name=f"分页{n}街道", parent=tubazi.parent)
    first = client.get("/units/").context["listing"]
    last = client.get("/units/", {"page": "2"}).context["listing"]
    assert (first.count_on_page, first.has_next, last.count_on_page, last.has_next) == (
        2, True, 2, False,
    )  # fmt: skip
    # A page number that is not one: the site-wide 400 with its message (portal/middleware.py).
    assert client.get("/units/", {"page": "x"}).status_code == 400
    assert client.get("/units/", {"page": "99"}).status_code == 200


def test_nav_shows_units_to_anonymous_visitors(client, db):
    body = client.get("/").content.decode()
    assert 'href="/units/"' in body
    assert "单位" in body


def test_initiative_page_shows_only_approved_values(client, tubazi, django_assert_num_queries):
    build_unit_page(tubazi)
    initiative = tubazi.initiatives.get()
    url = initiative.get_absolute_url()
    assert url == f"/initiatives/{initiative.pk}/"
    with django_assert_num_queries(7):
        response = client.get(url)
    detail = response.context["detail"]
    assert [p["start"] for p in detail.periods] == [dt.date(2026, 2, 1), dt.date(2026, 1, 1)]
    # Written with each indicator's precision (metres and square metres: whole).
    assert detail.periods[0]["values"] == ["1650", "100"]
    body = response.content.decode()
    assert "999" not in body
    assert "土坝孜街道" in body and "50%" in body
