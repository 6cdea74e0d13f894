"""The portal's URLs plus uploaded media, for browser tests (production serves media from
the web server; ``static()`` adds nothing when DEBUG is off)."""

from django.conf import settings
from django.urls import include, re_path
from django.views.static import serve


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media),
    re_path(r"", include("portal.urls")),
]
