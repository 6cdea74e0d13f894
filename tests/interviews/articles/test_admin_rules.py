"""The articles' rules hold in Django admin too: an archived article is not modified."""

import pytest
from django.urls import reverse

from interviews.models import ArticleStatus, InterviewArticle

pytestmark = pytest.mark.django_db


def change_post(article, **overrides) -> dict:
    data = {
        "headline": article.headline,
        "slug": article.slug,
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
    data.update(overrides)
    return data


def test_admin_refuses_to_change_an_archived_article(client, admin_user, make_article):
    article = make_article("撤下的文章", status=ArticleStatus.ARCHIVED)
    revisions = article.revisions.count()
    client.force_login(admin_user)
    url = reverse("admin:interviews_interviewarticle_change", args=[article.pk])
    response = client.post(url, change_post(article, headline="后台改的标题"))
    assert response.status_code == 200
    assert "已归档的文章不能修改。" in response.content.decode()
    article.refresh_from_db()
    assert (article.headline, article.status) == ("撤下的文章", ArticleStatus.ARCHIVED)
    assert article.revisions.count() == revisions


def test_admin_still_changes_a_draft(client, admin_user, make_article):
    article = make_article("草稿文章")
    client.force_login(admin_user)
    url = reverse("admin:interviews_interviewarticle_change", args=[article.pk])
    response = client.post(url, change_post(article, headline="后台改的标题"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert InterviewArticle.objects.get(pk=article.pk).headline == "后台改的标题"
