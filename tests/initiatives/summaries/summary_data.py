"""A small hand-checked world for the summary tests (see test_summaries.py for the sums).

Summary week: Monday 2026-09-28 to Sunday 2026-10-04. Ending inside it: the weekly period
of that week (due 10-06), September (due 10-05) and the third quarter (due 10-10). The
build's as-of time is 2026-10-08 12:00 (Asia/Shanghai): week and month are past due, the
quarter is not."""

import datetime as dt
from zoneinfo import ZoneInfo

from initiatives.models import Frequency, InitiativeStatus, ReportStatus
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    InitiativeFamilyFactory,
    ProgressReportFactory,
)

SH = ZoneInfo("Asia/Shanghai")
WEEK = dt.date(2026, 9, 28)
AS_OF = dt.datetime(2026, 10, 8, 12, 0, tzinfo=SH)
WEEK_PERIOD = (dt.date(2026, 9, 28), dt.date(2026, 10, 4), dt.date(2026, 10, 6))
MONTH_PERIOD = (dt.date(2026, 9, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 5))
QUARTER_PERIOD = (dt.date(2026, 7, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 10))


def at(day: str, time: str = "10:00", tz=SH) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=tz)


def report(initiative, period, **kwargs):
    start, end, due = period
    return ProgressReportFactory(
        initiative=initiative, period_start=start, period_end=end, due_date=due, **kwargs
    )


def build_world(unit, other_unit, foreign_unit):
    family = InitiativeFamilyFactory(name="党建+")
    grid = InitiativeFamilyFactory(name="网格化+N")
    make = lambda region, title, frequency, **kw: InitiativeFactory(  # noqa: E731
        region=region, title=title, frequency=frequency, family=kw.pop("family", family), **kw
    )
    # 和平街道 (unit): expects w1, m1, q1.
    w1 = make(unit, "w1 红色物业", Frequency.WEEK)
    m1 = make(unit, "m1 花开和平", Frequency.MONTH)
    q1 = make(unit, "q1 棚户区改造", Frequency.QUARTER, family=grid)
    make(unit, "w2 晚开始", Frequency.WEEK, start_date=dt.date(2026, 10, 5))
    m2 = make(unit, "m2 已完成", Frequency.MONTH, status=InitiativeStatus.COMPLETED)
    approved = report(w1, WEEK_PERIOD, status=ReportStatus.APPROVED, submitted_at=at("2026-10-05"))
    report(
        w1,
        (dt.date(2026, 9, 21), dt.date(2026, 9, 27), dt.date(2026, 9, 29)),
        status=ReportStatus.APPROVED,
        submitted_at=at("2026-09-28"),
    )
    report(
        m1, MONTH_PERIOD, status=ReportStatus.SUBMITTED, submitted_at=at("2026-10-07"),
        return_count=1,
    )  # fmt: skip
    report(q1, QUARTER_PERIOD, status=ReportStatus.DRAFT)
    report(m2, MONTH_PERIOD, status=ReportStatus.APPROVED, submitted_at=at("2026-10-01"))
    roads = IndicatorFactory(initiative=w1, name="道路", unit="米", baseline=0, target=100)
    IndicatorValueFactory(report=approved, indicator=roads, value=30)

    # 公园街道 (other_unit): expects w3, m3, w4, w5.
    make(other_unit, "w3 未报", Frequency.WEEK, family=grid)
    m3 = make(other_unit, "m3 草稿", Frequency.MONTH, family=grid)
    w4 = make(other_unit, "w4 退回两次", Frequency.WEEK, family=grid)
    w5 = make(other_unit, "w5 零点后", Frequency.WEEK, family=grid)
    report(m3, MONTH_PERIOD, status=ReportStatus.DRAFT)
    report(
        w4, WEEK_PERIOD, status=ReportStatus.RETURNED, submitted_at=at("2026-10-06", "23:30"),
        return_count=2,
    )  # fmt: skip
    # 16:30 UTC is 00:30 the next day in Shanghai: one day late.
    report(
        w5, WEEK_PERIOD, status=ReportStatus.APPROVED,
        submitted_at=at("2026-10-06", "16:30", tz=dt.UTC),
    )  # fmt: skip

    # 即墨路街道 (foreign_unit, another district): one weekly report, filed.
    w6 = make(foreign_unit, "w6 路长制", Frequency.WEEK, family=grid)
    report(w6, WEEK_PERIOD, status=ReportStatus.SUBMITTED, submitted_at=at("2026-10-04"))
    return {"family": family, "grid": grid}
