"""Reads of the editorial side: the editors' list and counts, an article with its body
(or as its waiting change has it), its revisions and the diff of two of them."""

import datetime as dt
import difflib

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.i18n import join_names, labelled

from .models import (
    ArticleBlock,
    ArticleRevision,
    ArticleStatus,
    BlockKind,
    DraftState,
    InterviewArticle,
)
from .snapshots import apply_content


def article_with_body(qs, **lookup) -> InterviewArticle | None:
    """The article with its joins and outlets, initiatives and blocks prefetched (four
    queries; the public page has its own, ``article_for_page``)."""
    return (
        qs.select_related("series", "region", "person")
        .prefetch_related(
            "outlets",
            Prefetch("blocks", queryset=ArticleBlock.objects.order_by("position", "pk")),
            "initiatives",
        )
        .filter(**lookup)
        .first()
    )


def _prefetched(instance, name: str, objects) -> None:
    """Give ``instance.<name>.all()`` these objects, as ``prefetch_related`` would."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def with_changes(article: InterviewArticle) -> InterviewArticle:
    """The article as its waiting change has it: an unsaved copy with the change's fields,
    outlets, initiatives and blocks (for the form and the preview); the article itself
    when no change waits. The database is not touched."""
    if not article.draft_revision_id:
        return article
    copy = InterviewArticle.objects.select_related("series", "region", "person").get(pk=article.pk)
    revision = ArticleRevision.objects.get(pk=article.draft_revision_id)
    outlets, initiatives, blocks = apply_content(copy, revision.content)
    _prefetched(copy, "outlets", outlets)
    _prefetched(copy, "initiatives", initiatives)
    _prefetched(
        copy,
        "blocks",
        [
            ArticleBlock(
                article=copy,
                kind=b.kind,
                text=b.text,
                caption=b.caption,
                image=b.image,
                position=b.position,
            )  # fmt: skip
            for b in blocks
        ],
    )
    return copy


def live_and_draft_revisions(article: InterviewArticle) -> tuple[int, int] | None:
    """The revisions to compare for a waiting change: the last one of the live version
    and the change."""
    if not article.draft_revision_id:
        return None
    live = (
        ArticleRevision.objects.filter(article=article, draft=False)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return (live, article.draft_revision_id) if live else None


def editorial_articles():
    return InterviewArticle.objects.select_related(
        "series", "region", "person", "created_by"
    ).order_by("-updated_at", "-pk")


def editorial_counts() -> dict:
    counts = InterviewArticle.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in ArticleStatus.values},
        changes_in_review=Count("pk", filter=Q(draft_state=DraftState.IN_REVIEW)),
    )
    return counts


def revisions_of(article) -> list:
    revisions = list(
        ArticleRevision.objects.filter(article=article).select_related("created_by").order_by("pk")
    )
    for number, revision in enumerate(revisions, start=1):
        revision.number = number
    return list(reversed(revisions))


# --- revision diff ------------------------------------------------------------------------

_FIELD_LABELS = (
    ("headline", gettext_lazy("标题")),
    ("subtitle", gettext_lazy("副标题")),
    ("editor_note", gettext_lazy("编者按")),
    ("series_label", gettext_lazy("系列")),
    ("byline", gettext_lazy("署名")),
    ("original_url", gettext_lazy("原文链接")),
    ("region_label", gettext_lazy("受访单位")),
    ("person_label", gettext_lazy("受访人")),
    ("interviewee_post", gettext_lazy("受访人职务")),
    ("published_at", gettext_lazy("发布时间")),
)


def revision_lines(content: dict) -> list[str]:
    """A revision as lines of text in the active language (labels, separators), one field
    or block a line, for diffing."""
    lines = []
    for key, label in _FIELD_LABELS:
        value = content.get(key) or ""
        if key == "published_at" and value:
            value = timezone.localtime(dt.datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        lines.append(labelled(label, value))
    lines.append(labelled(_("记者"), join_names(content.get("reporters") or [])))
    lines.append(labelled(_("通讯员"), join_names(content.get("correspondents") or [])))
    lines.append(
        labelled(_("媒体"), join_names(name for _pk, name in content.get("outlets") or []))
    )
    lines.append(
        labelled(
            _("提及的重点工作"),
            join_names(title for _pk, title in content.get("initiatives") or []),
        )
    )
    labels = dict(BlockKind.choices)
    for block in content.get("blocks") or []:
        label = labels.get(block.get("kind"), block.get("kind"))
        if block.get("kind") == BlockKind.PHOTO:
            body = f"{block.get('image', '')} {block.get('caption', '')}".strip()
        else:
            body = block.get("text", "")
        for line in (body or "").splitlines() or [""]:
            lines.append(f"【{label}】{line}")
    return lines


def revision_diff(older: ArticleRevision, newer: ArticleRevision) -> list[tuple[str, str]]:
    """A unified diff of two revisions as (css class, line) pairs."""
    diff = difflib.unified_diff(
        revision_lines(older.content),
        revision_lines(newer.content),
        fromfile=_("较早版本"),
        tofile=_("较新版本"),
        lineterm="",
        n=2,
    )
    rows = []
    for line in diff:
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            rows.append(("hunk", "…"))
        elif line.startswith("+"):
            rows.append(("added", line[1:]))
        elif line.startswith("-"):
            rows.append(("removed", line[1:]))
        else:
            rows.append(("same", line[1:]))
    return rows
