"""Writes of the interviews side: saving articles (with a revision each time), the
editorial workflow, publishing what is due, restoring revisions.

Workflow: draft -> in review -> (returned to draft with a comment) or approved, which
publishes now or schedules for later -> archived (withdrawn). Any editor or admin may
review, but an editor may not approve an article they created (four eyes); admins may.
"""

import datetime as dt
from dataclasses import dataclass, field

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Initiative, Person, Region
from portal.text import unique_slug

from . import cache, search
from .models import (
    ArticleBlock,
    ArticleRevision,
    ArticleStatus,
    BlockKind,
    InterviewArticle,
    Outlet,
    Series,
)
from .rules import can_approve_article, can_edit_article

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


class WorkflowError(Exception):
    """A transition refused because of the article's state; the message is for the user."""


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


def _require_editor(user) -> None:
    if not can_edit(user):
        raise PermissionDenied(_("只有编辑或管理员可以处理访谈文章。"))


def _locked(article: InterviewArticle) -> InterviewArticle:
    return InterviewArticle.objects.select_for_update().get(pk=article.pk)


def _bump_on_commit() -> None:
    transaction.on_commit(cache.bump)


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


def _record(article: InterviewArticle, *, by, note: str) -> ArticleRevision:
    blocks = list(article.blocks.order_by("position", "pk"))
    return ArticleRevision.objects.create(
        article=article, content=snapshot(article, blocks), note=note[:200], created_by=by
    )


def _refresh_search_document(article: InterviewArticle) -> None:
    blocks = list(article.blocks.order_by("position", "pk"))
    article.search_document = search.build_document(article, blocks)
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
    _require_editor(by)
    creating = article.pk is None
    if creating:
        article.created_by = by
        article.status = ArticleStatus.DRAFT
    else:
        current = _locked(article)
        article.status = current.status
        article.scheduled_at = current.scheduled_at
        article.slug = current.slug
        if current.status == ArticleStatus.ARCHIVED:
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
    _record(article, by=by, note=note or (_("创建") if creating else _("修改")))
    if article.status == ArticleStatus.PUBLISHED:
        _bump_on_commit()
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
    _record(article, by=by, note=note)
    _bump_on_commit()


# --- the workflow -------------------------------------------------------------------------


@transaction.atomic
def article_submit(*, article: InterviewArticle, by) -> InterviewArticle:
    _require_editor(by)
    article = _locked(article)
    if article.status != ArticleStatus.DRAFT:
        raise WorkflowError(_("只有草稿可以提交审核。"))
    article.status = ArticleStatus.IN_REVIEW
    article.save(update_fields=["status", "updated_at"])
    _record(article, by=by, note=_("提交审核"))
    return article


@transaction.atomic
def article_return(*, article: InterviewArticle, by, comment: str) -> InterviewArticle:
    _require_editor(by)
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(_("退回时请填写审稿意见。"))
    article = _locked(article)
    if article.status != ArticleStatus.IN_REVIEW:
        raise WorkflowError(_("只有待审的文章可以退回。"))
    article.status = ArticleStatus.DRAFT
    article.review_comment = comment
    article.save(update_fields=["status", "review_comment", "updated_at"])
    _record(article, by=by, note=_("退回修改：%(comment)s") % {"comment": comment})
    return article


@transaction.atomic
def article_publish(
    *, article: InterviewArticle, by, at: dt.datetime | None = None
) -> InterviewArticle:
    """Approve an article in review: publish now, or schedule it when ``at`` is ahead."""
    _require_editor(by)
    article = _locked(article)
    if article.status != ArticleStatus.IN_REVIEW:
        raise WorkflowError(_("只有待审的文章可以发布或定时发布。"))
    if not can_approve(by, article):
        raise PermissionDenied(_("编辑不能审核通过自己撰写的文章，请由其他编辑或管理员审核。"))
    now = timezone.now()
    article.review_comment = ""
    if at is not None and at > now:
        article.status = ArticleStatus.SCHEDULED
        article.scheduled_at = at
        note = _("定时发布：%(at)s") % {"at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")}
    else:
        _make_live(article, now)
        note = _("发布")
    article.save(
        update_fields=["status", "scheduled_at", "published_at", "review_comment", "updated_at"]
    )
    _record(article, by=by, note=note)
    if article.status == ArticleStatus.PUBLISHED:
        _bump_on_commit()
    return article


def _make_live(article: InterviewArticle, now: dt.datetime) -> None:
    article.status = ArticleStatus.PUBLISHED
    # The source's date is kept when known; otherwise the article is dated when it went live.
    if article.published_at is None:
        article.published_at = article.scheduled_at or now
    article.scheduled_at = None


@transaction.atomic
def article_archive(*, article: InterviewArticle, by) -> InterviewArticle:
    """Withdraw a published article, or cancel a scheduled one into the archive."""
    _require_editor(by)
    article = _locked(article)
    if article.status not in (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED):
        raise WorkflowError(_("只有已发布或定时发布的文章可以归档。"))
    was_public = article.status == ArticleStatus.PUBLISHED
    article.status = ArticleStatus.ARCHIVED
    article.scheduled_at = None
    article.save(update_fields=["status", "scheduled_at", "updated_at"])
    _record(article, by=by, note=_("归档（撤下）"))
    if was_public:
        _bump_on_commit()
    return article


@transaction.atomic
def article_reopen(*, article: InterviewArticle, by) -> InterviewArticle:
    """An archived article goes back to draft, to be revised and reviewed again."""
    _require_editor(by)
    article = _locked(article)
    if article.status != ArticleStatus.ARCHIVED:
        raise WorkflowError(_("只有已归档的文章可以重新编辑。"))
    article.status = ArticleStatus.DRAFT
    article.save(update_fields=["status", "updated_at"])
    _record(article, by=by, note=_("重新编辑"))
    return article


def articles_publish_due(*, now: dt.datetime | None = None) -> int:
    """Scheduled articles whose time has come go live. Safe to run twice and on two
    workers at once: rows are locked and skipped when another worker holds them."""
    now = now or timezone.now()
    published = 0
    with transaction.atomic():
        due = list(
            InterviewArticle.objects.select_for_update(skip_locked=True)
            .filter(status=ArticleStatus.SCHEDULED, scheduled_at__lte=now)
            .order_by("scheduled_at", "pk")
        )
        for article in due:
            _make_live(article, now)
            article.save(update_fields=["status", "scheduled_at", "published_at", "updated_at"])
            _record(article, by=None, note=_("定时发布生效"))
            published += 1
        if published:
            _bump_on_commit()
    return published


# --- revisions ----------------------------------------------------------------------------


def article_restore(
    *, article: InterviewArticle, revision: ArticleRevision, by
) -> InterviewArticle:
    """Bring back a revision's content (not its state); this makes a new revision."""
    if revision.article_id != article.pk:
        raise WorkflowError(_("该修订不属于这篇文章。"))
    content = revision.content
    article = InterviewArticle.objects.get(pk=article.pk)
    for name in SNAPSHOT_FIELDS:
        setattr(article, name, content.get(name, getattr(article, name)))
    for name, model in SNAPSHOT_FKS.items():
        pk = content.get(name)
        setattr(article, name, model.objects.filter(pk=pk).first() if pk else None)
    published_at = content.get("published_at")
    article.published_at = dt.datetime.fromisoformat(published_at) if published_at else None
    outlets = Outlet.objects.filter(pk__in=[pk for pk, _name in content.get("outlets", [])])
    initiatives = Initiative.objects.filter(
        pk__in=[pk for pk, _title in content.get("initiatives", [])]
    )
    blocks = [
        BlockData(
            kind=b["kind"],
            text=b.get("text", ""),
            caption=b.get("caption", ""),
            image=b.get("image", ""),
            position=b.get("position", i),
        )
        for i, b in enumerate(content.get("blocks", []))
    ]
    number = (
        ArticleRevision.objects.filter(article=article, pk__lte=revision.pk).count()
        if revision.pk
        else 0
    )
    return article_save(
        article=article,
        by=by,
        blocks=blocks,
        outlets=list(outlets),
        initiatives=list(initiatives),
        note=_("恢复到第 %(n)s 版（%(at)s）")
        % {"n": number, "at": timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")},
    )
