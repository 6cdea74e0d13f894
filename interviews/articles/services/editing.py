"""Editing articles: saving an article with its blocks (sanitised, its search text
refreshed, a revision kept each time), and the helpers the workflow and revisions share.

An approved article (scheduled or published) is not changed by a save: the change waits
as a draft revision (``draft_revision``, ``draft_state``) and the row and its blocks stay
what the public sees, its pages, feed, search and sitemap included, until the change is
approved as a new article is (``workflow.article_publish``), Wagtail's way."""

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.errors import WorkflowError
from portal.text import unique_slug

from ...search.analysis import build_document
from ..models import (
    ArticleBlock,
    ArticleRevision,
    ArticleStatus,
    BlockKind,
    DraftState,
    InterviewArticle,
)
from ..published import bump_on_commit, tags_of
from ..rules import can_approve_article, can_edit_article
from ..snapshots import BlockData, snapshot

# Inline markup an editor may use in body text; everything else is removed by nh3.
INLINE_TAGS = {"strong", "em", "b", "i", "br"}
TEXT_BLOCKS = (BlockKind.PARAGRAPH, BlockKind.QUESTION, BlockKind.ANSWER, BlockKind.QUOTE)


def sanitize_inline(text: str) -> str:
    return nh3.clean(text or "", tags=INLINE_TAGS, attributes={}, link_rel=None).strip()


def can_edit(user) -> bool:
    return user is not None and can_edit_article(user)


def can_approve(user, article: InterviewArticle) -> bool:
    """Defined in ``interviews.rules``: editors may not approve their own articles."""
    return user is not None and can_approve_article(user, article)


def require_editor(user) -> None:
    if not can_edit(user):
        raise PermissionDenied(_("只有编辑或管理员可以处理访谈文章。"))


def locked(article: InterviewArticle) -> InterviewArticle:
    return InterviewArticle.objects.select_for_update().get(pk=article.pk)


# --- snapshots and the search document --------------------------------------------------


def record_revision(
    article: InterviewArticle, *, by, note: str, content: dict | None = None, draft: bool = False
) -> ArticleRevision:
    if content is None:
        content = snapshot(article, list(article.blocks.order_by("position", "pk")))
    return ArticleRevision.objects.create(
        article=article, content=content, note=note[:200], created_by=by, draft=draft
    )


def _refresh_search_document(article: InterviewArticle) -> None:
    blocks = list(article.blocks.order_by("position", "pk"))
    article.search_document = build_document(article, blocks)
    InterviewArticle.objects.filter(pk=article.pk).update(search_document=article.search_document)


# --- saving -------------------------------------------------------------------------------


@transaction.atomic
def article_save(
    *,
    article: InterviewArticle,
    by,
    blocks: list[BlockData],
    outlets=(),
    initiatives=(),
    note: str = "",
) -> InterviewArticle:
    """Create or update an article and replace its blocks (in the order of their
    positions). Body text keeps only simple inline markup. Makes a revision. An approved
    article keeps its live version: the change becomes its draft revision instead."""
    require_editor(by)
    creating = article.pk is None
    before = []
    if creating:
        article.created_by = by
        article.status = ArticleStatus.DRAFT
    else:
        current = locked(article)
        if current.is_published:
            before = tags_of(current)
        article.status = current.status
        article.scheduled_at = current.scheduled_at
        article.slug = current.slug
        article.draft_state = current.draft_state
        article.draft_revision_id = current.draft_revision_id
        if current.is_archived:
            raise WorkflowError(_("已归档的文章不能修改。"))
        if current.is_live:
            return _save_draft(
                article=article, by=by, blocks=blocks, outlets=outlets,
                initiatives=initiatives, note=note,
            )  # fmt: skip
    if not article.slug:
        article.slug = unique_slug(
            article.headline, model=InterviewArticle, max_length=120, exclude_pk=article.pk
        )
    write_content(article=article, blocks=blocks, outlets=outlets, initiatives=initiatives)
    record_revision(article, by=by, note=note or (_("创建") if creating else _("修改")))
    if article.is_published:
        bump_on_commit(article, before=before)
    return article


def _clean_fields(article: InterviewArticle) -> None:
    article.reporters = [r for r in (article.reporters or []) if r]
    article.correspondents = [c for c in (article.correspondents or []) if c]
    article.full_clean(exclude=["search_document"])


def _blocks(article: InterviewArticle, blocks: list[BlockData]) -> list[ArticleBlock]:
    """Clean, validated, unsaved blocks in their order; uploaded images are stored."""
    ordered = sorted(enumerate(blocks), key=lambda pair: (pair[1].position, pair[0]))
    new_blocks = []
    for position, (_i, data) in enumerate(ordered, start=1):
        text = sanitize_inline(data.text) if data.kind in TEXT_BLOCKS else data.text.strip()
        if data.kind == BlockKind.PHOTO:
            text = ""
        block = ArticleBlock(
            article=article,
            kind=data.kind,
            text=text,
            caption=data.caption.strip() if data.kind == BlockKind.PHOTO else "",
            position=position,
        )
        if data.kind == BlockKind.PHOTO:
            if hasattr(data.image, "read"):
                block.image.save(data.image.name, data.image, save=False)
            else:
                block.image.name = data.image or ""
            if not block.image:
                raise ValidationError(_("图片块需要上传一张图片。"))
        elif not text:
            continue  # an empty text block carries nothing
        block.full_clean(exclude=["article"])
        new_blocks.append(block)
    return new_blocks


def write_content(
    *, article: InterviewArticle, blocks: list[BlockData], outlets, initiatives
) -> None:
    """Write the article's row, lists and blocks, and refresh its search text."""
    _clean_fields(article)
    article.save()
    article.outlets.set(outlets)
    article.initiatives.set(initiatives)
    new_blocks = _blocks(article, blocks)
    article.blocks.all().delete()
    ArticleBlock.objects.bulk_create(new_blocks)
    _refresh_search_document(article)


def _save_draft(
    *, article: InterviewArticle, by, blocks: list[BlockData], outlets, initiatives, note: str
) -> InterviewArticle:
    """A change to an approved article, kept as its draft revision: validated like any
    save, written nowhere the public reads."""
    _clean_fields(article)
    new_blocks = _blocks(article, blocks)
    content = snapshot(article, new_blocks, outlets=list(outlets), initiatives=list(initiatives))
    revision = record_revision(
        article, by=by, note=note or _("修改（未发布）"), content=content, draft=True
    )
    article.draft_revision = revision
    article.draft_state = article.draft_state or DraftState.EDITING
    InterviewArticle.objects.filter(pk=article.pk).update(
        draft_revision=revision, draft_state=article.draft_state
    )
    article.draft_editors.add(by)
    return article


@transaction.atomic
def article_refresh(*, article: InterviewArticle, by, note: str) -> None:
    """After a write made elsewhere (Django admin): clean the body text, rebuild the search
    document, keep a revision and refresh the public pages."""
    for block in article.blocks.all():
        if block.kind in TEXT_BLOCKS:
            clean = sanitize_inline(block.text)
            if clean != block.text:
                block.text = clean
                block.save(update_fields=["text"])
    _refresh_search_document(article)
    record_revision(article, by=by, note=note)
    bump_on_commit(article)
