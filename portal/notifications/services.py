"""Writes of the outbox."""

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from portal.queue import enqueue_on_commit
from portal.text import NOTIFICATION_BODY_MAX

from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)

# Back-off after a failed email: 5 minutes, doubled each time (5, 10, 20, 40 min, 1 h 20),
# at most a day; after EMAIL_MAX_ATTEMPTS the notification is failed until retried.
EMAIL_MAX_ATTEMPTS = 6
EMAIL_FIRST_BACKOFF = dt.timedelta(minutes=5)
EMAIL_MAX_BACKOFF = dt.timedelta(days=1)


def email_backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failure."""
    return min(EMAIL_FIRST_BACKOFF * 2 ** max(attempts - 1, 0), EMAIL_MAX_BACKOFF)


def notification_create(
    *, recipient, key: str, title: str, body: str = "", url: str = ""
) -> Notification | None:
    """Record a notification once per (recipient, key) and queue its email. Returns None
    when that notification already exists, so reminders can be sent idempotently."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                key=key,
                title=title[:200],
                body=body[:NOTIFICATION_BODY_MAX],
                url=url,
            )
    except IntegrityError:
        return None
    if recipient.email:
        enqueue_on_commit("portal.send_notification_email", notification.pk)
    return notification


def notification_send_email(*, notification: Notification) -> bool:
    """Email one notification unless it was sent, has failed for good, or waits for its
    back-off. Safe to run twice. A sending error never propagates: it is recorded on the
    notification (attempts, last error, next attempt), so one bad address or a mail server
    away for a while stops nothing else. True when the email went."""
    with transaction.atomic():
        locked = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .get(pk=notification.pk)
        )
        now = timezone.now()
        if locked.emailed_at or not locked.recipient.email:
            return False
        if locked.email_status != EmailStatus.PENDING or (
            locked.email_next_attempt_at and locked.email_next_attempt_at > now
        ):
            return False
        locked.email_attempts += 1
        try:
            send_mail(
                locked.title,
                f"{locked.body}\n\n{locked.url}".strip(),
                None,
                [locked.recipient.email],
            )
        except Exception as exc:  # SMTP, socket, encoding errors: each is this email's own
            locked.email_last_error = f"{type(exc).__name__}: {exc}"[:500]
            if locked.email_attempts >= EMAIL_MAX_ATTEMPTS:
                locked.email_status = EmailStatus.FAILED
                locked.email_next_attempt_at = None
            else:
                locked.email_next_attempt_at = now + email_backoff(locked.email_attempts)
            logger.warning(
                "notification %s: email to %s failed (attempt %d): %s",
                locked.pk,
                locked.recipient.email,
                locked.email_attempts,
                locked.email_last_error,
            )
            locked.save(
                update_fields=[
                    "email_attempts",
                    "email_last_error",
                    "email_status",
                    "email_next_attempt_at",
                ]
            )
            return False
        locked.emailed_at = now
        locked.email_status = EmailStatus.SENT
        locked.email_next_attempt_at = None
        locked.save(
            update_fields=["emailed_at", "email_attempts", "email_status", "email_next_attempt_at"]
        )
    return True


def notifications_due(*, now: dt.datetime):
    """Notifications whose email should go now: pending, never sent, back-off over."""
    return (
        Notification.objects.filter(emailed_at__isnull=True, email_status=EmailStatus.PENDING)
        .exclude(recipient__email="")
        .filter(Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now))
    )


def notifications_send_pending(*, limit: int = 500) -> int:
    """The sweep: emails that were never queued (broker down), never sent, or whose
    back-off is over. Each is tried on its own; one that fails stops nothing."""
    sent = 0
    for pk in (
        notifications_due(now=timezone.now()).order_by("pk").values_list("pk", flat=True)[:limit]
    ):
        try:
            sent += notification_send_email(notification=Notification(pk=pk))
        except Exception:  # a database hiccup on one row: log it and go on with the rest
            logger.exception("notification %s: the email sweep skipped it", pk)
    return sent


def notifications_retry_email(*, notifications) -> int:
    """An admin's retry: failed (or waiting) emails are pending again, their attempts
    counted afresh, and queued now. Already sent ones are left alone."""
    ids = list(
        notifications.filter(emailed_at__isnull=True)
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids).update(
        email_status=EmailStatus.PENDING, email_attempts=0, email_next_attempt_at=None
    )
    for pk in ids:
        enqueue_on_commit("portal.send_notification_email", pk)
    return len(ids)


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
