"""Celery tasks for reports."""

from celery import shared_task
from django.utils import timezone

from ..services.reports import reports_open_due

__all__ = ["open_reporting_periods"]


@shared_task
def open_reporting_periods() -> int:
    """Daily: the draft of the current period for every active initiative. Safe to run
    twice (the service creates only what is missing)."""
    return reports_open_due(today=timezone.localdate())
