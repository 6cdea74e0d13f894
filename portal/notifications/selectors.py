"""Reads of the outbox."""

from .models import Notification


def notifications_of(*, user):
    return Notification.objects.filter(recipient=user)


def notifications_for(*, user, limit: int = 50):
    return notifications_of(user=user).order_by("-created_at")[:limit]


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
