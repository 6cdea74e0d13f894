import datetime as dt
from decimal import Decimal

import pytest

from initiatives.models import Aggregation, Direction, Indicator, ReportStatus
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
        direction=Direction.DOWN, aggregation=Aggregation.LATEST,
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
