"""The set-based build: indicator progress computed once (the Python statement equals the
pages' SQL), districts, cities and families rolled up from parts, equal to counting
their initiatives again."""

import datetime as dt
import itertools

import pytest

from initiatives.models import (
    Direction,
    Frequency,
    Indicator,
    Measure,
    ReportStatus,
    ScopeKind,
    Summary,
)
from initiatives.reporting.progress import indicators_with_progress
from initiatives.summaries.selectors.parts import indicator_parts, region_key
from initiatives.summaries.services.building import summaries_build_period, summaries_build_top
from tests.factories import IndicatorFactory, IndicatorValueFactory, InitiativeFactory
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, WEEK_PERIOD, at, build_world
from tests.initiatives.summaries.summary_data import report as make_report

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

EARLIER = (dt.date(2026, 9, 21), dt.date(2026, 9, 27), dt.date(2026, 9, 29))
LATER = (dt.date(2026, 10, 5), dt.date(2026, 10, 11), dt.date(2026, 10, 13))


def test_progress_of_every_measure_and_direction_equals_the_pages_sql(unit):
    from django.db.models import Q

    combos = itertools.product(Measure.values, Direction.values, ("none", "one", "three"))
    for n, (measure, direction, values) in enumerate(combos):
        initiative = InitiativeFactory(region=unit, title=f"i{n}", frequency=Frequency.WEEK)
        upward = direction == Direction.UP
        indicator = IndicatorFactory(
            initiative=initiative,
            name="指标",
            measure=measure,
            direction=direction,
            baseline=10 if upward else 2100,
            target=110 if upward else 0 if n % 2 else 2100,  # one downward target = baseline
        )
        periods = {"none": [], "one": [WEEK_PERIOD], "three": [EARLIER, WEEK_PERIOD, LATER]}
        for k, period in enumerate(periods[values]):
            filed = make_report(
                initiative, period, status=ReportStatus.APPROVED, submitted_at=at("2026-10-05")
            )
            IndicatorValueFactory(report=filed, indicator=indicator, value=[7, 40.5, 1470][k])
        # A value not approved is not counted.
        draft = make_report(initiative, (dt.date(2026, 9, 14), dt.date(2026, 9, 20), dt.date(2026, 9, 22)))  # fmt: skip
        IndicatorValueFactory(report=draft, indicator=indicator, value=999)
    until = WEEK_PERIOD[1]
    sql = {
        i.pk: (float(i.current), None if i.percent is None else round(i.percent, 1))
        for i in indicators_with_progress(
            Indicator.objects.filter(initiative__region=unit), until=until
        )  # fmt: skip
    }
    rows = indicator_parts(where=Q(region=unit), key=region_key, until=until)
    python = {row["id"]: (row["current"], row["percent"]) for _group, row in rows}
    assert len(python) == len(Measure.values) * len(Direction.values) * 3
    assert python == sql
    assert any(percent is None for _current, percent in python.values())  # target = baseline


def snapshot(kinds):
    return {
        (s.scope_kind, s.region_id or s.family_id): (
            s.expected,
            s.filed,
            s.on_time,
            s.approved,
            s.returned,
            s.overdue,
            s.outstanding,
            s.figures,
            s.narrative,
        )  # fmt: skip
        for s in Summary.objects.filter(scope_kind__in=kinds)
    }


def test_cities_and_families_rolled_up_equal_a_recount(unit, other_unit, foreign_unit):
    build_world(unit, other_unit, foreign_unit)
    # A district's own initiative counts in its district and city, not in any unit.
    own = InitiativeFactory(region=unit.parent, title="区级 d1", frequency=Frequency.WEEK)
    filed = make_report(own, WEEK_PERIOD, status=ReportStatus.APPROVED, submitted_at=at("2026-10-05"))  # fmt: skip
    IndicatorValueFactory(report=filed, indicator=IndicatorFactory(initiative=own, name="绿地", target=40), value=10)  # fmt: skip
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    rolled = snapshot([ScopeKind.CITY, ScopeKind.FAMILY])
    city = Summary.objects.get(scope_kind=ScopeKind.CITY, region=unit.parent.parent)
    assert city.expected == 8 and city.approved == 3  # 7 of the units + the district's own
    assert city.figures["indicator_count"] == 2 and city.figures["progress"] == 27.5  # (30+25)/2
    # Without the district summaries, the last piece counts every region's initiatives.
    Summary.objects.filter(scope_kind=ScopeKind.DISTRICT).delete()
    summaries_build_top(period_kind="week", period_start=WEEK, as_of=AS_OF)
    assert snapshot([ScopeKind.CITY, ScopeKind.FAMILY]) == rolled
