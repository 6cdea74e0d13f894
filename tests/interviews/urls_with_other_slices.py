"""The portal's URLs plus stand-ins for the unit and initiative pages other slices build,
so the article page's links to them can be tested before the branches are merged."""

from django.http import HttpResponse
from django.urls import include, path

import interviews.urls


def stub(request, **kwargs):
    return HttpResponse("")


other_slices = (
    [
        path("units/<slug:slug>/", stub, name="unit_detail"),
        path("initiatives/<int:pk>/", stub, name="initiative_detail"),
    ],
    "initiatives",
)

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(other_slices)),
    path("", include(interviews.urls)),
    path("", include("portal.urls")),
]
