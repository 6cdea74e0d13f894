"""Queueing tasks from services: after the transaction commits, and never at the cost of
the user's data when the broker is down."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send ``task`` once the current transaction commits. A broker failure is logged, not
    raised: whatever the task would do is recorded in the database and a periodic sweep
    picks it up (see ``portal.tasks.send_pending_notifications``)."""

    def send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:  # the broker's client raises many kinds; none may reach the user
            logger.warning(
                "could not queue %s; the periodic sweep will retry", task.name, exc_info=True
            )

    transaction.on_commit(send)
