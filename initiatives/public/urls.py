from django.urls import path

from portal.pagecache import cached_page

from ..places.pagetags import UNITS, day_tag, unit_tag
from . import views

# Anonymous visitors get these pages from the page cache, dropped by what they show
# (``invalidation.py``) and on a new day (secretaries and late milestones are of a day).
unit_list = cached_page(lambda request: [UNITS, day_tag()])(views.UnitListView.as_view())
unit_detail = cached_page(lambda request, slug: [unit_tag(slug), day_tag()])(
    views.UnitDetailView.as_view()
)

urlpatterns = [
    path("units/", unit_list, name="unit_list"),
    path("units/<slug:slug>/", unit_detail, name="unit_detail"),
    path("initiatives/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
]
