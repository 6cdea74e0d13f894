"""Public pages: published articles only, cached under the published version."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..articles.models import BlockKind, Series
from . import cache, selectors
from .search import search

PAGE_SIZE = 10


def _page_data(qs, page_number) -> dict:
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(page_number)
    return {
        "articles": list(page.object_list),
        "number": page.number,
        "num_pages": paginator.num_pages,
        "count": paginator.count,
        "has_previous": page.has_previous(),
        "has_next": page.has_next(),
    }


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 1900 < int(value) < 3000 else None


def article_list(request):
    series = request.GET.get("series", "")[:120]
    unit = request.GET.get("unit", "")[:80]
    year = _year(request.GET.get("year", ""))
    page = request.GET.get("page", "1")[:6]

    def compute():
        data = _page_data(selectors.public_article_list(series=series, unit=unit, year=year), page)
        data["choices"] = selectors.public_filter_choices()
        return data

    data = cache.get_or_compute(("list", series, unit, year, page), compute)
    query = {k: v for k, v in {"series": series, "unit": unit, "year": year or ""}.items() if v}
    return render(
        request,
        "interviews/article_list.html",
        {"data": data, "selected": query, "query": "&".join(f"{k}={v}" for k, v in query.items())},
    )


def article_detail(request, slug):
    article = cache.get_or_compute(("detail", slug), lambda: selectors.published_article(slug))
    if article is None:
        raise Http404(_("没有找到这篇文章。"))
    return render(
        request, "interviews/article_detail.html", {"article": article, "Kind": BlockKind}
    )


def series_detail(request, slug):
    page = request.GET.get("page", "1")[:6]

    def compute():
        series = Series.objects.prefetch_related("outlets").filter(slug=slug).first()
        if series is None:
            return None
        data = _page_data(selectors.public_article_list(series=slug), page)
        data["series"] = series
        return data

    data = cache.get_or_compute(("series", slug, page), compute)
    if data is None:
        raise Http404(_("没有找到这个系列。"))
    return render(request, "interviews/series_detail.html", {"data": data})


def search_view(request):
    query = " ".join(request.GET.get("q", "").split())[:60]
    results = (
        cache.get_or_compute(("search", query), lambda: search(query, limit=30)) if query else []
    )
    return render(request, "interviews/search.html", {"query": query, "results": results})


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("书记访谈")
    subtitle = gettext_lazy("街道、镇党（工）委书记访谈文章")

    def link(self):
        return reverse("interviews:article_list")

    def items(self):
        return cache.get_or_compute(("feed",), lambda: selectors.latest_published(limit=20))

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.subtitle or item.editor_note[:200]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
