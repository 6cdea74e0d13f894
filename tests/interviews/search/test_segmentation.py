"""A query word that is one dictionary word finds every text that holds it, whatever the
words around it: the precise cut of a run of Han characters may cross it (安全党建 comes
out as 安/全党/建), so the index adds jieba's full-mode words (``segment_for_index``).

The pairs below were written for this test: each context is cut by jieba's search mode
so that the word is not one of its tokens (checked first, so a pair that stops proving
anything after a dictionary update fails loudly rather than passing for nothing)."""

import pytest
from django.db import connection

from interviews.public.search import search_articles, search_page
from interviews.search.analysis import _tokenizer, query_words, segment_for_index, simplify

# (query word, a context in which search mode cuts across it)
CROSSED = [
    ("党建", "电桩楼长安全党建创建议事"),  # 长安 / 全党 / 建: from the generated corpus
    ("党建", "推动全党建设"),  # 全党 / 建设
    ("党建", "工党建立联系"),  # 工党 / 建立
    ("物业", "社区购物业主群"),  # 购物 / 业主
    ("书记", "秘书记录会议"),  # 秘书 / 记录
    ("治理", "整治理念更新"),  # 整治 / 理念
    ("网格", "上网格外方便"),  # 上网 / 格外
]
# Words the domain glossary keeps whole (DOMAIN_WORDS), in ordinary contexts.
KEPT = [
    ("红色物业", "推动红色物业主体"),
    ("网格化", "精细网格化管理"),
    ("双报到", "落实在职党员双报到制度"),
    ("志愿服务", "开展志愿服务活动"),
    ("党建引领", "坚持党建引领基层治理"),
]


def _search_mode(text):
    return set(_tokenizer().cut_for_search(simplify(text)))


@pytest.mark.parametrize(("word", "context"), CROSSED)
def test_a_word_the_cut_crosses_is_still_a_token(word, context):
    [terms] = query_words(word)
    assert terms == [word]
    assert word not in _search_mode(context)  # the pair proves something
    assert word in segment_for_index(context)


@pytest.mark.parametrize(("word", "context"), KEPT)
def test_domain_words_stay_whole(word, context):
    assert query_words(word) == [[word]]
    assert word in _search_mode(context)
    assert segment_for_index(context).count(word) == 1  # full mode adds no second copy


def test_full_mode_adds_each_missing_word_once():
    text = "推动全党建设，工党建立联系"
    assert "党建" not in _search_mode(text)
    assert segment_for_index(text).count("党建") == 1  # two crossings, one added token
    text = "推动全党建设，抓好党建工作"
    assert "党建" in _search_mode(text)
    assert segment_for_index(text).count("党建") == 1  # search mode has it: none added


@pytest.mark.django_db
def test_search_finds_every_context(make_article):
    for n, (_word, context) in enumerate(CROSSED):
        make_article(f"第{n}篇", status="published", blocks=[("answer", f"{context}。")])
    for word, context in CROSSED:
        found = {str(a.headline) for a in search_articles(word)[0]}
        expected = {f"第{i}篇" for i, (_w, text) in enumerate(CROSSED) if word in text}
        assert expected <= found, (word, context)
    page = search_page("党建")
    assert page.counts["article"] == 3


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored tsvector")
def test_the_tsvector_holds_tokens_not_clauses(make_article):
    article = make_article(
        "标题", status="published", blocks=[("answer", "安全党建工作，取得进展")]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_to_string(tsvector_to_array(search_vector), ' ') "
            "FROM interviews_interviewarticle WHERE id = %s",
            [article.pk],
        )
        lexemes = set(cursor.fetchone()[0].split())
    assert {"党建", "安全", "工作"} <= lexemes
    # The text as written (the document's second line) adds no clause-long lexemes.
    assert "安全党建工作" not in lexemes
    assert "取得进展" not in lexemes
