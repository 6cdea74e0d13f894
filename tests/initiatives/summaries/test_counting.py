"""The summary maths on a small hand-checked world (tests/initiatives/summaries/summary_data.py)."""

import datetime as dt

import pytest

from initiatives.models import Region, ScopeKind, Summary
from initiatives.reporting.periods import reporting_periods
from initiatives.summaries.selectors.counting import reporting_rates
from initiatives.summaries.services.building import (
    summaries_build_district,
    summaries_build_period,
    summary_build,
)
from portal.errors import WorkflowError
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

COUNTS = ("expected", "filed", "on_time", "approved", "returned", "overdue")


def counts(summary):
    return tuple(getattr(summary, name) for name in COUNTS)


def test_reporting_periods_ending_in_the_week_and_in_the_month():
    periods = reporting_periods(WEEK, dt.date(2026, 10, 4))
    assert [(p.frequency, p.start, p.due) for p in periods] == [
        ("week", dt.date(2026, 9, 28), dt.date(2026, 10, 6)),
        ("month", dt.date(2026, 9, 1), dt.date(2026, 10, 5)),
        ("quarter", dt.date(2026, 7, 1), dt.date(2026, 10, 10)),
    ]
    # September 2026 holds the weeks ending 6, 13, 20 and 27 September: four Sundays.
    month = reporting_periods(dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert [p.frequency for p in month] == ["week"] * 4 + ["month", "quarter"]


def test_reporting_rates_per_unit(unit, other_unit, foreign_unit, django_assert_num_queries):
    build_world(unit, other_unit, foreign_unit)
    units = Region.objects.filter(pk__in=[unit.pk, other_unit.pk])
    # The units, then the one statement of the counting core, however many units.
    with django_assert_num_queries(2):
        rows = {
            r.name: r
            for r in reporting_rates(
                units=units, period_start=WEEK, period_end=dt.date(2026, 10, 4), as_of=AS_OF
            )
        }
    heping, gongyuan = rows["和平街道"], rows["公园街道"]
    # 和平街道: expected w1 (week) + m1 (September) + q1 (Q3) = 3; w2 started after the
    # week, m2 is completed. Filed w1 (10-05, due 10-06: on time, approved) and m1 (10-07,
    # due 10-05: late, returned once). q1 is a draft but due 10-10, after as-of: not overdue.
    assert (heping.expected, heping.filed, heping.on_time) == (3, 2, 1)
    assert (heping.approved, heping.returned, heping.overdue) == (1, 1, 0)
    # 公园街道: expected w3, m3, w4, w5 = 4. Filed w4 (10-06 23:30, on time, returned
    # twice) and w5 (00:30 on 10-07 in Shanghai: late, approved). w3 has no report and m3
    # is a draft, both past due: overdue 2.
    assert (gongyuan.expected, gongyuan.filed, gongyuan.on_time) == (4, 2, 1)
    assert (gongyuan.approved, gongyuan.returned, gongyuan.overdue) == (1, 1, 2)
    assert round(heping.rate, 1) == 66.7 and gongyuan.rate == 50.0
    assert (heping.rank, gongyuan.rank) == (1, 2)


def test_week_build_for_every_scope(unit, other_unit, foreign_unit, django_assert_max_num_queries):
    families = build_world(unit, other_unit, foreign_unit)
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    by_scope = {
        (s.scope_kind, s.region_id or s.family_id): s
        for s in Summary.objects.filter(period_start=WEEK)
    }
    # Units: as in test_reporting_rates_per_unit.
    assert counts(by_scope[("unit", unit.pk)]) == (3, 2, 1, 1, 1, 0)
    assert counts(by_scope[("unit", other_unit.pk)]) == (4, 2, 1, 1, 1, 2)
    # 张店区 = 和平 + 公园: 3+4, 2+2, 1+1, 1+1, 1+1, 0+2.
    district = by_scope[("district", unit.parent_id)]
    assert counts(district) == (7, 4, 2, 2, 2, 2)
    # Its city holds only 张店区.
    assert counts(by_scope[("city", unit.parent.parent_id)]) == (7, 4, 2, 2, 2, 2)
    # 即墨路街道 alone: w6 filed 10-04, on time, still waiting for review.
    assert counts(by_scope[("unit", foreign_unit.pk)]) == (1, 1, 1, 0, 0, 0)
    assert counts(by_scope[("district", foreign_unit.parent_id)]) == (1, 1, 1, 0, 0, 0)
    # 党建+: w1, m1 expected and filed; w1 on time and approved, m1 returned once.
    assert counts(by_scope[("family", families["family"].pk)]) == (2, 2, 1, 1, 1, 0)
    # 网格化+N: q1, w3, m3, w4, w5, w6 expected = 6; filed w4, w5, w6 = 3; on time w4, w6;
    # approved w5; returned w4; overdue w3, m3.
    assert counts(by_scope[("family", families["grid"].pk)]) == (6, 3, 2, 1, 1, 2)
    # One summary per scope: 3 units, 2 districts, 2 cities, 2 families.
    assert Summary.objects.count() == 9

    figures = district.figures
    assert figures["counts"]["rate"] == 57.1  # 4 / 7
    assert [(u["name"], u["rate"], u["rank"]) for u in figures["units"]] == [
        ("和平街道", 66.7, 1),
        ("公园街道", 50.0, 2),
    ]
    assert figures["initiatives"] == {
        "planned": 0, "active": 8, "completed": 1, "suspended": 0, "total": 9,
    }  # fmt: skip
    heping = by_scope[("unit", unit.pk)].figures
    assert heping["indicators"][0]["name"] == "道路"
    assert heping["indicators"][0]["percent"] == 30.0  # 30 of 100 metres, approved
    assert heping["progress"] == 30.0
    assert heping["changes"] is None
    # The narrative names the unit behind: 50.0 % is 7.1 points below 57.1 %: not behind
    # by 10 points, so none is named.
    assert "应报进度报告7份，已报4份，报送率57.1%" in district.narrative
    assert "各单位报送率均未明显落后" in district.narrative


def test_changes_since_the_previous_week(unit, other_unit, foreign_unit):
    build_world(unit, other_unit, foreign_unit)
    before = WEEK - dt.timedelta(days=7)
    summary_build(scope_kind="unit", scope_id=unit.pk, period_kind="week", period_start=before, as_of=AS_OF)  # fmt: skip
    previous = Summary.objects.get(period_start=before)
    # The week before: only w1's report of 09-21..09-27 (filed 09-28, on time, approved).
    assert counts(previous) == (1, 1, 1, 1, 0, 0)
    now = summary_build(scope_kind="unit", scope_id=unit.pk, period_kind="week", period_start=WEEK, as_of=AS_OF)  # fmt: skip
    changes = now.figures["changes"]
    assert changes["expected"] == 2 and changes["filed"] == 1 and changes["returned"] == 1
    assert changes["rate"] == -33.3  # 66.7 % now against 100 % then
    assert "报送率较上期下降33.3个百分点" in now.narrative


def test_the_behind_unit_is_named_with_its_gap(unit, other_unit, foreign_unit):
    build_world(unit, other_unit, foreign_unit)
    # Make 公园街道 fall further behind: w4's report is withdrawn (never filed).
    from initiatives.models import ProgressReport

    ProgressReport.objects.filter(initiative__title="w4 退回两次").update(submitted_at=None)
    summaries_build_district(district_id=unit.parent_id, period_kind="week", period_start=WEEK, as_of=AS_OF)  # fmt: skip
    district = Summary.objects.get(scope_kind=ScopeKind.DISTRICT)
    # District 3/7 = 42.9 %; 公园街道 1/4 = 25.0 %: 17.9 points behind.
    assert "公园街道（25.0%，低17.9个百分点）" in district.narrative


def test_bad_periods_are_refused_in_plain_words(unit):
    with pytest.raises(WorkflowError, match="不是周的第一天"):
        summary_build(scope_kind="unit", scope_id=unit.pk, period_kind="week", period_start=dt.date(2026, 9, 29))  # fmt: skip
    with pytest.raises(WorkflowError, match="未知的汇总周期"):
        summary_build(scope_kind="unit", scope_id=unit.pk, period_kind="year", period_start=WEEK)
    assert Summary.objects.count() == 0
