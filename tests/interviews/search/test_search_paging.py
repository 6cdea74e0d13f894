"""Paging through many matches with equal ranks: every article exactly once, in one
total order (rank, then newest, then id), and a total that stops counting at a bound
(an estimate above it, shown as "约 N 条")."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.models import InterviewArticle
from interviews.public import search as public_search
from interviews.public.search import SearchFilters, SearchPage, search_page
from interviews.search import matching

pytestmark = pytest.mark.django_db

ARTICLES = 23


@pytest.fixture
def tied(make_article, unit, other_unit):
    """23 articles on 党建: mentions 1, 2 or 3 times (so long runs of equal ranks), half
    of them with the same publication time, in two units."""
    articles = [
        make_article(
            f"第{i}篇",
            status="published",
            region=(unit, other_unit)[i % 2],
            blocks=[("answer", "社区" + "党建工作" * (i % 3 + 1) + "。")],
        )
        for i in range(ARTICLES)
    ]
    first = articles[0].published_at
    InterviewArticle.objects.filter(pk__in=[a.pk for a in articles[::2]]).update(published_at=first)
    return articles


def walk(query, *, per_page, filters=None):
    pages, number = [], 1
    while True:
        page = search_page(query, filters=filters, page=number, per_page=per_page)
        pages.append(page)
        if not page.has_next:
            return pages
        number += 1
        assert number < 50


def article_urls(pages):
    return [r.url for page in pages for r in page.results if r.kind == "article"]


@pytest.fixture
def no_deep_rankings():
    matching._deep.clear()
    yield
    matching._deep.clear()


@pytest.mark.parametrize(
    ("exact_up_to", "margin", "deep_from"), [(1000, 50, 1000), (5, 1, 1000), (5, 1, 8)]
)
def test_pages_have_no_overlap_and_no_gap(
    tied, monkeypatch, no_deep_rankings, exact_up_to, margin, deep_from
):
    """Also with the bound of the exact count low and rows read one past the page (runs
    of equal ranks then cross the pages' ends), and with the pages past row 8 read from
    the whole ranking kept in the process."""
    monkeypatch.setattr(public_search, "EXACT_UP_TO", exact_up_to)
    monkeypatch.setattr(matching, "RUN_MARGIN", margin)
    monkeypatch.setattr(matching, "DEEP_FROM", deep_from)
    pages = walk("党建", per_page=4, filters=SearchFilters(kind="article"))
    urls = article_urls(pages)
    assert len(urls) == len(set(urls)) == ARTICLES
    assert set(urls) == {a.get_absolute_url() for a in tied}
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert len(pages) == 6 and all(len(p.results) == 4 for p in pages[:-1])
    # One total order: rank down, then newest first, then the larger id.
    order = [r.rank for page in pages for r in page.results]
    assert order == sorted(order, reverse=True)
    by_url = {
        a.get_absolute_url(): a
        for a in InterviewArticle.objects.filter(pk__in=[a.pk for a in tied])
    }
    ranked = [
        (r.rank, by_url[r.url].published_at, by_url[r.url].pk) for p in pages for r in p.results
    ]
    assert ranked == sorted(ranked, key=lambda t: (-t[0], -t[1].timestamp(), -t[2]))
    if deep_from == 8 and connection.vendor == "postgresql":
        assert len(matching._deep) == 1  # pages 3 to 6 read the ranking kept
    # Mentions decide first: the three-mention articles lead.
    assert {by_url[u].headline for u in urls[:7]} == {f"第{i}篇" for i in range(2, ARTICLES, 3)}


def test_sqlite_and_small_totals_are_exact(tied):
    page = search_page("党建", per_page=4)
    assert page.exact and page.total == ARTICLES and page.num_pages == 6


def test_the_same_page_twice_is_the_same(tied):
    first = [r.url for r in search_page("党建", page=3, per_page=5).results]
    again = [r.url for r in search_page("党建", page=3, per_page=5).results]
    assert first == again and len(first) == 5


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's scan counts every match exactly"
)


@postgres_only
def test_a_total_above_the_bound_is_an_estimate_and_pages_still_reach_everything(
    tied, monkeypatch, unit
):
    monkeypatch.setattr(public_search, "EXACT_UP_TO", 5)
    monkeypatch.setattr(matching, "RUN_MARGIN", 1)
    # Page 1 holds the seven three-mention articles: 8 rows read, more than 5.
    first = search_page("党建", per_page=7)
    assert not first.exact and not first.article_count_exact
    assert first.counts["article"] > 5 and first.has_next
    # Near the end the count is exact again: the last page knows it is the last.
    pages = walk("党建", per_page=7)
    assert pages[-1].exact and pages[-1].counts["article"] == ARTICLES
    assert len(article_urls(pages)) == ARTICLES
    # Under the bound (a unit's 12 with a bound of 1000) the total is exact.
    monkeypatch.setattr(public_search, "EXACT_UP_TO", 1000)
    by_unit = search_page("党建", filters=SearchFilters(unit=unit), per_page=4)
    assert by_unit.exact and by_unit.total == 12 and by_unit.num_pages == 3


@postgres_only
def test_the_total_reads_no_more_rows_than_the_bound(tied, monkeypatch):
    monkeypatch.setattr(public_search, "EXACT_UP_TO", 5)
    monkeypatch.setattr(matching, "RUN_MARGIN", 1)
    with CaptureQueriesContext(connection) as queries:
        page = search_page("党建", per_page=7, filters=SearchFilters(kind="article"))
    assert not page.exact and len(page.results) == 7
    matching_sql = [q["sql"] for q in queries if "@@" in q["sql"] and "EXPLAIN" not in q["sql"]]
    # No COUNT of every match: one read of the first rows (the page and one more, which
    # ends the page's run of equal ranks), the page's rows by id, the planner's estimate.
    assert matching_sql and not any("COUNT(" in sql.upper() for sql in matching_sql)
    if matching.has_rum_index(connection.alias):
        # One RUM scan through a cursor, read in chunks: no LIMIT in the SQL, so the
        # rows read are counted here.
        assert any("CURSOR" in sql and "<=>" in sql for sql in matching_sql)
        matches = matching.ArticleMatches(public_search._articles(SearchFilters()), "党建")
        matches.total(5, ordered=7)
        assert matches._seen == 7 + 1
    else:
        limits = [int(m) for sql in matching_sql for m in re.findall(r"LIMIT (\d+)", sql)]
        assert limits and max(limits) <= 7 + 1
    statements = [q["sql"] for q in queries if q["sql"] not in ("BEGIN", "COMMIT")]
    # ranking, estimate, rows by id, the initiatives' and units' counts in one, and the
    # gazetteer's two
    assert len(statements) <= 6, statements


@postgres_only
def test_the_page_says_about_and_follows_next_to_the_end(client, tied, monkeypatch):
    monkeypatch.setattr(public_search, "EXACT_UP_TO", 5)
    monkeypatch.setattr(matching, "RUN_MARGIN", 1)
    monkeypatch.setattr(public_search, "PER_PAGE", 7)
    url = reverse("interviews:search")
    html = client.get(url, {"q": "党建", "type": "article"}).content.decode()
    assert re.search(r"找到约 \d+ 条结果", html)
    assert re.search(r"访谈 约 \d+", html)
    assert "第 1 页" in html and "第 1 / " not in html
    reached, link, pages = [], f"{url}?q=党建&type=article", 0
    while link:
        html = client.get(link.replace("&amp;", "&")).content.decode()
        reached += re.findall(r'<a class="fw-semibold" href="([^"]+)"', html)
        found = re.search(r'rel="next" href="([^"]+)"', html)
        link = url + found.group(1) if found else None
        pages += 1
        assert pages < 10
    assert pages == 4 and len(reached) == len(set(reached)) == ARTICLES
    assert "第 4 / 4 页" in html and "找到 23 条结果" in html


def test_about_rounds_to_two_figures():
    assert [SearchPage.about(n) for n in (7, 23, 1001, 23677, 125_400)] == [
        7,
        23,
        1000,
        24000,
        130000,
    ]
