"""Email tasks of the outbox."""

from celery import shared_task

from .models import Notification
from .services import notification_send_email, notifications_send_pending


@shared_task(
    name="portal.send_notification_email",
    bind=True,
    acks_late=True,
    max_retries=5,
    default_retry_delay=60,
)
def send_notification_email(self, notification_id: int) -> bool:
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return False
    try:
        return notification_send_email(notification=notification)
    except OSError as exc:  # the mail server is away: try again later
        raise self.retry(exc=exc) from exc


@shared_task(name="portal.send_pending_notifications")
def send_pending_notifications(limit: int = 500) -> int:
    """The sweep: emails that were never queued (broker down) or never sent."""
    return notifications_send_pending(limit=limit)
