"""Every save keeps a revision; two revisions compare as a Chinese diff; restoring one
makes a new revision."""

import pytest
from django.urls import reverse

from interviews.articles import selectors
from interviews.articles.services import editing, revisions, workflow
from interviews.models import ArticleRevision
from portal.errors import WorkflowError

pytestmark = pytest.mark.django_db


def save(article, editor, headline, answer):
    article.headline = headline
    return editing.article_save(
        article=article,
        by=editor,
        blocks=[
            editing.BlockData(kind="question", text="怎么做？"),
            editing.BlockData(kind="answer", text=answer),
        ],
    )


def test_each_save_and_transition_keeps_a_snapshot(make_article, editor):
    article = make_article("第一版", blocks=[("answer", "原来的回答")])
    save(article, editor, "第二版", "新的回答")
    workflow.article_submit(article=article, by=editor)
    notes = list(
        ArticleRevision.objects.filter(article=article)
        .order_by("pk")
        .values_list("note", flat=True)
    )
    assert notes == ["创建", "修改", "提交审核"]
    first = ArticleRevision.objects.filter(article=article).order_by("pk").first()
    assert first.content["headline"] == "第一版"
    assert first.content["blocks"] == [
        {"kind": "answer", "text": "原来的回答", "caption": "", "image": "", "position": 1}
    ]


def test_diff_lines_are_chinese(make_article, editor):
    article = make_article("第一版", blocks=[("answer", "原来的回答")])
    save(article, editor, "第二版", "新的回答")
    older, newer = ArticleRevision.objects.filter(article=article).order_by("pk")
    rows = selectors.revision_diff(older, newer)
    assert ("removed", "标题：第一版") in rows
    assert ("added", "标题：第二版") in rows
    assert ("removed", "【答】原来的回答") in rows
    assert ("added", "【答】新的回答") in rows
    assert ("added", "【问】怎么做？") in rows


def test_compare_page(client, make_article, editor):
    article = make_article("第一版", blocks=[("answer", "原来的<script>回答</script>")])
    save(article, editor, "第二版", "新的回答")
    older, newer = ArticleRevision.objects.filter(article=article).order_by("pk")
    client.force_login(editor)
    url = reverse("interviews:article_compare", args=[article.pk])
    html = client.get(url, {"a": newer.pk, "b": older.pk}).content.decode()
    assert "标题：第一版" in html and "标题：第二版" in html
    assert "<script>回答" not in html
    assert client.get(url, {"a": older.pk, "b": 999999}).status_code == 404
    assert client.get(url, {"a": "x"}).status_code == 404


def test_restore_brings_content_back_as_a_new_revision(client, make_article, editor):
    article = make_article("第一版", blocks=[("answer", "原来的回答")])
    save(article, editor, "第二版", "新的回答")
    first = ArticleRevision.objects.filter(article=article).order_by("pk").first()
    client.force_login(editor)
    response = client.post(
        reverse("interviews:article_restore", args=[article.pk, first.pk]), follow=True
    )
    assert "已恢复该版本（并保存为新的修订）。" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "第一版"
    assert list(article.blocks.values_list("text", flat=True)) == ["原来的回答"]
    latest = ArticleRevision.objects.filter(article=article).order_by("pk").last()
    assert latest.note.startswith("恢复到第 1 版")
    assert ArticleRevision.objects.filter(article=article).count() == 3


def test_restore_refuses_a_revision_of_another_article(client, make_article, editor, official):
    article = make_article("甲")
    other = make_article("乙")
    revision = other.revisions.first()
    client.force_login(editor)
    url = reverse("interviews:article_restore", args=[article.pk, revision.pk])
    assert client.post(url).status_code == 404
    client.force_login(official)
    assert client.post(url).status_code == 403
    with pytest.raises(WorkflowError, match="该修订不属于这篇文章。"):
        revisions.article_restore(article=article, revision=revision, by=editor)


def test_manage_page_lists_revisions_with_comment(client, make_article, admin_user, editor):
    article = make_article("有意见的稿件", status="in_review")
    workflow.article_return(article=article, by=admin_user, comment="请补充<b>图片</b>")
    client.force_login(editor)
    html = client.get(reverse("interviews:article_manage", args=[article.pk])).content.decode()
    assert "请补充&lt;b&gt;图片&lt;/b&gt;" in html
    assert "退回修改：请补充&lt;b&gt;图片&lt;/b&gt;" in html
    assert "提交审核" in html
