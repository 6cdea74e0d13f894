"""Reads of API tokens."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken
from .services import KEY_PREFIX, key_digest


def tokens_of(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_for_key(key: str) -> ApiToken | None:
    """The active token with this key, with its user, or None (unknown, revoked, expired,
    or its user deactivated)."""
    if not key.startswith(KEY_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user__profile__unit", "user__profile__district")
        .filter(key_hash=key_digest(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return None
    return token
