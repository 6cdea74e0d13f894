"""The unread count on 通知 in the navigation (one query per page at most), and opening a
notification marks it read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.notifications.models import Notification
from portal.notifications.services import notification_create

pytestmark = pytest.mark.django_db


def unread_badge(body: str) -> str | None:
    import re

    found = re.search(r'id="unread-notifications"[^>]*>(\d+)<', body)
    return found.group(1) if found else None


def test_navigation_shows_the_unread_count_in_one_query(client, official, report_initiative):
    for n in range(3):
        notification_create(
            recipient=official, key=f"k{n}", title=f"报告被退回 {n}", url="/reports/"
        )
    client.force_login(official)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("initiatives:report_list")).content.decode()
    assert unread_badge(body) == "3"
    assert "3条未读" in body.replace('<span class="visually-hidden">', "")
    on_notifications = [q for q in ctx.captured_queries if "portal_notification" in q["sql"]]
    assert len(on_notifications) == 1

    Notification.objects.filter(key="k0").update(read_at="2026-11-21T10:00:00+08:00")
    assert unread_badge(client.get("/").content.decode()) == "2"
    client.post(reverse("notifications_read"))
    assert unread_badge(client.get("/").content.decode()) is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(
    client, official, other_official
):
    notice = notification_create(recipient=official, key="k", title="报告被退回", url="/reports/")
    client.force_login(other_official)
    assert client.get(reverse("notification_open", args=[notice.pk])).status_code == 404
    client.force_login(official)
    listing = client.get(reverse("notifications")).content.decode()
    assert reverse("notification_open", args=[notice.pk]) in listing
    response = client.get(reverse("notification_open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == "/reports/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notification_never_sends_anyone_off_the_site(client, official):
    notice = notification_create(
        recipient=official, key="k", title="x", url="https://evil.example/steal"
    )
    client.force_login(official)
    response = client.get(reverse("notification_open", args=[notice.pk]))
    assert response.url == reverse("notifications")
