"""Import pages; included from ``interviews/urls.py`` under the ``interviews`` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("imports/", views.ImportListView.as_view(), name="import_list"),
    path("imports/upload/", views.ImportUploadView.as_view(), name="import_upload"),
    path("imports/upload/file/", views.ImportUploadFileView.as_view(), name="import_upload_file"),
    path("imports/jobs/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path("imports/<int:pk>/", views.ImportReviewView.as_view(), name="import_review"),
    path("imports/<int:pk>/accept/", views.ImportAcceptView.as_view(), name="import_accept"),
    path("imports/<int:pk>/discard/", views.ImportDiscardView.as_view(), name="import_discard"),
]
