"""The whole-response cache of anonymous public pages (``portal.pagecache``): one round
trip, per language, nothing of one visitor in it, logged-in users get normal pages, and
invalidation by the objects a page shows."""

import uuid
from unittest import mock

import pytest
from django.http import HttpResponse
from django.urls import reverse

from interviews.articles.services import workflow
from portal import pagecache
from tests.factories import SeriesFactory

pytestmark = pytest.mark.django_db


def state(response) -> str | None:
    return response.headers.get(pagecache.HEADER)


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_publishing_one_article_keeps_the_cached_pages_of_the_others(
    backend,
    request,
    client,
    make_article,
    admin_user,
    unit,
    other_unit,
    django_capture_on_commit_callbacks,
):
    if backend == "redis":
        request.getfixturevalue("redis_pages")
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


@pytest.fixture
def redis_pages(redis_broker, settings):
    """The page cache on the real Redis (django-redis, as in production), under a key
    prefix of this test's own, removed afterwards."""
    import redis

    prefix = f"test-pages-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_broker,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_TIMEOUT": 2},
        },
    }
    yield
    client = redis.Redis.from_url(redis_broker)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_a_hit_is_one_get_and_no_query(
    client, make_article, redis_pages, django_assert_num_queries
):
    import redis

    article = make_article("一次往返", status="published")
    url = article.get_absolute_url()
    first = client.get(url)
    assert state(first) == "miss"
    with (
        mock.patch.object(
            redis.Redis, "execute_command", autospec=True, side_effect=redis.Redis.execute_command
        ) as spy,
        django_assert_num_queries(0),
    ):
        response = client.get(url)
    assert state(response) == "hit" and response.content == first.content
    assert [c.args[1] for c in spy.call_args_list] == ["GET"]


def test_a_hit_carries_the_security_headers_of_the_miss(client, make_article, redis_pages):
    url = make_article("安全头", status="published").get_absolute_url()
    miss = client.get(url)
    hit = client.get(url)
    assert (state(miss), state(hit)) == ("miss", "hit")
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "Content-Type",
        "Content-Language",
        "Vary",
    ):
        assert miss.headers.get(name), name
        assert hit.headers.get(name) == miss.headers[name], name


def test_an_unreachable_cache_is_a_miss_not_an_error(client, make_article, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            # Nothing listens on the discard port: every connection is refused.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        },
    }
    article = make_article("缓存不可用", status="published")
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200 and state(response) == "miss"
        assert "缓存不可用" in response.content.decode()


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_a_page_computed_across_an_invalidation_is_not_stored(backend, request, rf):
    """The store checks the versions read before the view ran: a page computed from data
    that changed meanwhile is dropped, and a stored page goes with its tags only."""
    if backend == "redis":
        request.getfixturevalue("redis_pages")
    store = pagecache._store()
    page = pagecache.pack(HttpResponse("页面", headers={"X-Test": "1"}))
    versions = store.versions(["article:a", "articles"])
    pagecache.invalidate("article:a")
    assert not store.put("pagecache:page:one", page, ["article:a", "articles"], versions)
    assert store.get("pagecache:page:one") is None

    versions = store.versions(["article:a", "articles"])
    assert store.put("pagecache:page:one", page, ["article:a", "articles"], versions)
    assert store.put("pagecache:page:two", page, ["article:b"], store.versions(["article:b"]))
    stored = pagecache.unpack(store.get("pagecache:page:one"))
    assert stored.content.decode() == "页面" and stored["X-Test"] == "1"
    pagecache.invalidate("articles")
    assert store.get("pagecache:page:one") is None
    assert store.get("pagecache:page:two") == page


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


def test_the_anonymous_chrome_is_rendered_once_per_language_and_menu_entry(
    client, make_article, editor, settings
):
    """The navigation of visitors who are not logged in comes from the process's fragment
    cache (``chrome_tags``), but what differs from page to page (the active entry, the
    language switch's way back) and from language to language still does; a logged-in
    user's menu is never taken from it."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "template_fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"chrome-{uuid.uuid4().hex}",
        },
    }
    article = make_article("导航", status="published")
    pages = {
        url: client.get(url).content.decode()
        for url in ("/articles/", article.get_absolute_url(), "/units/")
    }
    for url, html in pages.items():
        assert f'name="next" value="{url}"' in html, url
        assert ">登录</a>" in html, url
    units_link = 'class="nav-link{}" href="/units/"'
    assert units_link.format(" active") in pages["/units/"]
    assert units_link.format("") in pages["/articles/"]
    english = client.get("/articles/", headers={"accept-language": "en"}).content.decode()
    assert ">Interviews</a>" in english and ">Log in</a>" in english
    client.force_login(editor)
    mine = client.get("/articles/").content.decode()
    assert "退出登录" in mine and ">登录</a>" not in mine


@pytest.fixture
def keep_connections():
    """Django's handler outside its test client closes the test's database connection
    at the end of a request: not here (as the test client does)."""
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def test_the_wsgi_layer_answers_a_hit_before_django_with_one_get(
    make_article, redis_pages, rf, keep_connections, django_assert_num_queries
):
    """``portal.wsgi``'s layer: a miss goes to Django, which stores the page without a
    second lookup; the hit comes back with the stored headers, Django not called."""
    import redis
    from django.core.handlers.wsgi import WSGIHandler

    article = make_article("前置层", status="published")
    django_app = mock.Mock(wraps=WSGIHandler())
    app = pagecache.PageCacheApplication(django_app)

    def call(**headers):
        answered = {}
        environ = rf.get(article.get_absolute_url(), headers=headers).environ
        body = b"".join(app(environ, lambda status, h: answered.update(status=status, h=h)))
        return answered["status"], dict(answered["h"]), body

    commands = mock.patch.object(
        redis.Redis, "execute_command", autospec=True, side_effect=redis.Redis.execute_command
    )
    with commands as spy:
        status, miss, page = call()
    assert status == "200 OK" and miss[pagecache.HEADER] == "miss"
    # The layer's lookup, not repeated by the middleware (the others read fragments).
    lookups = [c for c in spy.call_args_list if "pagecache:page:" in str(c.args[2:3])]
    assert [c.args[1] for c in lookups] == ["GET"]
    assert django_app.call_count == 1
    with commands as spy, django_assert_num_queries(0):
        status, hit, body = call()
    assert status == "200 OK" and hit[pagecache.HEADER] == "hit" and body == page
    assert [c.args[1] for c in spy.call_args_list] == ["GET"]
    assert django_app.call_count == 1
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Content-Type"):
        assert hit[name] == miss[name], name
    # A visitor with a session, and a POST, always reach Django.
    call(cookie="sessionid=abc")
    assert django_app.call_count == 2


def test_a_damaged_entry_is_answered_by_django(
    make_article, redis_pages, rf, keep_connections, caplog
):
    from django.core.handlers.wsgi import WSGIHandler, WSGIRequest

    article = make_article("损坏的条目", status="published")
    app = pagecache.PageCacheApplication(WSGIHandler())
    environ = rf.get(article.get_absolute_url()).environ
    key = pagecache.page_key(WSGIRequest(dict(environ)), app.skip)
    versions = pagecache._store().versions(["article:x"])
    assert pagecache._store().put(key, b"not a page", ["article:x"], versions)
    answered = {}
    body = b"".join(app(environ, lambda status, h: answered.update(status=status)))
    assert answered["status"] == "200 OK" and "损坏的条目" in body.decode()
    assert "passing the request to Django" in caplog.text
