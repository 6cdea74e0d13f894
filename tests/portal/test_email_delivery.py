"""Issue 10, finding 11: one bad address stopped every email (the sweep sent in id order
and the first SMTPException aborted it, every five minutes, for ever). Now each
notification fails on its own, with attempts, the last error and a back-off recorded, a
failed state after EMAIL_MAX_ATTEMPTS, and an admin action that retries it."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse

from portal.notifications.models import EmailStatus, Notification
from portal.notifications.services import (
    EMAIL_MAX_ATTEMPTS,
    email_backoff,
    notification_create,
    notifications_send_pending,
)
from portal.notifications.tasks import send_pending_notifications

pytestmark = pytest.mark.django_db

BAD = "bad@invalid.example"


class RefusingBackend(LocmemBackend):
    """The outgoing server refuses one address, as a real one refuses an unknown mailbox."""

    def send_messages(self, messages):
        for message in messages:
            if BAD in message.to:
                raise smtplib.SMTPRecipientsRefused({BAD: (550, b"5.1.1 no such user")})
        return super().send_messages(messages)


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_email_delivery.RefusingBackend"


@pytest.fixture
def outbox(refusing, now, django_capture_on_commit_callbacks):
    """A notification to a bad address first (lowest id), then two good ones; created
    without queueing (the broker was down), so the sweep must send them."""
    from tests.factories import UserFactory

    bad = UserFactory(username="bad", email=BAD)
    good = [UserFactory(username=f"good{i}", email=f"good{i}@example.org") for i in (1, 2)]
    with django_capture_on_commit_callbacks(execute=False):
        rows = [notification_create(recipient=user, key="k", title="标题") for user in [bad, *good]]
    return rows


def test_one_bad_address_stops_no_other_email(outbox):
    assert send_pending_notifications() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["good1@example.org", "good2@example.org"]
    bad = Notification.objects.get(pk=outbox[0].pk)
    assert bad.emailed_at is None and bad.email_status == EmailStatus.PENDING
    assert bad.email_attempts == 1
    assert (
        bad.email_last_error.startswith("SMTPRecipientsRefused:")
        and "5.1.1" in bad.email_last_error
    )
    assert bad.email_next_attempt_at is not None
    for good in outbox[1:]:
        good.refresh_from_db()
        assert good.email_status == EmailStatus.SENT and good.email_attempts == 1


def test_the_back_off_doubles_and_then_the_email_is_failed(outbox, now):
    assert [email_backoff(n) for n in (1, 2, 3)] == [
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=10),
        dt.timedelta(minutes=20),
    ]
    notifications_send_pending()
    bad = Notification.objects.get(pk=outbox[0].pk)
    first_retry = bad.email_next_attempt_at
    assert first_retry == now + dt.timedelta(minutes=5)
    # Before the back-off is over the sweep leaves it alone.
    assert notifications_send_pending() == 0
    assert Notification.objects.get(pk=bad.pk).email_attempts == 1
    moment = now
    for attempt in range(2, EMAIL_MAX_ATTEMPTS + 1):
        moment += email_backoff(attempt - 1)
        with time_machine.travel(moment, tick=False):
            notifications_send_pending()
        bad.refresh_from_db()
        assert bad.email_attempts == attempt
    assert bad.email_status == EmailStatus.FAILED and bad.email_next_attempt_at is None
    with time_machine.travel(moment + dt.timedelta(days=2), tick=False):
        assert notifications_send_pending() == 0
    assert Notification.objects.get(pk=bad.pk).email_attempts == EMAIL_MAX_ATTEMPTS


def test_admins_see_failed_emails_and_retry_them(
    client, admin_user, outbox, settings, django_capture_on_commit_callbacks
):
    notifications_send_pending()
    bad = Notification.objects.get(pk=outbox[0].pk)
    bad.email_status = EmailStatus.FAILED
    bad.save(update_fields=["email_status"])
    client.force_login(admin_user)
    listing = client.get(
        reverse("admin:portal_notification_changelist"), {"email_status__exact": "failed"}
    )
    assert [n.pk for n in listing.context["cl"].result_list] == [bad.pk]
    assert "SMTPRecipientsRefused" in listing.content.decode()
    # The address is fixed; the admin retries.
    bad.recipient.email = "fixed@example.org"
    bad.recipient.save(update_fields=["email"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:portal_notification_changelist"),
            {"action": "retry_email", "_selected_action": [bad.pk]},
            follow=True,
        )
    assert "已安排重新发送 1 条通知的邮件。" in response.content.decode()
    bad.refresh_from_db()
    assert bad.email_status == EmailStatus.SENT and bad.emailed_at is not None
    assert mail.outbox[-1].to == ["fixed@example.org"]


def test_the_single_email_task_records_a_failure_instead_of_raising(refusing, now):
    from portal.notifications.tasks import send_notification_email
    from tests.factories import UserFactory

    notification = Notification.objects.create(
        recipient=UserFactory(username="bad", email=BAD), key="k", title="标题"
    )
    assert send_notification_email.apply(args=[notification.pk]).get() is False
    notification.refresh_from_db()
    assert notification.email_attempts == 1 and notification.email_last_error
