"""Matching a query against articles' search documents: PostgreSQL's stored tsvector with
a trigram ``ILIKE`` fallback, or a scan on SQLite. The caller gives the articles to search
(the public site: published ones) and pages through the matches (``ArticleMatches``).

Ranking on PostgreSQL: with the RUM index of migration 0004 (extension ``rum``), by its
distance ``search_vector <=> query`` (smaller is better), then newest first and id, so
that the order is total and pages never overlap or leave a gap. The index orders by the
distance alone, and PostgreSQL uses that order only for an ORDER BY of the distance alone
(with tie-breakers it sorts every match). So the rows are read in distance order, narrow
(distance, date, id), until the run of equal distances at the page's end is complete (every
article that names a term once has the same distance: runs are long), and sorted here
(``_rum_first``): page 1 reads about a hundred rows, not the 23,677 matches of 党建 at
100,000 articles; then the page's rows by id. Pages past ``DEEP_FROM`` rows read the
whole ranking once and keep it a minute in the process. Without RUM (``rum`` not
installed), ``ts_rank`` scores every match before the LIMIT. The trigram fallback (no
tsvector match: the query and the text were segmented differently, 网格员 vs 网格 员) and
SQLite's scan order by date.

The total (``total``) comes from the same read: exact when fewer than ``EXACT_UP_TO`` + 1
rows match, else the planner's estimate, marked as not exact (the page shows "约 N 条"): a
count of every match visits every matching row. Paging never needs the exact figure: a
page is full of articles as long as more than its end were read."""

import functools
import json
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.models import BooleanField, FloatField, Q, Value
from django.db.models.expressions import RawSQL

from .analysis import phrases, query_words, tsquery

RUM_INDEX = "interviews_article_search_rum"
# Totals up to this are exact; above it "about N" (the planner's estimate).
EXACT_UP_TO = 100
# Rows read past the ones asked for, so that a run of equal distances there usually ends.
RUN_MARGIN = 50
# Pages past this many rows read the whole ranking once and keep it a while (_deep_ranking).
DEEP_FROM = 1000
DEEP_SECONDS = 60
DEEP_QUERIES = 32


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
    limit)``, best first, each row with its ``rank`` (higher is better). Both read the
    first rows of the ranking once (``_read``): the total and page 1 are one query, then
    the page's rows by id."""

    def __init__(self, articles, query: str):
        self.articles = articles
        self.words = query_words(query)
        self.phrases = phrases(query)
        self.vendor = connections[articles.db].vendor
        self._matched = None
        self._order = None
        self._head: list[tuple] = []  # (pk, rank) of the first rows, in the total order
        self._seen = 0  # matches read (at least len(_head))
        self._complete = False  # every match was read, and _head holds them
        self._rows = {}  # SQLite: the scanned rows by pk

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

    def _distance(self):
        return RawSQL(
            "search_vector <=> to_tsquery('simple', %s)",
            [tsquery(self.words)],
            output_field=FloatField(),
        )

    def _rum_first(self, matched, n: int, ordered: int) -> tuple[list[tuple], int, bool]:
        """The matches from the ordered RUM scan, which orders by the distance alone: at
        least ``n`` rows read (for the count), and the first ``ordered`` in the total
        order (distance, newest, id). Rows are read in distance order until the run of
        equal distances at row ``ordered`` is complete (the set of rows before the last
        distance read is then the same whatever order the index gave among equals), and
        that set is sorted here. Page 1 reads a hundred narrow rows, not every match.
        Returns the rows known in the total order as (pk, rank), how many matches were
        seen, and whether that is all of them."""
        rows_of = matched.annotate(distance=self._distance()).order_by("distance")
        rows_of = rows_of.values_list("distance", "published_at", "pk")
        want = max(n, ordered + RUN_MARGIN)
        rows, complete = [], True
        # One scan read in chunks from a server-side cursor (inside a transaction, so not
        # materialised WITH HOLD): the RUM scan pays for computing and sorting every
        # match's distance once, when it starts, so a run of equal distances that goes
        # on past the first chunk costs the next chunk's rows, not a second scan.
        with transaction.atomic(using=self.articles.db, savepoint=False):
            for row in rows_of.iterator(chunk_size=want):
                rows.append(row)
                if len(rows) >= want and (not ordered or row[0] > rows[ordered - 1][0]):
                    complete = False
                    break
        rows.sort(key=lambda r: (r[0], -(r[1].timestamp() if r[1] else 0), -r[2]))
        if not complete:  # the last distance's run may go on: only the rows before it
            rows_before = [r for r in rows if r[0] < rows[-1][0]]
        else:
            rows_before = rows
        head = [(pk, 1.0 / distance if distance else 0.0) for distance, _at, pk in rows_before]
        return head, len(rows), complete

    def _sql_first(self, n: int, ordered: int) -> tuple[list[tuple], int, bool]:
        """The same where SQL orders by the whole order itself (ts_rank or the trigram
        fallback): every match is sorted, bounded by the LIMIT."""
        fetch = max(n, ordered) + 1
        rows = list(self._order.values_list("pk", "rank")[:fetch])
        return rows, len(rows), len(rows) < fetch

    def _postgres_first(self, n: int, ordered: int) -> tuple[list[tuple], int, bool]:
        if self._matched is None:
            self._matched = self.articles.filter(self._tsvector_filter())
            if has_rum_index(self.articles.db):
                found = self._rum_first(self._matched, n, ordered)
                if found[1]:
                    return found
            else:
                q = tsquery(self.words)
                rank = RawSQL(
                    "ts_rank(search_vector, to_tsquery('simple', %s))",
                    [q],
                    output_field=FloatField(),
                )
                self._order = self._matched.annotate(rank=rank).order_by(
                    "-rank", "-published_at", "-pk"
                )
                found = self._sql_first(n, ordered)
                if found[1]:
                    return found
            # Segmentation of the query and of the text may differ: the trigram index
            # (patterns of 3+ characters; shorter ones scan the few rows they match).
            self._matched = self._trigram()
            self._order = self._matched.annotate(
                rank=Value(0.0, output_field=FloatField())
            ).order_by("-published_at", "-pk")
        if self._order is None:
            return self._rum_first(self._matched, n, ordered)
        return self._sql_first(n, ordered)

    # --- SQLite (the embedded default) ---------------------------------------------------

    def _scan(self) -> list:
        condition = Q()
        for phrase in self.phrases:
            condition &= matches_phrase("search_document", phrase)
        rows = list(self.articles.filter(condition).order_by("-published_at", "-pk"))
        for row in rows:
            document = row.search_document.lower()
            row.rank = float(sum(document.count(s) for s, _typed in self.phrases))
        rows.sort(key=lambda r: -r.rank)  # stable: newest first among equals
        return rows

    # --- the interface -------------------------------------------------------------------

    def _read(self, n: int, ordered: int) -> None:
        """Know at least ``n`` matches (or all) and the first ``ordered`` in order."""
        if self._complete or (self._seen >= n and len(self._head) >= ordered):
            return
        if self.vendor != "postgresql":
            self._rows = {row.pk: row for row in self._scan()}
            self._head = [(pk, row.rank) for pk, row in self._rows.items()]
            self._seen, self._complete = len(self._head), True
        elif max(n, ordered) > DEEP_FROM:
            self._head = _deep_ranking(self)
            self._seen, self._complete = len(self._head), True
        else:
            self._head, self._seen, self._complete = self._postgres_first(n, ordered)

    def total(self, exact_up_to: int = EXACT_UP_TO, *, ordered: int = 0) -> Total:
        """The number of matches, counted up to ``exact_up_to`` (that many rows + 1 are
        read, no more); above it the planner's estimate (``exact`` False). ``ordered``:
        the rows a page will need in order, read by the same query."""
        if not self.words:
            return Total(0)
        self._read(exact_up_to + 1, ordered)
        if self._complete or self._seen <= exact_up_to:
            return Total(self._seen)
        estimate = _planner_rows(self._matched)
        return Total(max(estimate, self._seen), exact=False, at_least=exact_up_to)

    def count(self) -> int:
        """Every match, counted exactly (visits every matching row on PostgreSQL)."""
        if not self.words:
            return 0
        self._read(1, 0)
        if self._complete:
            return self._seen
        return self._matched.count()

    def page(self, offset: int, limit: int) -> list:
        if not self.words or limit <= 0:
            return []
        self._read(offset + limit, offset + limit)
        ranks = self._head[offset : offset + limit]
        if self.vendor == "postgresql":
            # The plain line only (``text``: snippets are cut from it), not the tokens.
            text = RawSQL("split_part(search_document, E'\\n', 2)", [])
            rows = (
                self.articles.defer("search_document")
                .annotate(text=text)
                .in_bulk([pk for pk, _rank in ranks])
            )
        else:
            rows = self._rows
        page = []
        for pk, rank in ranks:
            row = rows.get(pk)
            if row is not None:
                row.rank = rank
                page.append(row)
        return page


_deep: OrderedDict = OrderedDict()  # (query, SQL of the articles) -> (when, ranking)


def _deep_ranking(matches: ArticleMatches) -> list[tuple]:
    """Every match in the total order, for pages past ``DEEP_FROM`` rows: read once and
    kept in this process for ``DEEP_SECONDS`` (the pages of one query after another
    then cost their rows, not a read of the ranking each; page 1 never comes here). A
    newer article shows on those pages at most that much later; one withdrawn since is
    left out of its page."""
    sql, params = matches.articles.query.sql_with_params()
    key = (tsquery(matches.words), tuple(matches.phrases), sql, tuple(map(str, params)))
    now = time.monotonic()
    found = _deep.get(key)
    if found is not None and now - found[0] < DEEP_SECONDS:
        _deep.move_to_end(key)
        return found[1]
    head, _seen, _complete = matches._postgres_first(10**8, 10**8)
    _deep[key] = (now, head)
    while len(_deep) > DEEP_QUERIES:
        _deep.popitem(last=False)
    return head


def match_articles(articles, query: str, *, limit: int = 20) -> list:
    """The first ``limit`` rows of ``articles`` matching ``query``, best first."""
    return ArticleMatches(articles, query).page(0, limit)
