"""Creating and revoking API tokens (the portal's token page and admin call these)."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.roles import Role, has_role
from portal.errors import WorkflowError

from .models import ApiToken

KEY_PREFIX = "pt_"
MAX_ACTIVE_TOKENS = 20


def key_digest(key: str) -> str:
    """A key's SHA-256: keys are 256 random bits, so a fast hash is as safe as a slow one
    (GitHub and PyPI store theirs so) and lets a request find its token by index."""
    return hashlib.sha256(key.encode()).hexdigest()


def token_check(*, user, name: str, expires_at: dt.datetime | None) -> None:
    """What ``token_create`` refuses (admin's form asks the same before saving)."""
    if not (name or "").strip():
        raise WorkflowError(_("请给令牌起一个名称，说明它用在哪里。"))
    if expires_at is not None and expires_at <= timezone.now():
        raise WorkflowError(_("到期时间应晚于现在。"))
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise WorkflowError(
            _("每位用户最多保留 %(n)d 个有效令牌，请先吊销不用的令牌。") % {"n": MAX_ACTIVE_TOKENS}
        )


@transaction.atomic
def token_create(*, user, name: str, expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its key, which is returned this once and never stored."""
    token_check(user=user, name=name, expires_at=expires_at)
    name = name.strip()
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, prefix=key[:10], key_hash=key_digest(key), expires_at=expires_at
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke a token: its owner or an admin may; a second revoke changes nothing."""
    if by is None or (by.pk != token.user_id and not has_role(by, Role.ADMIN)):
        raise PermissionDenied(_("您无权吊销这个令牌。"))
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def token_touch(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (no write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
