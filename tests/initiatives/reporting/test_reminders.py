"""Reminders: to those who have not filed, once; escalations to the district reviewers."""

import datetime as dt

import pytest
from django.core import mail

from initiatives.reporting.services.reminders import reminders_send
from portal.models import Notification
from tests.initiatives.summaries.summary_data import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

TODAY = dt.date(2026, 10, 5)  # a Monday


def keys(user):
    return sorted(
        n.key.rsplit(":", 2)[0] + ":" + n.title.split("“")[1].split("”")[0] + ":" + n.key[-10:]
        for n in Notification.objects.filter(recipient=user)
    )


def test_reminders_go_to_those_who_have_not_filed_and_only_once(
    settings, official, other_official, reviewer, unit, other_unit, foreign_unit,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.REPORT_REMINDER_DAYS = 2
    build_world(unit, other_unit, foreign_unit)
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(today=TODAY)
    # Due within 2 days of 10-05: the week 09-28..10-04 (due 10-06) and September (due
    # 10-05). Latest overdue: the week 09-21..09-27, August, the second quarter.
    # 和平街道 filed w1 and m1 for the due periods: nothing due. Overdue: m1 for August and
    # q1 for Q2 have no report (w1 filed 09-21; w2 starts 10-05).
    assert keys(official) == [
        "reminder:overdue:m1 花开和平:2026-08-01",
        "reminder:overdue:q1 棚户区改造:2026-04-01",
    ]
    # 公园街道: due w3 (no report) and m3 (a draft); w4, w5 filed. Overdue for 09-21: all
    # three weekly ones; m3 for August.
    assert keys(other_official) == [
        "reminder:due:m3 草稿:2026-09-01",
        "reminder:due:w3 未报:2026-09-28",
        "reminder:overdue:m3 草稿:2026-08-01",
        "reminder:overdue:w3 未报:2026-09-21",
        "reminder:overdue:w4 退回两次:2026-09-21",
        "reminder:overdue:w5 零点后:2026-09-21",
    ]
    # w4's report was returned twice: 张店区's reviewer is told.
    escalation = Notification.objects.get(recipient=reviewer)
    assert escalation.title == "【请关注】公园街道“w4 退回两次”进度报告已被退回2次"
    assert sent == 2 + 6 + 1
    assert len(mail.outbox) == 9
    assert any("截止日期为2026-10-06" in m.body for m in mail.outbox)

    assert reminders_send(today=TODAY) == 0
    assert Notification.objects.count() == 9


def test_filing_stops_the_reminders(settings, other_official, unit, other_unit, foreign_unit):
    from django.utils import timezone

    from initiatives.models import Initiative, ProgressReport

    settings.REPORT_REMINDER_DAYS = 2
    build_world(unit, other_unit, foreign_unit)
    w3 = Initiative.objects.get(title="w3 未报")
    ProgressReport.objects.create(
        initiative=w3,
        period_start=dt.date(2026, 9, 28),
        period_end=dt.date(2026, 10, 4),
        due_date=dt.date(2026, 10, 6),
        status="submitted",
        submitted_at=timezone.now(),
    )
    reminders_send(today=TODAY)
    assert not Notification.objects.filter(
        recipient=other_official, key=f"reminder:due:{w3.pk}:2026-09-28"
    ).exists()
    assert Notification.objects.filter(
        recipient=other_official, key=f"reminder:overdue:{w3.pk}:2026-09-21"
    ).exists()


def test_nothing_due_far_from_the_due_dates(settings, official, unit, other_unit, foreign_unit):
    settings.REPORT_REMINDER_DAYS = 2
    build_world(unit, other_unit, foreign_unit)
    # 10-14: nothing is due before 10-16 (the next weekly due date is 10-13, passed).
    reminders_send(today=dt.date(2026, 10, 14))
    assert not Notification.objects.filter(recipient=official, key__startswith="reminder:due").exists()  # fmt: skip
