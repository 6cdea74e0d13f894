"""Included from ``portal/urls.py`` without a namespace (``notifications``,
``notifications_read``, ``notification_open``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/read/", views.NotificationReadView.as_view(), name="notifications_read"),
    path("notifications/<int:pk>/", views.NotificationOpenView.as_view(), name="notification_open"),
]
