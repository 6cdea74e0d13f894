from django.urls import path

from . import views

urlpatterns = [
    path("places/units/autocomplete/", views.unit_autocomplete, name="unit_autocomplete"),
]
