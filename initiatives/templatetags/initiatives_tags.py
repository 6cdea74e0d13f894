"""``{% load initiatives_tags %}``: the reviewer's waiting count, status badges, and an
indicator's figures written with its precision (``catalog/amounts.py``)."""

from django import template
from django.utils.html import format_html

from ..catalog.amounts import format_amount, format_number, row_precision
from ..catalog.models import Indicator, InitiativeStatus
from ..reporting import progress
from ..reporting.models import MilestoneProgressState, ReportStatus
from ..reporting.selectors import review_waiting_count

register = template.Library()

REPORT_BADGES = {
    ReportStatus.DRAFT: "text-bg-secondary",
    ReportStatus.SUBMITTED: "text-bg-primary",
    ReportStatus.RETURNED: "text-bg-warning",
    ReportStatus.APPROVED: "text-bg-success",
}
INITIATIVE_BADGES = {
    InitiativeStatus.ACTIVE: "text-bg-primary",
    InitiativeStatus.COMPLETED: "text-bg-success",
    InitiativeStatus.SUSPENDED: "text-bg-warning",
}


@register.simple_tag(takes_context=True)
def waiting_review_count(context) -> int:
    """How many reports wait for the signed-in reviewer; counted once per request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_waiting_review_count"):
        request._waiting_review_count = review_waiting_count(user=user)
    return request._waiting_review_count


@register.filter
def status_badge(status: str) -> str:
    """The badge colour of a report's status."""
    return REPORT_BADGES.get(status, "text-bg-light")


@register.filter
def report_status_badge(status: str) -> str:
    """``{{ report.status|report_status_badge }}``: the status as a badge, as
    ``report_status_badge.html`` prints it, in one call for lists of reports (the include
    and ``get_status_display`` per row were a tenth of the review queue's rendering)."""
    label = ReportStatus(status).label if status in ReportStatus.values else status
    return format_html('<span class="badge {}">{}</span>', status_badge(status), label)


@register.filter
def initiative_badge(status: str) -> str:
    """The badge colour of an initiative's status."""
    return INITIATIVE_BADGES.get(status, "text-bg-secondary")


def _precision(indicator) -> int:
    if isinstance(indicator, Indicator):
        return indicator.precision
    return row_precision(indicator)


@register.filter
def amount(value, indicator) -> str:
    """``{{ row.current|amount:row }}``: ``1470 平方米``, with the indicator's precision
    (``indicator``: an Indicator, or a summary's indicator row)."""
    unit = indicator.unit if isinstance(indicator, Indicator) else indicator.get("unit", "")
    return format_amount(value, _precision(indicator), unit)


@register.filter
def number(value, indicator) -> str:
    """``{{ row.target|number:row }}``: the figure alone, with the indicator's precision."""
    return format_number(value, _precision(indicator))


@register.filter
def progress_phrase(indicator) -> str:
    """``已减少 630 / 2100 平方米`` (see ``reporting/progress.py``)."""
    return progress.progress_phrase(indicator)


@register.filter
def shows_level(indicator) -> bool:
    return progress.shows_level(indicator)


@register.filter
def bar_width(percent) -> int:
    """A progress bar's width, 0..100, from a percent that may be missing or overshoot."""
    if percent is None:
        return 0
    return int(max(0.0, min(100.0, float(percent))))


@register.filter
def milestone_progress_label(state: str) -> str:
    """The label of a reported milestone state (``done`` -> 已完成)."""
    if state in MilestoneProgressState.values:
        return str(MilestoneProgressState(state).label)
    return ""
