"""A gunicorn worker serves itself real requests before its first visitor (portal.warmup,
gunicorn.conf.py's post_worker_init)."""

import logging
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.warmup import environ_for, serve_once

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """A request served outside the test client closes the database connection when it
    finishes (as it should in a worker); the test's transaction needs it open, so the
    handlers the test client also holds off are disconnected meanwhile."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class Recorder:
    """A WSGI application around Django's that notes what it was asked and answered."""

    def __init__(self):
        self.app = WSGIHandler()
        self.seen = []

    def __call__(self, environ, start_response):
        def noting(status, headers, exc_info=None):
            self.seen.append(
                (environ["PATH_INFO"], environ["HTTP_ACCEPT_LANGUAGE"], int(status[:3]))
            )
            return start_response(status, headers, exc_info)

        return self.app(environ, noting)


class Worker:
    def __init__(self, wsgi):
        self.wsgi = wsgi


def post_worker_init():
    return runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))["post_worker_init"]


def test_a_worker_serves_itself_the_home_page_and_a_search_in_every_language(
    settings, make_article, unit
):
    settings.SECURE_SSL_REDIRECT = True  # as in production: the warm-up comes over "HTTPS"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = [".portal.example.org"]
    make_article("红色物业进小区", status="published", region=unit)
    app = Recorder()
    post_worker_init()(worker=Worker(app))
    languages = [code for code, _name in settings.LANGUAGES]
    assert app.seen == [
        (path, language, 200)
        for path in (reverse("home"), reverse("interviews:search"))
        for language in languages
    ]


def test_after_the_warm_up_a_first_search_reads_no_filter_choices(client, make_article, unit):
    """The search page's filter choices are kept in the process under the page cache's
    versions; the warm-up's own search leaves them there for the first visitor's."""
    make_article("红色物业进小区", status="published", region=unit)
    post_worker_init()(worker=Worker(WSGIHandler()))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("interviews:search"), {"q": "物业"}
        )  # not the warm-up's query
    assert response.status_code == 200 and "进小区" in response.content.decode()
    sql = " ".join(q["sql"] for q in queries)
    assert "MIN(" not in sql  # the first and last publication: the years' choices


def test_a_failing_warm_up_is_logged_and_the_worker_starts(caplog):
    def broken(environ, start_response):
        raise RuntimeError("database not up yet")

    def server_error(environ, start_response):
        start_response("500 Internal Server Error", [])
        return [b""]

    with caplog.at_level(logging.WARNING, logger="portal.warmup"):
        assert serve_once(broken, "/search/?q=x", language="zh-hans") is None
        assert serve_once(server_error, "/", language="en") == 500
    assert [r.getMessage() for r in caplog.records] == [
        "warm-up request /search/?q=x (zh-hans) failed",
        "warm-up request / (en) answered ['500 Internal Server Error']",
    ]


@pytest.mark.parametrize(
    ("allowed", "host"),
    [(["*"], "localhost"), ([".example.org", "x"], "example.org"), (["*", "a.cn"], "a.cn")],
)
def test_the_warm_up_asks_for_a_host_the_settings_allow(settings, allowed, host):
    settings.ALLOWED_HOSTS = allowed
    environ = environ_for("/search/?q=%E5%85%9A", language="en")
    assert (environ["HTTP_HOST"], environ["PATH_INFO"], environ["QUERY_STRING"]) == (
        host,
        "/search/",
        "q=%E5%85%9A",
    )
    assert environ["HTTP_X_FORWARDED_PROTO"] == "https" and environ["HTTP_ACCEPT_LANGUAGE"] == "en"
