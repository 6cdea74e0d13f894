"""Reads of the reporting loop: who sees which reports, what an official has to file, the
reviewer's queue, a report's indicators and its timeline. Each list is one query."""

import datetime as dt
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import F, FilteredRelation, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import Role, district_of, unit_of, user_roles
from portal.forms import WIDGET_RENDERER

from ..catalog.models import Indicator, Initiative, InitiativeFamily, InitiativeStatus, Milestone
from ..places.models import UNIT_KINDS, Region
from ..places.tree import in_district
from .models import HistoryReason, ProgressReport, ReportStatus
from .periods import OUTSTANDING_LOOKBACK_DAYS, due_date, owes, periods_between
from .progress import add_milestone_progress, add_progress


def _with_joins(queryset: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    return queryset.select_related(
        "initiative__region", "initiative__family", "created_by", "reviewed_by"
    )


def reports_visible_to(user) -> QuerySet[ProgressReport]:
    """Every report ``user`` may read: their unit's (official), their district's once
    submitted (reviewer: a draft is the unit's own until it is submitted; a returned
    report stays visible), all (admin), none otherwise. The rules in ``rules.py`` say the
    same for one report."""
    roles = user_roles(user)
    if Role.ADMIN in roles:
        return ProgressReport.objects.all()
    visible = Q(pk__in=[])
    if Role.OFFICIAL in roles and (unit := unit_of(user)) is not None:
        visible |= Q(initiative__region_id=unit.pk)
    if Role.REVIEWER in roles and (district := district_of(user)) is not None:
        visible |= in_district(district, "initiative__region__path") & ~Q(status=ReportStatus.DRAFT)
    return ProgressReport.objects.filter(visible)


def report_for_page(*, user, pk: int) -> ProgressReport:
    """The report with its joins, or 404 when ``user`` may not read it (another unit's
    report looks exactly like one that does not exist)."""
    # Unordered: the model's ordering would join (and compile) the initiative's and the
    # region's orderings for one row.
    report = _with_joins(reports_visible_to(user)).filter(pk=pk).order_by().first()
    if report is None:
        raise Http404(_("没有找到这份报告。"))
    return report


@dataclass(frozen=True)
class DueItem:
    """A period an official still has to file: with its report (draft or returned) or
    without one yet."""

    initiative: Initiative
    period_start: dt.date
    period_end: dt.date
    due_date: dt.date
    report: ProgressReport | None
    overdue: bool
    days_left: int

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def official_overview(*, user, today: dt.date) -> dict:
    """The official's unit: its reports, what is due and overdue, what was returned. Two
    queries (initiatives, reports) however many rows."""
    unit = unit_of(user)
    if unit is None:
        return {"unit": None, "reports": [], "todo": [], "overdue": [], "returned": []}
    initiatives = list(
        Initiative.objects.filter(region=unit, status=InitiativeStatus.ACTIVE)
        .select_related("family", "region")
        .order_by("title")
    )
    reports = list(
        _with_joins(ProgressReport.objects.filter(initiative__region=unit)).order_by(
            "-period_start", "initiative__title"
        )
    )
    by_period = {(r.initiative_id, r.period_start): r for r in reports}
    todo: list[DueItem] = []
    for initiative in initiatives:
        first = max(initiative.start_date, today - dt.timedelta(days=OUTSTANDING_LOOKBACK_DAYS))
        last = min(today, initiative.target_date) if initiative.target_date else today
        for start, end in periods_between(initiative.frequency, first, last):
            if not owes(initiative, start, end):
                continue
            report = by_period.get((initiative.pk, start))
            if report is not None and not report.is_draft:
                continue  # filed; a returned one is listed under "returned"
            due = report.due_date if report else due_date(initiative.frequency, end)
            todo.append(
                DueItem(
                    initiative=initiative,
                    period_start=start,
                    period_end=end,
                    due_date=due,
                    report=report,
                    overdue=due < today,
                    days_left=(due - today).days,
                )
            )
    todo.sort(key=lambda item: (item.due_date, item.initiative.title))
    return {
        "unit": unit,
        "reports": reports,
        "todo": [item for item in todo if not item.overdue],
        "overdue": [item for item in todo if item.overdue],
        "returned": [r for r in reports if r.is_returned],
    }


def _month_overlap(queryset, name, value: str):
    try:
        year, month = (int(part) for part in value.split("-")[:2])
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)  # 9999-12: no following
    except (ValueError, TypeError, OverflowError):
        return queryset.none()
    return queryset.filter(period_start__lt=following, period_end__gte=first)


class ReviewFilter(django_filters.FilterSet):
    """The reviewer's filters: unit, initiative family, period (a month the reporting period
    overlaps) and status."""

    unit = django_filters.ModelChoiceFilter(
        field_name="initiative__region",
        queryset=Region.objects.none(),
        label=_("单位"),
        empty_label=_("全部单位"),
    )
    family = django_filters.ModelChoiceFilter(
        field_name="initiative__family",
        queryset=InitiativeFamily.objects.all(),
        label=_("工作类别"),
        empty_label=_("全部类别"),
    )
    period = django_filters.CharFilter(
        method=_month_overlap,
        label=_("报告周期（月份）"),
        widget=forms.DateInput(attrs={"type": "month"}),
    )
    # Drafts are the unit's own: a reviewer never sees one.
    status = django_filters.ChoiceFilter(
        choices=[c for c in ReportStatus.choices if c[0] != ReportStatus.DRAFT],
        label=_("状态"),
        empty_label=_("全部状态"),
    )

    class Meta:
        model = ProgressReport
        fields = ["unit", "family", "period", "status"]

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Region.objects.none()
        if district is not None:
            units = Region.objects.filter(in_district(district), kind__in=UNIT_KINDS).order_by(
                "name"
            )
        self.filters["unit"].queryset = units
        # Bootstrap's classes on the widgets: the template prints the fields as they are
        # (crispy's field template cost a third of the page's time).
        self.form.renderer = WIDGET_RENDERER
        for field in self.form.fields.values():
            widget = field.widget
            select = isinstance(widget, forms.Select)
            widget.attrs["class"] = "form-select" if select else "form-control"


def review_queue(*, user, data) -> ReviewFilter:
    """The reports of the reviewer's district, filtered; waiting ones first by default
    (status "submitted" when no status is given)."""
    data = data.copy()
    if "status" not in data:
        data["status"] = ReportStatus.SUBMITTED
    queryset = _with_joins(reports_visible_to(user)).order_by(
        "last_submitted_at", "initiative__region__name", "initiative__title"
    )
    return ReviewFilter(data, queryset=queryset, district=district_of(user))


def review_waiting(*, user) -> QuerySet[ProgressReport]:
    """Submitted reports waiting for ``user`` (a reviewer), oldest first."""
    if Role.REVIEWER not in user_roles(user) or district_of(user) is None:
        return ProgressReport.objects.none()
    return _with_joins(reports_visible_to(user).filter(status=ReportStatus.SUBMITTED)).order_by(
        "last_submitted_at"
    )


def review_waiting_count(*, user) -> int:
    return review_waiting(user=user).count()


def report_indicator_rows(*, report: ProgressReport) -> list[Indicator]:
    """The initiative's indicators with unit, target, this report's value and note
    (``this_value``, ``this_note``) and the progress so far of the approved reports
    (``add_progress``). Two queries (one without indicators)."""
    rows = list(
        Indicator.objects.filter(initiative_id=report.initiative_id)
        .annotate(this=FilteredRelation("values", condition=Q(values__report_id=report.pk)))
        .annotate(this_value=F("this__value"), this_note=F("this__note"))
        .order_by("position", "pk")
    )
    return list(add_progress(rows))


def report_milestone_rows(*, report: ProgressReport) -> list[Milestone]:
    """The initiative's milestones with this report's entry (``this_state``,
    ``this_date``, ``this_note``) and what the latest approved report said
    (``reported_state``, ``reported_date``). Two queries (one without milestones)."""
    rows = list(
        Milestone.objects.filter(initiative_id=report.initiative_id)
        .annotate(this=FilteredRelation("progress", condition=Q(progress__report_id=report.pk)))
        .annotate(
            this_state=F("this__state"), this_date=F("this__actual_date"), this_note=F("this__note")
        )
        .order_by("position", "planned_date", "pk")
    )
    return list(add_milestone_progress(rows))


def report_photos(*, report: ProgressReport):
    return list(report.photos.order_by("position", "pk"))


@dataclass(frozen=True)
class TimelineEvent:
    when: dt.datetime
    who: str
    action: str
    reason: str
    comment: str


# The history records that carry the reviewer's comment: each decision keeps its own.
DECISIONS = (HistoryReason.RETURNED, HistoryReason.APPROVED)


def report_timeline(*, report: ProgressReport) -> list[TimelineEvent]:
    """Who did what and when, from the report's history; a return and an approval carry
    their comments. One query."""
    events = []
    records = report.history.select_related("history_user").order_by("history_date", "pk")
    for record in records:
        reason = record.history_change_reason or ""
        user = record.history_user
        events.append(
            TimelineEvent(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else _("系统"),
                action=str(
                    HistoryReason(reason).label if reason in HistoryReason.values else _("后台修改")
                ),
                reason=reason,
                comment=record.review_comment if reason in DECISIONS else "",
            )
        )
    return events
