"""Reminders in the DHIS2 way.

- ``settings.REPORT_REMINDER_DAYS`` days before a report is due (and on every day up to
  the due date, should the task have missed one), the officials of a unit that has not
  filed it get one notification: "due soon".
- Once the due date has passed, they get one "overdue" notification for the latest
  period of each frequency that is overdue.
- Officials of units that filed (``submitted_at`` set) get nothing.
- A report returned twice or more (``return_count >= 2``) and not yet approved is brought
  to the attention of its district's reviewers, once per return count.

Who to remind is chosen by SQL (one query per kind of reminder and frequency, joining
initiatives to their unit's officials); each notification is then written on its own.
Every notification has a key (``portal.notifications.keys``), so running the task twice
sends nothing new."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import UserProfile
from portal.accounts.roles import Role
from portal.notifications import keys
from portal.notifications.services import notification_create

from ...catalog.models import Frequency, Initiative, InitiativeStatus
from ...places.tree import containing_ids
from ..models import ProgressReport, ReportStatus
from ..periods import DUE_AFTER_DAYS, ReportingPeriod, due_date, periods_between

logger = logging.getLogger(__name__)


def reminder_periods(today: dt.date, days: int) -> list[tuple[str, ReportingPeriod]]:
    """(REMINDER_DUE, period) for periods due within ``days`` days from today, and
    (REMINDER_OVERDUE, period) for the latest period of each frequency whose due date has
    passed."""
    chosen = []
    for frequency in Frequency.values:
        lookback = today - dt.timedelta(days=DUE_AFTER_DAYS[frequency] + 100)
        candidates = [
            ReportingPeriod(frequency, start, end, due_date(frequency, end))
            for start, end in periods_between(frequency, lookback, today)
        ]
        soon = today + dt.timedelta(days)
        chosen += [(keys.REMINDER_DUE, p) for p in candidates if today <= p.due <= soon]
        passed = [p for p in candidates if p.due < today]
        if passed:
            chosen.append((keys.REMINDER_OVERDUE, passed[-1]))
    return chosen


def pending_officials(period: ReportingPeriod):
    """(initiative id, title, unit name, official's user id) for every active official of
    a unit whose initiative owes a report for ``period`` and has not filed it."""
    filed = ProgressReport.objects.filter(
        initiative=OuterRef("pk"), period_start=period.start, submitted_at__isnull=False
    )
    return (
        Initiative.objects.filter(
            status=InitiativeStatus.ACTIVE,
            frequency=period.frequency,
            start_date__lte=period.end,
            region__officials__user__groups__name=Role.OFFICIAL,
            region__officials__user__is_active=True,
        )
        .filter(~Exists(filed))
        .order_by("pk")
        .values_list("pk", "title", "region__name", "region__officials__user")
    )


def escalated_reports() -> list[tuple[int, int, str, str, int]]:
    """(report id, return count, initiative title, unit name, reviewer's user id) for
    reports returned twice or more and not approved, one row per active reviewer whose
    district the report's unit lies in. Two queries: the reports, then their reviewers."""
    reports = list(
        ProgressReport.objects.filter(return_count__gte=2)
        .exclude(status=ReportStatus.APPROVED)
        .order_by("pk")
        .values_list(
            "pk",
            "return_count",
            "initiative__title",
            "initiative__region__name",
            "initiative__region__path",
        )
    )
    regions = {region for row in reports for region in containing_ids(row[4])}
    reviewers: dict[int, list[int]] = {}
    for district_id, user_id in (
        UserProfile.objects.filter(
            district__in=regions, user__groups__name=Role.REVIEWER, user__is_active=True
        )
        .order_by("user")
        .values_list("district", "user")
    ):
        reviewers.setdefault(district_id, []).append(user_id)
    return [
        (pk, returns, title, unit, user_id)
        for pk, returns, title, unit, path in reports
        for region in containing_ids(path)
        for user_id in reviewers.get(region, [])
    ]


def reminders_send(*, today: dt.date | None = None) -> int:
    """Send the due-soon, overdue and escalation notices of today. Returns how many new
    notifications were written (0 on a second run the same day)."""
    today = today or timezone.localdate()
    days = settings.REPORT_REMINDER_DAYS
    rows = []
    for kind, period in reminder_periods(today, days):
        rows += [(kind, period, row) for row in pending_officials(period)]
    escalations = list(escalated_reports())
    users = get_user_model().objects.in_bulk(
        {row[3] for _, _, row in rows} | {row[4] for row in escalations}
    )
    sent = 0
    for kind, period, (initiative_id, title, unit, user_id) in rows:
        context = {
            "title": title,
            "unit": unit,
            "period": _("%(start)s至%(end)s") % {"start": period.start, "end": period.end},
            "due": f"{period.due:%Y-%m-%d}",
        }
        if kind == keys.REMINDER_DUE:
            subject = _("【报告提醒】%(unit)s“%(title)s”进度报告将于%(due)s截止") % context
            body = _("%(unit)s的重点工作“%(title)s”（%(period)s）尚未提交进度报告，截止日期为%(due)s，请及时填报。") % context  # fmt: skip
        else:
            subject = _("【逾期提醒】%(unit)s“%(title)s”进度报告已逾期") % context
            body = _("%(unit)s的重点工作“%(title)s”（%(period)s）进度报告已于%(due)s截止，至今未提交，请尽快补报。") % context  # fmt: skip
        sent += (
            notification_create(
                recipient=users[user_id],
                key=keys.reminder(kind, initiative_id, period.start),
                title=subject,
                body=body,
                url=reverse("initiatives:initiative_detail", kwargs={"pk": initiative_id}),
            )
            is not None
        )
    for report_id, returns, title, unit, user_id in escalations:
        sent += (
            notification_create(
                recipient=users[user_id],
                key=keys.escalation(report_id, returns),
                title=_("【请关注】%(unit)s“%(title)s”进度报告已被退回%(n)d次")
                % {"unit": unit, "title": title, "n": returns},
                body=_(
                    "%(unit)s的重点工作“%(title)s”的进度报告已被退回%(n)d次，请审核人予以关注，必要时与单位沟通。"
                )
                % {"unit": unit, "title": title, "n": returns},
                url=reverse("initiatives:report_detail", kwargs={"pk": report_id}),
            )
            is not None
        )
    logger.info("reminders: %d new notifications", sent)
    return sent
