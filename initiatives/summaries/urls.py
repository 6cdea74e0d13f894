from django.urls import path, re_path

from . import views

urlpatterns = [
    path("summaries/", views.SummaryListView.as_view(), name="summary_list"),
    path("summaries/<int:pk>/", views.SummaryDetailView.as_view(), name="summary_detail"),
    re_path(
        r"^summaries/(?P<pk>\d+)/export\.(?P<fmt>xlsx|docx|csv)$",
        views.SummaryExportView.as_view(),
        name="summary_export",
    ),
    path("reporting-rate/", views.ReportingRateView.as_view(), name="reporting_rate"),
]
