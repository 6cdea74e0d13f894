"""Whole responses of anonymous public pages, from the cache in one round trip, dropped
by the objects they show.

A page is stored under its language and full path together with the versions of its
tags (``"article:<slug>"``, ``"series:<slug>"``, ``"unit:<slug>"``, ``"articles"`` for the
lists...). A request reads the page and its tags' current versions in one ``get_many``
(one MGET on Redis); the page is served only if every version still matches. Writes call
``invalidate_on_commit(*tags)``, which gives those tags new versions: pages that show
other objects stay cached. A cache that cannot be reached is a miss (the settings' cache
ignores its errors), never an error.

Only anonymous GET/HEAD requests of 200 pages without per-visitor content are stored: not
when the page used a CSRF token, set a cookie or had messages to show. Logged-in users
always get the normal page."""

import functools
import hashlib
import logging
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

logger = logging.getLogger(__name__)

TIMEOUT = 15 * 60
HEADER = "X-Page-Cache"
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "ETag", "Vary")


def _tag_key(tag: str) -> str:
    return "pagecache:tag:" + hashlib.sha1(tag.encode()).hexdigest()


def _page_key(request) -> str:
    path = request.get_full_path()
    digest = hashlib.sha1(f"{translation.get_language()}|{path}".encode()).hexdigest()
    return f"pagecache:page:{digest}"


def invalidate(*tags: str) -> None:
    """New versions for ``tags``: every stored page that shows one of them is dropped."""
    tags = [t for t in dict.fromkeys(tags) if t]
    if tags:
        cache.set_many({_tag_key(t): secrets.randbits(62) for t in tags}, timeout=None)


def invalidate_on_commit(*tags: str) -> None:
    """``invalidate`` now and again once the current transaction commits: a page computed
    in between from the data before the commit is dropped too."""
    invalidate(*tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(functools.partial(invalidate, *tags))


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False
    # Messages waiting for this visitor make the page theirs.
    return not len(messages.get_messages(request))


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
    )


def cached_page(tags):
    """Serve the view's anonymous responses from the page cache. ``tags(request,
    **kwargs)`` names what the page shows (a list of strings)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            page_tags = list(tags(request, *args, **kwargs))
            page_key = _page_key(request)
            tag_keys = [_tag_key(t) for t in page_tags]
            found = cache.get_many([page_key, *tag_keys])
            versions = [found.get(k) for k in tag_keys]
            entry = found.get(page_key)
            if entry is not None and None not in versions and entry["versions"] == versions:
                response = HttpResponse(entry["content"], status=entry["status"])
                for name, value in entry["headers"].items():
                    response[name] = value
                response[HEADER] = "hit"
                return response
            if None in versions:
                # A tag nobody invalidated yet (or evicted): start it before the page is
                # computed, so that an invalidation during the computation is not missed.
                for k, v in zip(tag_keys, versions, strict=True):
                    if v is None:
                        cache.add(k, secrets.randbits(62), timeout=None)
                now = cache.get_many(tag_keys)
                versions = [now.get(k) for k in tag_keys]
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _cacheable_response(request, response):
                if None not in versions:
                    cache.set(
                        page_key,
                        {
                            "versions": versions,
                            "status": response.status_code,
                            "content": response.content,
                            "headers": {
                                h: response[h] for h in _KEPT_HEADERS if response.has_header(h)
                            },
                        },
                        timeout=TIMEOUT,
                    )
                response[HEADER] = "miss"
            return response

        return wrapped

    return decorator
