"""Email tasks of the outbox."""

from celery import shared_task

from .models import Notification
from .services import notification_send_email, notifications_send_pending


@shared_task(name="portal.send_notification_email", acks_late=True)
def send_notification_email(notification_id: int) -> bool:
    """One email. A failure is recorded on the notification with its back-off (the sweep
    tries again when it is over), never raised."""
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return False
    return notification_send_email(notification=notification)


@shared_task(name="portal.send_pending_notifications")
def send_pending_notifications(limit: int = 500) -> int:
    """The sweep: emails that were never queued (broker down) or never sent."""
    return notifications_send_pending(limit=limit)
