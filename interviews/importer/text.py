"""Character classes and paragraph helpers shared by the importer's modules.

A text is a sequence of paragraphs separated by one blank line; a paragraph may hold
several lines (a name block, a credit block). Nothing here knows about Django.
"""

from __future__ import annotations

import re

# Han ideographs (with extension A and the compatibility block) as a regex class body.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")
# Punctuation that belongs to Chinese text (full-width forms and CJK quotes/brackets).
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—·～"
# Marks a ``<figcaption>`` line from the extractor to the structure step (a private-use
# character no page text holds): it is a photo's caption whatever its wording.
CAPTION_MARK = "\ue000"
TERMINAL = "。！？!?…；;"
CLOSERS = "”’」』）)》"
CLAUSE = "，,、"

_FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_TO_ASCII[0x3000] = 0x20


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms (，：（） …) to their ASCII twins, for matching only."""
    return text.translate(_FULLWIDTH_TO_ASCII)


def is_cjk(char: str) -> bool:
    return bool(char) and bool(CJK_RE.match(char))


def cjk_count(text: str) -> int:
    return len(CJK_RE.findall(text))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of ``text``: runs of non-blank lines, blank lines as separators."""
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(p for p in paragraphs if p.strip())


def ends_terminally(text: str) -> bool:
    """True when ``text`` ends a sentence (。！？… or one of them inside a closing quote)."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in CLOSERS:
        stripped = stripped[:-1]
        if stripped and stripped[-1] in TERMINAL:
            return True
    return bool(stripped) and stripped[-1] in TERMINAL


def has_clause_punct(text: str) -> bool:
    return any(ch in text for ch in CLAUSE + "。")


def unbalanced_quote(text: str) -> bool:
    """More opening than closing Chinese double quotes: the quotation runs on."""
    return text.count("“") > text.count("”")


def is_prose(text: str, *, min_length: int = 20) -> bool:
    """A line of running text rather than a title, label or name."""
    return len(text) >= min_length and has_clause_punct(text)


def is_title_like(text: str, *, max_length: int = 60) -> bool:
    """A short single line without sentence punctuation: a headline, deck or subhead."""
    text = text.strip()
    if not text or "\n" in text or len(text) > max_length or cjk_count(text) < 4:
        return False
    if any(ch in text for ch in "。！？!?；;"):
        return False
    if text[-1] in CLAUSE + "：:":
        return False
    return text.count("，") + text.count(",") <= 1
