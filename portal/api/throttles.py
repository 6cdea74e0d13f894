"""Rate limits: per token for authenticated calls, per address for anonymous ones. The
counters live in the default cache (Redis in production, so every host counts together)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class _SettingsRate(SimpleRateThrottle):
    def get_rate(self):
        # Read on every request, so that a changed setting (or a test's override) counts.
        return settings.API_THROTTLE_RATES[self.scope]


class TokenRateThrottle(_SettingsRate):
    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AddressRateThrottle(_SettingsRate):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
