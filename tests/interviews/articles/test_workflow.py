"""The editorial workflow: every transition, its refusals, and the scheduled publishing."""

import datetime as dt

import pytest
from celery.result import EagerResult
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from interviews.articles import tasks
from interviews.articles.services import editing, workflow
from interviews.models import ArticleRevision, ArticleStatus, InterviewArticle
from portal.errors import WorkflowError
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_draft_submitted_goes_in_review(make_article, editor):
    article = make_article()
    assert article.status == ArticleStatus.DRAFT
    workflow.article_submit(article=article, by=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    assert article.revisions.first().note == "提交审核"


def test_submit_refused_unless_draft(make_article, editor):
    article = make_article(status="in_review")
    with pytest.raises(WorkflowError, match="只有草稿或未发布的修改可以提交审核。"):
        workflow.article_submit(article=article, by=editor)


def test_return_needs_a_comment_and_keeps_it(make_article, admin_user):
    article = make_article(status="in_review")
    with pytest.raises(WorkflowError, match="退回时请填写审稿意见。"):
        workflow.article_return(article=article, by=admin_user, comment="  ")
    workflow.article_return(article=article, by=admin_user, comment="请补充受访人职务。")
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert article.review_comment == "请补充受访人职务。"


def test_return_refused_unless_in_review(make_article, admin_user):
    article = make_article()
    with pytest.raises(WorkflowError, match="只有待审的文章可以退回。"):
        workflow.article_return(article=article, by=admin_user, comment="意见")


def test_publish_now_dates_the_article_and_clears_the_comment(make_article, editor, admin_user):
    article = make_article(status="in_review")
    workflow.article_return(article=article, by=admin_user, comment="改一下")
    workflow.article_submit(article=article, by=editor)
    before = timezone.now()
    workflow.article_publish(article=article, by=admin_user)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at >= before
    assert article.review_comment == ""


def test_publish_keeps_the_source_date(make_article, admin_user):
    source_date = timezone.make_aware(dt.datetime(2020, 1, 6, 10, 0))
    article = make_article(status="in_review", published_at=source_date)
    workflow.article_publish(article=article, by=admin_user)
    article.refresh_from_db()
    assert article.published_at == source_date


def test_publish_with_a_future_time_schedules(make_article, admin_user):
    article = make_article(status="in_review")
    at = timezone.now() + dt.timedelta(hours=2)
    workflow.article_publish(article=article, by=admin_user, at=at)
    article.refresh_from_db()
    assert article.status == ArticleStatus.SCHEDULED
    assert article.scheduled_at == at
    assert article.published_at is None


def test_publish_refused_unless_in_review(make_article, admin_user):
    article = make_article()
    with pytest.raises(WorkflowError, match="只有待审的文章可以发布或定时发布。"):
        workflow.article_publish(article=article, by=admin_user)
    published = make_article("另一篇", status="published")
    with pytest.raises(WorkflowError):
        workflow.article_publish(article=published, by=admin_user)


def test_editor_may_not_approve_own_article_but_another_editor_may(make_article, editor):
    article = make_article(status="in_review")  # written by ``editor``
    with pytest.raises(PermissionDenied, match="编辑不能审核通过自己撰写的文章"):
        workflow.article_publish(article=article, by=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    second = make_user("editor", username="editor_two")
    workflow.article_publish(article=article, by=second)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED


def test_non_editors_are_refused_by_every_service(make_article, official, reviewer):
    article = make_article(status="in_review")
    for user in (official, reviewer):
        with pytest.raises(PermissionDenied):
            workflow.article_publish(article=article, by=user)
        with pytest.raises(PermissionDenied):
            workflow.article_return(article=article, by=user, comment="x")
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW


def test_archive_withdraws_published_and_scheduled(make_article, admin_user):
    for status in ("published", "scheduled"):
        article = make_article(f"归档{status}", status=status)
        workflow.article_archive(article=article, by=admin_user)
        article.refresh_from_db()
        assert article.status == ArticleStatus.ARCHIVED
        assert article.scheduled_at is None


def test_archive_refused_for_drafts_and_archived_cannot_be_edited(make_article, admin_user, editor):
    draft = make_article()
    with pytest.raises(WorkflowError, match="只有已发布或定时发布的文章可以归档。"):
        workflow.article_archive(article=draft, by=admin_user)
    archived = make_article("已归档", status="archived")
    archived.headline = "偷偷修改"
    with pytest.raises(WorkflowError, match="已归档的文章不能修改。"):
        editing.article_save(article=archived, by=editor, blocks=[])
    assert InterviewArticle.objects.get(pk=archived.pk).headline == "已归档"
    workflow.article_reopen(article=archived, by=editor)
    archived.refresh_from_db()
    assert archived.status == ArticleStatus.DRAFT


def test_publish_due_publishes_only_what_is_due_and_is_idempotent(make_article):
    due = make_article("到点", status="scheduled")
    later = make_article("未到", status="scheduled", at=timezone.now() + dt.timedelta(days=1))
    InterviewArticle.objects.filter(pk=due.pk).update(
        scheduled_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert workflow.articles_publish_due() == 1
    assert workflow.articles_publish_due() == 0
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == ArticleStatus.PUBLISHED
    assert due.published_at is not None
    assert later.status == ArticleStatus.SCHEDULED
    assert ArticleRevision.objects.filter(article=due, note="定时发布生效").count() == 1


def test_the_task_calls_the_service(make_article):
    article = make_article(status="scheduled")
    InterviewArticle.objects.filter(pk=article.pk).update(scheduled_at=timezone.now())
    assert tasks.publish_due_articles.delay().get() == 1
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED


# --- the same transitions through the pages ----------------------------------------------


def test_pages_walk_the_workflow(client, make_article, editor, admin_user):
    article = make_article()
    client.force_login(editor)
    response = client.post(reverse("interviews:article_submit", args=[article.pk]), follow=True)
    assert "已提交审核。" in response.content.decode()
    # The author cannot approve: the page says why and nothing changes.
    response = client.post(reverse("interviews:article_publish", args=[article.pk]), follow=True)
    assert "编辑不能审核通过自己撰写的文章" in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW

    client.force_login(admin_user)
    response = client.post(
        reverse("interviews:article_return", args=[article.pk]), {"comment": ""}, follow=True
    )
    assert "退回时请填写审稿意见。" in response.content.decode()
    client.post(reverse("interviews:article_return", args=[article.pk]), {"comment": "补充图片"})
    article.refresh_from_db()
    assert (article.status, article.review_comment) == (ArticleStatus.DRAFT, "补充图片")

    client.force_login(editor)
    client.post(reverse("interviews:article_submit", args=[article.pk]))
    client.force_login(admin_user)
    at = (timezone.localtime() + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("interviews:article_publish", args=[article.pk]), {"at": at}, follow=True
    )
    assert "已定时发布，到时自动上线。" in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.SCHEDULED
    client.post(reverse("interviews:article_archive", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == ArticleStatus.ARCHIVED


def test_workflow_pages_refuse_other_roles(client, make_article, official, reviewer):
    article = make_article(status="in_review")
    for user in (official, reviewer):
        client.force_login(user)
        for name in ("article_publish", "article_return", "article_archive", "article_submit"):
            response = client.post(reverse(f"interviews:{name}", args=[article.pk]))
            assert response.status_code == 403
    client.logout()
    response = client.post(reverse("interviews:article_publish", args=[article.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW


# --- a real worker on the real broker ----------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_publishes_due_articles(redis_broker, celery_app, celery_worker, make_article):
    article = make_article("定时上线", status="scheduled")
    InterviewArticle.objects.filter(pk=article.pk).update(
        scheduled_at=timezone.now() - dt.timedelta(seconds=5)
    )
    result = tasks.publish_due_articles.apply_async()
    assert not isinstance(result, EagerResult)  # it went through the broker to the worker
    assert result.get(timeout=20) == 1
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert tasks.publish_due_articles.apply_async().get(timeout=20) == 0
