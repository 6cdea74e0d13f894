"""Matching a query against articles' search documents: PostgreSQL's stored tsvector
(GIN index) with a trigram ``ILIKE`` fallback, or a scan on SQLite. The caller gives the
articles to search (the public site: published ones)."""

from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

from .analysis import phrases, query_words, tsquery


def matches_phrase(column: str, phrase: tuple[str, str]) -> Q:
    simplified, typed = phrase
    return Q(**{f"{column}__icontains": simplified}) | Q(**{f"{column}__icontains": typed})


def match_articles(articles, query: str, *, limit: int = 20) -> list:
    """The rows of ``articles`` (a queryset with ``search_document``, ``search_vector`` and
    ``published_at``) matching ``query``, best first, each with its ``rank``."""
    words = query_words(query)
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _search_postgres(articles, words, phrases(query), limit)
    return _search_scan(articles, phrases(query), limit)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_postgres(articles, words, phrases, limit):
    q = tsquery(words)
    # The stored to_tsvector('simple', search_document) (a generated column, see migration
    # 0002): matching and ranking read it instead of parsing each document again.
    vector = "search_vector"
    matched = (
        articles.filter(
            RawSQL(f"{vector} @@ to_tsquery('simple', %s)", [q], output_field=BooleanField())
        )
        .annotate(
            rank=RawSQL(
                f"ts_rank({vector}, to_tsquery('simple', %s))", [q], output_field=FloatField()
            )
        )
        .order_by("-rank", "-published_at", "-pk")[:limit]
    )
    rows = list(matched)
    if rows:
        return rows
    # Segmentation of the query and of the text may differ: fall back to the trigram index
    # (it serves patterns of 3+ characters; shorter ones are a plain scan of few rows).
    qs = articles
    for simplified, typed in phrases:
        qs = qs.filter(
            RawSQL(
                "(search_document ILIKE %s OR search_document ILIKE %s)",
                [f"%{_like_escape(simplified)}%", f"%{_like_escape(typed)}%"],
                output_field=BooleanField(),
            )
        )
    rows = list(qs.order_by("-published_at", "-pk")[:limit])
    for row in rows:
        row.rank = 0.0
    return rows


def _search_scan(articles, phrases, limit):
    condition = Q()
    for phrase in phrases:
        condition &= matches_phrase("search_document", phrase)
    rows = list(articles.filter(condition).order_by("-published_at", "-pk"))
    for row in rows:
        document = row.search_document.lower()
        row.rank = float(sum(document.count(s) for s, _typed in phrases))
    rows.sort(key=lambda r: -r.rank)  # stable: newest first among equals
    return rows[:limit]
