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

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

logger = logging.getLogger(__name__)

TIMEOUT = 15 * 60
HEADER = "X-Page-Cache"


def _tag_key(tag: str) -> str:
    return "pagecache:tag:" + hashlib.sha1(tag.encode()).hexdigest()


def invalidate(*tags: str) -> None:
    """New versions for ``tags``: every stored page that shows one of them is dropped."""
    tags = [t for t in dict.fromkeys(tags) if t]
    if tags:
        cache.set_many({_tag_key(t): secrets.randbits(62) for t in tags}, timeout=None)


def tag_version(tag: str) -> int:
    """The current version of ``tag`` (0 before its first invalidation): a key part for
    other caches that must be dropped with the pages of that tag (the API's)."""
    return cache.get(_tag_key(tag)) or 0


def tag_versions(request, *tags: str) -> tuple:
    """The current versions of ``tags`` (None: never invalidated), as a key part for a
    cache of data that changes with those tags: from the request if the page cache's
    middleware read them for this page, else in one ``get_many``."""
    known = getattr(request, "page_tag_versions", {})
    if all(t in known for t in tags):
        return tuple(known[t] for t in tags)
    found = cache.get_many([_tag_key(t) for t in tags])
    return tuple(found.get(_tag_key(t)) for t in tags)


def invalidate_on_commit(*tags: str) -> None:
    """``invalidate`` now and again once the current transaction commits: a page computed
    in between from the data before the commit is dropped too."""
    invalidate(*tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(functools.partial(invalidate, *tags))


def _cacheable_response(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
        and not getattr(request, "_pagecache_skip", False)
    )


def cached_page(tags):
    """Mark a view as served from the page cache to anonymous visitors (by
    ``PageCacheMiddleware``). ``tags(request, **kwargs)`` names what the page shows (a list
    of strings). A logged-in user's request (or any with messages) is never stored."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            user = getattr(request, "user", None)
            if (user is not None and user.is_authenticated) or len(messages.get_messages(request)):
                request._pagecache_skip = True
            return view(request, *args, **kwargs)

        wrapped.page_tags = tags
        return wrapped

    return decorator


class PageCacheMiddleware:
    """Serves marked pages (``cached_page``) to visitors without a session (so anonymous)
    straight from the cache, before sessions, users, CSRF and the view: one ``get_many``
    reads the page and its tags' versions. Put it right after WhiteNoise. On a miss, the
    final response (every middleware's headers included) is stored if it holds nothing of
    the visitor (no cookie set, no CSRF token, no messages, a 200 to a GET)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _tags(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        tags = getattr(match.func, "page_tags", None)
        if tags is None:
            return None
        return list(tags(request, *match.args, **match.kwargs))

    def __call__(self, request):
        tags = self._tags(request)
        if tags is None:
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        path = request.get_full_path()
        page_key = "pagecache:page:" + hashlib.sha1(f"{language}|{path}".encode()).hexdigest()
        tag_keys = [_tag_key(t) for t in tags]
        found = cache.get_many([page_key, *tag_keys])
        versions = [found.get(k) for k in tag_keys]
        entry = found.get(page_key)
        if entry is not None and None not in versions and entry["versions"] == versions:
            response = HttpResponse(entry["content"], status=entry["status"])
            for name, value in entry["headers"]:
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
        request.page_tag_versions = dict(zip(tags, versions, strict=True))
        response = self.get_response(request)
        if _cacheable_response(request, response):
            if None not in versions:
                headers = [(h, v) for h, v in response.items() if h.lower() != "set-cookie"]
                cache.set(
                    page_key,
                    {
                        "versions": versions,
                        "status": response.status_code,
                        "content": response.content,
                        "headers": headers,
                    },
                    timeout=TIMEOUT,
                )
            response[HEADER] = "miss"
        return response
