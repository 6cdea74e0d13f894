"""``{% load initiatives_tags %}``: the reviewer's waiting count, status badges."""

from django import template

from ..catalog.models import InitiativeStatus
from ..reporting.models import ReportStatus
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
def initiative_badge(status: str) -> str:
    """The badge colour of an initiative's status."""
    return INITIATIVE_BADGES.get(status, "text-bg-secondary")
