"""The framework's floor for ``public_bench.py``: a bare Django view that returns, from
memory, the bytes of the portal's cached article page (read once from
``BENCH_FLOOR_FILE``). Settings, URLs and the WSGI application in one module: no apps, no
middleware, no templates, no database. Served by gunicorn as ``bench.floor_site``.
"""

import os
import secrets
from pathlib import Path

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
USE_TZ = True

BODY = Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page)]

os.environ["DJANGO_SETTINGS_MODULE"] = __name__
application = get_wsgi_application()
