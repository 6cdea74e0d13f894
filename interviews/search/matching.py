"""Matching a query against articles' search documents: PostgreSQL's stored tsvector with
a trigram ``ILIKE`` fallback, or a scan on SQLite. The caller gives the articles to search
(the public site: published ones) and pages through the matches (``ArticleMatches``).

Ranking on PostgreSQL: with the RUM index of migration 0004 (extension ``rum``), by its
distance ``search_vector <=> query`` (smaller is better), then date and id so that pages
never overlap. Ordered by the distance alone, the index would hand out a page without
ranking every match, but equal distances then come out in a different order for each
OFFSET (measured: paging reached 90-99% of the matches), so the tie-breakers stay and
PostgreSQL sorts the matches. Without RUM (``rum`` not installed), ``ts_rank`` scores
every match before the LIMIT. The trigram fallback (no tsvector match: the query and the text were
segmented differently, 网格员 vs 网格 员) and SQLite's scan order by date."""

import functools

from django.db import connections
from django.db.models import BooleanField, FloatField, Q, Value
from django.db.models.expressions import RawSQL

from .analysis import phrases, query_words, tsquery

RUM_INDEX = "interviews_article_search_rum"


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


class ArticleMatches:
    """The rows of ``articles`` (a queryset with ``search_document``, ``search_vector`` and
    ``published_at``) matching ``query``: ``count()`` and ``page(offset, limit)``, best
    first, each row with its ``rank`` (higher is better)."""

    def __init__(self, articles, query: str):
        self.articles = articles
        self.words = query_words(query)
        self.phrases = phrases(query)
        self.vendor = connections[articles.db].vendor
        self._count = None
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
        return qs.annotate(rank=Value(0.0, output_field=FloatField())).order_by(
            "-published_at", "-pk"
        )

    def _ranked(self, matched):
        q = tsquery(self.words)
        if has_rum_index(self.articles.db):
            # RUM hands the rows out in distance order: no rank computed for the others.
            distance = RawSQL(
                "search_vector <=> to_tsquery('simple', %s)", [q], output_field=FloatField()
            )
            # The tie-breakers keep pages apart (equal distances are common: ordered by the
            # distance alone, RUM's order among them differed from one OFFSET to the next,
            # and paging through reached 90-99% of the matches). They cost the ordered index
            # scan: PostgreSQL then sorts the matches (see bench/README.md).
            return matched.annotate(distance=distance, rank=1.0 / distance).order_by(
                "distance", "-published_at", "-pk"
            )
        rank = RawSQL(
            "ts_rank(search_vector, to_tsquery('simple', %s))", [q], output_field=FloatField()
        )
        return matched.annotate(rank=rank).order_by("-rank", "-published_at", "-pk")

    def _postgres(self):
        if self._qs is None:
            matched = self.articles.filter(self._tsvector_filter())
            count = matched.count()
            if count:
                self._qs, self._count = self._ranked(matched), count
            else:
                # Segmentation of the query and of the text may differ: the trigram index
                # (patterns of 3+ characters; shorter ones scan the few rows they match).
                self._qs = self._trigram()
                self._count = self._qs.count()
        return self._qs

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

    def count(self) -> int:
        if not self.words:
            return 0
        if self.vendor == "postgresql":
            self._postgres()
            return self._count
        return len(self._scan())

    def page(self, offset: int, limit: int) -> list:
        if not self.words or limit <= 0:
            return []
        if self.vendor == "postgresql":
            return list(self._postgres()[offset : offset + limit])
        return self._scan()[offset : offset + limit]


def match_articles(articles, query: str, *, limit: int = 20) -> list:
    """The first ``limit`` rows of ``articles`` matching ``query``, best first."""
    return ArticleMatches(articles, query).page(0, limit)
