"""Reads of the outbox."""

from .models import Notification


def notifications_for(*, user, limit: int = 50):
    return Notification.objects.filter(recipient=user).order_by("-created_at")[:limit]


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
