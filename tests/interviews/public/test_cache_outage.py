"""Issue 10, finding 6: a Redis that cannot be reached is a miss, logged, not an error."""

import logging

import pytest
from django.urls import reverse

from tests.factories import SeriesFactory

pytestmark = pytest.mark.django_db

# Port 1 on loopback: nothing listens there, so every connection is refused at once.
DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "KEY_PREFIX": "portal",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    }
}


def test_public_pages_answer_200_with_the_cache_down(client, make_article, unit, settings, caplog):
    series = SeriesFactory(title="躬身入局")
    article = make_article("缓存宕机时的文章", status="published", region=unit, series=series)
    settings.CACHES = DEAD_REDIS  # the cache handler is rebuilt on this setting's change
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    urls = [
        "/",
        reverse("interviews:article_list"),
        article.get_absolute_url(),
        reverse("interviews:search") + "?q=缓存",
        reverse("interviews:feed"),
        reverse("interviews:series_detail", args=[series.slug]),
        unit.get_absolute_url(),
    ]
    with caplog.at_level(logging.ERROR, logger="django_redis"):
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code == 200, url
        # Twice: a page is still whole when nothing could be stored the first time.
        assert "缓存宕机时的文章" in client.get(article.get_absolute_url()).content.decode()
    assert any(r.name.startswith("django_redis") for r in caplog.records)


def test_settings_use_a_cache_that_ignores_outages(monkeypatch):
    """With REDIS_URL set, production's cache is django-redis with IGNORE_EXCEPTIONS and
    short timeouts (the finding's configuration, not Django's own Redis backend)."""
    import importlib

    import portal.settings.base as base

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/9")
    try:
        reloaded = importlib.reload(base)
        cache = reloaded.CACHES["default"]
        assert cache["BACKEND"] == "django_redis.cache.RedisCache"
        assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
        assert cache["OPTIONS"]["SOCKET_TIMEOUT"] <= 0.5
        assert reloaded.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS is True
    finally:
        monkeypatch.undo()
        importlib.reload(base)
