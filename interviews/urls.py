from django.urls import path  # noqa: F401

from . import views  # noqa: F401
from .imports import urls as imports_urls

app_name = "interviews"

urlpatterns: list = [*imports_urls.urlpatterns]
