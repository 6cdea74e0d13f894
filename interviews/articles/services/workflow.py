"""The editorial workflow: draft -> in review -> (returned to draft with a comment) or
approved, which publishes now or schedules for later -> archived (withdrawn) -> reopened
as a draft. Any editor or admin may review, but an editor may not approve an article they
created (four eyes); admins may. Scheduled articles go live through ``articles_publish_due``
(a beat task, every minute).

A change to an approved article (``editing._save_draft``) runs the same loop beside the
live version: submitted, returned with a comment, or approved by an editor who wrote no
part of it, which writes it into the article; or discarded. Reopening an archived article
brings its waiting change back as the draft."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import WorkflowError
from portal.text import COMMENT_MAX

from ..models import ArticleStatus, DraftState, InterviewArticle
from ..published import bump_on_commit, tags_of
from ..snapshots import apply_content
from .editing import (
    can_approve,
    locked,
    record_revision,
    require_editor,
    write_content,
)


@transaction.atomic
def article_submit(*, article: InterviewArticle, by) -> InterviewArticle:
    require_editor(by)
    article = locked(article)
    if article.is_live and article.draft_state == DraftState.EDITING:
        return _change_to(article, DraftState.IN_REVIEW, by=by, note=_("修改提交审核"))
    if article.status != ArticleStatus.DRAFT:
        raise WorkflowError(_("只有草稿或未发布的修改可以提交审核。"))
    article.status = ArticleStatus.IN_REVIEW
    article.save(update_fields=["status", "updated_at"])
    record_revision(article, by=by, note=_("提交审核"))
    return article


@transaction.atomic
def article_return(*, article: InterviewArticle, by, comment: str) -> InterviewArticle:
    require_editor(by)
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(_("退回时请填写审稿意见。"))
    if len(comment) > COMMENT_MAX:
        raise WorkflowError(
            _("审稿意见最多 %(limit)d 个字，现在有 %(n)d 个字，请精简后再保存。")
            % {"limit": COMMENT_MAX, "n": len(comment)}
        )
    article = locked(article)
    if article.is_live and article.changes_in_review:
        article.review_comment = comment
        article.save(update_fields=["review_comment"])
        note = _("修改被退回：%(comment)s") % {"comment": comment}
        return _change_to(article, DraftState.EDITING, by=by, note=note)
    if article.status != ArticleStatus.IN_REVIEW:
        raise WorkflowError(_("只有待审的文章可以退回。"))
    article.status = ArticleStatus.DRAFT
    article.review_comment = comment
    article.save(update_fields=["status", "review_comment", "updated_at"])
    record_revision(article, by=by, note=_("退回修改：%(comment)s") % {"comment": comment})
    return article


@transaction.atomic
def article_publish(
    *, article: InterviewArticle, by, at: dt.datetime | None = None
) -> InterviewArticle:
    """Approve an article in review: publish now, or schedule it when ``at`` is ahead."""
    require_editor(by)
    article = locked(article)
    if article.is_live and article.changes_in_review:
        return _publish_change(article, by=by, at=at)
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
    record_revision(article, by=by, note=note)
    if article.status == ArticleStatus.PUBLISHED:
        bump_on_commit(article)
    return article


def _change_to(article: InterviewArticle, state: str, *, by, note: str) -> InterviewArticle:
    """Move a waiting change to ``state``; its revision notes the step."""
    revision = record_revision(
        article, by=by, note=note, content=article.draft_revision.content, draft=True
    )
    article.draft_state = state
    article.draft_revision = revision
    article.save(update_fields=["draft_state", "draft_revision"])
    return article


def _clear_change(article: InterviewArticle) -> None:
    article.draft_state = ""
    article.draft_revision = None
    article.save(update_fields=["draft_state", "draft_revision"])
    article.draft_editors.clear()


def _publish_change(article: InterviewArticle, *, by, at) -> InterviewArticle:
    """Approve a change to an approved article: it is written into the article, which
    keeps its state (published stays published, scheduled goes live at its time)."""
    if not can_approve(by, article):
        raise PermissionDenied(_("编辑不能审核通过自己修改的内容，请由其他编辑或管理员审核。"))
    if at is not None and at > timezone.now():
        raise WorkflowError(_("已通过的文章的修改审核通过后立即生效，不能另定时间。"))
    before = tags_of(article)
    outlets, initiatives, blocks = apply_content(article, article.draft_revision.content)
    article.review_comment = ""
    _clear_change(article)
    write_content(article=article, blocks=blocks, outlets=outlets, initiatives=initiatives)
    record_revision(article, by=by, note=_("修改审核通过"))
    if article.is_published:
        bump_on_commit(article, before=before)
    return article


@transaction.atomic
def article_discard_changes(*, article: InterviewArticle, by) -> InterviewArticle:
    """Give up the waiting change of an approved article; the live version stays."""
    require_editor(by)
    article = locked(article)
    if not article.draft_state or article.is_archived:
        raise WorkflowError(_("这篇文章没有未发布的修改。"))
    article.review_comment = ""
    article.save(update_fields=["review_comment"])
    _clear_change(article)
    record_revision(article, by=by, note=_("放弃未发布的修改"))
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
    require_editor(by)
    article = locked(article)
    if article.status not in (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED):
        raise WorkflowError(_("只有已发布或定时发布的文章可以归档。"))
    was_public = article.status == ArticleStatus.PUBLISHED
    article.status = ArticleStatus.ARCHIVED
    article.scheduled_at = None
    if article.changes_in_review:
        article.draft_state = DraftState.EDITING  # kept for a reopen; nobody reviews it now
    article.save(update_fields=["status", "scheduled_at", "draft_state", "updated_at"])
    record_revision(article, by=by, note=_("归档（撤下）"))
    if was_public:
        bump_on_commit(article)
    return article


@transaction.atomic
def article_reopen(*, article: InterviewArticle, by) -> InterviewArticle:
    """An archived article goes back to draft, to be revised and reviewed again."""
    require_editor(by)
    article = locked(article)
    if article.status != ArticleStatus.ARCHIVED:
        raise WorkflowError(_("只有已归档的文章可以重新编辑。"))
    article.status = ArticleStatus.DRAFT
    if article.draft_state:
        # A change that waited when the article was withdrawn is the draft now.
        outlets, initiatives, blocks = apply_content(article, article.draft_revision.content)
        _clear_change(article)
        write_content(article=article, blocks=blocks, outlets=outlets, initiatives=initiatives)
    else:
        article.save(update_fields=["status", "updated_at"])
    record_revision(article, by=by, note=_("重新编辑"))
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
            record_revision(article, by=None, note=_("定时发布生效"))
            published += 1
        if published:
            bump_on_commit(*due)
    return published
