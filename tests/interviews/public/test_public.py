"""The public site: only published articles, filters, feed, sitemap, cache, unit tag."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from interviews.articles.services import editing, workflow
from tests.factories import OutletFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["draft", "in_review", "scheduled", "archived"])
def test_unpublished_states_answer_404_to_the_public(client, make_article, status, official):
    article = make_article("不公开的文章", status=status)
    assert article.status == status
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(official)
    assert client.get(article.get_absolute_url()).status_code == 404
    client.logout()
    for url in (reverse("interviews:article_list"), reverse("interviews:feed"), "/sitemap.xml"):
        assert "不公开的文章" not in client.get(url).content.decode()
        assert article.slug not in client.get(url).content.decode()


def test_published_article_page_shows_qa_photo_and_links(client, make_article, unit):
    article = make_article(
        "公开的访谈",
        status="published",
        subtitle="专访书记",
        region=unit,
        interviewee_post="党工委书记",
        blocks=[("heading", "心系群众"), ("question", "怎么做？"), ("answer", "这样做。")],
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 class="h5 fw-bold mt-4">心系群众</h2>' in html
    assert "问</span>" not in html or "怎么做？" in html
    assert "qa-question" in html and "qa-answer" in html
    assert "和平街道" in html
    assert 'name="viewport"' in html


def test_preview_is_for_editors_only(client, make_article, editor, official):
    article = make_article("预览的草稿")
    url = reverse("interviews:article_preview", args=[article.pk])
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert "预览的草稿" in html and "预览：这篇文章当前状态为「草稿」" in html
    client.force_login(official)
    assert client.get(url).status_code == 403


def test_list_filters_by_series_unit_and_year(client, make_article, unit, other_unit):
    series = SeriesFactory(title="躬身入局")
    make_article(
        "二〇二〇年和平",
        status="published",
        series=series,
        region=unit,
        published_at=timezone.make_aware(dt.datetime(2020, 4, 1)),
    )
    make_article(
        "二〇一九年公园",
        status="published",
        region=other_unit,
        published_at=timezone.make_aware(dt.datetime(2019, 12, 1)),
    )
    url = reverse("interviews:article_list")

    def headlines(**params):
        html = client.get(url, params).content.decode()
        return [h for h in ("二〇二〇年和平", "二〇一九年公园") if h in html]

    assert headlines() == ["二〇二〇年和平", "二〇一九年公园"]  # newest first
    assert headlines(series=series.slug) == ["二〇二〇年和平"]
    assert headlines(unit=other_unit.slug) == ["二〇一九年公园"]
    assert headlines(year="2019") == ["二〇一九年公园"]
    series_html = client.get(series.get_absolute_url()).content.decode()
    assert "二〇二〇年和平" in series_html and "二〇一九年公园" not in series_html


def test_list_paginates(client, make_article):
    for i in range(12):
        make_article(f"分页文章{i:02d}", status="published")
    first = client.get(reverse("interviews:article_list")).content.decode()
    second = client.get(reverse("interviews:article_list"), {"page": 2}).content.decode()
    assert first.count("分页文章") == 10 and second.count("分页文章") == 2
    assert "第 1 / 2 页" in first


def test_list_query_count_does_not_grow_with_rows(
    client, make_article, unit, django_assert_max_num_queries
):
    series = SeriesFactory()
    outlet = OutletFactory()
    url = reverse("interviews:article_list")
    make_article("一", status="published", series=series, region=unit, outlets=[outlet])
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for i in range(5):
        make_article(f"更多{i}", status="published", series=series, region=unit, outlets=[outlet])
    services_cache_clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "更多4" in html


def services_cache_clear():
    from django.core.cache import cache

    cache.clear()


def test_cached_pages_cost_no_queries_and_publish_shows_at_once(
    client, make_article, admin_user, django_assert_num_queries, django_capture_on_commit_callbacks
):
    make_article("第一篇", status="published")
    url = reverse("interviews:article_list")
    assert "第一篇" in client.get(url).content.decode()
    with django_assert_num_queries(0):  # served from the cache
        client.get(url)
    waiting = make_article("刚刚通过", status="in_review")
    assert "刚刚通过" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the bump waits for the commit
        workflow.article_publish(article=waiting, by=admin_user)
    assert "刚刚通过" in client.get(url).content.decode()
    detail = waiting.get_absolute_url()
    assert client.get(detail).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_archive(article=waiting, by=admin_user)
    assert "刚刚通过" not in client.get(url).content.decode()
    assert client.get(detail).status_code == 404


def test_an_approved_change_refreshes_the_page(
    client, make_article, editor, admin_user, django_capture_on_commit_callbacks
):
    """Editing a published article changes nothing public until the change is approved;
    then the page shows it at once (the cache is bumped)."""
    article = make_article("旧标题", status="published")
    assert "旧标题" in client.get(article.get_absolute_url()).content.decode()
    article.headline = "新标题"
    with django_capture_on_commit_callbacks(execute=True):
        editing.article_save(
            article=article,
            by=editor,
            blocks=[editing.BlockData(kind="paragraph", text="正文")],
        )
    assert "旧标题" in client.get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_submit(article=article, by=editor)
        workflow.article_publish(article=article, by=admin_user)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "新标题" in page and "旧标题" not in page


def test_publish_due_task_refreshes_the_cache(
    client, make_article, django_capture_on_commit_callbacks
):
    article = make_article("定时文章", status="scheduled")
    url = reverse("interviews:article_list")
    assert "定时文章" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.articles_publish_due(now=article.scheduled_at + dt.timedelta(seconds=1))
    assert "定时文章" in client.get(url).content.decode()


def test_feed_and_sitemap_list_published_articles(client, make_article):
    article = make_article("订阅里的文章", status="published", series=SeriesFactory())
    feed = client.get(reverse("interviews:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "订阅里的文章" in feed.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert article.get_absolute_url() in sitemap
    assert article.series.get_absolute_url() in sitemap


def test_unit_articles_tag_lists_published_interviews_only(make_article, unit, other_unit):
    make_article("和平的访谈", status="published", region=unit)
    make_article("和平的草稿", region=unit)
    make_article("公园的访谈", status="published", region=other_unit)
    html = Template("{% load interviews_tags %}{% unit_articles unit %}").render(
        Context({"unit": unit})
    )
    assert "和平的访谈" in html
    assert "和平的草稿" not in html and "公园的访谈" not in html


def test_detail_links_to_unit_and_initiative_pages(client, make_article, unit):
    from tests.factories import InitiativeFactory

    initiative = InitiativeFactory(region=unit, title="红色物业")
    article = make_article("带链接", status="published", region=unit, initiatives=[initiative])
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="/units/{unit.slug}/"' in html
    assert f'href="/initiatives/{initiative.pk}/"' in html


def test_home_cards(client, make_article, editor):
    make_article("首页最新", status="published")
    make_article("草稿在首页")
    html = client.get("/").content.decode()
    assert "首页最新" in html and "草稿在首页" not in html
    client.force_login(editor)
    html = client.get("/").content.decode()
    assert "稿件管理" in html
    assert f'href="{reverse("interviews:editorial_list")}?status=draft"' in html


def test_nav_shows_editorial_link_to_editors_only(client, editor, official):
    assert "稿件管理" not in client.get("/").content.decode()
    assert 'action="/search/"' in client.get("/").content.decode()
    client.force_login(official)
    assert "稿件管理" not in client.get("/").content.decode()
    client.force_login(editor)
    assert "稿件管理" in client.get("/").content.decode()
