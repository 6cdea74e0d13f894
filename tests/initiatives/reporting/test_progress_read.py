"""The two statements of progress agree: ``add_progress`` (indicators already read, one
plain query and ``progress_of``) and ``indicators_with_progress`` (the SQL annotation);
likewise ``add_milestone_progress`` and ``milestones_with_progress``."""

import datetime as dt
import itertools

import pytest

from initiatives.models import (
    Direction,
    Indicator,
    Measure,
    Milestone,
    MilestoneProgress,
    MilestoneProgressState,
    ReportStatus,
)
from initiatives.reporting.progress import (
    add_milestone_progress,
    add_progress,
    indicators_with_progress,
    milestones_with_progress,
)
from tests.factories import IndicatorFactory, IndicatorValueFactory, InitiativeFactory
from tests.initiatives.reporting.test_progress import report

pytestmark = pytest.mark.django_db

MONTHS = (1, 2, 3, 4)
# Per month: the report's status; values in the order written (the latest is not the
# largest, and a later draft or submitted value must not count unless its status does).
STATUSES = (
    ReportStatus.APPROVED,
    ReportStatus.APPROVED,
    ReportStatus.SUBMITTED,
    ReportStatus.APPROVED,
)
VALUES = ("7", "40.5", "999", "1470")


def fields(row):
    return (row.achieved, row.needed, row.current, row.percent)


def test_add_progress_equals_the_sql_annotation_on_every_measure_direction_cut_and_status():
    initiative = InitiativeFactory()
    reports = [report(initiative, m, st) for m, st in zip(MONTHS, STATUSES, strict=True)]
    combos = itertools.product(Measure.values, Direction.values, range(len(MONTHS) + 1))
    for n, (measure, direction, count) in enumerate(combos):
        upward = direction == Direction.UP
        indicator = IndicatorFactory(
            initiative=initiative, name=f"指标{n}", measure=measure, direction=direction,
            baseline=10 if upward else 2100,
            target=(110 if upward else 0) if n % 3 else (10 if upward else 2100),  # some flat
            position=n,
        )  # fmt: skip
        for filed, value in list(zip(reports, VALUES, strict=True))[:count]:
            IndicatorValueFactory(report=filed, indicator=indicator, value=value)
    cuts = (None, dt.date(2026, 2, 28), dt.date(2026, 3, 28), dt.date(2025, 12, 31))
    kinds = ((ReportStatus.APPROVED,), (ReportStatus.APPROVED, ReportStatus.SUBMITTED))
    compared = 0
    for until, statuses in itertools.product(cuts, kinds):
        sql = {
            i.pk: fields(i)
            for i in indicators_with_progress(
                Indicator.objects.filter(initiative=initiative), until=until, statuses=statuses
            )
        }
        rows = list(Indicator.objects.filter(initiative=initiative))
        python = {i.pk: fields(i) for i in add_progress(rows, until=until, statuses=statuses)}
        assert python == sql, (until, statuses)
        compared += len(python)
    assert compared == len(cuts) * len(kinds) * len(Measure.values) * len(Direction.values) * 5
    assert any(percent is None for *_rest, percent in python.values())  # target = baseline


def test_add_progress_is_one_query_whatever_the_number_of_indicators(django_assert_num_queries):
    initiative = InitiativeFactory()
    jan = report(initiative, 1, ReportStatus.APPROVED)
    for n in range(6):
        IndicatorValueFactory(
            report=jan, indicator=IndicatorFactory(initiative=initiative, name=f"i{n}")
        )
    rows = list(Indicator.objects.filter(initiative=initiative))
    with django_assert_num_queries(1):
        add_progress(rows)
    with django_assert_num_queries(0):
        assert add_progress([]) == []


def test_add_milestone_progress_equals_the_sql_annotation():
    initiative = InitiativeFactory()
    reports = [report(initiative, m, st) for m, st in zip(MONTHS, STATUSES, strict=True)]
    states = (
        (MilestoneProgressState.IN_PROGRESS, None),
        (MilestoneProgressState.DONE, dt.date(2026, 2, 20)),
        (MilestoneProgressState.NOT_STARTED, None),
        (MilestoneProgressState.DONE, dt.date(2026, 4, 2)),
    )
    for n in range(len(MONTHS) + 1):
        milestone = Milestone.objects.create(initiative=initiative, name=f"节点{n}", position=n)
        for filed, (state, day) in list(zip(reports, states, strict=True))[:n]:
            MilestoneProgress.objects.create(
                report=filed, milestone=milestone, state=state, actual_date=day
            )
    for statuses in (
        (ReportStatus.APPROVED,),
        (ReportStatus.SUBMITTED,),
        tuple(ReportStatus.values),
    ):
        sql = {
            m.pk: (m.reported_state, m.reported_date)
            for m in milestones_with_progress(
                Milestone.objects.filter(initiative=initiative), statuses=statuses
            )
        }
        rows = list(Milestone.objects.filter(initiative=initiative))
        python = {
            m.pk: (m.reported_state, m.reported_date)
            for m in add_milestone_progress(rows, statuses=statuses)
        }
        assert python == sql, statuses
    assert python[rows[0].pk] == (None, None)
