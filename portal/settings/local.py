"""The embedded default: SQLite, no servers needed. DATABASE_URL / REDIS_URL switch to real ones.

Without REDIS_URL the real Celery worker and beat still run (``manage.py run_worker``,
started by ``make run``): they take tasks from a broker kept in a SQLite file (kombu's
SQLAlchemy transport), and beat reads the schedule from the database (django-celery-beat)
as in production."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, REDIS_URL, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker's processes and beat write to one file: take the write
    # lock when a transaction starts and wait for it, rather than fail with "database is
    # locked" half-way through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

if not REDIS_URL:
    CELERY_BROKER_URL = env(
        "CELERY_BROKER_URL", default=f"sqla+sqlite:///{BASE_DIR / 'celery-broker.sqlite3'}"
    )
    CELERY_TASK_ALWAYS_EAGER = False
    # The SQLAlchemy transport hands every other option to ``create_engine``: only the
    # publish retries (which kombu takes out first) and SQLite's wait for its lock.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "connect_args": {"timeout": 20},
    }
