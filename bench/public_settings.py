"""The portal's production settings as ``public_bench.py`` runs them. Two changes only:
static files are collected into the bench's temporary directory (``BENCH_STATIC_ROOT``;
production has no variable for it), and ``BENCH_CACHE=off`` turns every cache alias into
a DummyCache, for the "cache off" figures (the application has no switch of its own),
except ``template_fragments``: the per-process fragments (an article's page below the
navigation, per version) are part of rendering a page uncached, as after a publish."""

import os

from portal.settings.production import *  # noqa: F403
from portal.settings.production import CACHES

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

if os.environ.get("BENCH_CACHE") == "off":
    CACHES = {
        alias: config
        if alias == "template_fragments"
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        for alias, config in CACHES.items()
    }
