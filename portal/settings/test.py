"""Settings for the test suite: fast hashing, local memory email, eager tasks unless a test
starts a real worker."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "portal.storage.PrivateInMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
# The demo world without the 3,500 real townships around it: every demo test would load
# them; tests/portal/test_demo_divisions.py loads them once.
DEMO_DIVISION_PROVINCES = env.list("DEMO_DIVISION_PROVINCES", default=[])
# Tests use their own cache so that one test's pages never leak into another's.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
}
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Serve static files from the source folders (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The suite runs on a travelled clock (tests/conftest.py): cookies without an expiry date,
# so that a browser on the real clock never sees them as already expired.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_AGE = None
# The API's rate limits high enough for the schema run; tests of the limits lower them.
API_THROTTLE_RATES = {"token": "100000/hour", "anon": "100000/hour"}
