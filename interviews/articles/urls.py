from django.urls import path

from . import views

urlpatterns = [
    path("manage/articles/", views.EditorialListView.as_view(), name="editorial_list"),
    path("manage/articles/new/", views.ArticleFormView.as_view(), name="article_create"),
    path("manage/articles/<int:pk>/", views.ArticleManageView.as_view(), name="article_manage"),
    path("manage/articles/<int:pk>/edit/", views.ArticleFormView.as_view(), name="article_edit"),
    path(
        "manage/articles/<int:pk>/preview/",
        views.ArticlePreviewView.as_view(),
        name="article_preview",
    ),
    path("manage/articles/<int:pk>/submit/", views.SubmitView.as_view(), name="article_submit"),
    path("manage/articles/<int:pk>/return/", views.ReturnView.as_view(), name="article_return"),
    path("manage/articles/<int:pk>/publish/", views.PublishView.as_view(), name="article_publish"),
    path("manage/articles/<int:pk>/archive/", views.ArchiveView.as_view(), name="article_archive"),
    path(
        "manage/articles/<int:pk>/discard-changes/",
        views.DiscardChangesView.as_view(),
        name="article_discard_changes",
    ),
    path("manage/articles/<int:pk>/reopen/", views.ReopenView.as_view(), name="article_reopen"),
    path(
        "manage/articles/<int:pk>/compare/",
        views.RevisionCompareView.as_view(),
        name="article_compare",
    ),
    path(
        "manage/articles/<int:pk>/revisions/<int:rid>/restore/",
        views.RestoreView.as_view(),
        name="article_restore",
    ),
]
