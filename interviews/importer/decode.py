"""Bytes to text: encoding detection, refusal of what is not an article, HTML to text.

Uploads come as UTF-8 (with or without BOM), GB18030/GBK or Big5. Strict UTF-8 is tried
first because it almost never decodes anything else by accident; the two legacy
double-byte encodings both decode much of each other's bytes into valid but absurd
characters, so each candidate is scored by how many of its ideographs are in the
common-character tables (GB2312 level 1, Big5 level 1) and charset-normalizer breaks
near-ties.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from functools import cache
from html.parser import HTMLParser

from charset_normalizer import from_bytes

from .errors import ImportRejected
from .rules import LIST_HEADING, LIST_TITLE_MAX, _is_boilerplate, _is_credit_only
from .text import CAPTION_MARK, cjk_count, ends_terminally, is_prose

MAX_BYTES = 5 * 1024 * 1024
# Pages above this many characters skip the extractor (its cost grows with the page's
# tree) and are read as visible text, like a page without markup.
MAX_EXTRACTED = 1024 * 1024
# Below this share of plausible characters a decoding is nonsense, not an article.
MIN_PLAUSIBILITY = 0.6
# Share of control bytes above which the input is treated as binary.
MAX_CONTROL_SHARE = 0.05
LEGACY_ENCODINGS = ("gb18030", "big5")

MSG_EMPTY = "文件为空"
MSG_BINARY = "不是文本文件（疑似二进制）"
MSG_UNKNOWN_ENCODING = "无法识别文件编码"
MSG_TOO_LARGE = f"文件超过 {MAX_BYTES // (1024 * 1024)} MB"


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    # HTML pages: the whole visible page (header and footer included), from which the
    # metadata is read; ``text`` is then the article as the extractor found it.
    page_text: str | None = None
    html_date: str | None = None


def decode_bytes(data: bytes) -> DecodedText:
    """Decode an uploaded file, or raise ``ImportRejected`` with a message for the editor."""
    if len(data) > MAX_BYTES:
        raise ImportRejected(MSG_TOO_LARGE)
    if not data.strip():
        raise ImportRejected(MSG_EMPTY)
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8-sig")
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                raise ImportRejected(MSG_UNKNOWN_ENCODING) from None
    if _looks_binary(data):
        raise ImportRejected(MSG_BINARY)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates: dict[str, str] = {}
    for encoding in LEGACY_ENCODINGS:
        try:
            candidates[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise ImportRejected(MSG_UNKNOWN_ENCODING)
    scores = {enc: plausibility(text) for enc, text in candidates.items()}
    best = max(scores, key=scores.__getitem__)
    if len(scores) > 1 and abs(scores["gb18030"] - scores["big5"]) < 0.05:
        guess = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
        if guess is not None and guess.encoding in candidates:
            best = guess.encoding
    if scores[best] < MIN_PLAUSIBILITY:
        raise ImportRejected(MSG_UNKNOWN_ENCODING)
    return _checked(candidates[best], best)


def _checked(text: str, encoding: str) -> DecodedText:
    if not text.strip():
        raise ImportRejected(MSG_EMPTY)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise ImportRejected(MSG_BINARY)
    return DecodedText(text=text, encoding=encoding)


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:65536]
    control = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\f\x1b") + sample.count(
        b"\x7f"
    )
    return control / len(sample) > MAX_CONTROL_SHARE


def _control_share(text: str) -> float:
    sample = text[:65536]
    control = sum(1 for ch in sample if (ord(ch) < 0x20 and ch not in "\t\n\r\f") or ch == "\x7f")
    return control / max(len(sample), 1)


@cache
def _common_characters() -> frozenset[str]:
    """The 3,755 GB2312 level-1 and 5,401 Big5 level-1 ideographs, built from the codecs."""
    chars: set[str] = set()
    tables = (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
        ("big5", range(0xA4, 0xC6), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))),
        ("big5", range(0xC6, 0xC7), range(0x40, 0x7F)),
    )
    for encoding, leads, trails in tables:
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes((lead, trail)).decode(encoding))
                except UnicodeDecodeError:
                    continue
    return frozenset(chars)


_PLAIN_PUNCT = set("，。、；：？！“”‘’（）《》【】…—·　")


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are common ideographs or Chinese punctuation."""
    common = _common_characters()
    sample = [ch for ch in text[:20000] if ord(ch) > 0x7F and not ch.isspace()]
    if not sample:
        printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
        return printable / max(len(text), 1)
    good = sum(1 for ch in sample if ch in common or ch in _PLAIN_PUNCT)
    return good / len(sample)


# --- HTML -------------------------------------------------------------------------------

_SKIPPED_TAGS = frozenset(
    {"script", "style", "nav", "noscript", "template", "iframe", "svg", "head", "form", "button"}
)
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "li", "ul", "ol",
        "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption",
        "pre", "dd", "dt", "dl", "center",
    }
)  # fmt: skip
_VOID_TAGS = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS and tag not in _VOID_TAGS:
            self._skip_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")  # cells of a row (an infobox) stay apart
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(" ".join(data.split("\n")) if data.strip() else " ")


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one paragraph per block element.

    Scripts, styles, navigation and forms are dropped; the page title (inside ``head``)
    is dropped too, because article pages repeat it as their headline.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def looks_like_html(text: str, filename: str = "") -> bool:
    if filename.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


# The lines of a page's header kept in front of the extracted article: credits, source
# and time, which the extractor drops and the metadata and byline rules read.
_HEADER_KEPT = re.compile(r"(?:来源|作者|记者|通讯员|编辑|责编|时间|日期|发布|嘉宾)\s*[:：]")
HEADER_SCAN_LINES = 40
# A deck under the title (``——访某街道党工委书记某某``, ``…访谈录``): the extractor drops it.
_DECK = re.compile(r"^(?:——|—|－－).{4,48}$|^.{4,48}访谈录$")


def extract_article(html: str) -> tuple[str, str | None] | None:
    """The main text of a page by trafilatura (nav, breadcrumbs, share bars, footers
    dropped), its title first; and the page's date by htmldate without guessing from a
    year alone (``extensive_search=False``). ``None`` when nothing was found."""
    import json

    import trafilatura

    result = trafilatura.extract(
        html,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not result:
        return None
    data = json.loads(result)
    body = (data.get("text") or "").strip()
    if not body:
        return None
    # One line per block of the page: each its own paragraph (a subhead between two
    # paragraphs stays a line of its own, not glued to them).
    body = re.sub(r"\n+", "\n\n", body)
    title = (data.get("title") or "").strip()
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return body, data.get("date")


DECK_MAX = 50


def _deck_under_title(line: str, page_lines: list[str], index: int, article: str) -> bool:
    """A short line right under the title that the extractor dropped, over a credit line,
    a header line or the text: the page's deck (``街道将24项事项搬上服务车，每周进小区两次``)."""
    if line in article or not 8 <= len(line) <= DECK_MAX or ends_terminally(line):
        return False
    if _HEADER_KEPT.search(line) or _is_boilerplate(line) or _is_credit_only(line):
        return False
    if cjk_count(line) < 8 or line[-1] in "：:，,":
        return False
    nxt = page_lines[index + 1] if index + 1 < len(page_lines) else ""
    first = next((p for p in article.split("\n\n")[1:] if p.strip()), "")
    return bool(nxt) and (
        _HEADER_KEPT.search(nxt) is not None
        or _is_credit_only(nxt)
        or nxt[:12] == first.strip()[:12]
    )


def _with_header_lines(page_text: str, article: str) -> str:
    """The article with the page's credit and time lines (before the article's first
    paragraph) put back under its title."""
    lines = article.split("\n")
    first_body = next((line for line in lines[1:] if len(line.strip()) >= 12), "")
    title = lines[0].strip()
    header: list[str] = []
    page_lines = [line.strip() for line in page_text.split("\n")[:HEADER_SCAN_LINES]]
    page_lines = [line for line in page_lines if line]
    for i, line in enumerate(page_lines):
        if first_body and line[:12] == first_body.strip()[:12]:
            break
        kept = _HEADER_KEPT.search(line) or _DECK.match(line)
        if kept and len(line) <= 120 and line not in article:
            header.append(line)
        elif i and page_lines[i - 1] == title and _deck_under_title(line, page_lines, i, article):
            header.append(f"——{line}")  # the deck under the title, marked as one
    if not header:
        return article
    head, _, rest = article.partition("\n\n")
    return "\n\n".join(part for part in (head, "\n".join(header), rest) if part)


_BULLET = re.compile(r"^[·•\-*>\d.、\s]+")


def _listed_titles(page_text: str, article: str) -> set[str]:
    """The titles listed under the page's 猜你喜欢 / 相关阅读 / 往期推荐 headings below the
    article's first paragraph (a sidebar's list above it runs into the article's own
    title and deck)."""
    titles: set[str] = set()
    first = next((p.strip() for p in article.split("\n\n")[1:] if is_prose(p.strip())), "")
    lines = [line.strip() for line in page_text.split("\n") if line.strip()]
    start = next((i for i, line in enumerate(lines) if first and line[:20] == first[:20]), None)
    if start is None:
        return titles
    in_list = False
    for line in lines[start:]:
        if LIST_HEADING.match(line):
            in_list = True
        elif in_list and len(line) <= LIST_TITLE_MAX and not is_prose(line):
            titles.add(_BULLET.sub("", line))
        else:
            in_list = False
    return titles


def _without_listed_titles(article: str, titles: set[str]) -> str:
    """The article without the other articles' titles the extractor kept when it dropped
    the heading above them (its own title, first, stays whatever the list says)."""
    if not titles:
        return article
    head, *rest = article.split("\n\n")
    kept = [p for p in rest if _BULLET.sub("", p.strip()) not in titles]
    return "\n\n".join([head, *kept])


# A caption is short; the bound keeps a page of unclosed <figcaption> tags linear.
_FIGCAPTION = re.compile(r"<figcaption\b[^>]{0,200}>(.{1,300}?)</figcaption>", re.S | re.I)
_TAG = re.compile(r"<[^>]{0,500}>")


def _with_figure_captions(html: str, page_text: str, article: str) -> str:
    """The article with the ``<figcaption>`` lines the extractor dropped put back, each
    under the paragraph it follows on the page (left out where that is not found)."""
    import html as html_lib

    captions = [
        " ".join(html_lib.unescape(_TAG.sub("", m.group(1))).split())
        for m in _FIGCAPTION.finditer(html)
    ]
    captions = [c for c in captions if c]
    if not captions:
        return article
    paragraphs = article.split("\n\n")
    kept = set(captions)
    # A caption the extractor kept is marked where it stands.
    paragraphs = [f"{CAPTION_MARK}{p.strip()}" if p.strip() in kept else p for p in paragraphs]
    captions = [c for c in captions if c not in article]
    page_lines = [line.strip() for line in page_text.split("\n") if line.strip()]
    first_at: dict[str, int] = {}
    for i, line in enumerate(page_lines):
        first_at.setdefault(line, i)
    starts = {p.strip()[:12]: i for i, p in enumerate(paragraphs) if len(p.strip()) >= 12}
    after: dict[int, list[str]] = {}
    for caption in dict.fromkeys(captions):
        index = first_at.get(caption)
        if not index:
            continue
        # Under the nearest article paragraph above it on the page; above the article's
        # first paragraph (between the header lines and the text), under its title.
        where = next(
            (
                starts[page_lines[j][:12]]
                for j in range(index - 1, -1, -1)
                if page_lines[j][:12] in starts
            ),
            0 if len(paragraphs) > 1 else None,
        )
        if where is not None:
            after.setdefault(where, []).append(f"{CAPTION_MARK}{caption}")
    out: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        out.append(paragraph)
        out.extend(after.get(i, []))
    return "\n\n".join(out)


_SUBHEAD = re.compile(r"<h([2-6])\b[^>]{0,200}>(.{1,200}?)</h\1>", re.S | re.I)
SUBHEAD_MAX = 40


def _with_subheads(html: str, page_text: str, article: str) -> str:
    """The article with the page's subheads (``<h2>``-``<h6>``) the extractor dropped put
    back, each where it stands on the page: between two paragraphs of the article that
    follow each other there too (a heading above or below the text is left out)."""
    import html as html_lib

    heads = [
        " ".join(html_lib.unescape(_TAG.sub("", m.group(2))).split())
        for m in _SUBHEAD.finditer(html)
    ]
    heads = [h for h in heads if h and len(h) <= SUBHEAD_MAX and h not in article]
    if not heads:
        return article
    page_lines = [line.strip() for line in page_text.split("\n") if line.strip()]
    paragraphs = article.split("\n\n")
    starts = {p.strip()[:12]: i for i, p in enumerate(paragraphs) if len(p.strip()) >= 12}
    first_at: dict[str, int] = {}
    for i, line in enumerate(page_lines):
        first_at.setdefault(line, i)
    before: dict[int, list[str]] = {}
    for head in dict.fromkeys(heads):
        index = first_at.get(head)
        if index is None or index == 0 or index + 1 >= len(page_lines):
            continue
        above = starts.get(page_lines[index - 1][:12])
        below = starts.get(page_lines[index + 1][:12])
        if above is not None and below == above + 1:
            before.setdefault(below, []).append(head)
    out: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        out.extend(before.get(i, []))
        out.append(paragraph)
    return "\n\n".join(out)


def decode_upload(data: bytes | str, filename: str = "") -> DecodedText:
    """``decode_bytes`` for bytes, then HTML reduced to its article when the file is a page.

    A page goes through the extractor (``extract_article``); when it finds no article,
    the page's visible text is used, as for a page without any markup.
    """
    decoded = decode_bytes(data) if isinstance(data, bytes) else DecodedText(data, "str")
    decoded = replace(decoded, text=repair_mojibake(decoded.text))
    if not decoded.text.strip():
        raise ImportRejected(MSG_EMPTY)
    if looks_like_html(decoded.text, filename):
        page_text = html_to_text(decoded.text)
        if not page_text.strip():
            raise ImportRejected(MSG_EMPTY)
        extracted = extract_article(decoded.text) if len(decoded.text) <= MAX_EXTRACTED else None
        if extracted is None:
            return DecodedText(page_text, decoded.encoding, page_text=page_text)
        article, html_date = extracted
        article = _without_listed_titles(article, _listed_titles(page_text, article))
        article = _with_subheads(decoded.text, page_text, article)
        article = _with_figure_captions(decoded.text, page_text, article)
        text = _with_header_lines(page_text, article)
        return DecodedText(text, decoded.encoding, page_text=page_text, html_date=html_date)
    return decoded


# --- UTF-8 read as GBK --------------------------------------------------------------------

# A mis-decoded page shows each lost byte as "?" (or U+FFFD): the characters around it
# cannot be rebuilt, and are marked for the editor with U+FFFD.
_LOST = "?\ufffd"
# A line is taken as repaired when at most this share of its characters were lost and
# what it turns into reads as Chinese (plausibility) far better than what it was.
MAX_LOST_SHARE = 1.0
MIN_REPAIRED_PLAUSIBILITY = 0.8
MIN_PLAUSIBILITY_GAIN = 0.3
MIN_CJK_SHARE = 0.2
# A closing tag whose "<" went with the lost byte before it (``?/p>``).
_TAG_AFTER_LOSS = re.compile(
    r"(?<=\ufffd)/(?=(?:p|div|span|h[1-6]|li|td|th|tr|dd|dt|a|b|strong|em|title|section)>)"
)


_LOSS_BEFORE_TAG = re.compile(
    r"(?<=[^\x00-\x7f])[?\ufffd](?=/(?:p|div|span|h[1-6]|li|td|th|tr|dd|dt|a|b|strong|em|title|section)>)"
)


def _utf8_from_gbk(line: str) -> tuple[str, int, list[tuple[int, tuple[str, ...]]]] | None:
    """``line`` as the UTF-8 it was before a GBK decoder read it, how many characters
    were lost, and for the lost ones whose other bytes survived, where they stand and
    what they can have been; ``None`` when the line cannot have been made that way."""
    candidates: list[tuple[int, tuple[str, ...]]] = []
    data: list[int | None] = []  # None: a byte (or two) the decoder lost
    # ``?/p>``: the tag's "<" went with the lost byte before it; the tag is put back whole.
    line = _LOSS_BEFORE_TAG.sub("?<", line)
    for char in line:
        if char in _LOST:
            data.append(None)
            continue
        try:
            data.extend(char.encode("gbk"))
        except UnicodeEncodeError:
            return None
    out: list[str] = []
    lost = 0
    i, size = 0, len(data)
    while i < size:
        byte = data[i]
        if byte is None:
            i += 1
            while i < size and data[i] is not None and 0x80 <= data[i] < 0xC0:
                i += 1  # the rest of a character whose start was lost
            if not out or out[-1] != "\ufffd":
                out.append("\ufffd")
                lost += 1
            continue
        if byte < 0x80:
            out.append(chr(byte))
            i += 1
            continue
        length = (
            2 if 0xC0 <= byte < 0xE0 else 3 if 0xE0 <= byte < 0xF0 else 4 if byte >= 0xF0 else 0
        )
        chunk = data[i : i + length] if length else []
        if length and len(chunk) == length and None not in chunk:
            try:
                out.append(bytes(chunk).decode("utf-8"))
                i += length
                continue
            except UnicodeDecodeError:
                pass
        if length == 3 and len(chunk) == 3 and chunk.count(None) == 1:
            # One byte of a three-byte character lost: the others narrow it to 64 at most,
            # which ``_restore_lost`` may tell apart by the rest of the text.
            known = [b for b in chunk if b is not None]
            if all(0x80 <= b < 0xC0 for b in known[1:]) and (chunk[0] is not None):
                slot = chunk.index(None)
                options = []
                for fill in range(0x80, 0xC0):
                    trial = list(chunk)
                    trial[slot] = fill
                    try:
                        options.append(bytes(trial).decode("utf-8"))
                    except UnicodeDecodeError:
                        continue
                lost += not out or out[-1] != "\ufffd"  # a run of losses counts once
                out.append("\ufffd")
                candidates.append((len(out) - 1, tuple(options)))
                i += 3
                continue
        # Broken here: the character is lost; go on at the next start byte.
        i += 1
        while i < size and data[i] is not None and 0x80 <= data[i] < 0xC0:
            i += 1
        if not out or out[-1] != "\ufffd":
            out.append("\ufffd")
            lost += 1
    return "".join(out), lost, candidates


# Characters on each side of a lost one that must recur, with one candidate, elsewhere.
CONTEXT = 2


def _restore_lost(lines: list[str], slots: dict[int, list[tuple[int, tuple[str, ...]]]]) -> None:
    """Put back a lost character where exactly one of its candidates stands, with the two
    characters before it or after it (or one on each side), somewhere else in the text
    (``覃立?介绍`` and ``覃立诚说``): the page names the same person or place again."""
    text = "\n".join(lines)
    # Every run of three characters, once: each lookup is then constant, however long
    # the text and however many characters were lost.
    trigrams = {text[i : i + CONTEXT + 1] for i in range(len(text) - CONTEXT)}
    for index, found in slots.items():
        line = list(lines[index])
        for position, options in found:
            left = "".join(line[max(0, position - CONTEXT) : position])
            right = "".join(line[position + 1 : position + 1 + CONTEXT])
            contexts = [(left, ""), (left[-1:], right[:1]), ("", right)]
            contexts = [
                (a, b) for a, b in contexts if len(a + b) == CONTEXT and "\ufffd" not in a + b
                and all("\u4e00" <= ch <= "\u9fff" for ch in a + b)
            ]  # fmt: skip
            fits = {c for c in options for a, b in contexts if f"{a}{c}{b}" in trigrams}
            if len(fits) == 1:
                line[position] = fits.pop()
        lines[index] = "".join(line)


def repair_mojibake(text: str) -> str:
    """Lines of UTF-8 that a GBK decoder read (``鍙屽?旇?楅亾``) turned back into what
    they were; each lost character becomes U+FFFD, which the cleanup rules mark for the
    editor. A line that was not made that way (its reading back is not more Chinese
    than it is) is left as it is."""
    lines = text.split("\n")
    changed = False
    slots: dict[int, list[tuple[int, tuple[str, ...]]]] = {}
    for index, line in enumerate(lines):
        if line.isascii() or cjk_share(line) < MIN_CJK_SHARE:
            continue
        back = _utf8_from_gbk(line)
        if back is None:
            continue
        repaired, lost, found = back
        cjk = sum(1 for ch in repaired if "\u4e00" <= ch <= "\u9fff")
        if cjk < 2 or lost > MAX_LOST_SHARE * max(cjk, 1):
            continue
        before, after = plausibility(line), plausibility(repaired.replace("\ufffd", ""))
        if after < MIN_REPAIRED_PLAUSIBILITY or after - before < MIN_PLAUSIBILITY_GAIN:
            continue
        lines[index] = repaired
        if found:
            slots[index] = found
        changed = True
    if not changed:
        return text
    _restore_lost(lines, slots)
    return "\n".join(_TAG_AFTER_LOSS.sub("</", line) for line in lines)


def cjk_share(line: str) -> float:
    chars = [ch for ch in line if not ch.isspace()]
    return sum(1 for ch in chars if "\u4e00" <= ch <= "\u9fff") / max(len(chars), 1)
