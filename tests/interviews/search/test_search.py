"""Chinese search: segmentation, Traditional queries, ranking, highlighting; runs on
whichever database the suite uses (SQLite scan or PostgreSQL indexes)."""

import pytest
from django.db import connection
from django.urls import reverse

from interviews.public.search import search, search_articles
from interviews.search.analysis import query_words, tsquery
from interviews.search.highlight import highlight
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(make_article, unit):
    return {
        "red": make_article(
            "把小区管起来",
            status="published",
            blocks=[("answer", "我们推行红色物业，物业企业和业委会一起商量。")],
        ),
        "party": make_article(
            "抓实党建", status="published", blocks=[("answer", "社区党建做实了，服务就跟上了。")]
        ),
        "grid": make_article(
            "一条路一位路长",
            status="published",
            region=unit,
            blocks=[("answer", "网格化管理覆盖63条道路，网格员每天巡查。")],
        ),
        "draft": make_article("草稿里也有党建和红色物业", blocks=[("answer", "网格化草稿")]),
    }


def headlines(query):
    return [str(r.title) for r in search(query) if r.kind == "article"]


def plain(titles):
    return [t.replace("<mark>", "").replace("</mark>", "") for t in titles]


def test_red_property_two_char_and_traditional_queries(corpus):
    assert plain(headlines("红色物业")) == ["把小区管起来"]
    assert plain(headlines("党建")) == ["抓实党建"]
    assert plain(headlines("網格化")) == ["一条路一位路长"]  # Traditional, converted by OpenCC
    assert plain(headlines("網格員")) == ["一条路一位路长"]


def test_drafts_never_found(corpus):
    for query in ("草稿", "党建", "红色物业"):
        assert "草稿里也有党建和红色物业" not in plain(headlines(query))


def test_several_words_must_all_match(corpus):
    assert plain(headlines("网格化 路长")) == ["一条路一位路长"]
    assert headlines("网格化 红色物业") == []


def test_ranking_puts_more_matches_first(make_article):
    make_article("提到一次", status="published", blocks=[("answer", "党建一次。")])
    make_article("提到三次", status="published", blocks=[("answer", "党建、党建、还是党建。")])
    assert plain(headlines("党建")) == ["提到三次", "提到一次"]


def test_highlight_escapes_first_then_marks():
    html = highlight('<b>红色物业</b> & "网格"', ["红色物业", "amp", "b"])
    assert (
        html
        == "&lt;<mark>b</mark>&gt;<mark>红色物业</mark>&lt;/<mark>b</mark>&gt; &amp; &quot;网格&quot;"
    )


def test_snippet_is_escaped_and_marked(make_article):
    make_article(
        "片段",
        status="published",
        blocks=[("answer", "前面的话。" * 20 + "<script>x</script>这里说到党建引领。")],
    )
    (result,) = [r for r in search("党建引领") if r.kind == "article"]
    assert "<mark>党建引领</mark>" in result.snippet
    assert "<script>" not in result.snippet
    assert result.snippet.startswith("…")


def test_tsquery_joins_terms_of_a_word_and_words():
    words = query_words("红色物业 网格员工作")
    assert tsquery(words) == "'红色物业' & ('网格员' <-> '工作')"
    assert query_words("！！ '") == []


def test_initiatives_and_units_are_found(unit):
    InitiativeFactory(region=unit, title="红色物业四位一体", description="社区党委牵头。")
    results = search("红色物业")
    assert [(r.kind, str(r.title)) for r in results] == [
        ("initiative", "<mark>红色物业</mark>四位一体")
    ]
    assert [r.kind for r in search("和平")] == ["unit"]


def test_search_page(client, corpus):
    response = client.get(reverse("interviews:search"), {"q": "紅色物業"})
    html = response.content.decode()
    assert "<mark>红色物业</mark>" in html
    assert corpus["red"].get_absolute_url() in html
    assert "找到 1 条结果" in html
    empty = client.get(reverse("interviews:search"), {"q": "不存在的词语"}).content.decode()
    assert "没有找到相关内容，换个词试试。" in empty


def test_document_keeps_tokens_and_text(corpus):
    document = corpus["red"].search_document
    tokens, text = document.split("\n", 1)
    assert "红色物业" in tokens.split()
    assert "我们推行红色物业" in text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")
def test_postgres_query_uses_the_tsvector_expression_and_indexes_exist(corpus):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'interviews_interviewarticle'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"interviews_article_search_tsv", "interviews_article_search_trgm"} <= names
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        search_articles("党建")
    assert "search_vector @@ to_tsquery('simple'" in queries[0]["sql"]
