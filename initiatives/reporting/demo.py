"""Demo progress reports in every state, over whatever active initiatives the units have.

For each initiative, the last four finished periods and the current one get, in turn:
approved reports, then a mix (rotating by initiative) of approved, submitted, returned
with a comment, draft, and nothing at all (overdue). Values are a plausible share of the
way to the target. Each report's history is written step by step (created, saved,
submitted, returned, resubmitted, approved) with dates around its due date, so the report
page shows a believable timeline. Idempotent: an existing (initiative, period) is left
as it is."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.accounts.roles import Role
from portal.demo import demo_moment

from ..catalog.models import Initiative, InitiativeStatus, Measure
from ..places.models import UNIT_KINDS
from .models import HistoryReason, IndicatorValue, ProgressReport, ReportStatus
from .periods import due_date, period_bounds

# The state of each of the five periods (oldest first; the last is the current period),
# by pattern; initiative number n uses pattern n % 4. None: no report (missing/overdue).
PATTERNS = [
    ("approved", "approved", "approved", "submitted", "draft"),
    ("approved", "approved", "returned", "draft", None),
    ("approved", "approved", None, "returned", "draft"),
    ("approved", "approved", "submitted", None, None),
]

NARRATIVES = [
    "{unit}本期围绕“{title}”召开推进会{n}次，责任分解到社区和网格，各项任务按计划推进。",
    "本期“{title}”重点抓落实：走访居民{m}户，收集意见建议{n}条，已办结大部分，其余列入下期计划。",
    "{unit}组织党员志愿者参与“{title}”，开展集中行动{n}次，群众反映良好，台账已同步更新。",
]
RETURN_COMMENTS = [
    "请补充本期各社区的完成明细，并附现场照片。",
    "数值与上期台账对不上，请核实后重新填报，并在说明栏写明口径。",
    "工作进展写得过于笼统，请写明具体做了哪些事、涉及哪些点位。",
]


def _share(indicator, period_index: int, periods_total: int, seed: int) -> Decimal:
    """A plausible value, as the indicator's measure means it: an amount per period, the
    total reached so far, or the level reached so far; whole for counts (the indicator's
    precision), never negative unless the indicator allows it."""
    span = indicator.target - indicator.baseline
    wobble = Decimal(85 + (seed * 7 + period_index * 13) % 30) / 100  # 0.85 .. 1.14
    reached = min(Decimal(period_index + 1) / Decimal(periods_total + 2) * wobble, Decimal(1))
    if indicator.measure == Measure.AMOUNT:
        value = abs(span) / Decimal(max(periods_total * 3, 1)) * wobble
    elif indicator.measure == Measure.TOTAL:
        value = abs(span) * reached
    else:
        value = indicator.baseline + span * reached
    if value < 0 and not indicator.allow_negative:
        value = Decimal(0)
    return value.quantize(Decimal(1).scaleb(-indicator.precision), rounding=ROUND_HALF_UP)


def _step(report, *, reason: str, user, when: dt.datetime, fields: list[str] | None) -> None:
    report._history_user = user
    report._change_reason = reason
    report._history_date = when
    if fields is None:
        report.save()
    else:
        report.save(update_fields=[*fields, "updated_at"])


def _moment(day: dt.date, hour: int, now: dt.datetime) -> dt.datetime:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    return min(moment, now)


def _file(initiative, start, end, state, *, official, reviewer, seed, index, total, now) -> None:
    due = due_date(initiative.frequency, end)
    report = ProgressReport(
        initiative=initiative,
        period_start=start,
        period_end=end,
        due_date=due,
        created_by=official,
        narrative=NARRATIVES[seed % len(NARRATIVES)].format(
            unit=initiative.region.name, title=initiative.title, n=2 + seed % 4, m=40 + seed * 3
        ),
    )
    _step(
        report,
        reason=HistoryReason.CREATED,
        user=official,
        when=_moment(max(start, end - dt.timedelta(days=2)), 9, now),
        fields=None,
    )
    for indicator in initiative.indicators.all():
        value = IndicatorValue(
            report=report, indicator=indicator, value=_share(indicator, index, total, seed)
        )
        value._history_user = official
        value._change_reason = HistoryReason.SAVED
        value.save()
    if state == ReportStatus.DRAFT:
        return
    submitted = _moment(due - dt.timedelta(days=1), 10, now)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = report.last_submitted_at = submitted
    _step(
        report,
        reason=HistoryReason.SUBMITTED,
        user=official,
        when=submitted,
        fields=["status", "submitted_at", "last_submitted_at"],
    )
    if state == ReportStatus.SUBMITTED:
        return
    if state == ReportStatus.APPROVED and index % 2 == 0:
        _approve(report, reviewer, _moment(due + dt.timedelta(days=1), 16, now))
        return
    comment = RETURN_COMMENTS[seed % len(RETURN_COMMENTS)]
    report.status = ReportStatus.RETURNED
    report.review_comment = comment
    report.return_count = 1
    report.reviewed_by = reviewer
    _step(
        report,
        reason=HistoryReason.RETURNED,
        user=reviewer,
        when=_moment(due + dt.timedelta(days=1), 15, now),
        fields=["status", "review_comment", "return_count", "reviewed_by"],
    )
    if state == ReportStatus.RETURNED:
        return
    resubmitted = _moment(due + dt.timedelta(days=2), 11, now)
    report.status = ReportStatus.SUBMITTED
    report.last_submitted_at = resubmitted
    _step(
        report,
        reason=HistoryReason.RESUBMITTED,
        user=official,
        when=resubmitted,
        fields=["status", "last_submitted_at"],
    )
    _approve(report, reviewer, _moment(due + dt.timedelta(days=3), 16, now))


def _approve(report, reviewer, when: dt.datetime) -> None:
    report.status = ReportStatus.APPROVED
    report.approved_at = when
    report.reviewed_by = reviewer
    _step(
        report,
        reason=HistoryReason.APPROVED,
        user=reviewer,
        when=when,
        fields=["status", "approved_at", "reviewed_by"],
    )


def _people():
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[Role.OFFICIAL, Role.REVIEWER])
        .select_related("profile__unit", "profile__district")
    )
    officials, reviewers = {}, {}
    for user in users.order_by("pk"):
        profile = getattr(user, "profile", None)
        if profile and profile.unit_id:
            officials.setdefault(profile.unit_id, user)
        if profile and profile.district_id:
            reviewers.setdefault(profile.district.path, user)
    return officials, reviewers


def load(places: dict, *, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Create the demo reports as they would stand at ``now`` (default: the end of
    ``today``, or the real now); returns how many were created."""
    if now is None:
        now = demo_moment(today) if today is not None else timezone.now()
    today = timezone.localdate(now)
    officials, reviewers = _people()
    initiatives = (
        Initiative.objects.filter(status=InitiativeStatus.ACTIVE, region__kind__in=UNIT_KINDS)
        .select_related("region")
        .prefetch_related("indicators")
        .order_by("region__path", "title")
    )
    existing = set(ProgressReport.objects.values_list("initiative_id", "period_start"))
    created = 0
    for number, initiative in enumerate(initiatives):
        current = period_bounds(initiative.frequency, today)
        periods = [current]
        while len(periods) < 5:
            periods.insert(
                0, period_bounds(initiative.frequency, periods[0][0] - dt.timedelta(days=1))
            )
        reviewer = next(
            (user for path, user in reviewers.items() if initiative.region.path.startswith(path)),
            None,
        )
        for index, ((start, end), state) in enumerate(
            zip(periods, PATTERNS[number % len(PATTERNS)], strict=True)
        ):
            if state is None or (initiative.pk, start) in existing:
                continue
            if end < initiative.start_date or (
                initiative.target_date and start > initiative.target_date
            ):
                continue
            _file(
                initiative,
                start,
                end,
                state,
                official=officials.get(initiative.region_id),
                reviewer=reviewer,
                seed=number,
                index=index,
                total=len(periods),
                now=now,
            )
            created += 1
    return created
