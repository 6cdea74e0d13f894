"""Public pages: published articles only. Anonymous visitors get them from the page cache
(``portal.pagecache``), tagged with what each page shows (``articles/published.py``)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.places.models import DISTRICT_KINDS, UNIT_KINDS, Region
from initiatives.places.pagetags import UNITS
from portal.pagecache import cached_page, tag_versions

from ..articles.models import BlockKind, Series
from ..articles.published import LISTS, article_tag, series_tag
from . import selectors
from .search import KINDS, SearchFilters, filter_choices, kind_labels, search_page

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


def lists_tags(request, **kwargs):
    return [LISTS]


@cached_page(lists_tags)
def article_list(request):
    series = request.GET.get("series", "")[:120]
    unit = request.GET.get("unit", "")[:80]
    year = _year(request.GET.get("year", ""))
    page = request.GET.get("page", "1")[:6]

    data = _page_data(selectors.public_article_list(series=series, unit=unit, year=year), page)
    data["choices"] = selectors.public_filter_choices()
    query = {k: v for k, v in {"series": series, "unit": unit, "year": year or ""}.items() if v}
    return render(
        request,
        "interviews/article_list.html",
        {"data": data, "selected": query, "query": "&".join(f"{k}={v}" for k, v in query.items())},
    )


ARTICLE_FRAGMENT = "article_page"  # {% cache %} of interviews/article_detail.html


def _article_fragment_cached(article) -> bool:
    """Whether the page's body of this version and language is in the fragment cache
    (the cache tag's own key and cache)."""
    key = make_template_fragment_key(
        ARTICLE_FRAGMENT, [article.pk, article.updated_at, translation.get_language()]
    )
    alias = "template_fragments" if "template_fragments" in settings.CACHES else "default"
    return caches[alias].get(key) is not None


@cached_page(lambda request, slug: [article_tag(slug)])
def article_detail(request, slug):
    # The row alone when its cached body will be shown; with its joins when not.
    article = selectors.published_article_head(slug)
    if article is None:
        raise Http404(_("没有找到这篇文章。"))
    if not _article_fragment_cached(article):
        article = selectors.published_article(slug) or article
    return render(
        request, "interviews/article_detail.html", {"article": article, "Kind": BlockKind}
    )


@cached_page(lambda request, slug: [series_tag(slug)])
def series_detail(request, slug):
    page = request.GET.get("page", "1")[:6]
    series = Series.objects.prefetch_related("outlets").filter(slug=slug).first()
    if series is None:
        raise Http404(_("没有找到这个系列。"))
    data = _page_data(selectors.public_article_list(series=slug), page)
    data["series"] = series
    return render(request, "interviews/series_detail.html", {"data": data})


def _search_filters(request) -> tuple[SearchFilters, list[str]]:
    """The filters of the search page from its GET parameters, and a message for each
    one that names nothing (the search then runs without it)."""
    problems = []
    kind = request.GET.get("type", "")
    if kind and kind not in KINDS:
        problems.append(_("没有这种类型，已显示全部类型。"))
        kind = ""
    regions = {}
    for name, kinds, message in (
        ("unit", UNIT_KINDS, _("没有找到这个单位，已显示全部单位。")),
        ("district", DISTRICT_KINDS, _("没有找到这个区县，已显示全部区县。")),
    ):
        slug = request.GET.get(name, "")[:80].replace("\x00", "")
        regions[name] = None
        if slug:
            regions[name] = Region.objects.filter(slug=slug, kind__in=kinds).first()
            if regions[name] is None:
                problems.append(message)
    raw_year = request.GET.get("year", "")[:6]
    year = _year(raw_year)
    if raw_year and year is None:
        problems.append(_("年份应为四位数字，已显示全部年份。"))
    filters = SearchFilters(
        kind=kind, unit=regions["unit"], district=regions["district"], year=year
    )
    return filters, problems


# Search finds articles, initiatives and units.
@cached_page(lambda request: [LISTS, UNITS])
def search_view(request):
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:60]
    filters, problems = _search_filters(request)
    page = request.GET.get("page", "1")[:6]
    page = int(page) if page.isdigit() else 1
    results = search_page(query, filters=filters, page=page) if query else None
    choices = filter_choices(tag_versions(request, LISTS, UNITS))
    selected = {
        "type": filters.kind,
        "unit": filters.unit.slug if filters.unit else "",
        "district": filters.district.slug if filters.district else "",
        "year": filters.year or "",
    }
    selected = {k: v for k, v in selected.items() if v}
    return render(
        request,
        "interviews/search.html",
        {
            "query": query,
            "results": results,
            "choices": choices,
            "selected": selected,
            "problems": problems,
            "labels": kind_labels(),
            "link": urlencode({"q": query, **selected}),
            "facets": [
                {
                    "kind": kind,
                    "label": label,
                    "count": results.shown_count(kind),
                    "exact": results.count_is_exact(kind),
                    "link": urlencode({"q": query, **{**selected, "type": kind}}),
                }
                for kind, label in kind_labels().items()
            ]
            if results
            else [],
        },
    )


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("书记访谈")
    subtitle = gettext_lazy("街道、镇党（工）委书记访谈文章")

    def link(self):
        return reverse("interviews:article_list")

    def items(self):
        return selectors.latest_published(limit=20)

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.subtitle or item.editor_note[:200]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
