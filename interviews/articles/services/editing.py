"""Editing articles: saving an article with its blocks (sanitised, its search text
refreshed, a revision kept each time), and the helpers the workflow and revisions share."""

from dataclasses import dataclass, field

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from initiatives.places.models import Person, Region
from portal.errors import WorkflowError
from portal.text import unique_slug

from ...search.analysis import build_document
from ..models import (
    ArticleBlock,
    ArticleRevision,
    ArticleStatus,
    BlockKind,
    InterviewArticle,
    Series,
)
from ..published import bump_on_commit
from ..rules import can_approve_article, can_edit_article

# Inline markup an editor may use in body text; everything else is removed by nh3.
INLINE_TAGS = {"strong", "em", "b", "i", "br"}
TEXT_BLOCKS = (BlockKind.PARAGRAPH, BlockKind.QUESTION, BlockKind.ANSWER, BlockKind.QUOTE)

# Fields copied into a revision and back by a restore.
SNAPSHOT_FIELDS = (
    "headline",
    "subtitle",
    "editor_note",
    "reporters",
    "correspondents",
    "byline",
    "original_url",
    "interviewee_post",
)
SNAPSHOT_FKS = {"series": Series, "region": Region, "person": Person}


@dataclass
class BlockData:
    kind: str
    text: str = ""
    caption: str = ""
    image: object = ""  # a stored file's name, or an uploaded file
    position: int = 0
    extra: dict = field(default_factory=dict)


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


def snapshot(article: InterviewArticle, blocks) -> dict:
    content = {name: getattr(article, name) for name in SNAPSHOT_FIELDS}
    for name, _model in SNAPSHOT_FKS.items():
        obj = getattr(article, name)
        content[name] = obj.pk if obj else None
        content[f"{name}_label"] = str(obj) if obj else ""
    content["published_at"] = article.published_at.isoformat() if article.published_at else None
    content["status"] = article.status
    content["scheduled_at"] = article.scheduled_at.isoformat() if article.scheduled_at else None
    content["outlets"] = [[o.pk, o.name] for o in article.outlets.order_by("name")]
    content["initiatives"] = [[i.pk, i.title] for i in article.initiatives.order_by("title")]
    content["blocks"] = [
        {
            "kind": b.kind,
            "text": b.text,
            "caption": b.caption,
            "image": b.image.name if b.image else "",
            "position": b.position,
        }
        for b in blocks
    ]
    return content


def record_revision(article: InterviewArticle, *, by, note: str) -> ArticleRevision:
    blocks = list(article.blocks.order_by("position", "pk"))
    return ArticleRevision.objects.create(
        article=article, content=snapshot(article, blocks), note=note[:200], created_by=by
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
    positions). Body text keeps only simple inline markup. Makes a revision."""
    require_editor(by)
    creating = article.pk is None
    if creating:
        article.created_by = by
        article.status = ArticleStatus.DRAFT
    else:
        current = locked(article)
        article.status = current.status
        article.scheduled_at = current.scheduled_at
        article.slug = current.slug
        if current.is_archived:
            raise WorkflowError(_("已归档的文章不能修改。"))
    if not article.slug:
        article.slug = unique_slug(
            article.headline, model=InterviewArticle, max_length=120, exclude_pk=article.pk
        )
    article.reporters = [r for r in (article.reporters or []) if r]
    article.correspondents = [c for c in (article.correspondents or []) if c]
    article.full_clean(exclude=["search_document"])
    article.save()
    article.outlets.set(outlets)
    article.initiatives.set(initiatives)

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
    article.blocks.all().delete()
    ArticleBlock.objects.bulk_create(new_blocks)

    _refresh_search_document(article)
    record_revision(article, by=by, note=note or (_("创建") if creating else _("修改")))
    if article.is_published:
        bump_on_commit()
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
    bump_on_commit()
