"""``Authorization: Bearer <key>`` (or ``Token <key>``) for the API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .selectors import token_for_key
from .services import token_touch

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(BaseAuthentication):
    """A request with an active token acts as the token's user (``request.auth`` is the
    token); without the header it is anonymous; a wrong, revoked or expired key is 401."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Authorization 头应为“Bearer 令牌”，中间一个空格。")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("令牌无效、已吊销或已过期。"))
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效、已吊销或已过期。"))
        token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
