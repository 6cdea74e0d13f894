"""Issue 10, finding 8: the database down gives a 503 with ``Retry-After`` in the site's
look (a page that needs no database), and the site recovers by itself when it is back."""

import itertools
import socket

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test import RequestFactory


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


def assert_site_503(response, body: str):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "街道党建工作报告平台" in body  # the site's name bar
    assert "bg-portal" in body and "portal.css" in body  # the site's look
    assert "数据库暂时无法连接" in body


@pytest.fixture
def database_refuses(monkeypatch):
    """Every new cursor fails as a refused connection does."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    def start():
        monkeypatch.setattr(connection, "ensure_connection", refuse)

    return start


@pytest.mark.django_db
def test_a_logged_in_page_with_the_database_down_is_a_503_in_the_sites_look(
    client, official, database_refuses
):
    client.force_login(official)
    database_refuses()
    response = client.get("/reports/")
    assert_site_503(response, response.content.decode())


@pytest.mark.django_db
def test_the_login_post_with_the_database_down_is_a_503(client, database_refuses):
    database_refuses()
    response = client.post("/accounts/login/", {"username": "someone", "password": "x"})
    assert_site_503(response, response.content.decode())


@pytest.mark.django_db
def test_the_503_page_speaks_english_to_english_readers(client, database_refuses):
    database_refuses()
    response = client.get("/units/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "The database cannot be reached" in response.content.decode()


@pytest.mark.django_db
def test_a_bug_is_still_a_500(client, monkeypatch):
    from initiatives.public import selectors

    def broken(**kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(selectors, "unit_list", broken)
    response = client.get("/units/")
    assert response.status_code == 500
    assert "Retry-After" not in response


# The WSGI handler itself (what gunicorn calls), in this thread: it fires request_started
# and request_finished, which close or health-check the persistent connection.
_requests = itertools.count()


def wsgi_get(path: str) -> tuple[int, dict, str]:
    """A request through the whole stack, for a page the anonymous page cache does not
    hold yet (a query string of its own), so that the database is asked."""
    answer = {}
    path += ("&" if "?" in path else "?") + f"fresh={next(_requests)}"

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)

    body = b"".join(WSGIHandler()(RequestFactory().get(path).environ, start_response))
    return answer["status"], answer["headers"], body.decode()


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def terminate(pid: int, params: dict | None = None):
    """What a database restart does to a persistent connection."""
    import psycopg2

    params = dict(params or connection.get_connection_params())
    params.pop("cursor_factory", None)
    params["port"] = params.get("port") or 5432
    with psycopg2.connect(**params) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def persistent_connections(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: terminates the server's connection")
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    connection.close()
    yield
    connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_site_recovers_by_itself_from_a_restart_and_an_outage(
    persistent_connections, monkeypatch
):
    from django.conf import settings

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    assert wsgi_get("/units/")[0] == 200
    first = backend_pid()

    # A restart kills the persistent connection: the health check replaces it, no error.
    terminate(first)
    assert wsgi_get("/units/")[0] == 200
    assert backend_pid() != first

    # The database unreachable: 503 with Retry-After in the site's look.
    real_port, params, pid = (
        connection.settings_dict["PORT"],
        connection.get_connection_params(),
        backend_pid(),
    )
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", unused_port())
    terminate(pid, params)
    status, headers, body = wsgi_get("/units/")
    assert status == 503 and headers["Retry-After"] == "30"
    assert "数据库暂时无法连接" in body and "bg-portal" in body
    assert wsgi_get("/articles/")[0] == 503

    # Back again: the next request is served, nothing restarted.
    monkeypatch.setitem(connection.settings_dict, "PORT", real_port)
    assert wsgi_get("/units/")[0] == 200


@pytest.mark.django_db(transaction=True)
def test_without_health_checks_a_restart_costs_a_request(persistent_connections, monkeypatch):
    """The contrast that shows what CONN_HEALTH_CHECKS buys (and that the test above can
    fail): a dead persistent connection fails the next request, answered as a 503."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    assert wsgi_get("/units/")[0] == 200
    terminate(backend_pid())
    assert wsgi_get("/units/")[0] == 503
    assert wsgi_get("/units/")[0] == 200
