"""Celery tasks for summaries and the weekly digest. Each takes ids or ISO dates and calls
one service. The build pieces are idempotent upserts, so they are acknowledged late: a
worker that dies mid-way leaves the message unacknowledged in Redis, where it goes back to
the queue once the dead worker stopped renewing it (``portal/celery_lease.py``, after
``CELERY_VISIBILITY_TIMEOUT``); another worker runs the piece again, the chord's callback
waits for every piece's result (``portal/celery_results.py``), and the upsert leaves one
row per scope and period."""

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from portal.queue import debounce_release

from ..reporting.periods import last_complete_period
from .services import building
from .services.digest import digests_send

BUILD_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
    # A batch of districts takes seconds; a national last piece (cities, families) a few minutes.
    "soft_time_limit": 15 * 60,
    "time_limit": 20 * 60,
}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


@shared_task(name="initiatives.build_districts_summaries", **BUILD_OPTIONS)
def build_districts_summaries(self, district_ids: list[int], period_kind: str, period_start: str, as_of: str | None = None) -> int:  # fmt: skip
    return building.summaries_build_districts(
        district_ids=district_ids,
        period_kind=period_kind,
        period_start=_date(period_start),
        as_of=_datetime(as_of),
    )


@shared_task(name="initiatives.build_top_summaries", **BUILD_OPTIONS)
def build_top_summaries(self, period_kind: str, period_start: str, as_of: str | None = None) -> int:  # fmt: skip
    return building.summaries_build_top(
        period_kind=period_kind, period_start=_date(period_start), as_of=_datetime(as_of)
    )


@shared_task(name="initiatives.refresh_unit_summaries", **BUILD_OPTIONS)
def refresh_unit_summaries(self, unit_id: int, day: str) -> int:
    """A unit's summaries after a submission, return or approval (debounced by
    ``portal.queue.enqueue_debounced_on_commit``: released before reading)."""
    debounce_release(f"summaries:{unit_id}:{day}")
    return building.summaries_refresh_unit(unit_id=unit_id, day=_date(day))


@shared_task(name="initiatives.build_summaries", soft_time_limit=60, time_limit=120)
def build_summaries(period_kind: str, period_start: str | None = None) -> str:
    """Beat's entry point: fan out the build of one period (the last complete one unless
    ``period_start`` is given) over the workers."""
    start = _date(period_start) or last_complete_period(period_kind)
    result = building.summaries_build_period(
        period_kind=period_kind, period_start=start, fan_out=True
    )
    return str(result.id)


@shared_task(
    name="initiatives.send_weekly_digests",
    bind=True,
    acks_late=True,
    soft_time_limit=10 * 60,
    time_limit=15 * 60,
)
def send_weekly_digests(self) -> int:
    return digests_send()
