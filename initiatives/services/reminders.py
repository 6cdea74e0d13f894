"""Reminders in the DHIS2 way, and the reviewers' weekly digest.

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
Every notification has a key (``portal.services.notification_create``), so running the
task twice sends nothing new."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import UserProfile
from portal.roles import Role
from portal.services import notification_create

from ..models import (
    Frequency,
    Initiative,
    InitiativeStatus,
    PeriodKind,
    ProgressReport,
    ReportStatus,
    ScopeKind,
    Summary,
)
from ..narrative import period_label
from ..periods import DUE_AFTER_DAYS, due_date, periods_between
from ..selectors.summaries import ReportingPeriod, rate_percent
from .summaries import last_complete_period

logger = logging.getLogger(__name__)


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # the page belongs to another part of the portal
        return ""


def reminder_periods(today: dt.date, days: int) -> list[tuple[str, ReportingPeriod]]:
    """("due", period) for periods due within ``days`` days from today, and ("overdue",
    period) for the latest period of each frequency whose due date has passed."""
    chosen = []
    for frequency in Frequency.values:
        lookback = today - dt.timedelta(days=DUE_AFTER_DAYS[frequency] + 100)
        candidates = [
            ReportingPeriod(frequency, start, end, due_date(frequency, end))
            for start, end in periods_between(frequency, lookback, today)
        ]
        chosen += [("due", p) for p in candidates if today <= p.due <= today + dt.timedelta(days)]
        passed = [p for p in candidates if p.due < today]
        if passed:
            chosen.append(("overdue", passed[-1]))
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


def escalated_reports():
    """(report id, return count, initiative title, unit name, reviewer's user id) for
    reports returned twice or more and not approved, one row per district reviewer."""
    return (
        ProgressReport.objects.filter(return_count__gte=2)
        .exclude(status=ReportStatus.APPROVED)
        .filter(
            initiative__region__parent__reviewers__user__groups__name=Role.REVIEWER,
            initiative__region__parent__reviewers__user__is_active=True,
        )
        .order_by("pk")
        .values_list(
            "pk",
            "return_count",
            "initiative__title",
            "initiative__region__name",
            "initiative__region__parent__reviewers__user",
        )
    )


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
        if kind == "due":
            subject = _("【报告提醒】%(unit)s“%(title)s”进度报告将于%(due)s截止") % context
            body = _("%(unit)s的重点工作“%(title)s”（%(period)s）尚未提交进度报告，截止日期为%(due)s，请及时填报。") % context  # fmt: skip
        else:
            subject = _("【逾期提醒】%(unit)s“%(title)s”进度报告已逾期") % context
            body = _("%(unit)s的重点工作“%(title)s”（%(period)s）进度报告已于%(due)s截止，至今未提交，请尽快补报。") % context  # fmt: skip
        sent += (
            notification_create(
                recipient=users[user_id],
                key=f"reminder:{kind}:{initiative_id}:{period.start:%Y-%m-%d}",
                title=subject,
                body=body,
                url=_url("initiatives:initiative_detail", pk=initiative_id),
            )
            is not None
        )
    for report_id, returns, title, unit, user_id in escalations:
        sent += (
            notification_create(
                recipient=users[user_id],
                key=f"escalation:{report_id}:{returns}",
                title=_("【请关注】%(unit)s“%(title)s”进度报告已被退回%(n)d次")
                % {"unit": unit, "title": title, "n": returns},
                body=_(
                    "%(unit)s的重点工作“%(title)s”的进度报告已被退回%(n)d次，请审核人予以关注，必要时与单位沟通。"
                )
                % {"unit": unit, "title": title, "n": returns},
                url=_url("initiatives:report_detail", pk=report_id),
            )
            is not None
        )
    logger.info("reminders: %d new notifications", sent)
    return sent


def digests_send(*, period_start: dt.date | None = None) -> int:
    """Each reviewer's weekly digest for their district: the figures of the district's
    summary of the last complete week and the reports waiting for review. One notice
    (in-portal and by email) per reviewer and week."""
    start = period_start or last_complete_period(PeriodKind.WEEK)
    profiles = list(
        UserProfile.objects.filter(
            user__groups__name=Role.REVIEWER, user__is_active=True, district__isnull=False
        ).select_related("user", "district")
    )
    district_ids = {p.district_id for p in profiles}
    summaries = {
        s.region_id: s
        for s in Summary.objects.filter(
            scope_kind=ScopeKind.DISTRICT,
            region__in=district_ids,
            period_kind=PeriodKind.WEEK,
            period_start=start,
        )
    }
    waiting: dict[int, list] = {}
    for report in (
        ProgressReport.objects.filter(
            status=ReportStatus.SUBMITTED, initiative__region__parent__in=district_ids
        )
        .select_related("initiative__region")
        .order_by("last_submitted_at", "pk")
    ):
        waiting.setdefault(report.initiative.region.parent_id, []).append(report)
    end = start + dt.timedelta(days=6)
    sent = 0
    for profile in profiles:
        summary = summaries.get(profile.district_id)
        context = {
            "district": profile.district,
            "period": period_label(PeriodKind.WEEK, start, end),
            "summary": summary,
            "rate": rate_percent(summary.filed, summary.expected) if summary else None,
            "waiting": waiting.get(profile.district_id, []),
            "summary_url": summary.get_absolute_url() if summary else "",
        }
        sent += (
            notification_create(
                recipient=profile.user,
                key=f"digest:{profile.district_id}:{start:%Y-%m-%d}",
                title=render_to_string("emails/summary_digest_subject.txt", context).strip(),
                body=render_to_string("emails/summary_digest.txt", context).strip(),
                url=context["summary_url"],
            )
            is not None
        )
    return sent
