"""Matching a query against articles' search documents: PostgreSQL's stored tsvector with
a trigram ``ILIKE`` fallback, or a scan on SQLite. The caller gives the articles to search
(the public site: published ones) and pages through the matches (``ArticleMatches``).

Ranking on PostgreSQL: with the RUM index of migration 0004 (extension ``rum``), by its
distance ``search_vector <=> query`` (smaller is better), then newest first and id, so
that the order is total and pages never overlap or leave a gap. The distance is all the
index orders by; the tie-breakers are sorted by an Incremental Sort that takes the rows
in distance order from the index and sorts only each run of equal distances, as far as
the page needs (page 1 reads the best few hundred rows, not the 23,677 matches of 党建
at 100,000 articles). The page's ids come first from a narrow query (a deep page sorts
ids, not documents), then their rows. Without RUM (``rum`` not installed), ``ts_rank``
scores every match before the LIMIT. The trigram fallback (no tsvector match: the query
and the text were segmented differently, 网格员 vs 网格 员) and SQLite's scan order by
date.

The total (``total``) counts the matches up to a bound and stops there: above it, the
planner's estimate, marked as not exact (the page shows "约 N 条"); a count of every
match visits every matching row. Paging never needs the exact figure: a page is full of
articles as long as more than its end were counted."""

import functools
import json
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, FloatField, Q, Value
from django.db.models.expressions import RawSQL

from .analysis import phrases, query_words, tsquery

RUM_INDEX = "interviews_article_search_rum"
# Totals up to this are exact; above it "about N" (the planner's estimate).
EXACT_UP_TO = 1000


def matches_phrase(column: str, phrase: tuple[str, str]) -> Q:
    simplified, typed = phrase
    return Q(**{f"{column}__icontains": simplified}) | Q(**{f"{column}__icontains": typed})


@functools.cache
def has_rum_index(alias: str = "default") -> bool:
    """Whether the RUM index exists (once per process and database: an index is created
    by a migration, not while the site runs)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [RUM_INDEX])
        return cursor.fetchone() is not None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class Total:
    """How many rows match: ``n`` exactly, or (``exact`` False) an estimate of a number
    known to be above ``at_least``."""

    n: int
    exact: bool = True
    at_least: int = 0


def _planner_rows(queryset) -> int:
    """PostgreSQL's estimate of the rows ``queryset`` returns (EXPLAIN, nothing run)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class ArticleMatches:
    """The rows of ``articles`` (a queryset with ``search_document``, ``search_vector`` and
    ``published_at``) matching ``query``: ``total(exact_up_to)`` and ``page(offset,
    limit)``, best first, each row with its ``rank`` (higher is better)."""

    def __init__(self, articles, query: str):
        self.articles = articles
        self.words = query_words(query)
        self.phrases = phrases(query)
        self.vendor = connections[articles.db].vendor
        self._matched = None
        self._qs = None
        self._scanned = None

    # --- PostgreSQL ----------------------------------------------------------------------

    def _tsvector_filter(self):
        return RawSQL(
            "search_vector @@ to_tsquery('simple', %s)",
            [tsquery(self.words)],
            output_field=BooleanField(),
        )

    def _trigram(self):
        qs = self.articles
        for simplified, typed in self.phrases:
            qs = qs.filter(
                RawSQL(
                    "(search_document ILIKE %s OR search_document ILIKE %s)",
                    [f"%{_like_escape(simplified)}%", f"%{_like_escape(typed)}%"],
                    output_field=BooleanField(),
                )
            )
        return qs

    def _ranked(self, matched):
        q = tsquery(self.words)
        if has_rum_index(self.articles.db):
            # The index hands the rows out by distance; the Incremental Sort above it
            # orders each run of equal distances (common: every article that names the
            # term once has the same distance) by date and id, as far as the LIMIT needs.
            distance = RawSQL(
                "search_vector <=> to_tsquery('simple', %s)", [q], output_field=FloatField()
            )
            return matched.annotate(distance=distance, rank=1.0 / distance).order_by(
                "distance", "-published_at", "-pk"
            )
        rank = RawSQL(
            "ts_rank(search_vector, to_tsquery('simple', %s))", [q], output_field=FloatField()
        )
        return matched.annotate(rank=rank).order_by("-rank", "-published_at", "-pk")

    def _postgres(self):
        """The matching rows (unordered) and the same ranked; the trigram fallback when
        the tsvector matches nothing (one cheap EXISTS decides)."""
        if self._qs is None:
            matched = self.articles.filter(self._tsvector_filter())
            if matched.exists():
                self._matched, self._qs = matched, self._ranked(matched)
            else:
                # Segmentation of the query and of the text may differ: the trigram index
                # (patterns of 3+ characters; shorter ones scan the few rows they match).
                self._matched = self._trigram()
                self._qs = self._matched.annotate(
                    rank=Value(0.0, output_field=FloatField())
                ).order_by("-published_at", "-pk")
        return self._matched, self._qs

    def _postgres_page(self, offset: int, limit: int) -> list:
        _matched, ranked = self._postgres()
        # Ids first, from rows as narrow as the order needs; then those rows whole.
        ranks = list(ranked.values_list("pk", "rank")[offset : offset + limit])
        rows = self.articles.in_bulk([pk for pk, _rank in ranks])
        page = []
        for pk, rank in ranks:
            row = rows.get(pk)
            if row is not None:
                row.rank = rank
                page.append(row)
        return page

    # --- SQLite (the embedded default) ---------------------------------------------------

    def _scan(self) -> list:
        if self._scanned is None:
            condition = Q()
            for phrase in self.phrases:
                condition &= matches_phrase("search_document", phrase)
            rows = list(self.articles.filter(condition).order_by("-published_at", "-pk"))
            for row in rows:
                document = row.search_document.lower()
                row.rank = float(sum(document.count(s) for s, _typed in self.phrases))
            rows.sort(key=lambda r: -r.rank)  # stable: newest first among equals
            self._scanned = rows
        return self._scanned

    # --- the interface -------------------------------------------------------------------

    def total(self, exact_up_to: int = EXACT_UP_TO) -> Total:
        """The number of matches, counted up to ``exact_up_to`` (at most that many + 1
        rows are visited); above it an estimate (``exact`` False)."""
        if not self.words:
            return Total(0)
        if self.vendor != "postgresql":
            return Total(len(self._scan()))
        matched, _ranked = self._postgres()
        counted = matched.order_by()[: exact_up_to + 1].count()
        if counted <= exact_up_to:
            return Total(counted)
        return Total(max(_planner_rows(matched), counted), exact=False, at_least=exact_up_to)

    def count(self) -> int:
        """Every match, counted exactly (visits every matching row on PostgreSQL)."""
        if not self.words:
            return 0
        if self.vendor != "postgresql":
            return len(self._scan())
        return self._postgres()[0].count()

    def page(self, offset: int, limit: int) -> list:
        if not self.words or limit <= 0:
            return []
        if self.vendor == "postgresql":
            return self._postgres_page(offset, limit)
        return self._scan()[offset : offset + limit]


def match_articles(articles, query: str, *, limit: int = 20) -> list:
    """The first ``limit`` rows of ``articles`` matching ``query``, best first."""
    return ArticleMatches(articles, query).page(0, limit)
