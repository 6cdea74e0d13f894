"""The public site's search: published articles (ranked), then initiatives and units whose
names or descriptions match. The text analysis and matching are ``interviews.search``'s."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from initiatives.catalog.models import Initiative
from initiatives.places.gazetteer import regions_in_text
from initiatives.places.models import UNIT_KINDS, Region
from portal.i18n import labelled

from ..articles.models import ArticleStatus, InterviewArticle
from ..search.analysis import document_text, highlight_terms_of, phrases, query_words
from ..search.highlight import highlight, snippet
from ..search.matching import match_articles, matches_phrase


@dataclass
class SearchResult:
    kind: str  # "article", "initiative", "unit"
    kind_label: str
    title: SafeString
    url: str
    snippet: SafeString
    rank: float = 0.0


def _published():
    return InterviewArticle.objects.filter(status=ArticleStatus.PUBLISHED).only(
        "id", "headline", "slug", "search_document", "published_at"
    )


def search_articles(query: str, *, limit: int = 20) -> tuple[list, list[str]]:
    """Published articles matching ``query``, best first, and the terms to highlight."""
    if not query_words(query):
        return [], []
    return match_articles(_published(), query, limit=limit), highlight_terms_of(query)


def search(query: str, *, limit: int = 20) -> list[SearchResult]:
    """Articles (ranked), then initiatives and units whose names or descriptions match."""
    articles, terms = search_articles(query, limit=limit)
    results = [
        SearchResult(
            kind="article",
            kind_label=_("访谈"),
            title=highlight(a.headline, terms),
            url=a.get_absolute_url(),
            snippet=snippet(document_text(a.search_document), terms),
            rank=a.rank,
        )
        for a in articles
    ]
    words = phrases(query)
    if not words:
        return results
    left = limit - len(results)
    if left > 0:
        condition = Q()
        for phrase in words:
            condition &= matches_phrase("title", phrase) | matches_phrase("description", phrase)
        for initiative in (
            Initiative.objects.filter(condition).select_related("region").order_by("title")[:left]
        ):
            results.append(
                SearchResult(
                    kind="initiative",
                    kind_label=_("重点工作"),
                    title=highlight(initiative.title, terms),
                    url=initiative.get_absolute_url(),
                    snippet=snippet(
                        labelled(initiative.region.name, initiative.description), terms
                    ),
                )
            )
    left = limit - len(results)
    named: list[Region] = []
    if left > 0:
        # The places the query names (张店 和平街道, 淄博市张店区), resolved by the
        # gazetteer; then the units whose names hold every phrase.
        named = [m.region for m in regions_in_text(query, limit=left)]
        for region in named:
            above = [
                r.name for r in (region.parent.parent if region.parent else None, region.parent)
            ]
            results.append(
                SearchResult(
                    kind="unit",
                    kind_label=_("单位"),
                    title=highlight(region.name, terms),
                    url=region.get_absolute_url(),
                    snippet=highlight(
                        " · ".join([*(n for n in above if n), str(region.get_kind_display())]), []
                    ),
                )
            )
    left = limit - len(results)
    if left > 0:
        condition = Q()
        for phrase in words:
            condition &= matches_phrase("name", phrase)
        units = Region.objects.filter(condition, kind__in=UNIT_KINDS)
        units = units.exclude(pk__in=[r.pk for r in named]).order_by("name")
        for region in units[:left]:
            results.append(
                SearchResult(
                    kind="unit",
                    kind_label=_("单位"),
                    title=highlight(region.name, terms),
                    url=region.get_absolute_url(),
                    snippet=highlight(region.get_kind_display(), []),
                )
            )
    return results
