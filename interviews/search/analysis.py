"""Chinese text analysis for search: the same way for texts and queries.

Text and queries go the same way: OpenCC (Traditional -> Simplified), then jieba. An
article's ``search_document`` holds two lines:

1. the index's tokens (``segment_for_index``: ``jieba.cut_for_search``, then the other
   words of jieba's full mode), separated by spaces: PostgreSQL keeps the ``to_tsvector``
   of this line alone in a generated column with GIN and RUM indexes (migration 0007),
   and a query's words become a ``tsquery`` (terms of one word joined with ``<->``, words
   joined with ``&``);
2. the plain text as written: the trigram GIN index serves ``ILIKE`` on it when
   segmentation of the query and the text differ (网格员 vs 网格 员), and snippets are cut
   from it without loading the blocks.

SQLite (the embedded default) has neither: it scans with ``icontains`` over the same
field (``matching.py``).

Segmentation has its own ``jieba.Tokenizer`` with the domain's words: jieba's global
dictionary is never touched, so slugs (``portal.text``) and the importer's place names do
not change with what ran before.
"""

import functools
import logging
import re

from django.utils.html import strip_tags

# Words of the domain that jieba's dictionary splits or misses.
DOMAIN_WORDS = (
    "红色物业",
    "党建引领",
    "党建+",
    "网格化",
    "网格员",
    "路长治",
    "路长制",
    "双报到",
    "微党校",
    "红色管家",
    "党工委",
    "党工委书记",
    "党委书记",
    "棚户区改造",
    "老旧小区改造",
    "创城",
    "文明城市",
    "赛马机制",
    "党建指导员",
    "网格党支部",
    "四位一体",
    "志愿服务",
    "躬身入局",
    "担当作为",
)
_WORD = re.compile(r"\w+")


@functools.cache
def _tokenizer():
    """Search's own segmenter: jieba's dictionary plus the domain's words."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in DOMAIN_WORDS:
        tokenizer.add_word(word, freq=200000)
    return tokenizer


@functools.cache
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


def simplify(text: str) -> str:
    return _opencc().convert(text or "")


def _tokens(tokens) -> list[str]:
    """Keep word tokens only (punctuation and spaces carry nothing and could break a
    tsquery)."""
    return [t.lower() for t in tokens if _WORD.fullmatch(t)]


def segment_for_index(text: str) -> list[str]:
    """The index's tokens of ``text``: jieba's search mode, then every other word of the
    dictionary (the domain's words included) that occurs anywhere in the text (jieba's
    full mode), once each. The precise cut of a run of Han characters may cross a word:
    安全党建 comes out as 安/全党/建, so search mode alone leaves out 党建; full mode lists
    安全, 全党 and 党建. A query word that is one dictionary word then finds every text that
    holds it, whatever the words around it."""
    simplified = simplify(text)
    tokenizer = _tokenizer()
    tokens = _tokens(tokenizer.cut_for_search(simplified))
    seen = set(tokens)
    for word in _tokens(tokenizer.cut(simplified, cut_all=True)):
        if word not in seen:
            seen.add(word)
            tokens.append(word)
    return tokens


def index_line(text: str) -> str:
    """The first line of a search document: the index's tokens of ``text``."""
    return " ".join(segment_for_index(text))


def query_words(query: str) -> list[list[str]]:
    """The query's words (split on spaces), each as its precise-mode jieba terms."""
    words = []
    for word in simplify(query).split():
        terms = _tokens(_tokenizer().cut(word))
        if terms:
            words.append(terms)
    return words


def plain_text(article, blocks) -> str:
    """An article's searchable text: its headline, deck, note, post, byline and blocks."""
    parts = [
        article.headline,
        article.subtitle,
        article.editor_note,
        article.interviewee_post,
        article.byline,
    ]
    for block in blocks:
        parts.append(strip_tags(block.text))
        parts.append(block.caption)
    return " ".join(" ".join(p.split()) for p in parts if p)


def build_document(article, blocks) -> str:
    """The ``search_document`` of an article: the token line, then the plain line."""
    # The second line keeps the text as written: OpenCC also "simplifies" some names
    # (张忠乾 -> 张忠干), which is harmless for matching tokens but wrong in a snippet.
    text = plain_text(article, blocks)
    return index_line(text) + "\n" + text


def document_text(document: str) -> str:
    """The plain line of a search document (the text as written)."""
    return document.partition("\n")[2] or document


def phrases(query: str) -> list[tuple[str, str]]:
    """Each word of the query as (Simplified, as typed): the token line holds Simplified
    text, the plain line the text as written."""
    return [(simplify(word).lower(), word.lower()) for word in query.split() if _WORD.search(word)]


def highlight_terms_of(query: str) -> list[str]:
    terms = [t for pair in phrases(query) for t in pair]
    terms += [t for ts in query_words(query) if len(ts) > 1 for t in ts]
    return list(dict.fromkeys(terms))


def tsquery(words: list[list[str]]) -> str:
    """'红色物业' & ('网格' <-> '员'): terms are word characters only, so quoting is safe."""
    parts = []
    for terms in words:
        joined = " <-> ".join(f"'{t}'" for t in terms)
        parts.append(f"({joined})" if len(terms) > 1 else joined)
    return " & ".join(parts)


def warm() -> None:
    """Load the segmenter and OpenCC now (about a second), not on a worker's first query:
    gunicorn calls this once per worker (``gunicorn.conf.py``, ``post_worker_init``)."""
    _tokenizer()
    query_words("網格化 党建")
    segment_for_index("红色物业")
