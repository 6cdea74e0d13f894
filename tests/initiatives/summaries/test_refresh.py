"""Always current: a submission, return or approval refreshes the summaries that count
the report (the unit's, its district's, its city's), and the refreshed rows equal a full
rebuild at the same moment. Ranks of equal figures follow the units' codes, build after
build."""

import pytest
import time_machine

from initiatives.models import Frequency, ProgressReport, ReportStatus, ScopeKind, Summary
from initiatives.reporting.services.workflow import report_approve, report_return
from initiatives.summaries.services.building import summaries_build_period
from tests.factories import IndicatorFactory, IndicatorValueFactory, InitiativeFactory
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, WEEK_PERIOD, at, build_world
from tests.initiatives.summaries.summary_data import report as make_report

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

FIELDS = ("scope_kind", "region_id", "family_id", "period_kind", "period_start", "period_end",
          "expected", "filed", "on_time", "approved", "returned", "overdue", "outstanding",
          "figures", "narrative")  # fmt: skip


def region_rows():
    return {
        (s.scope_kind, s.region_id): tuple(getattr(s, f) for f in FIELDS)
        for s in Summary.objects.exclude(scope_kind=ScopeKind.FAMILY)
    }


def test_an_approval_refreshes_unit_district_and_city_as_a_full_rebuild_would(
    unit, other_unit, foreign_unit, reviewer, django_capture_on_commit_callbacks
):
    with time_machine.travel(AS_OF, tick=False):
        build_world(unit, other_unit, foreign_unit)
        summaries_build_period(period_kind="week", period_start=WEEK)
        before = region_rows()
        mine = Summary.objects.get(scope_kind=ScopeKind.UNIT, region=unit)
        assert mine.approved == 1
        m1 = ProgressReport.objects.get(initiative__title="m1 花开和平")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            report_approve(report=m1, by=reviewer)
        assert len(callbacks) >= 1
        refreshed = region_rows()
        mine.refresh_from_db()
        district = Summary.objects.get(scope_kind=ScopeKind.DISTRICT, region=unit.parent)
        city = Summary.objects.get(scope_kind=ScopeKind.CITY, region=unit.parent.parent)
        assert (mine.approved, district.approved, city.approved) == (2, 3, 3)
        assert refreshed != before
        # The weekly reconciliation of the same moment writes exactly the same rows.
        summaries_build_period(period_kind="week", period_start=WEEK)
        assert region_rows() == refreshed


def test_changes_in_the_same_seconds_share_one_refresh(
    unit, other_unit, foreign_unit, reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    from initiatives.summaries.services import building

    runs = []
    real = building.summaries_refresh_unit
    monkeypatch.setattr(
        building, "summaries_refresh_unit", lambda **kw: runs.append(kw) or real(**kw)
    )
    with time_machine.travel(AS_OF, tick=False):
        build_world(unit, other_unit, foreign_unit)
        summaries_build_period(period_kind="week", period_start=WEEK)
        w4 = ProgressReport.objects.get(initiative__title="w4 退回两次")
        w4.status = ReportStatus.SUBMITTED
        w4.save(update_fields=["status"])
        w5 = ProgressReport.objects.get(initiative__title="w5 零点后")
        # Eager tasks run at once, so the mark is released at once: hold it to see the
        # second change join the waiting refresh.
        monkeypatch.setattr("initiatives.summaries.tasks.debounce_release", lambda key: None)
        with django_capture_on_commit_callbacks(execute=True):
            report_return(report=w4, by=reviewer, comment="请补充照片。")
        with django_capture_on_commit_callbacks(execute=True):
            w5.status = ReportStatus.SUBMITTED
            w5.save(update_fields=["status"])
            report_approve(report=w5, by=reviewer)
    assert len(runs) == 1  # one unit, one period end (10-04): one refresh


def test_equal_rates_and_progress_rank_by_code_build_after_build(unit, other_unit):
    type(unit).objects.filter(pk=unit.pk).update(code="370303002000")
    type(unit).objects.filter(pk=other_unit.pk).update(code="370303001000")
    for region in (unit, other_unit):
        initiative = InitiativeFactory(region=region, title="周报", frequency=Frequency.WEEK)
        filed = make_report(
            initiative, WEEK_PERIOD, status=ReportStatus.APPROVED, submitted_at=at("2026-10-05")
        )
        # 1/3 and 33.33 % of target: equal at the one decimal shown.
        roads = IndicatorFactory(initiative=initiative, name="道路", unit="米", target=3)
        IndicatorValueFactory(report=filed, indicator=roads, value=1 if region == unit else 0.9999)
    rows = []
    for _build in range(2):
        summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
        district = Summary.objects.get(scope_kind=ScopeKind.DISTRICT, region=unit.parent)
        rows.append(district.figures["units"])
    units = [(u["name"], u["rank"], u["progress"], u["progress_rank"]) for u in rows[0]]
    assert units == [("公园街道", 1, 33.3, 1), ("和平街道", 2, 33.3, 2)]
    assert rows[0] == rows[1]
