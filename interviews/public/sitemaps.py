"""Sitemaps of the public interview pages (published articles and series)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from ..articles.models import ArticleStatus, InterviewArticle, Series


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return InterviewArticle.objects.filter(status=ArticleStatus.PUBLISHED).order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class SeriesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        published = InterviewArticle.objects.filter(
            series=OuterRef("pk"), status=ArticleStatus.PUBLISHED
        )
        return Series.objects.filter(Exists(published)).order_by("pk")


SITEMAPS = {"articles": ArticleSitemap, "series": SeriesSitemap}
