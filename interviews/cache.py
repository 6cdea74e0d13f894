"""The public pages' cache. Every cached value's key carries a version number kept in the
cache itself (Redis in production, shared by all hosts); the services bump it when an
article is published, changed or withdrawn, so no host serves a stale page."""

import hashlib
import time

from django.core.cache import cache

VERSION_KEY = "interviews:public-version"
TIMEOUT = 15 * 60


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        # A fresh value that no old entry can carry (the key may have been evicted).
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        value = cache.get(VERSION_KEY)
    return value


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # missing: any new value makes every old key unreachable
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def key(*parts) -> str:
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()
    return f"interviews:public:{version()}:{digest}"


_MISSING = object()


def get_or_compute(parts: tuple, compute, *, timeout: int = TIMEOUT):
    """The cached value for ``parts``, computing it on a miss. ``None`` (not found) is not
    cached, so a page that appears is never hidden by a stored miss."""
    k = key(*parts)
    value = cache.get(k, _MISSING)
    if value is _MISSING:
        value = compute()
        if value is not None:
            cache.set(k, value, timeout=timeout)
    return value
