"""/api/v1/ (namespace ``api``): the schema and its two readers, reports and the review
queue, the public reads, and a problem-details 404 for any other path."""

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)

from . import docs, public, reports, summaries
from .errors import NotFoundView

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start-up script is a file of its own (no inline script); ReDoc without
    # the fonts its stock page loads from Google (docs.py). Both from drf-spectacular-sidecar.
    path(
        "schema/swagger/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="swagger-ui",
    ),
    path(
        "schema/redoc/",
        docs.RedocView.as_view(url_name="api:schema"),
        name="redoc",
    ),
    path("schema/redoc.js", docs.redoc_bundle, name="redoc_bundle"),
    path("reports/", reports.ReportListView.as_view(), name="reports"),
    path("reports/due/", reports.DueReportsView.as_view(), name="reports_due"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report"),
    path("reports/<int:pk>/photos/", reports.ReportPhotoView.as_view(), name="report_photos"),
    path("reports/<int:pk>/submit/", reports.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/return/", reports.ReportReturnView.as_view(), name="report_return"),
    path("reports/<int:pk>/approve/", reports.ReportApproveView.as_view(), name="report_approve"),
    path("review/queue/", reports.ReviewQueueView.as_view(), name="review_queue"),
    path("summaries/", summaries.SummaryListView.as_view(), name="summaries"),
    path("summaries/<int:pk>/", summaries.SummaryDetailView.as_view(), name="summary"),
    path("summaries/<int:pk>/csv/", summaries.SummaryCsvView.as_view(), name="summary_csv"),
    *public.urlpatterns,
    re_path(r"^.*$", NotFoundView.as_view(), name="not_found"),
]
