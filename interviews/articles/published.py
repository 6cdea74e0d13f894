"""The version of what the public sees. The article services bump it once a transaction
that changed published content commits; the public pages' cache (``public/cache.py``)
carries it in every key, so every host drops stale pages at once. It is kept in the cache
itself (Redis in production, shared by all hosts)."""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "interviews:public-version"


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


def bump_on_commit() -> None:
    transaction.on_commit(bump)
