"""The whole-response cache of anonymous public pages (``portal.pagecache``): one round
trip, per language, nothing of one visitor in it, logged-in users get normal pages, and
invalidation by the objects a page shows."""

from unittest import mock

import pytest
from django.urls import reverse

from interviews.articles.services import workflow
from portal import pagecache
from tests.factories import SeriesFactory

pytestmark = pytest.mark.django_db


def state(response) -> str | None:
    return response.headers.get(pagecache.HEADER)


def test_publishing_one_article_keeps_the_cached_pages_of_the_others(
    client, make_article, admin_user, unit, other_unit, django_capture_on_commit_callbacks
):
    series = SeriesFactory(title="躬身入局")
    first = make_article("第一篇", status="published", region=unit, series=series)
    second = make_article("第二篇", status="published", region=other_unit)
    pages = [first.get_absolute_url(), second.get_absolute_url()]
    for url in pages:
        assert state(client.get(url)) == "miss"
        assert state(client.get(url)) == "hit"
    lists = [reverse("interviews:article_list"), reverse("interviews:feed")]
    series_url = reverse("interviews:series_detail", args=[series.slug])
    for url in [*lists, series_url, unit.get_absolute_url(), other_unit.get_absolute_url()]:
        client.get(url)
        assert state(client.get(url)) == "hit", url

    waiting = make_article("第三篇", status="in_review", region=unit, series=series)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_publish(article=waiting, by=admin_user)

    for url in pages:  # unrelated articles: still served from the cache
        assert state(client.get(url)) == "hit", url
    assert state(client.get(other_unit.get_absolute_url())) == "hit"
    # What shows the new article is computed again: the lists, its series, its unit.
    for url in [*lists, series_url, unit.get_absolute_url()]:
        response = client.get(url)
        assert state(response) == "miss", url
        assert "第三篇" in response.content.decode(), url


def test_a_hit_is_one_cache_round_trip_and_no_query(
    client, make_article, django_assert_num_queries
):
    article = make_article("一次往返", status="published")
    url = article.get_absolute_url()
    client.get(url)
    with (
        mock.patch.object(pagecache, "cache", wraps=pagecache.cache) as spy,
        django_assert_num_queries(0),
    ):
        response = client.get(url)
    assert state(response) == "hit" and "一次往返" in response.content.decode()
    assert [c[0] for c in spy.method_calls] == ["get_many"]


def test_each_language_has_its_own_pages(client, make_article):
    article = make_article("语言", status="published")
    url = article.get_absolute_url()
    chinese = client.get(url, headers={"accept-language": "zh-hans"})
    english = client.get(url, headers={"accept-language": "en"})
    assert state(english) == "miss"
    assert '<html lang="zh-hans">' in chinese.content.decode()
    assert '<html lang="en">' in english.content.decode()
    again = client.get(url, headers={"accept-language": "en"})
    assert state(again) == "hit" and '<html lang="en">' in again.content.decode()


def test_public_pages_hold_nothing_of_one_visitor(client, make_article, unit):
    article = make_article("公开", status="published", region=unit)
    for url in (
        article.get_absolute_url(),
        reverse("interviews:article_list"),
        reverse("interviews:search") + "?q=公开",
        reverse("initiatives:unit_list"),
        unit.get_absolute_url(),
    ):
        response = client.get(url)
        assert state(response) == "miss", url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert not response.cookies, url


def test_logged_in_users_get_normal_pages(client, make_article, editor):
    article = make_article("登录后", status="published")
    url = article.get_absolute_url()
    client.get(url)
    client.force_login(editor)
    response = client.get(url)
    assert state(response) is None
    assert "退出登录" in response.content.decode()
    client.logout()
    assert state(client.get(url)) == "hit"


def test_a_unit_page_is_dropped_when_its_unit_changes(client, unit, other_unit):
    client.get(unit.get_absolute_url())
    client.get(other_unit.get_absolute_url())
    unit.name = "和平新街道"
    unit.save()
    response = client.get(unit.get_absolute_url())
    assert state(response) == "miss" and "和平新街道" in response.content.decode()
    assert state(client.get(other_unit.get_absolute_url())) == "hit"


def test_the_language_switch_is_a_get_link_that_stays_on_the_site(client):
    response = client.get(reverse("switch_language"), {"language": "en", "next": "/articles/"})
    assert response.status_code == 302 and response["Location"] == "/articles/"
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/articles/").content.decode()
    away = client.get(
        reverse("switch_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert away["Location"] == "/" and "django_language" not in away.cookies
