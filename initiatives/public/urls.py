from django.urls import path

from . import views

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/<slug:slug>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("initiatives/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
]
