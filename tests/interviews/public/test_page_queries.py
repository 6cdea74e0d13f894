"""Uncached rendering of the public article and unit pages: their queries pinned, the
article's page below the navigation cached per version and language (the same HTML
from the fragment as without it), a new version shown at once, the preview never
served from it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from interviews.articles.services import editing, workflow
from interviews.models import InterviewArticle
from tests.factories import IndicatorFactory, InitiativeFactory, OutletFactory

pytestmark = pytest.mark.django_db


def render(path: str, *, language: str = "zh-hans") -> str:
    """The view's own response, past the page cache's middleware (what a miss renders)."""
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = {}
    match = resolve(path)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def article(make_article, unit):
    initiative = InitiativeFactory(title="红色物业全覆盖", region=unit)
    return make_article(
        "小区治理有了主心骨",
        status="published",
        region=unit,
        outlets=[OutletFactory(name="淄博日报")],
        initiatives=[initiative],
        blocks=[
            ("heading", "一、组织起来"),
            ("question", "怎么做？"),
            ("answer", "推行红色物业。"),
        ],
    )


def test_the_article_page_is_one_query_once_its_body_is_cached(article, django_assert_num_queries):
    path = article.get_absolute_url()
    # The first render finds no body cached: the row again with its joins, then outlets,
    # initiatives and blocks for the body. Then the row alone (id, version, headline).
    with django_assert_num_queries(5):
        first = render(path)
    with django_assert_num_queries(1):
        second = render(path)
    assert first == second
    for text in ("淄博日报", "红色物业全覆盖", "一、组织起来", "推行红色物业。", "问"):
        assert text in second
    # Per language: the English page has its own body ("Q:" labels, not 问：).
    with django_assert_num_queries(5):
        english = render(path, language="en")
    assert english != second and "推行红色物业。" in english


def test_a_new_version_is_shown_at_once(
    article, editor, admin_user, django_capture_on_commit_callbacks
):
    path = article.get_absolute_url()
    assert "推行红色物业。" in render(path)
    live = InterviewArticle.objects.get(pk=article.pk)
    editing.article_save(
        article=live,
        by=admin_user,
        blocks=[editing.BlockData(kind="answer", text="组建业委会。", position=1)],
        outlets=list(live.outlets.all()),
        initiatives=list(live.initiatives.all()),
    )
    # A change waiting for review is not public: the cached body still stands.
    assert "推行红色物业。" in render(path)
    workflow.article_submit(article=live, by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_publish(article=InterviewArticle.objects.get(pk=live.pk), by=editor)
    html = render(path)
    assert "组建业委会。" in html and "推行红色物业。" not in html


def test_the_preview_of_a_change_never_shows_the_cached_body(client, article, admin_user):
    path = article.get_absolute_url()
    render(path)
    live = InterviewArticle.objects.get(pk=article.pk)
    editing.article_save(
        article=live,
        by=admin_user,
        blocks=[editing.BlockData(kind="answer", text="预览里的新回答。", position=1)],
    )
    client.force_login(admin_user)
    preview = client.get(reverse("interviews:article_preview", args=[article.pk]))
    html = preview.content.decode()
    assert "预览里的新回答。" in html and "推行红色物业。" not in html


def test_the_unit_page_queries_do_not_grow_with_its_content(
    unit, make_article, django_assert_num_queries
):
    path = unit.get_absolute_url()
    with django_assert_num_queries(5):  # no initiatives: nothing of theirs to read
        render(path)
    for i in range(3):
        initiative = InitiativeFactory(title=f"重点工作{i}", region=unit)
        IndicatorFactory(initiative=initiative)
        make_article(f"访谈{i}", status="published", region=unit)
    # The region with its ancestors joined, profiles, appointments, initiatives,
    # indicators, milestones, the indicators' values, articles (no milestones: no read
    # of their reports).
    with django_assert_num_queries(8):
        html = render(path)
    assert "重点工作2" in html and "访谈2" in html and unit.parent.name in html
