"""Reads of the importer: the list of imports, one import for review, its diff and its
changes grouped by rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.places.models import FIGURE_FIELDS, RegionProfile

from ..articles.models import InterviewArticle
from ..importer.changes import edits
from .models import ImportJob, ImportRecord

# What each cleanup rule of ``interviews.importer.rules`` does, in the editor's words.
RULE_LABELS = {
    "normalise_whitespace": _("统一空格、换行与空行"),
    "separate_line_paragraphs": _("按行分段"),
    "to_simplified": _("繁体转简体"),
    "close_garbled_quotes": _("修复乱码引号"),
    "remove_replacement_chars": _("删除无法识别的字符"),
    "drop_mojibake_debris": _("删除乱码残渣"),
    "drop_pinyin_annotations": _("删除拼音注音"),
    "collapse_doubled_punctuation": _("合并重复标点"),
    "replace_stray_latin_words": _("替换夹杂的英文词"),
    "fullwidth_punctuation_between_cjk": _("中文间标点改为全角"),
    "drop_boilerplate": _("删除网页栏目与版权等无关内容"),
    "drop_repeated_headline": _("删除重复的标题"),
    "rejoin_broken_paragraphs": _("接合被断开的段落"),
}
# Changes shown per rule on the review page; the full list is in the admin.
CHANGES_SHOWN_PER_RULE = 50


def import_records_for_list() -> QuerySet[ImportRecord]:
    """Imports, newest first, with their draft and importer, without the large texts."""
    return (
        ImportRecord.objects.select_related("article", "created_by")
        .defer("raw_text", "cleaned_text", "changes", "extracted")
        .order_by("-created_at", "-pk")
    )


def import_record_for_review(pk: int) -> ImportRecord:
    return get_object_or_404(
        ImportRecord.objects.select_related(
            "article", "article__series", "article__region", "article__person", "created_by"
        ),
        pk=pk,
    )


def import_job(pk: int) -> ImportJob:
    """A queued upload, without its bytes."""
    return get_object_or_404(
        ImportJob.objects.select_related("record", "created_by").defer("data"), pk=pk
    )


@dataclass
class RuleChanges:
    rule: str
    label: str
    changes: list[dict]
    count: int


def changes_by_rule(record: ImportRecord) -> list[RuleChanges]:
    """The cleanup's changes grouped by rule, in the order the rules ran."""
    groups: dict[str, list[dict]] = {}
    for change in record.changes or []:
        groups.setdefault(change.get("rule", ""), []).append(change)
    return [
        RuleChanges(
            rule=rule,
            label=str(RULE_LABELS.get(rule, rule)),
            changes=items[:CHANGES_SHOWN_PER_RULE],
            count=len(items),
        )
        for rule, items in groups.items()
    ]


@dataclass
class DiffRow:
    """One row of the side-by-side view: a raw line and the cleaned line it became,
    each as (text, mark) segments where mark is "" (same), "del" or "ins"."""

    tag: str
    left_no: int | None
    left: list[tuple[str, str]]
    right_no: int | None
    right: list[tuple[str, str]]


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Blank lines only separate paragraphs; aligning on them would pair the wrong lines.
    return [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]


def _opcodes(old, new):
    """``difflib``-style opcodes from the importer's linear ``edits`` (difflib is cubic in
    the worst case; the review page must not be slower than the import)."""
    i = j = 0
    for i1, i2, j1, j2 in edits(old, new):
        if i1 > i:
            yield "equal", i, i1, j, j1
        yield "replace", i1, i2, j1, j2
        i, j = i2, j2
    if i < len(old):
        yield "equal", i, len(old), j, len(new)


def _segments(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            left.append((old[i1:i2], ""))
            right.append((new[j1:j2], ""))
            continue
        if i2 > i1:
            left.append((old[i1:i2], "del"))
        if j2 > j1:
            right.append((new[j1:j2], "ins"))
    return left, right


def diff_rows(record: ImportRecord) -> list[DiffRow]:
    """Raw and cleaned text side by side, line against line, with what changed inside a
    line marked. The template escapes every segment."""
    raw = _numbered_lines(record.raw_text)
    cleaned = _numbered_lines(record.cleaned_text)
    ids: dict[str, int] = {}
    raw_ids = [ids.setdefault(line, len(ids)) for _n, line in raw]
    cleaned_ids = [ids.setdefault(line, len(ids)) for _n, line in cleaned]
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in _opcodes(raw_ids, cleaned_ids):
        if tag == "equal":
            rows.extend(
                DiffRow("equal", a[0], [(a[1], "")], b[0], [(b[1], "")])
                for a, b in zip(raw[i1:i2], cleaned[j1:j2], strict=True)
            )
            continue
        old, new = raw[i1:i2], cleaned[j1:j2]
        for k in range(max(len(old), len(new))):
            a = old[k] if k < len(old) else None
            b = new[k] if k < len(new) else None
            if a and b:
                left, right = _segments(a[1], b[1])
                rows.append(DiffRow("replace", a[0], left, b[0], right))
            elif a:
                rows.append(DiffRow("delete", a[0], [(a[1], "del")], None, []))
            else:
                rows.append(DiffRow("insert", None, [], b[0], [(b[1], "ins")]))
    return rows


@dataclass
class FigureRow:
    key: str
    label: str
    value: object
    source: str


def figure_rows(record: ImportRecord) -> list[FigureRow]:
    extracted = record.extracted or {}
    figures = extracted.get("figures") or {}
    sources = extracted.get("figure_sources") or {}
    return [
        FigureRow(
            key=key,
            label=str(RegionProfile._meta.get_field(key).verbose_name),
            value=figures[key],
            source=sources.get(key, ""),
        )
        for key in FIGURE_FIELDS
        if key in figures
    ]


def article_edit_links(article: InterviewArticle | None) -> list[tuple[str, str]]:
    """Where the editor edits the accepted draft: the article editor, and the admin."""
    if article is None:
        return []
    return [
        (_("在编辑器中编辑"), reverse("interviews:article_edit", kwargs={"pk": article.pk})),
        (
            _("在后台编辑"),
            reverse("admin:interviews_interviewarticle_change", kwargs={"object_id": article.pk}),
        ),
    ]
