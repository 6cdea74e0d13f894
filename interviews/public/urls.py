from django.urls import path

from portal.pagecache import cached_page

from . import views

urlpatterns = [
    path("articles/", views.article_list, name="article_list"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("series/<slug:slug>/", views.series_detail, name="series_detail"),
    path("feed/", cached_page(views.lists_tags)(views.LatestArticlesFeed()), name="feed"),
    path("search/", views.search_view, name="search"),
]
