"""Demo reports: every state, plausible values, a believable timeline, idempotent, on
whatever day the demo is seeded; and the daily task that opens each period's drafts, on a
real worker."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from initiatives.models import Initiative, ProgressReport, ReportStatus
from initiatives.reporting import demo
from initiatives.reporting.periods import period_bounds

pytestmark = pytest.mark.dates

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_demo_reports_in_every_state_and_idempotent(today):
    from initiatives.models import Direction, Measure, Region
    from tests.factories import IndicatorFactory, InitiativeFactory

    call_command("seed_demo", today=today.isoformat(), verbosity=0)
    heping = Region.objects.get(name="和平街道")
    gongyuan = Region.objects.get(name="公园街道")
    started = today - dt.timedelta(days=400)
    for number, unit in enumerate([heping, gongyuan, heping, gongyuan]):
        initiative = InitiativeFactory(region=unit, title=f"演示工作{number}", start_date=started)
        IndicatorFactory(initiative=initiative, name="花卉", target=4000)
        IndicatorFactory(
            initiative=initiative,
            name="裸露土地",
            baseline=500,
            target=0,
            direction=Direction.DOWN,
            measure=Measure.LEVEL,
        )
    before = ProgressReport.objects.count()  # seed_demo's own reports on the demo catalog
    created = demo.load({}, today=today)
    assert created == ProgressReport.objects.count() - before > 0
    assert demo.load({}, today=today) == 0
    assert call_command("seed_demo", today=today.isoformat(), verbosity=0) is None
    assert ProgressReport.objects.count() == before + created
    statuses = set(ProgressReport.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    returned = ProgressReport.objects.filter(status=ReportStatus.RETURNED)
    assert all(r.review_comment for r in returned)
    # Five periods at most, the current one last; some are missing and overdue.
    counts = [i.reports.count() for i in Initiative.objects.all()]
    assert max(counts) == 5 and min(counts) < 5
    for initiative in Initiative.objects.filter(title__startswith="演示工作"):
        current, _end = period_bounds(initiative.frequency, today)
        assert max(initiative.reports.values_list("period_start", flat=True)) <= current
    # Something is overdue on any day: a draft or a period with no report at all.
    from initiatives.reporting.selectors import official_overview
    from portal.models import UserProfile

    officials = [p.user for p in UserProfile.objects.filter(unit__isnull=False)]
    assert any(official_overview(user=u, today=today)["overdue"] for u in officials)
    timelines = set()
    mine = ProgressReport.objects.filter(initiative__title__startswith="演示工作")
    now = dt.datetime.combine(today, dt.time(23, 59, 59), tzinfo=SHANGHAI)
    for report in mine.filter(status=ReportStatus.APPROVED):
        assert report.created_by.username in ("official_heping", "official_gongyuan")
        assert report.reviewed_by.username == "reviewer_zhangdian"
        history = report.history.order_by("history_date", "pk")
        timelines.add(tuple(history.values_list("history_change_reason", flat=True)))
        assert all(record.history_date <= now for record in history)
        for value in report.values.all():
            assert 0 <= value.value <= 4000
    assert timelines == {
        ("created", "submitted", "approved"),
        ("created", "submitted", "returned", "resubmitted", "approved"),
    }


def test_seed_demo_refuses_a_bad_day():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("seed_demo", today="2027-02-30", verbosity=0)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_open_reporting_periods_task_on_a_real_worker(redis_broker, celery_app, celery_worker):
    from initiatives.reporting.tasks import open_reporting_periods
    from tests.factories import InitiativeFactory

    InitiativeFactory(start_date=dt.date(2026, 1, 1))
    InitiativeFactory(start_date=dt.date(2026, 1, 1))
    result = open_reporting_periods.delay()
    assert result.get(timeout=30) == 2
    assert open_reporting_periods.delay().get(timeout=30) == 0
    assert ProgressReport.objects.filter(status=ReportStatus.DRAFT).count() == 2


@pytest.mark.django_db
def test_demo_figures_follow_each_indicator_precision(today):
    """Counts are whole (no 0.67 座 停车亭); every value fits its indicator's precision."""
    from decimal import Decimal

    from initiatives.models import IndicatorValue

    call_command("seed_demo", today=today.isoformat(), verbosity=0)
    values = list(IndicatorValue.objects.select_related("indicator"))
    assert values
    for row in values:
        places = row.indicator.precision
        assert row.value == row.value.quantize(Decimal(1).scaleb(-places)), (row.indicator, row)
    counts = [row for row in values if row.indicator.unit in ("座", "个", "件", "次", "条")]
    assert counts and all(row.value == int(row.value) for row in counts)
