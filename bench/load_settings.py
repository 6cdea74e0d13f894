"""The production settings as ``load.py`` runs them on loopback (plain HTTP): the bench's
static root, and cookies that a client over http:// sends back. Nothing else changes."""

from public_settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
