"""Demo reports: every state, plausible values, a believable timeline, idempotent; and the
daily task that opens each period's drafts, on a real worker."""

import datetime as dt

import pytest
from django.core.management import call_command

from initiatives.models import Initiative, ProgressReport, ReportStatus
from initiatives.reporting import demo

TODAY = dt.date(2026, 11, 21)


@pytest.mark.django_db
def test_demo_reports_in_every_state_and_idempotent():
    from initiatives.models import Aggregation, Direction, Region
    from tests.factories import IndicatorFactory, InitiativeFactory

    call_command("seed_demo", verbosity=0)
    heping = Region.objects.get(name="和平街道")
    gongyuan = Region.objects.get(name="公园街道")
    for number, unit in enumerate([heping, gongyuan, heping, gongyuan]):
        initiative = InitiativeFactory(region=unit, title=f"演示工作{number}")
        IndicatorFactory(initiative=initiative, name="花卉", target=4000)
        IndicatorFactory(
            initiative=initiative,
            name="裸露土地",
            baseline=500,
            target=0,
            direction=Direction.DOWN,
            aggregation=Aggregation.LATEST,
        )
    before = ProgressReport.objects.count()  # seed_demo's own reports on the demo catalog
    created = demo.load({}, today=TODAY)
    assert created == ProgressReport.objects.count() - before > 0
    assert demo.load({}, today=TODAY) == 0
    statuses = set(ProgressReport.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    returned = ProgressReport.objects.filter(status=ReportStatus.RETURNED)
    assert all(r.review_comment for r in returned)
    # Some periods are missing and overdue.
    counts = [i.reports.count() for i in Initiative.objects.all()]
    assert max(counts) == 5 and min(counts) < 5
    overdue = ProgressReport.objects.filter(status=ReportStatus.DRAFT, due_date__lt=TODAY)
    assert overdue.exists()
    timelines = set()
    mine = ProgressReport.objects.filter(initiative__title__startswith="演示工作")
    for report in mine.filter(status=ReportStatus.APPROVED):
        assert report.created_by.username in ("official_heping", "official_gongyuan")
        assert report.reviewed_by.username == "reviewer_zhangdian"
        history = report.history.order_by("history_date", "pk")
        timelines.add(tuple(history.values_list("history_change_reason", flat=True)))
        for value in report.values.all():
            assert 0 <= value.value <= 4000
    assert timelines == {
        ("created", "submitted", "approved"),
        ("created", "submitted", "returned", "resubmitted", "approved"),
    }


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
