"""The public pages' cache. Every value's key carries the version of what is published
(``articles/published.py``), which the article services bump whenever an article is
published, changed or withdrawn, so no host serves a stale page."""

import hashlib

from django.core.cache import cache
from django.utils import translation

from ..articles import published

TIMEOUT = 15 * 60


def key(*parts) -> str:
    # Values hold words in the language they were computed in (search badges, separators,
    # kinds of units): each language has its own entries.
    parts = (translation.get_language(), *parts)
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()
    return f"interviews:public:{published.version()}:{digest}"


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
