"""The state of the database and the broker, for /healthz."""

from django.conf import settings
from django.db import connection


def health() -> dict:
    state = {"database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        state["database_vendor"] = connection.vendor
    except Exception as exc:
        state["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1
            ).ping()
        except Exception as exc:
            state["broker"] = f"error: {exc.__class__.__name__}"
    else:
        state["broker"] = "embedded (a SQLite file; make run starts the worker)"
    return state
