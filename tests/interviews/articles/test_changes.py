"""Editing an approved article makes a draft revision, Wagtail's way: the public keeps the
live version (page, list, feed, search, sitemap) until another editor approves the change;
the editorial list says "有未发布的修改"; preview, form and compare show the change."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from interviews.articles import selectors
from interviews.articles.services import editing, revisions, workflow
from interviews.models import ArticleRevision, ArticleStatus, InterviewArticle
from portal.errors import WorkflowError
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_editor(db):
    return make_user("editor", username="editor_two")


@pytest.fixture
def live(make_article):
    return make_article(
        "红色物业进小区",
        status="published",
        subtitle="专访和平街道党工委书记",
        blocks=(("question", "老旧小区怎么管？"), ("answer", "推行红色物业。")),
    )


def change(article, by, *, subtitle="专访和平街道书记王志刚", answer="推行红色物业，组建业委会。"):
    article = InterviewArticle.objects.get(pk=article.pk)
    article.subtitle = subtitle
    return editing.article_save(
        article=article,
        by=by,
        blocks=[
            editing.BlockData(kind="question", text="老旧小区怎么管？"),
            editing.BlockData(kind="answer", text=answer),
        ],
    )


def public_text(client, url: str) -> str:
    return client.get(url).content.decode()


def test_a_change_keeps_the_live_version_everywhere_public(
    client, live, editor, django_capture_on_commit_callbacks
):
    before = InterviewArticle.objects.get(pk=live.pk)
    sitemap_before = public_text(client, "/sitemap.xml")
    with django_capture_on_commit_callbacks(execute=True):
        change(live, editor)
    row = InterviewArticle.objects.get(pk=live.pk)
    # The row, its blocks and its search text are what they were.
    assert (row.subtitle, row.updated_at, row.search_document) == (
        before.subtitle,
        before.updated_at,
        before.search_document,
    )
    assert list(row.blocks.values_list("text", flat=True)) == ["老旧小区怎么管？", "推行红色物业。"]
    assert (row.status, row.draft_state) == (ArticleStatus.PUBLISHED, "editing")
    assert row.draft_revision.draft and row.draft_revision.content["subtitle"] == (
        "专访和平街道书记王志刚"
    )
    page = public_text(client, row.get_absolute_url())
    assert "专访和平街道党工委书记" in page and "王志刚" not in page
    assert "王志刚" not in public_text(client, reverse("interviews:article_list"))
    assert "王志刚" not in public_text(client, reverse("interviews:feed"))
    search = reverse("interviews:search")
    assert row.get_absolute_url() not in public_text(client, search + "?q=业委会")
    assert row.get_absolute_url() in public_text(client, search + "?q=红色物业")
    assert public_text(client, "/sitemap.xml") == sitemap_before


def test_the_editors_see_the_change(client, live, editor):
    change(live, editor)
    client.force_login(editor)
    listing = public_text(client, reverse("interviews:editorial_list"))
    assert "有未发布的修改" in listing
    filtered = public_text(client, reverse("interviews:editorial_list") + "?changes=editing")
    assert "红色物业进小区" in filtered
    manage = public_text(client, reverse("interviews:article_manage", args=[live.pk]))
    assert 'id="article-changes">有未发布的修改' in manage and "提交修改审核" in manage
    # The preview and the form show the change, not the live version.
    preview = public_text(client, reverse("interviews:article_preview", args=[live.pk]))
    assert "专访和平街道书记王志刚" in preview and "组建业委会" in preview
    assert "专访和平街道党工委书记" not in preview
    form = public_text(client, reverse("interviews:article_edit", args=[live.pk]))
    assert 'value="专访和平街道书记王志刚"' in form and "组建业委会" in form
    # Compare: the live version against the change.
    older, newer = selectors.live_and_draft_revisions(InterviewArticle.objects.get(pk=live.pk))
    assert ArticleRevision.objects.get(pk=older).draft is False
    compare = client.get(
        reverse("interviews:article_compare", args=[live.pk]), {"a": older, "b": newer}
    )
    rows = compare.context["rows"]
    assert ("removed", "副标题：专访和平街道党工委书记") in rows
    assert ("added", "副标题：专访和平街道书记王志刚") in rows
    assert ("added", "【答】推行红色物业，组建业委会。") in rows


def test_a_change_is_approved_by_another_editor_then_goes_live(
    client, live, editor, other_editor, admin_user, django_capture_on_commit_callbacks
):
    change(live, editor)
    workflow.article_submit(article=live, by=editor)
    assert InterviewArticle.objects.get(pk=live.pk).draft_state == "in_review"
    # Four eyes: the editor who wrote the change may not approve it ...
    with pytest.raises(PermissionDenied, match="自己修改的内容"):
        workflow.article_publish(article=live, by=editor)
    # ... nor one who changed it further while it waited.
    change(live, other_editor, answer="推行红色物业，组建业委会和红色管家队伍。")
    with pytest.raises(PermissionDenied):
        workflow.article_publish(article=live, by=other_editor)
    with pytest.raises(WorkflowError, match="立即生效"):
        workflow.article_publish(
            article=live, by=admin_user, at=timezone.now() + dt.timedelta(days=1)
        )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_publish(article=live, by=admin_user)
    row = InterviewArticle.objects.get(pk=live.pk)
    assert (row.status, row.draft_state, row.draft_revision) == (ArticleStatus.PUBLISHED, "", None)
    assert row.subtitle == "专访和平街道书记王志刚"
    assert row.blocks.last().text == "推行红色物业，组建业委会和红色管家队伍。"
    assert not row.draft_editors.exists()
    assert row.revisions.first().note == "修改审核通过"
    assert "王志刚" in public_text(client, row.get_absolute_url())
    search = reverse("interviews:search") + "?q=红色管家"
    assert row.get_absolute_url() in public_text(client, search)


def test_a_change_by_one_editor_is_approved_by_another(live, editor, other_editor):
    change(live, editor)
    workflow.article_submit(article=live, by=editor)
    workflow.article_publish(article=live, by=other_editor)
    assert InterviewArticle.objects.get(pk=live.pk).subtitle == "专访和平街道书记王志刚"


def test_a_returned_change_waits_with_the_comment(live, editor, other_editor):
    change(live, editor)
    workflow.article_submit(article=live, by=editor)
    workflow.article_return(article=live, by=other_editor, comment="书记的名字请核实。")
    row = InterviewArticle.objects.get(pk=live.pk)
    assert (row.draft_state, row.review_comment) == ("editing", "书记的名字请核实。")
    assert row.subtitle == "专访和平街道党工委书记"  # still live as it was
    assert row.revisions.first().note == "修改被退回：书记的名字请核实。"
    change(row, editor, subtitle="专访和平街道党工委书记王志刚")
    workflow.article_submit(article=row, by=editor)
    workflow.article_publish(article=row, by=other_editor)
    row.refresh_from_db()
    assert (row.subtitle, row.review_comment) == ("专访和平街道党工委书记王志刚", "")


def test_a_change_can_be_given_up(live, editor):
    change(live, editor)
    workflow.article_discard_changes(article=live, by=editor)
    row = InterviewArticle.objects.get(pk=live.pk)
    assert (row.draft_state, row.draft_revision, row.subtitle) == (
        "",
        None,
        "专访和平街道党工委书记",
    )
    with pytest.raises(WorkflowError, match="没有未发布的修改"):
        workflow.article_discard_changes(article=row, by=editor)
    # With nothing waiting, the article is not submitted again.
    with pytest.raises(WorkflowError):
        workflow.article_submit(article=row, by=editor)


def test_restoring_an_old_version_of_a_live_article_is_a_change(live, editor):
    change(live, editor)
    workflow.article_discard_changes(article=live, by=editor)
    first = ArticleRevision.objects.filter(article=live).order_by("pk").first()
    revisions.article_restore(article=live, revision=first, by=editor)
    row = InterviewArticle.objects.get(pk=live.pk)
    assert row.draft_state == "editing"
    assert row.status == ArticleStatus.PUBLISHED


def test_a_scheduled_article_goes_live_with_its_approved_version(make_article, editor, admin_user):
    at = timezone.now() + dt.timedelta(hours=2)
    article = make_article("定时的访谈", status="scheduled", subtitle="原副标题", at=at)
    change(article, editor, subtitle="改过的副标题")
    workflow.articles_publish_due(now=at + dt.timedelta(seconds=1))
    row = InterviewArticle.objects.get(pk=article.pk)
    # Live on time with what was approved; the change still waits.
    assert (row.status, row.subtitle, row.draft_state) == ("published", "原副标题", "editing")
    workflow.article_submit(article=row, by=editor)
    workflow.article_publish(article=row, by=admin_user)
    assert InterviewArticle.objects.get(pk=article.pk).subtitle == "改过的副标题"


def test_a_waiting_change_comes_back_when_the_article_is_reopened(live, editor, admin_user):
    change(live, editor)
    workflow.article_submit(article=live, by=editor)
    workflow.article_archive(article=live, by=admin_user)
    archived = InterviewArticle.objects.get(pk=live.pk)
    assert archived.draft_state == "editing"  # nobody reviews a withdrawn article's change
    with pytest.raises(WorkflowError):
        workflow.article_publish(article=archived, by=admin_user)
    workflow.article_reopen(article=archived, by=admin_user)
    row = InterviewArticle.objects.get(pk=live.pk)
    assert (row.status, row.draft_state, row.subtitle) == ("draft", "", "专访和平街道书记王志刚")
    assert row.blocks.last().text == "推行红色物业，组建业委会。"


def test_the_manage_page_offers_the_change_to_another_editor(client, live, editor, other_editor):
    change(live, editor)
    workflow.article_submit(article=live, by=editor)
    client.force_login(editor)
    mine = public_text(client, reverse("interviews:article_manage", args=[live.pk]))
    assert "您参与了这次修改" in mine and "修改审核通过" not in mine
    client.force_login(other_editor)
    theirs = public_text(client, reverse("interviews:article_manage", args=[live.pk]))
    assert "修改审核通过" in theirs and 'id="compare-changes"' in theirs
    response = client.post(reverse("interviews:article_publish", args=[live.pk]), follow=True)
    assert "修改已审核通过，线上版本已更新。" in response.content.decode()


def test_editors_cannot_change_an_approved_article_in_admin(client, live, editor, admin_user):
    url = reverse("admin:interviews_interviewarticle_change", args=[live.pk])
    data = {
        "headline": "后台直接改",
        "slug": live.slug,
        "reporters": "[]",
        "correspondents": "[]",
        "blocks-TOTAL_FORMS": "0",
        "blocks-INITIAL_FORMS": "0",
        "blocks-MIN_NUM_FORMS": "0",
        "blocks-MAX_NUM_FORMS": "1000",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        "revisions-MIN_NUM_FORMS": "0",
        "revisions-MAX_NUM_FORMS": "1000",
    }
    client.force_login(editor)
    assert client.get(url).status_code == 200  # view only
    assert client.post(url, data).status_code == 403
    assert InterviewArticle.objects.get(pk=live.pk).headline == "红色物业进小区"
    client.force_login(admin_user)
    assert client.post(url, data).status_code == 302
    assert InterviewArticle.objects.get(pk=live.pk).headline == "后台直接改"
