"""Where each extracted field came from: the line of the uploaded text that states it.

The review page shows it under each value, so an editor sees why the importer filled a
field (and can tell a value read off the right line from one read off the wrong one).
The line is looked up in the text as uploaded (Traditional converted, spacing made
regular, so ``记者 车 宁`` still names 车宁); a field whose value no line contains has none.
"""

from __future__ import annotations

import re
from typing import Any

from .rules import normalise_whitespace, to_simplified

SOURCE_MAX = 120
SOURCED_FIELDS = (
    "headline", "subtitle", "series", "outlet", "published", "reporters", "correspondents",
    "byline", "interviewee",
)  # fmt: skip


def _clip(line: str) -> str:
    return line if len(line) <= SOURCE_MAX else line[: SOURCE_MAX - 1] + "…"


def _date_pattern(value: str) -> re.Pattern[str] | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    year, month, day = m.group(1), int(m.group(2)), int(m.group(3))
    return re.compile(rf"{year}\s*[-/.年]\s*0?{month}\s*[-/.月]\s*0?{day}(?!\d)")


def field_sources(text: str, fields: dict[str, Any]) -> dict[str, str]:
    """For each filled field of ``fields`` (``ParsedArticle.to_json`` keys), the first line
    of ``text`` that states its value."""
    lines = [line for line in normalise_whitespace(to_simplified(text)).split("\n") if line]
    compact = [re.sub(r"\s+", "", line) for line in lines]

    def first(needle: str) -> str | None:
        needle = re.sub(r"\s+", "", needle)
        if not needle:
            return None
        for line, squeezed in zip(lines, compact, strict=True):
            if needle in squeezed:
                return _clip(line)
        return None

    sources: dict[str, str] = {}
    for key in SOURCED_FIELDS:
        value = fields.get(key)
        if not value:
            continue
        found: str | None = None
        if key == "published":
            pattern = _date_pattern(str(value))
            found = next((_clip(line) for line in lines if pattern and pattern.search(line)), None)
        elif key == "interviewee":
            name = value.get("name") if isinstance(value, dict) else None
            found = first(name) if name else first(value.get("unit") or "")
        elif isinstance(value, list):
            found = first(value[0]) if value else None
        else:
            found = first(str(value))
        if found:
            sources[key] = found
    return sources
