"""``parse_article``: raw upload in, a structured, cleaned article out.

decode -> capture metadata (before furniture is dropped) -> cleanup rules in order,
each change recorded -> structure -> figures. Nothing is invented: a field the text
does not state stays empty for the editor.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from .changes import Change, diff_changes
from .decode import decode_upload
from .encyclopedia import Entry, read_entry
from .figures import extract_figures
from .metadata import Metadata, capture_metadata, format_published
from .places import Interviewee, PlaceFinder, place_finder
from .rules import RULES, Rule, normalise_whitespace
from .sources import field_sources
from .structure import Block, QAPair, Structure, parse_structure
from .text import CJK

_LEFTOVER_GARBLE = re.compile(
    rf"[{CJK}][A-Za-z^]*\?[A-Za-z?^]*[{CJK}(（]|[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]"
)


@dataclass
class ParsedArticle:
    headline: str | None
    subtitle: str | None
    series: str | None
    editor_note: str | None
    outlet: str | None
    published: date | datetime | None
    reporters: list[str]
    correspondents: list[str]
    byline: str | None
    interviewee: Interviewee
    qa_format: bool
    qa_pairs: list[QAPair]
    photo_captions: list[str]
    section_heads: list[str]
    figures: dict[str, float | int]
    figure_sources: dict[str, str]
    body_blocks: list[dict[str, str | None]]
    body_text: str
    content_hash: str
    changes: list[Change] = field(default_factory=list)
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    # The line each field was read from (``sources.field_sources``), for the review page.
    field_sources: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The fields an editor checks, in the shape of ``seeds/expected.json``."""
        return {
            "headline": self.headline,
            "subtitle": self.subtitle,
            "series": self.series,
            "editor_note": self.editor_note,
            "outlet": self.outlet,
            "published": format_published(self.published),
            "reporters": list(self.reporters),
            "correspondents": list(self.correspondents),
            "byline": self.byline,
            "interviewee": self.interviewee.to_dict(),
            "qa_format": self.qa_format,
            "qa_pairs": [pair.to_dict() for pair in self.qa_pairs],
            "photo_captions": list(self.photo_captions),
            "section_heads": list(self.section_heads),
            "figures": dict(self.figures),
            "figure_sources": dict(self.figure_sources),
            "field_sources": dict(self.field_sources),
            "body_text": self.body_text,
        }


def content_hash(text: str) -> str:
    """SHA-256 of the decoded text with line ends, spacing and blank lines normalised,
    so the same article saved twice (CRLF, a BOM, trailing spaces) hashes the same."""
    return hashlib.sha256(normalise_whitespace(text).encode("utf-8")).hexdigest()


def clean_text(text: str, rules: tuple[Rule, ...] = RULES) -> tuple[str, list[Change]]:
    """Run the cleanup rules in order, recording what each changed."""
    changes: list[Change] = []
    for rule in rules:
        cleaned = rule(text)
        changes.extend(diff_changes(rule.__name__, text, cleaned))
        text = cleaned
    return text, changes


def parse_article(
    data: bytes | str, filename: str = "", *, places: PlaceFinder | None = None
) -> ParsedArticle:
    """Parse one raw article (bytes of a .txt/.html upload, or text).

    ``places``: a gazetteer (the Django side hands in the national one) that reads the
    places the text names before the rules do: its levels tell a county-level city
    (寿光市) from a prefecture's, and its short forms are completed (山东 -> 山东省).
    Without one, the rules alone read them.

    Raises ``ImportRejected`` for input that is empty, binary, too large or undecodable.
    """
    with place_finder(places):
        return _parse(data, filename)


def _parse(data: bytes | str, filename: str) -> ParsedArticle:
    decoded = decode_upload(data, filename)
    entry = read_entry(normalise_whitespace(decoded.page_text or decoded.text))
    if entry is not None:
        # An encyclopedia entry: its own text (the extractor drops its subheads), no
        # date (its 最近更新 is an edit), no credits, no interviewee.
        metadata = Metadata(outlet=capture_metadata(decoded.page_text or decoded.text).outlet)
        cleaned, changes = clean_text(entry.text)
        structure = _as_entry(parse_structure(cleaned), entry)
    else:
        metadata = capture_metadata(decoded.page_text or decoded.text)
        if metadata.published is None and decoded.html_date:
            metadata = replace(metadata, published=_iso_date(decoded.html_date))
        cleaned, changes = clean_text(decoded.text)
        structure = parse_structure(cleaned)
    body_text = structure.body_text
    figures = extract_figures(body_text)
    parsed = ParsedArticle(
        headline=structure.headline,
        subtitle=structure.subtitle,
        series=structure.series,
        editor_note=structure.editor_note,
        outlet=metadata.outlet,
        published=metadata.published,
        reporters=structure.reporters or list(metadata.reporters),
        correspondents=structure.correspondents or list(metadata.correspondents),
        byline=structure.byline,
        interviewee=structure.interviewee,
        qa_format=structure.qa_format,
        qa_pairs=structure.qa_pairs,
        photo_captions=structure.photo_captions,
        section_heads=structure.section_heads,
        figures=figures.values,
        figure_sources=figures.sources,
        body_blocks=[block.to_dict() for block in structure.body_blocks],
        body_text=body_text,
        content_hash=content_hash(decoded.text),
        changes=changes,
        encoding=decoded.encoding,
        warnings=_warnings(changes, structure.body_blocks),
    )
    parsed.field_sources = field_sources(decoded.page_text or decoded.text, parsed.to_json())
    return parsed


def _as_entry(structure: Structure, entry: Entry) -> Structure:
    """The parts of an encyclopedia entry: its name, the sections it lists, nothing else."""
    heads = set(entry.section_heads)
    blocks = [
        Block("heading", b.text) if b.kind == "paragraph" and b.text in heads else b
        for b in structure.body_blocks
        if not (b.kind in ("paragraph", "heading") and b.text == entry.name)
    ]
    blocks = [
        replace(b, kind="paragraph") if b.kind == "heading" and b.text not in heads else b
        for b in blocks
    ]
    return replace(
        structure,
        headline=entry.name,
        subtitle=None,
        series=None,
        reporters=[],
        correspondents=[],
        byline=None,
        interviewee=Interviewee(),
        qa_format=False,
        qa_pairs=[],
        section_heads=list(entry.section_heads),
        body_blocks=blocks,
    )


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# Flags listed one by one up to this many; beyond it, one line says how many more.
MAX_FLAGS = 30


def _warnings(changes: list[Change], blocks: list[Block]) -> list[str]:
    """Things the editor should look at: damage the rules could mark but not undo, each
    span on its own line (where it was, as the text read before the rule)."""
    warnings = []
    for change in changes:
        if change.rule == "remove_replacement_chars":
            warnings.append(f"无法复原的乱码（已删除，请对照原文核对）：…{change.before_excerpt}…")
        elif change.rule == "close_garbled_quotes":
            # The quote came back; the bytes after it were read in the wrong encoding too.
            warnings.append(f"疑似乱码（引号后的文字）：…{change.after_excerpt}…")
    for block in blocks:
        text = block["text"] if isinstance(block, dict) else block.text or block.caption or ""
        for match in _LEFTOVER_GARBLE.finditer(text or ""):
            start = max(0, match.start() - 6)
            warnings.append(f"疑似乱码：…{text[start : match.end() + 6]}…")
    if len(warnings) > MAX_FLAGS:
        rest = len(warnings) - MAX_FLAGS
        warnings = [*warnings[:MAX_FLAGS], f"另有 {rest} 处疑似乱码，请对照原文核对。"]
    return warnings
