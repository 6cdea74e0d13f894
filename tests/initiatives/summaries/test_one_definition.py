"""One definition of due, overdue, outstanding and lagging (issue 14, finding 4): the
official's list, the dashboard card, the summaries, the reporting-rate page and the
paragraph say the same.

The world, on Tuesday 2026-12-01 in Shanghai: 和平街道 files a monthly report and left
March to July unfiled; its November report is a draft, due on 12-05. 公园街道 filed every
month, November included."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from initiatives.models import Frequency, ReportStatus, ScopeKind, Summary
from initiatives.reporting.periods import due_date, period_bounds
from initiatives.reporting.selectors import official_overview
from initiatives.summaries.selectors.counting import reporting_rates
from initiatives.summaries.services.building import summaries_build_period
from tests.factories import InitiativeFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
MOMENT = dt.datetime(2026, 12, 1, 10, 0, tzinfo=SH)
GAPS = (3, 4, 5, 6, 7)  # March to July: no report at all


@pytest.fixture
def frozen():
    with time_machine.travel(MOMENT, tick=False):
        yield MOMENT


def month_report(initiative, month: int, **kwargs):
    start, end = period_bounds(Frequency.MONTH, dt.date(2026, month, 1))
    due = due_date(Frequency.MONTH, end)
    return ProgressReportFactory(
        initiative=initiative, period_start=start, period_end=end, due_date=due, **kwargs
    )


def filed(day: dt.date) -> dict:
    return {
        "status": ReportStatus.SUBMITTED,
        "submitted_at": dt.datetime.combine(day, dt.time(9), tzinfo=SH),
    }


@pytest.fixture
def world(frozen, unit, other_unit):
    heping = InitiativeFactory(region=unit, title="花开和平", frequency=Frequency.MONTH)
    gongyuan = InitiativeFactory(region=other_unit, title="公园夜市", frequency=Frequency.MONTH)
    for month in range(1, 12):
        end = period_bounds(Frequency.MONTH, dt.date(2026, month, 1))[1]
        if month == 11:
            month_report(heping, month)  # a draft, due 12-05
        elif month not in GAPS:
            month_report(heping, month, **filed(end + dt.timedelta(days=1)))
        month_report(gongyuan, month, **filed(end))
    return {"heping": heping}


def test_the_home_cards_agree_on_what_is_overdue(client, official, world):
    # The summaries of last week (nothing monthly ends in it) and of November.
    summaries_build_period(period_kind="week", period_start=dt.date(2026, 11, 23))
    summaries_build_period(period_kind="month", period_start=dt.date(2026, 11, 1))
    overview = official_overview(user=official, today=MOMENT.date())
    assert [item.period_start.month for item in overview["overdue"]] == list(GAPS)

    client.force_login(official)
    body = client.get(reverse("home")).content.decode()
    assert "已逾期（5）" in body
    # The weekly card beside it: nothing expected this week, and the five gaps outstanding.
    card = body[body.index('id="dashboard-official"') :]
    assert '<div class="fs-5 text-danger" data-figure="outstanding">5</div>' in card
    assert "没有应报的进度报告" in card and "累计逾期未报的进度报告5份" in card


def test_summaries_and_the_reporting_rate_page_show_the_gaps(client, official, unit, world):
    summaries_build_period(period_kind="month", period_start=dt.date(2026, 11, 1))
    november = Summary.objects.get(scope_kind=ScopeKind.UNIT, region=unit, period_kind="month")
    # November is expected, not filed, not due yet: not overdue this period; the five
    # earlier gaps are outstanding.
    assert (november.expected, november.filed, november.overdue) == (1, 0, 0)
    assert november.outstanding == 5
    assert "累计逾期未报的进度报告5份" in november.narrative
    district = Summary.objects.get(scope_kind=ScopeKind.DISTRICT, region=unit.parent)
    assert district.outstanding == 5

    client.force_login(official)
    response = client.get(
        reverse("initiatives:reporting_rate"), {"period_kind": "month", "date": "2026-11-15"}
    )
    (row,) = response.context["rows"]
    assert (row.expected, row.filed, row.overdue, row.outstanding) == (1, 0, 0, 5)
    assert '<td class="text-end text-danger" data-figure="outstanding">5</td>' in (
        response.content.decode()
    )


def test_a_unit_whose_report_is_not_due_is_not_lagging(unit, other_unit, world):
    summaries_build_period(period_kind="month", period_start=dt.date(2026, 11, 1))
    district = Summary.objects.get(scope_kind=ScopeKind.DISTRICT, region=unit.parent)
    # 和平 0.0 % against the district's 50.0 %, but its November report is due on 12-05.
    rows = {u["name"]: (u["rate"], u["overdue"]) for u in district.figures["units"]}
    assert rows == {"和平街道": (0.0, 0), "公园街道": (100.0, 0)}
    assert "和平街道（0.0%" not in district.narrative
    assert "各单位报送率均未明显落后" in district.narrative

    # After 12-05 the same rate is lagging: the report is overdue.
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, tzinfo=SH), tick=False):
        summaries_build_period(period_kind="month", period_start=dt.date(2026, 11, 1))
    district.refresh_from_db()
    assert "和平街道（0.0%，低50.0个百分点）" in district.narrative


def test_the_list_and_the_counting_core_count_the_same_slots(unit, official, world):
    """The Python list and the SQL count apply one rule (``periods.owes``), target dates
    included: an initiative that ended in May owes nothing after May."""
    ended = InitiativeFactory(
        region=unit, title="已到期", frequency=Frequency.MONTH, target_date=dt.date(2026, 5, 20)
    )
    overview = official_overview(user=official, today=MOMENT.date())
    listed = [i for i in overview["overdue"] if i.initiative.pk == ended.pk]
    assert [i.period_start.month for i in listed] == [1, 2, 3, 4, 5]
    (row,) = reporting_rates(
        units=type(unit).objects.filter(pk=unit.pk),
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30),
    )
    assert row.outstanding == len(overview["overdue"]) == 10
