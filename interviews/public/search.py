"""The public site's search: published articles (ranked), then initiatives, then units
whose names or descriptions match, as one list that pages through everything it finds
(``search_page``), with filters by type, unit, district and year. The text analysis and
matching are ``interviews.search``'s.

Filters: ``unit`` keeps articles and initiatives of that unit, and the unit itself;
``district`` keeps what lies in the district (the district itself included); ``year`` keeps
articles published and initiatives started in that year, and no units (a unit has no
year)."""

import hashlib
import logging
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection
from django.db.models import Case, Exists, Max, Min, OuterRef, Q, Value, When
from django.template.loader import render_to_string
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from initiatives.catalog.models import Initiative
from initiatives.places.gazetteer import places_gazetteer, regions_in_text
from initiatives.places.models import DISTRICT_KINDS, UNIT_KINDS, Region
from portal.i18n import labelled

from ..articles.models import ArticleStatus, InterviewArticle
from ..search.analysis import (
    DOMAIN_WORDS,
    document_text,
    highlight_terms_of,
    phrases,
    query_words,
    warm,
)
from ..search.highlight import highlight, snippet
from ..search.matching import EXACT_UP_TO, ArticleMatches, has_rum_index, matches_phrase

PER_PAGE = 20
KINDS = ("article", "initiative", "unit")


@dataclass
class SearchResult:
    kind: str  # "article", "initiative", "unit"
    kind_label: str
    title: SafeString
    url: str
    snippet: SafeString
    rank: float = 0.0


@dataclass
class SearchFilters:
    kind: str = ""  # one of KINDS, or every kind
    unit: Region | None = None
    district: Region | None = None
    year: int | None = None

    def wants(self, kind: str) -> bool:
        return not self.kind or self.kind == kind


@dataclass
class SearchPage:
    results: list[SearchResult]
    total: int
    counts: dict[str, int]  # per kind, under the filters other than the kind
    number: int
    num_pages: int
    per_page: int = PER_PAGE
    terms: list[str] = field(default_factory=list)
    # False: the total and ``num_pages`` are estimates (the article count is).
    exact: bool = True
    article_count_exact: bool = True

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def shown_total(self) -> int:
        """The total as the page prints it: an estimate rounded ("约 24000")."""
        return self.total if self.exact else self.about(self.total)

    def count_is_exact(self, kind: str) -> bool:
        return self.article_count_exact or kind != "article"

    def shown_count(self, kind: str) -> int:
        n = self.counts[kind]
        return n if self.count_is_exact(kind) else self.about(n)

    @staticmethod
    def about(n: int) -> int:
        """``n`` to two significant figures (23,677 -> 24,000)."""
        step = 10 ** max(0, len(str(n)) - 2)
        return (n + step // 2) // step * step

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.results else 0


def kind_labels() -> dict[str, str]:
    return {"article": _("访谈"), "initiative": _("重点工作"), "unit": _("单位")}


def _published():
    return InterviewArticle.objects.filter(status=ArticleStatus.PUBLISHED).only(
        "id", "headline", "slug", "search_document", "published_at"
    )


def _articles(filters: SearchFilters):
    qs = _published()
    if filters.unit is not None:
        qs = qs.filter(region=filters.unit)
    if filters.district is not None:
        qs = qs.filter(region__path__startswith=filters.district.path)
    if filters.year:
        qs = qs.filter(published_at__year=filters.year)
    return qs


def _initiatives(words, filters: SearchFilters):
    condition = Q()
    for phrase in words:
        condition &= matches_phrase("title", phrase) | matches_phrase("description", phrase)
    qs = Initiative.objects.filter(condition)
    if filters.unit is not None:
        qs = qs.filter(region=filters.unit)
    if filters.district is not None:
        qs = qs.filter(region__path__startswith=filters.district.path)
    if filters.year:
        qs = qs.filter(start_date__year=filters.year)
    return qs.select_related("region").order_by("title", "pk")


def _units(query: str, words, filters: SearchFilters):
    """Units whose names hold every phrase, and the places the query names (张店 和平街道,
    淄博市张店区) as the gazetteer resolves them, those first."""
    if filters.year:
        return Region.objects.none()
    condition = Q()
    for phrase in words:
        condition &= matches_phrase("name", phrase)
    named = [m.region.pk for m in regions_in_text(query, limit=PER_PAGE)]
    qs = Region.objects.filter(Q(condition, kind__in=UNIT_KINDS) | Q(pk__in=named))
    if filters.unit is not None:
        qs = qs.filter(pk=filters.unit.pk)
    if filters.district is not None:
        qs = qs.filter(path__startswith=filters.district.path)
    first = Case(When(pk__in=named, then=Value(0)), default=Value(1))
    return qs.select_related("parent__parent").order_by(first, "name", "pk")


def _count_each(*querysets) -> list[int]:
    """``qs.count()`` of each, in one query (a scalar subquery each)."""
    parts, params, counts = [], [], {}
    for i, qs in enumerate(querysets):
        try:
            sql, qs_params = qs.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # .none(): nothing to ask
            counts[i] = 0
            continue
        parts.append((i, f"(SELECT COUNT(*) FROM ({sql}) AS counted_{i})"))
        params += qs_params
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(sql for _i, sql in parts), params)
            for (i, _sql), n in zip(parts, cursor.fetchone(), strict=True):
                counts[i] = n
    return [counts[i] for i in range(len(querysets))]


def _article_result(article, terms, label: str) -> SearchResult:
    # ``text``: the document's plain line, as ArticleMatches reads it on PostgreSQL.
    text = getattr(article, "text", None)
    return SearchResult(
        kind="article",
        kind_label=label,
        title=highlight(article.headline, terms),
        url=article.get_absolute_url(),
        snippet=snippet(
            text if text is not None else document_text(article.search_document), terms
        ),
        rank=article.rank,
    )


def _initiative_result(initiative, terms) -> SearchResult:
    return SearchResult(
        kind="initiative",
        kind_label=_("重点工作"),
        title=highlight(initiative.title, terms),
        url=initiative.get_absolute_url(),
        snippet=snippet(labelled(initiative.region.name, initiative.description), terms),
    )


def _unit_result(region, terms) -> SearchResult:
    return SearchResult(
        kind="unit",
        kind_label=_("单位"),
        title=highlight(region.name, terms),
        url=region.get_absolute_url(),
        snippet=highlight(" · ".join([*_above(region), str(region.get_kind_display())]), []),
    )


def _above(region) -> list[str]:
    """The two places above a unit, largest first (淄博市, 张店区)."""
    parent = region.parent
    return [r.name for r in (parent.parent if parent else None, parent) if r is not None]


def search_page(
    query: str, *, filters: SearchFilters | None = None, page: int = 1, per_page: int = 0
) -> SearchPage:
    """Page ``page`` of everything that matches ``query`` under ``filters``: articles
    ranked best first, then initiatives, then units (each by name), with the total and the
    count of each kind. A page past the last is the last.

    Articles are counted up to ``EXACT_UP_TO`` or the end of the page asked for, whichever
    is further: beyond that the article count (so the total and the number of pages) is
    the planner's estimate (``exact`` False), and the page is all articles."""
    filters = filters or SearchFilters()
    per_page = per_page or PER_PAGE
    terms = highlight_terms_of(query)
    words = phrases(query)
    if not query_words(query) or not words:
        return SearchPage([], 0, dict.fromkeys(KINDS, 0), 1, 1, per_page, terms)
    wanted = [kind for kind in KINDS if filters.wants(kind)]
    articles = ArticleMatches(_articles(filters), query)
    initiatives = _initiatives(words, filters)
    units = _units(query, words, filters)
    page = max(1, page)
    # Where the articles end matters only if the page could reach past them.
    article_total = articles.total(
        exact_up_to=max(EXACT_UP_TO, page * per_page), ordered=page * per_page
    )
    n_initiatives, n_units = _count_each(initiatives, units)
    counts = {"article": article_total.n, "initiative": n_initiatives, "unit": n_units}
    exact = article_total.exact or "article" not in wanted
    total = sum(counts[kind] for kind in wanted)
    num_pages = max(1, -(-total // per_page))
    if not exact:
        # Page ``page`` and the next hold articles only (more than its end were counted).
        num_pages = max(num_pages, page + 1)
    number = min(page, num_pages)
    # The page's window over the concatenation articles + initiatives + units.
    offset, left = (number - 1) * per_page, per_page
    results = []
    article_label = _("访谈")
    fetch = {
        "article": lambda o, n: [
            _article_result(a, terms, article_label) for a in articles.page(o, n)
        ],
        "initiative": lambda o, n: [_initiative_result(i, terms) for i in initiatives[o : o + n]],
        "unit": lambda o, n: [_unit_result(r, terms) for r in units[o : o + n]],
    }
    for kind in wanted:
        if left <= 0:
            break
        if offset >= counts[kind]:
            offset -= counts[kind]
            continue
        taken = fetch[kind](offset, min(left, counts[kind] - offset))
        results += taken
        left -= len(taken)
        offset = 0
    return SearchPage(
        results,
        total,
        counts,
        number,
        num_pages,
        per_page,
        terms,
        exact=exact,
        article_count_exact=article_total.exact,
    )


def search_articles(query: str, *, limit: int = 20) -> tuple[list, list[str]]:
    """Published articles matching ``query``, best first, and the terms to highlight."""
    if not query_words(query):
        return [], []
    return ArticleMatches(_published(), query).page(0, limit), highlight_terms_of(query)


def search(query: str, *, limit: int = 20) -> list[SearchResult]:
    """The first ``limit`` results: articles (ranked), then initiatives and units."""
    return search_page(query, per_page=limit).results


class Choice(NamedTuple):
    slug: str
    name: str


# How long a process keeps the filters' choices (also dropped with the LISTS and UNITS tags).
CHOICES_SECONDS = 60


def filter_choices(versions: tuple = ()) -> dict:
    """Districts and units that have published articles, and the years from the first
    publication to the last, for the filters of the search page. Cheap at any size: an
    EXISTS per region over the region index, and the two ends of the publication index.

    Kept in the process (the ``template_fragments`` cache: no round trip) for
    ``CHOICES_SECONDS`` under ``versions``, the page-cache versions of what they show
    (publications and units, ``views.search_view``): a publication gives new versions,
    so new choices, at once where the page cache reaches a shared cache."""
    cache = caches["template_fragments" if "template_fragments" in settings.CACHES else "default"]
    key = "search:choices:" + hashlib.sha1(repr(versions).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _filter_choices()
        cache.set(key, found, timeout=CHOICES_SECONDS)
    return found


def _filter_choices() -> dict:
    published = InterviewArticle.objects.filter(status=ArticleStatus.PUBLISHED)
    with_articles = Exists(published.filter(region=OuterRef("pk")))
    units = list(
        Region.objects.filter(with_articles, kind__in=UNIT_KINDS)
        .order_by("name", "pk")
        .values_list("slug", "name", "path")
    )
    district_ids = {int(part) for *_n, path in units for part in path.strip("/").split("/") if part}
    districts = Region.objects.filter(pk__in=district_ids, kind__in=DISTRICT_KINDS).order_by("name")
    bounds = published.aggregate(first=Min("published_at"), last=Max("published_at"))
    years = []
    if bounds["first"] and bounds["last"]:
        first = timezone.localtime(bounds["first"]).year
        last = timezone.localtime(bounds["last"]).year
        years = list(range(last, first - 1, -1))
    return {
        "units": [Choice(slug, name) for slug, name, _path in units],
        "districts": [Choice(*row) for row in districts.values_list("slug", "name")],
        "years": years,
    }


def warm_worker() -> None:
    """What a worker's first search would otherwise pay for: the segmenter, the URL
    resolver's tables, every language's catalogue, the gazetteer that finds the places a
    query names (the national division names, about a second to build), whether the RUM
    index is there, and one search rendered (the database connection, the index's pages,
    the search page's templates with the base and its includes, which the cached loader
    compiles on first use). A database that does not answer skips the last three."""
    warm()
    resolve(reverse("interviews:search"))
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            kind_labels()
    try:
        places_gazetteer()
        if connection.vendor == "postgresql":
            has_rum_index(connection.alias)
        query = DOMAIN_WORDS[0]
        results = search_page(query)
        render_to_string(
            "interviews/search.html",
            {
                "query": query,
                "results": results,
                "choices": filter_choices(),
                "labels": kind_labels(),
            },
        )
    except DatabaseError:
        logging.getLogger(__name__).warning("search warm-up: the database did not answer")
