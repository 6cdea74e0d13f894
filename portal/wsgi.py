import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

# Django's handler behind the page cache's WSGI layer: anonymous hits are answered
# before Django's request handling (portal/pagecache.py).
_django = get_wsgi_application()

from portal.pagecache import PageCacheApplication  # noqa: E402 (needs the app registry)

application = PageCacheApplication(_django)
