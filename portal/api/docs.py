"""The API's documentation pages. Swagger UI comes from drf-spectacular-sidecar as it is;
ReDoc's bundle hard-codes one outside URL (its "powered by" logo on cdn.redoc.ly), so it
is served here with that URL replaced by an empty image: nothing leaves the machine."""

import functools

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularRedocView

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@functools.cache
def _redoc_bundle() -> bytes:
    with open(finders.find(REDOC_BUNDLE), "rb") as bundle:
        return bundle.read().replace(REDOC_LOGO.encode(), b"data:,")


@require_GET
def redoc_bundle(request):
    response = HttpResponse(_redoc_bundle(), content_type="application/javascript")
    response["Cache-Control"] = "public, max-age=86400"
    return response


class RedocView(SpectacularRedocView):
    template_name = "portal/api_redoc.html"

    @staticmethod
    def _redoc_standalone():
        return reverse("api:redoc_bundle")
