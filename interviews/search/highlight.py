"""Highlighting search terms, safely: escape first, then mark."""

import html
import re

from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 90
_ENTITY = re.compile(r"(&[#a-zA-Z0-9]+;)")


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
