"""Chinese-aware search over published articles, initiatives and units.

Text and queries go the same way: OpenCC (Traditional -> Simplified), then jieba. An
article's ``search_document`` holds two lines:

1. the ``jieba.cut_for_search`` tokens, separated by spaces: PostgreSQL keeps
   ``to_tsvector('simple', search_document)`` in a generated column with a GIN index, and
   a query's words become a
   ``tsquery`` (terms of one word joined with ``<->``, words joined with ``&``);
2. the plain text as written: the trigram GIN index serves ``ILIKE`` on it when
   segmentation of the query and the text differ (网格员 vs 网格 员), and snippets are cut
   from it without loading the blocks.

SQLite (the embedded default) has neither: it scans with ``icontains`` over the same
field. Both answer through ``search(query, limit=...)``.
"""

import functools
import html
import logging
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import ArticleStatus, InterviewArticle

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
SNIPPET_CHARS = 90
_WORD = re.compile(r"\w+")
_ENTITY = re.compile(r"(&[#a-zA-Z0-9]+;)")


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in DOMAIN_WORDS:
        jieba.add_word(word, freq=200000)
    return jieba


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
    return _tokens(_jieba().cut_for_search(simplify(text)))


def query_words(query: str) -> list[list[str]]:
    """The query's words (split on spaces), each as its precise-mode jieba terms."""
    words = []
    for word in simplify(query).split():
        terms = _tokens(_jieba().cut(word))
        if terms:
            words.append(terms)
    return words


def plain_text(article: InterviewArticle, blocks) -> str:
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


def build_document(article: InterviewArticle, blocks) -> str:
    # The second line keeps the text as written: OpenCC also "simplifies" some names
    # (张忠乾 -> 张忠干), which is harmless for matching tokens but wrong in a snippet.
    text = plain_text(article, blocks)
    return " ".join(segment_for_index(text)) + "\n" + text


def _document_text(document: str) -> str:
    return document.partition("\n")[2] or document


# --- highlighting ---------------------------------------------------------------------


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape ``text`` first, then wrap every match of ``terms`` in <mark> (longest first;
    never inside an HTML entity the escaping made)."""
    escaped = html.escape(text, quote=True)
    terms = sorted({html.escape(t, quote=True) for t in terms if t}, key=len, reverse=True)
    if not terms:
        return mark_safe(escaped)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    pieces = _ENTITY.split(escaped)
    for i, piece in enumerate(pieces):
        if i % 2 == 0:  # text between entities
            pieces[i] = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", piece)
    return mark_safe("".join(pieces))


def snippet(text: str, terms: list[str], *, width: int = SNIPPET_CHARS) -> SafeString:
    lowered = text.lower()
    hits = [lowered.find(t.lower()) for t in terms if t and t.lower() in lowered]
    start = max(0, min(hits) - width // 3) if hits else 0
    cut = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(cut, terms) + suffix)


# --- search ---------------------------------------------------------------------------


@dataclass
class SearchResult:
    kind: str  # "article", "initiative", "unit"
    kind_label: str
    title: SafeString
    url: str
    snippet: SafeString
    rank: float = 0.0


def _phrases(query: str) -> list[tuple[str, str]]:
    """Each word of the query as (Simplified, as typed): the token line holds Simplified
    text, the plain line the text as written."""
    return [(simplify(word).lower(), word.lower()) for word in query.split() if _WORD.search(word)]


def highlight_terms_of(query: str) -> list[str]:
    terms = [t for pair in _phrases(query) for t in pair]
    terms += [t for ts in query_words(query) if len(ts) > 1 for t in ts]
    return list(dict.fromkeys(terms))


def _matches_phrase(column: str, phrase: tuple[str, str]) -> Q:
    simplified, typed = phrase
    return Q(**{f"{column}__icontains": simplified}) | Q(**{f"{column}__icontains": typed})


def tsquery(words: list[list[str]]) -> str:
    """'红色物业' & ('网格' <-> '员'): terms are word characters only, so quoting is safe."""
    parts = []
    for terms in words:
        joined = " <-> ".join(f"'{t}'" for t in terms)
        parts.append(f"({joined})" if len(terms) > 1 else joined)
    return " & ".join(parts)


def _published():
    return InterviewArticle.objects.filter(status=ArticleStatus.PUBLISHED).only(
        "id", "headline", "slug", "search_document", "published_at"
    )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_articles(query: str, *, limit: int = 20) -> tuple[list, list[str]]:
    """Published articles matching ``query``, best first, and the terms to highlight."""
    words = query_words(query)
    if not words:
        return [], []
    phrases = _phrases(query)
    highlight_terms = highlight_terms_of(query)
    if connection.vendor == "postgresql":
        rows = _search_postgres(words, phrases, limit)
    else:
        rows = _search_scan(phrases, limit)
    return rows, highlight_terms


def _search_postgres(words, phrases, limit):
    q = tsquery(words)
    # The stored to_tsvector('simple', search_document) (a generated column, see migration
    # 0002): matching and ranking read it instead of parsing each document again.
    vector = "search_vector"
    matched = (
        _published()
        .filter(RawSQL(f"{vector} @@ to_tsquery('simple', %s)", [q], output_field=BooleanField()))
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
    qs = _published()
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


def _search_scan(phrases, limit):
    condition = Q()
    for phrase in phrases:
        condition &= _matches_phrase("search_document", phrase)
    rows = list(_published().filter(condition).order_by("-published_at", "-pk"))
    for row in rows:
        document = row.search_document.lower()
        row.rank = float(sum(document.count(s) for s, _typed in phrases))
    rows.sort(key=lambda r: -r.rank)  # stable: newest first among equals
    return rows[:limit]


def _url(name: str, **kwargs) -> str:
    """Pages of other slices are linked by name; until they exist there is no link."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def search(query: str, *, limit: int = 20) -> list[SearchResult]:
    """Articles (ranked), then initiatives and units whose names or descriptions match."""
    from initiatives.models import UNIT_KINDS, Initiative, Region

    articles, terms = search_articles(query, limit=limit)
    results = [
        SearchResult(
            kind="article",
            kind_label=_("访谈"),
            title=highlight(a.headline, terms),
            url=a.get_absolute_url(),
            snippet=snippet(_document_text(a.search_document), terms),
            rank=a.rank,
        )
        for a in articles
    ]
    phrases = _phrases(query)
    if not phrases:
        return results
    left = limit - len(results)
    if left > 0:
        condition = Q()
        for phrase in phrases:
            condition &= _matches_phrase("title", phrase) | _matches_phrase("description", phrase)
        for initiative in (
            Initiative.objects.filter(condition).select_related("region").order_by("title")[:left]
        ):
            results.append(
                SearchResult(
                    kind="initiative",
                    kind_label=_("重点工作"),
                    title=highlight(initiative.title, terms),
                    url=_url("initiatives:initiative_detail", pk=initiative.pk),
                    snippet=snippet(f"{initiative.region.name}：{initiative.description}", terms),
                )
            )
    left = limit - len(results)
    if left > 0:
        condition = Q()
        for phrase in phrases:
            condition &= _matches_phrase("name", phrase)
        for region in Region.objects.filter(condition, kind__in=UNIT_KINDS).order_by("name")[:left]:
            results.append(
                SearchResult(
                    kind="unit",
                    kind_label=_("单位"),
                    title=highlight(region.name, terms),
                    url=_url("initiatives:unit_detail", slug=region.slug),
                    snippet=highlight(region.get_kind_display(), []),
                )
            )
    return results
