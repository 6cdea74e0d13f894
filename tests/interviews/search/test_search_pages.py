"""Search shows everything it finds: pages with the total, filters by type, unit,
district and year, the RUM ranking and its fallback, the segmenter loaded at start."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from interviews.articles.models import InterviewArticle
from interviews.public import search as public_search
from interviews.public.search import SearchFilters, search_page
from interviews.search import analysis, matching
from tests.factories import InitiativeFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(make_article, unit, other_unit, foreign_unit):
    """Five articles on 红色物业 in three units, an initiative and a unit that match."""
    articles = [
        make_article(
            f"红色物业第{i}篇",
            status="published",
            region=(unit, unit, other_unit, foreign_unit, unit)[i],
            blocks=[("answer", "红色物业" * (i + 1))],
        )
        for i in range(5)
    ]
    InitiativeFactory(title="红色物业全覆盖", region=unit)
    UnitFactory(name="红色物业街道", parent=unit.parent)
    return articles


def titles(page):
    return [re.sub("</?mark>", "", str(r.title)) for r in page.results]


def test_pages_reach_every_result_with_the_total(many):
    first = search_page("红色物业", per_page=3)
    assert (first.total, first.num_pages, first.number) == (7, 3, 1)
    assert first.counts == {"article": 5, "initiative": 1, "unit": 1}
    seen = []
    for number in range(1, first.num_pages + 1):
        page = search_page("红色物业", page=number, per_page=3)
        seen += [(r.kind, r.url) for r in page.results]
        assert page.has_next == (number < 3)
    assert len(seen) == len(set(seen)) == 7
    assert [kind for kind, _url in seen] == ["article"] * 5 + ["initiative", "unit"]
    assert {url for _kind, url in seen[:5]} == {a.get_absolute_url() for a in many}
    # Ranked: the article with the most mentions first.
    assert titles(first)[0] == "红色物业第4篇"
    # A page past the last is the last.
    assert search_page("红色物业", page=99, per_page=3).number == 3


def test_filters_by_type_unit_district_and_year(many, unit, other_unit, foreign_unit):
    assert search_page("红色物业", filters=SearchFilters(kind="initiative")).total == 1
    by_unit = search_page("红色物业", filters=SearchFilters(unit=unit))
    assert by_unit.counts == {"article": 3, "initiative": 1, "unit": 0}
    by_district = search_page("红色物业", filters=SearchFilters(district=unit.parent))
    assert by_district.counts == {"article": 4, "initiative": 1, "unit": 1}
    assert foreign_unit.name not in " ".join(str(r.snippet) for r in by_district.results)
    year = many[0].published_at.year
    InterviewArticle.objects.filter(pk=many[0].pk).update(
        published_at=many[0].published_at.replace(year=year - 3)
    )
    by_year = search_page("红色物业", filters=SearchFilters(year=year - 3))
    assert by_year.counts == {"article": 1, "initiative": 0, "unit": 0}
    assert titles(by_year) == ["红色物业第0篇"]


def test_search_page_links_every_page_and_keeps_the_filters(client, many, unit, monkeypatch):
    monkeypatch.setattr(public_search, "PER_PAGE", 2)
    url = reverse("interviews:search")
    response = client.get(url, {"q": "红色物业", "district": unit.parent.slug})
    html = response.content.decode()
    assert "找到 6 条结果" in html
    assert "访谈 4" in html and "重点工作 1" in html and "单位 1" in html
    reached = set()
    link = f"{url}?q=红色物业&district={unit.parent.slug}"
    pages = 0
    while link:
        html = client.get(link.replace("&amp;", "&")).content.decode()
        reached |= set(re.findall(r'<a class="fw-semibold" href="([^"]+)"', html))
        found = re.search(r'rel="next" href="([^"]+)"', html)
        link = url + found.group(1).replace("&amp;", "&") if found else None
        pages += 1
        assert pages < 10
    assert pages == 3
    assert {a.get_absolute_url() for a in many[:3] + many[4:]} <= reached
    assert many[3].get_absolute_url() not in reached  # another district's


def test_bad_filters_get_a_message_and_the_search_still_runs(client, many):
    url = reverse("interviews:search")
    response = client.get(url, {"q": "红色物业", "unit": "no-such-unit", "year": "20x6"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有找到这个单位，已显示全部单位。" in html
    assert "年份应为四位数字，已显示全部年份。" in html
    assert "找到 7 条结果" in html
    # A NUL byte is refused site-wide with a message (portal/middleware.py), never a 500.
    assert client.get(url, {"q": "红色\x00物业", "unit": "a\x00b"}).status_code == 400


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL ranking")
def test_postgres_orders_by_the_rum_index_or_falls_back_to_ts_rank(many, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    from interviews.search.rum import rum_available

    if rum_available(connection):
        assert matching.has_rum_index(connection.alias)
        with CaptureQueriesContext(connection) as queries:
            page = search_page("红色物业", filters=SearchFilters(kind="article"))
        sql = " ".join(q["sql"] for q in queries)
        assert "<=>" in sql and "ts_rank" not in sql
        assert titles(page)[0] == "红色物业第4篇"
    monkeypatch.setattr(matching, "has_rum_index", lambda alias="default": False)
    with CaptureQueriesContext(connection) as queries:
        page = search_page("红色物业", filters=SearchFilters(kind="article"))
    assert "ts_rank" in " ".join(q["sql"] for q in queries)
    assert titles(page)[0] == "红色物业第4篇" and page.total == 5


def test_the_segmenter_loads_when_a_worker_starts(monkeypatch):
    """gunicorn's post_worker_init (gunicorn.conf.py) loads jieba and OpenCC."""
    import runpy
    from pathlib import Path

    from django.conf import settings

    from initiatives.places import gazetteer

    analysis._tokenizer.cache_clear()
    analysis._opencc.cache_clear()
    gazetteer._cache.clear()
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    config["post_worker_init"](worker=None)
    assert analysis._tokenizer.cache_info().currsize == 1
    assert analysis._opencc.cache_info().currsize == 1
    # The places a query names: the gazetteer is built before the first search too.
    assert "places" in gazetteer._cache


def test_the_filters_choices_follow_a_publication(client, make_article, unit, other_unit):
    """The choices are kept in the process under the page cache's versions of the lists
    and units: a publication in a unit that had none puts it in the list at once."""
    make_article("红色物业一", status="published", region=unit)
    url = reverse("interviews:search")
    html = client.get(url, {"q": "红色物业"}).content.decode()
    assert f'value="{unit.slug}"' in html and f'value="{other_unit.slug}"' not in html
    make_article("红色物业二", status="published", region=other_unit)
    # A new query (no stored page), then the first one again (its page was dropped).
    for query in ("物业", "红色物业"):
        html = client.get(url, {"q": query}).content.decode()
        assert f'value="{other_unit.slug}"' in html
