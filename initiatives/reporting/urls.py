"""URLs of the reporting loop (namespace ``initiatives``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/new/", views.ReportCreateView.as_view(), name="report_create"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path(
        "reports/<int:pk>/photos/<int:photo_pk>/",
        views.ReportPhotoView.as_view(),
        name="report_photo",
    ),
    path(
        "reports/<int:pk>/photos/<int:photo_pk>/thumbnail/",
        views.ReportPhotoView.as_view(thumbnail=True),
        name="report_photo_thumbnail",
    ),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("review/<int:pk>/", views.ReviewActionView.as_view(), name="review_action"),
]
