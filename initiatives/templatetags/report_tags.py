"""Template helpers of the reporting loop."""

from django import template

from ..selectors.reports import review_waiting_count

register = template.Library()

STATUS_BADGES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-primary",
    "returned": "text-bg-warning",
    "approved": "text-bg-success",
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
    return STATUS_BADGES.get(str(status), "text-bg-light")
