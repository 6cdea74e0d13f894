"""The reviewers' weekly digest."""

import datetime as dt

from django.template.loader import render_to_string

from portal.accounts.models import UserProfile
from portal.accounts.roles import Role
from portal.notifications import keys
from portal.notifications.services import notification_create

from ...places.tree import containing_ids, in_subtrees
from ...reporting.models import ProgressReport, ReportStatus
from ...reporting.periods import last_complete_period
from ..models import PeriodKind, ScopeKind, Summary
from ..narrative import period_label
from ..selectors.counting import rate_percent


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
    districts = {p.district_id: p.district for p in profiles}
    summaries = {
        s.region_id: s
        for s in Summary.objects.filter(
            scope_kind=ScopeKind.DISTRICT,
            region__in=districts,
            period_kind=PeriodKind.WEEK,
            period_start=start,
        )
    }
    waiting: dict[int, list] = {}
    for report in (
        ProgressReport.objects.filter(
            in_subtrees(list(districts.values()), "initiative__region__path"),
            status=ReportStatus.SUBMITTED,
        )
        .select_related("initiative__region")
        .order_by("last_submitted_at", "pk")
    ):
        for region_id in containing_ids(report.initiative.region.path):
            if region_id in districts:
                waiting.setdefault(region_id, []).append(report)
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
                key=keys.digest(profile.district_id, start),
                title=render_to_string("emails/summary_digest_subject.txt", context).strip(),
                body=render_to_string("emails/summary_digest.txt", context).strip(),
                url=context["summary_url"],
            )
            is not None
        )
    return sent
