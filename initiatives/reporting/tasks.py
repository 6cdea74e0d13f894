"""Celery tasks of the reporting loop. Each takes ids or nothing and calls one service."""

from celery import shared_task
from django.utils import timezone

from .services.opening import reports_open_due
from .services.reminders import reminders_send


@shared_task(name="initiatives.open_reporting_periods")
def open_reporting_periods() -> int:
    """Daily: the draft of the current period for every active initiative. Safe to run
    twice (the service creates only what is missing)."""
    return reports_open_due(today=timezone.localdate())


@shared_task(
    name="initiatives.send_report_reminders",
    bind=True,
    acks_late=True,
    soft_time_limit=10 * 60,
    time_limit=15 * 60,
)
def send_report_reminders(self) -> int:
    return reminders_send()
