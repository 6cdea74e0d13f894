"""Queueing tasks from services: after the transaction commits, and never at the cost of
the user's data when the broker is down.

Services never import a tasks module (the tasks import the services). They name the task
by the stable name its ``@shared_task(name=...)`` gives it, and Celery's registry finds it:
every process fills the registry at start-up (``portal.celery.TASK_PACKAGES``)."""

import logging

from celery import current_app
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def registered(name: str):
    """The task registered under ``name``. An unknown name raises ``NotRegistered`` here,
    in the request that made the mistake, instead of sending a message nobody takes."""
    return current_app.tasks[name]


def enqueue_on_commit(name: str, *args, **kwargs) -> None:
    """Send the task ``name`` once the current transaction commits. A broker failure is
    logged, not raised: whatever the task would do is recorded in the database and a
    periodic sweep picks it up (``portal.send_pending_notifications``)."""
    task = registered(name)

    def send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:  # the broker's client raises many kinds; none may reach the user
            logger.warning("could not queue %s; the periodic sweep will retry", name, exc_info=True)

    transaction.on_commit(send)


def enqueue_debounced_on_commit(name: str, *args, key: str, delay: int) -> None:
    """After commit, send the task ``name`` to run in ``delay`` seconds, unless one for
    ``key`` is already waiting: the changes of those seconds share one run. The task
    calls ``debounce_release(key)`` before it reads anything, so a change committed
    while it runs queues the next run. The mark lives in the cache (Redis in
    production, shared by every process) and expires on its own if a run is lost."""
    task = registered(name)

    def send() -> None:
        if not cache.add(f"debounce:{key}", 1, timeout=delay + 60):
            return
        try:
            task.apply_async(args=args, countdown=delay)
        except Exception:  # the broker's client raises many kinds; none may reach the user
            cache.delete(f"debounce:{key}")
            logger.warning("could not queue %s; the periodic build reconciles", name, exc_info=True)

    transaction.on_commit(send)


def debounce_release(key: str) -> None:
    cache.delete(f"debounce:{key}")
