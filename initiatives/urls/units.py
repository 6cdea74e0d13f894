from django.urls import path

from ..views import units

urlpatterns = [
    path("units/", units.UnitListView.as_view(), name="unit_list"),
    path("units/<slug:slug>/", units.UnitDetailView.as_view(), name="unit_detail"),
    path("initiatives/<int:pk>/", units.InitiativeDetailView.as_view(), name="initiative_detail"),
]
