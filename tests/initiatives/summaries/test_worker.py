"""A real Celery worker on the real Redis broker and the test database builds a week end
to end: the chord of per-district pieces, then the last piece."""

import pytest

from initiatives.models import Summary
from initiatives.summaries.services.building import summaries_build_period
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

pytestmark = [pytest.mark.worker, pytest.mark.dates, pytest.mark.django_db(transaction=True)]


def test_a_worker_builds_a_week_by_districts_then_the_rest(
    redis_broker, celery_app, celery_worker, unit, other_unit, foreign_unit
):
    build_world(unit, other_unit, foreign_unit)
    result = summaries_build_period(
        period_kind="week", period_start=WEEK, as_of=AS_OF, fan_out=True
    )
    # The callback's result: 2 cities + 2 families (no unit hangs outside a district).
    assert result.get(timeout=60) == 4
    assert Summary.objects.filter(period_start=WEEK).count() == 9
    district = Summary.objects.get(scope_kind="district", region=unit.parent)
    assert (district.expected, district.filed, district.overdue) == (7, 4, 2)

    # Again, as after a lost worker: still one summary per scope and period.
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF, fan_out=True).get(
        timeout=60
    )
    assert Summary.objects.filter(period_start=WEEK).count() == 9
