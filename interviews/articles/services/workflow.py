"""The editorial workflow: draft -> in review -> (returned to draft with a comment) or
approved, which publishes now or schedules for later -> archived (withdrawn) -> reopened
as a draft. Any editor or admin may review, but an editor may not approve an article they
created (four eyes); admins may. Scheduled articles go live through ``articles_publish_due``
(a beat task, every minute)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import WorkflowError

from ..models import ArticleStatus, InterviewArticle
from ..published import bump_on_commit
from .editing import can_approve, locked, record_revision, require_editor


@transaction.atomic
def article_submit(*, article: InterviewArticle, by) -> InterviewArticle:
    require_editor(by)
    article = locked(article)
    if article.status != ArticleStatus.DRAFT:
        raise WorkflowError(_("只有草稿可以提交审核。"))
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
    article = locked(article)
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
        bump_on_commit()
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
    article.save(update_fields=["status", "scheduled_at", "updated_at"])
    record_revision(article, by=by, note=_("归档（撤下）"))
    if was_public:
        bump_on_commit()
    return article


@transaction.atomic
def article_reopen(*, article: InterviewArticle, by) -> InterviewArticle:
    """An archived article goes back to draft, to be revised and reviewed again."""
    require_editor(by)
    article = locked(article)
    if article.status != ArticleStatus.ARCHIVED:
        raise WorkflowError(_("只有已归档的文章可以重新编辑。"))
    article.status = ArticleStatus.DRAFT
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
            bump_on_commit()
    return published
