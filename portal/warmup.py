"""A request served inside a worker before it takes any visitor's (``gunicorn.conf.py``).

Loading the segmenter and rendering a search by hand (``interviews.public.search.
warm_worker``) still leaves a worker's first visitor paying for what only a real request
reaches: every middleware's first call, the session and locale machinery, the cached
template loader's copy of the base template with its context processors, the filter
choices under the page cache's versions, the database connection's first statements of
each shape. So the worker also serves one request to itself through the WSGI application
it is about to serve with, over the same headers a proxy sends, in each language.
"""

import io
import logging
import sys
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)


def _host() -> str:
    """A host name the settings accept: the first allowed one (a leading dot is a domain
    and its subdomains; ``*`` accepts anything)."""
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def environ_for(url: str, *, language: str) -> dict:
    """The WSGI environ of an anonymous GET of ``url`` (path and query) over HTTPS as the
    proxy in front of the workers forwards it, so that ``SECURE_SSL_REDIRECT`` serves the
    page rather than a redirect."""
    parts = urlsplit(url)
    host = _host()
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path or "/",
        "QUERY_STRING": parts.query,
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT_LANGUAGE": language,
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTPS": "on",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def serve_once(app: Callable, url: str, *, language: str) -> int | None:
    """Serve ``url`` to ``app`` once and return the response's status code, or None when
    serving it failed: a warm-up that fails is logged and the worker starts all the same
    (a database that does not answer yet, say)."""
    status: list[str] = []

    def start_response(line: str, headers: list, exc_info=None):
        status.append(line)

    try:
        body: Iterable[bytes] = app(environ_for(url, language=language), start_response)
        try:
            for _chunk in body:
                pass
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()  # request_finished: the connection is returned as after any request
    except Exception:
        logger.warning("warm-up request %s (%s) failed", url, language, exc_info=True)
        return None
    code = int(status[0].split(" ", 1)[0]) if status else None
    if code != 200:
        logger.warning("warm-up request %s (%s) answered %s", url, language, status[:1])
    return code


def warm_requests(app: Callable, urls: Iterable[str]) -> dict[tuple[str, str], int | None]:
    """Each of ``urls`` served once in every language of the site; the status codes."""
    return {
        (url, code): serve_once(app, url, language=code)
        for url in urls
        for code, _name in settings.LANGUAGES
    }
