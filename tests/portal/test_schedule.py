"""The beat schedule as beat reads it from the database (django-celery-beat): every entry
names a registered task, and runs on Asia/Shanghai time, not UTC: at 00:30 on a Monday in
Shanghai it is still Sunday in UTC, and the nightly and Monday jobs must follow the local
clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

SHANGHAI = ZoneInfo("Asia/Shanghai")

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def database_schedule() -> dict:
    """The settings' schedule written to the database and read back as beat's entries, the
    way ``DatabaseScheduler`` does at start (without its connection handling, which a
    test transaction cannot take)."""
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import ModelEntry

    from portal.celery import app

    for name, spec in settings.CELERY_BEAT_SCHEDULE.items():
        ModelEntry.from_entry(name, app=app, **spec)
    return {
        task.name: ModelEntry(task, app=app)
        for task in PeriodicTask.objects.filter(name__in=settings.CELERY_BEAT_SCHEDULE)
    }


def test_every_beat_entry_is_in_the_database_on_local_time():
    from django_celery_beat.models import PeriodicTask

    from portal.celery import app

    app.loader.import_default_modules()
    entries = database_schedule()
    for name, spec in settings.CELERY_BEAT_SCHEDULE.items():
        assert spec["task"] in app.tasks, f"{name}: task {spec['task']} is not registered"
        task = PeriodicTask.objects.get(name=name)
        assert task.task == spec["task"] and task.enabled
        assert str(task.crontab.timezone) == "Asia/Shanghai"
        assert name in entries


def next_run(name: str, *, at: dt.datetime, last: dt.datetime) -> dt.datetime:
    """When beat would next run ``name``, asked at ``at`` with the last run at ``last``."""
    with time_machine.travel(at, tick=False):
        entry = database_schedule()[name]
        due, seconds = entry.schedule.is_due(last)
        return at if due else at + dt.timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("name", "at", "last", "expected"),
    [
        # 00:30 on Monday 2026-12-28 (Sunday 16:30 UTC): tonight's 00:10 run is due now.
        (
            "open-reporting-periods",
            dt.datetime(2026, 12, 28, 0, 30, tzinfo=SHANGHAI),
            dt.datetime(2026, 12, 27, 0, 10, tzinfo=SHANGHAI),
            dt.datetime(2026, 12, 28, 0, 30, tzinfo=SHANGHAI),
        ),
        # ... and the Monday build runs at 01:30 Shanghai time, an hour later, not on
        # Monday in UTC (09:30 Shanghai).
        (
            "build-weekly-summaries",
            dt.datetime(2026, 12, 28, 0, 30, tzinfo=SHANGHAI),
            dt.datetime(2026, 12, 21, 1, 30, tzinfo=SHANGHAI),
            dt.datetime(2026, 12, 28, 1, 30, tzinfo=SHANGHAI),
        ),
        # New Year's Eve 23:30: the monthly build runs at 02:30 on the 1st.
        (
            "build-monthly-summaries",
            dt.datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI),
            dt.datetime(2026, 12, 1, 2, 30, tzinfo=SHANGHAI),
            dt.datetime(2027, 1, 1, 2, 30, tzinfo=SHANGHAI),
        ),
        # Leap day noon: reminders went at 08:00; the next ones at 08:00 on 1 March.
        (
            "send-report-reminders",
            dt.datetime(2028, 2, 29, 12, 0, tzinfo=SHANGHAI),
            dt.datetime(2028, 2, 29, 8, 0, tzinfo=SHANGHAI),
            dt.datetime(2028, 3, 1, 8, 0, tzinfo=SHANGHAI),
        ),
    ],
)
def test_beat_runs_on_shanghai_time(name, at, last, expected):
    got = next_run(name, at=at, last=last)
    assert abs(got - expected) < dt.timedelta(seconds=61), got.astimezone(SHANGHAI)
