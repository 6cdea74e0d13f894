"""Whole responses of anonymous public pages, from the cache in one round trip, dropped
by the objects they show.

A hit is one GET of raw bytes (status, header lines, body) under a key made of the
scheme, host, language and full path, looked up by the first middleware: no URL
resolving, no session, no unpickling, no view. The stored headers are the final ones
(every middleware's, the CSP and the other security headers included), so a hit answers
exactly what the miss did.

What a page shows is named by tags (``"article:<slug>"``, ``"series:<slug>"``,
``"unit:<slug>"``, ``"articles"`` for the lists...), which the view's ``cached_page``
decorator gives. A page is stored together with its key in a set per tag (a sorted set on
Redis, scored by the page's expiry, so that expired keys leave it). Writes call
``invalidate_on_commit(*tags)``: each tag gets a new version and the pages in its set are
deleted, in one script; pages that show other objects stay cached. A page computed while
one of its tags was invalidated is not stored: the tags' versions are read before the
view runs, and the store (one script) checks them again.

A cache that cannot be reached is a miss, never an error. Only anonymous (no session or
messages cookie) GET/HEAD requests of 200 pages without per-visitor content are stored:
not when the page used a CSRF token, set a cookie or had messages to show. Logged-in
users always get the normal page."""

import functools
import hashlib
import logging
import secrets
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache, caches
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

TIMEOUT = 15 * 60
HEADER = "X-Page-Cache"
# Never pages of this cache: an anonymous GET there does not even ask it.
SKIP_PREFIXES = ("/api/", "/admin/", "/accounts/", "/healthz", "/favicon.ico")


# The settings the stored headers come from: a page stored under other values of them is
# not served (a deploy that changes the CSP serves the new header at once).
HEADER_SETTINGS = (
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_REPORT_ONLY",
    "PERMISSIONS_POLICY",
    "X_FRAME_OPTIONS",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
)


@functools.cache
def _headers_generation() -> str:
    values = repr([getattr(settings, name, None) for name in HEADER_SETTINGS])
    return hashlib.sha1(values.encode()).hexdigest()[:12]


@receiver(setting_changed)
def _header_setting_changed(*, setting, **kwargs):
    if setting in HEADER_SETTINGS:
        _headers_generation.cache_clear()


def _tag_key(tag: str) -> str:
    return "pagecache:tag:" + hashlib.sha1(tag.encode()).hexdigest()


def _set_key(tag: str) -> str:
    return "pagecache:pages:" + hashlib.sha1(tag.encode()).hexdigest()


# --- the stored format -----------------------------------------------------------------


def pack(response) -> bytes:
    """``b"200\\nName: value\\n...\\n\\n" + body``: header values never hold a newline
    (Django refuses them)."""
    lines = "".join(
        f"{name}: {value}\n"
        for name, value in response.items()
        if name.lower() not in ("set-cookie", HEADER.lower())
    )
    return f"{response.status_code}\n{lines}\n".encode() + response.content


def split(blob: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """A stored page's status, header pairs and body (``pack``'s format); ValueError on a
    damaged entry, which both readers take as a miss."""
    head, _, body = blob.partition(b"\n\n")
    status, *lines = head.decode().split("\n")
    headers = []
    for line in lines:
        name, sep, value = line.partition(": ")
        if not sep:
            raise ValueError(f"not a header line: {line[:40]!r}")
        headers.append((name, value))
    return int(status), headers, body


def unpack(blob: bytes) -> HttpResponse:
    status, headers, body = split(blob)
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


# --- where pages live: Redis through its own client, any other cache through Django's ----


class _DjangoCacheStore:
    """Any Django cache (local memory in tests and without Redis): the same operations,
    not atomic, which a single process's memory does not need."""

    def __init__(self, backend):
        self.backend = backend

    def get(self, key: str):
        return self.backend.get(key)

    def versions(self, tags: list[str]) -> list:
        keys = [_tag_key(t) for t in tags]
        found = self.backend.get_many(keys)
        if len(found) < len(keys):
            # A tag nobody invalidated yet (or evicted): start it before the page is
            # computed, so that an invalidation during the computation is not missed.
            for k in keys:
                if k not in found:
                    self.backend.add(k, secrets.randbits(62), timeout=None)
            found = self.backend.get_many(keys)
        return [found.get(k) for k in keys]

    def put(self, key: str, blob: bytes, tags: list[str], versions: list) -> bool:
        if self.backend.get_many([_tag_key(t) for t in tags]) != {
            _tag_key(t): v for t, v in zip(tags, versions, strict=True)
        }:
            return False
        self.backend.set(key, blob, timeout=TIMEOUT)
        now = timezone.now().timestamp()
        for tag in tags:
            pages = {
                k: until
                for k, until in (self.backend.get(_set_key(tag)) or {}).items()
                if until > now
            }
            pages[key] = now + TIMEOUT
            self.backend.set(_set_key(tag), pages, timeout=None)
        return True

    def invalidate(self, tags: list[str]) -> None:
        self.backend.set_many({_tag_key(t): secrets.randbits(62) for t in tags}, timeout=None)
        for tag in tags:
            pages = self.backend.get(_set_key(tag)) or {}
            self.backend.delete_many([*pages, _set_key(tag)])


# KEYS: the page, then n tag versions, then n tag sets; ARGV: blob, timeout, n versions.
_PUT = """
local n = (#KEYS - 1) / 2
for i = 1, n do
  if redis.call('GET', KEYS[1 + i]) ~= ARGV[2 + i] then return 0 end
end
local now = tonumber(redis.call('TIME')[1])
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
for i = 1, n do
  local pages = KEYS[1 + n + i]
  redis.call('ZREMRANGEBYSCORE', pages, '-inf', now)
  redis.call('ZADD', pages, now + ttl, KEYS[1])
  redis.call('EXPIRE', pages, ttl + 60)
end
return 1
"""

# KEYS: n tag versions, then n tag sets; ARGV: n new versions.
_INVALIDATE = """
local n = #KEYS / 2
for i = 1, n do
  redis.call('SET', KEYS[i], ARGV[i])
  local pages = redis.call('ZRANGE', KEYS[n + i], 0, -1)
  for j = 1, #pages, 500 do
    redis.call('DEL', unpack(pages, j, math.min(j + 499, #pages)))
  end
  redis.call('DEL', KEYS[n + i])
end
return 1
"""


class _RedisStore(_DjangoCacheStore):
    """django-redis's cache: pages as raw bytes through its client (no pickling), one GET
    a hit, one script a store or an invalidation. Errors are a miss (logged), as the
    cache's ``IGNORE_EXCEPTIONS`` makes them for the tags' versions."""

    def __init__(self, backend):
        super().__init__(backend)
        from redis.exceptions import RedisError

        self.errors = (RedisError, OSError)
        client = backend.client.get_client(write=True)
        self.client = client
        self._put = client.register_script(_PUT)
        self._invalidate = client.register_script(_INVALIDATE)

    def get(self, key: str):
        try:
            return self.client.get(self.backend.make_key(key))
        except self.errors as exc:
            logger.warning("page cache unreachable: %s", exc)
            return None

    def put(self, key: str, blob: bytes, tags: list[str], versions: list) -> bool:
        make = self.backend.make_key
        keys = [make(key), *(make(_tag_key(t)) for t in tags), *(make(_set_key(t)) for t in tags)]
        try:
            return bool(self._put(keys=keys, args=[blob, TIMEOUT, *map(str, versions)]))
        except self.errors as exc:
            logger.warning("page cache unreachable: %s", exc)
            return False

    def invalidate(self, tags: list[str]) -> None:
        make = self.backend.make_key
        keys = [*(make(_tag_key(t)) for t in tags), *(make(_set_key(t)) for t in tags)]
        try:
            self._invalidate(keys=keys, args=[secrets.randbits(62) for _ in tags])
        except self.errors as exc:
            logger.warning("page cache unreachable, pages not dropped: %s", exc)


def _store():
    backend = caches["default"]
    store = getattr(backend, "_page_store", None)
    if store is None:
        if type(backend).__module__.startswith("django_redis"):
            store = _RedisStore(backend)
        else:
            store = _DjangoCacheStore(backend)
        backend._page_store = store
    return store


# --- what writes call ------------------------------------------------------------------


def invalidate(*tags: str) -> None:
    """New versions for ``tags`` and their stored pages deleted: every stored page that
    shows one of them is dropped."""
    tags = [t for t in dict.fromkeys(tags) if t]
    if tags:
        _store().invalidate(tags)


def tag_version(tag: str) -> int:
    """The current version of ``tag`` (0 before its first invalidation): a key part for
    other caches that must be dropped with the pages of that tag (the API's)."""
    return cache.get(_tag_key(tag)) or 0


def tag_versions(request, *tags: str) -> tuple:
    """The current versions of ``tags`` (None: never invalidated), as a key part for a
    cache of data that changes with those tags: from the request if the page cache read
    them for this page, else in one ``get_many``."""
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


# --- views and the middleware ----------------------------------------------------------


class _Pending:
    """A miss on its way through the view: the page's key, and the tags and their
    versions once the view said what it shows."""

    __slots__ = ("key", "tags", "versions")

    def __init__(self, key):
        self.key = key
        self.tags = None
        self.versions = None


def cached_page(tags):
    """Mark a view as stored in the page cache for anonymous visitors (by
    ``PageCacheMiddleware``). ``tags(request, **kwargs)`` names what the page shows (a list
    of strings). A logged-in user's request (or any with messages) is never stored."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            pending = getattr(request, "_page_cache", None)
            user = getattr(request, "user", None)
            if (user is not None and user.is_authenticated) or len(messages.get_messages(request)):
                pending = request._page_cache = None
            if pending is not None:
                pending.tags = list(tags(request, *args, **kwargs))
                pending.versions = _store().versions(pending.tags)
                request.page_tag_versions = dict(zip(pending.tags, pending.versions, strict=True))
            return view(request, *args, **kwargs)

        wrapped.page_tags = tags
        return wrapped

    return decorator


def _cacheable_response(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
    )


def page_key(request, skip: tuple) -> str | None:
    """The stored page's key for this request, or None if it cannot be one: made of what
    the page may depend on for an anonymous visitor (the header settings, scheme, host,
    language, full path). Every distinct raw value has its own entry, stored only from
    what Django answered to it (a host it refuses is never stored)."""
    if request.method not in ("GET", "HEAD"):
        return None
    meta = request.META
    path = request.path
    if path.startswith(skip):
        return None
    if "HTTP_COOKIE" in meta:
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
    raw = "|".join(
        (
            _headers_generation(),
            request.scheme,
            meta.get("HTTP_HOST") or meta.get("SERVER_NAME", ""),
            translation.get_language_from_request(request),
            path,
            meta.get("QUERY_STRING", ""),
        )
    )
    return "pagecache:page:" + hashlib.sha1(raw.encode()).hexdigest()


def _skip_prefixes() -> tuple:
    prefixes = (settings.STATIC_URL, settings.MEDIA_URL, *SKIP_PREFIXES)
    return tuple(p for p in prefixes if p and p.startswith("/"))


# Set in the WSGI environ by PageCacheApplication on a miss: the key, already looked up.
LOOKED_UP = "portal.pagecache.missed"


class PageCacheMiddleware:
    """The first middleware: answers anonymous GET/HEAD requests of stored pages with one
    GET, before every other middleware, sessions, CSRF and the view. On a miss, the final
    response of a ``cached_page`` view (every middleware's headers included) is stored if
    it holds nothing of the visitor (no cookie set, no CSRF token, no messages, a 200 to a
    GET)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip = _skip_prefixes()

    def __call__(self, request):
        store = _store()
        key = request.META.get(LOOKED_UP)
        if key is None:
            key = page_key(request, self.skip)
            if key is None:
                return self.get_response(request)
            blob = store.get(key)
            if blob is not None:
                try:
                    response = unpack(blob)
                except Exception:  # a damaged entry: a miss, stored again below
                    logger.exception("page cache: a damaged entry")
                else:
                    response.headers[HEADER] = "hit"
                    return response
        pending = request._page_cache = _Pending(key)
        response = self.get_response(request)
        stored = request._page_cache is not None and pending.tags is not None
        if stored and _cacheable_response(request, response):
            if None not in pending.versions:
                store.put(key, pack(response), pending.tags, pending.versions)
            response.headers[HEADER] = "miss"
        return response


class PageCacheApplication:
    """A thin WSGI layer in front of Django's handler (``portal/wsgi.py``): a hit is
    answered from the stored status, headers and body before Django builds its response
    machinery (no handler, signals, middleware chain or ``HttpResponse``), with the same
    key and the same single GET as the middleware. A miss goes to Django with the key in
    the environ, so the middleware stores the page without asking the cache again. Tests
    (Django's client) reach the middleware alone, which serves hits the same way."""

    def __init__(self, application):
        self.application = application
        self.skip = _skip_prefixes()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and not environ.get(
            "PATH_INFO", ""
        ).startswith(self.skip):
            try:
                hit = self._hit(environ)
            except Exception:
                # Whatever went wrong here (a request Django would refuse, a damaged
                # entry), Django answers it: a miss, never an error of this layer.
                logger.exception("page cache layer: passing the request to Django")
                environ.pop(LOOKED_UP, None)
                hit = None
            if hit is not None:
                status, headers, body = hit
                start_response(status, headers)
                return [body]
        return self.application(environ, start_response)

    def _hit(self, environ):
        key = page_key(WSGIRequest(environ), self.skip)
        if key is None:
            return None
        blob = _store().get(key)
        if blob is None:
            environ[LOOKED_UP] = key
            return None
        status, headers, body = split(blob)
        headers.append((HEADER, "hit"))
        return f"{status} {HTTPStatus(status).phrase}", headers, body
