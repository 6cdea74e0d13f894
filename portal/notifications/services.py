"""Writes of the outbox."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.queue import enqueue_on_commit

from .models import Notification


def notification_create(
    *, recipient, key: str, title: str, body: str = "", url: str = ""
) -> Notification | None:
    """Record a notification once per (recipient, key) and queue its email. Returns None
    when that notification already exists, so reminders can be sent idempotently."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, key=key, title=title[:200], body=body, url=url
            )
    except IntegrityError:
        return None
    if recipient.email:
        enqueue_on_commit("portal.send_notification_email", notification.pk)
    return notification


def notification_send_email(*, notification: Notification) -> bool:
    """Email one notification unless it was already sent. Safe to run twice."""
    with transaction.atomic():
        locked = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .get(pk=notification.pk)
        )
        if locked.emailed_at or not locked.recipient.email:
            return False
        send_mail(
            locked.title, f"{locked.body}\n\n{locked.url}".strip(), None, [locked.recipient.email]
        )
        locked.emailed_at = timezone.now()
        locked.save(update_fields=["emailed_at"])
    return True


def notifications_send_pending(*, limit: int = 500) -> int:
    """The sweep: emails that were never queued (broker down) or never sent."""
    sent = 0
    pending = Notification.objects.filter(emailed_at__isnull=True).exclude(recipient__email="")
    for notification in pending.order_by("pk")[:limit]:
        sent += notification_send_email(notification=notification)
    return sent


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
