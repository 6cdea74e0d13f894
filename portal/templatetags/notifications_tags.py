"""``{% load notifications_tags %}``: the signed-in user's unread notifications, counted
once per request (one query per page at most)."""

from django import template

from portal.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notification_count"):
        request._unread_notification_count = unread_count(user=user)
    return request._unread_notification_count
