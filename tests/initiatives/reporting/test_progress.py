import datetime as dt
from decimal import Decimal

import pytest

from initiatives.models import Direction, Indicator, Measure, ReportStatus
from initiatives.reporting.progress import indicators_with_progress
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db


def report(initiative, month, status=ReportStatus.APPROVED):
    start = dt.date(2026, month, 1)
    return ProgressReportFactory(
        initiative=initiative, period_start=start, period_end=start.replace(day=28),
        due_date=start.replace(day=28), status=status,
    )  # fmt: skip


def test_sum_latest_and_downward_indicators_against_their_targets(django_assert_num_queries):
    initiative = InitiativeFactory()
    roads = IndicatorFactory(initiative=initiative, name="道路", baseline=0, target=5700)
    soil = IndicatorFactory(
        initiative=initiative, name="裸土", baseline=500, target=0,
        direction=Direction.DOWN, measure=Measure.LEVEL,
    )  # fmt: skip
    flat = IndicatorFactory(initiative=initiative, name="持平", baseline=3, target=3)
    jan, feb, mar = (
        report(initiative, 1),
        report(initiative, 2),
        report(initiative, 3, ReportStatus.SUBMITTED),
    )
    IndicatorValueFactory(report=jan, indicator=roads, value=1200)
    IndicatorValueFactory(report=feb, indicator=roads, value=1650)
    IndicatorValueFactory(report=mar, indicator=roads, value=999)  # not approved: not counted
    IndicatorValueFactory(report=jan, indicator=soil, value=300)
    IndicatorValueFactory(report=feb, indicator=soil, value=100)

    with django_assert_num_queries(1):
        rows = {
            i.name: i
            for i in indicators_with_progress(Indicator.objects.filter(initiative=initiative))
        }
    assert rows["道路"].current == Decimal("2850")
    assert rows["道路"].percent == Decimal("50")
    assert rows["裸土"].current == Decimal("100")
    assert rows["裸土"].percent == Decimal("80")
    assert rows["持平"].percent is None

    until_jan = {i.name: i for i in indicators_with_progress(until=dt.date(2026, 1, 31))}
    assert until_jan["道路"].current == Decimal("1200")
    assert until_jan["裸土"].current == Decimal("300")
    assert until_jan["道路"].percent == pytest.approx(1200 / 5700 * 100)
    assert flat.pk


def test_the_maths_follows_what_a_value_means():
    """Bare soil 2100 m² to clear to 0, three ways of reporting the same 630 m² cleared:
    amounts per period add up, a total to date and a level are read from the latest."""
    initiative = InitiativeFactory()
    down = {"baseline": 2100, "target": 0, "direction": Direction.DOWN, "unit": "平方米"}
    cleared = IndicatorFactory(initiative=initiative, name="清理", measure=Measure.AMOUNT, **down)
    total = IndicatorFactory(initiative=initiative, name="累计", measure=Measure.TOTAL, **down)
    level = IndicatorFactory(initiative=initiative, name="剩余", measure=Measure.LEVEL, **down)
    built = IndicatorFactory(
        initiative=initiative, name="累计道路", measure=Measure.TOTAL, target=5700
    )
    jan, feb = report(initiative, 1), report(initiative, 2)
    for month, values in ((jan, (300, 300, 1800, 1000)), (feb, (330, 630, 1470, 2500))):
        for indicator, value in zip((cleared, total, level, built), values, strict=True):
            IndicatorValueFactory(report=month, indicator=indicator, value=value)

    rows = {i.name: i for i in indicators_with_progress(Indicator.objects.all())}
    for name in ("清理", "累计", "剩余"):
        row = rows[name]
        assert (row.achieved, row.needed, row.current) == (630, 2100, 1470), name
        assert row.percent == pytest.approx(30)
    assert (rows["累计道路"].achieved, rows["累计道路"].current) == (2500, 2500)
    nothing = IndicatorFactory(initiative=InitiativeFactory(), name="未报", **down)
    row = indicators_with_progress(Indicator.objects.filter(pk=nothing.pk)).get()
    assert (row.achieved, row.current, row.percent) == (0, 2100, 0)
