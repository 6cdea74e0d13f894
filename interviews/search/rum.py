"""The RUM index of the article search (PostgreSQL with the ``rum`` extension only).
Migration 0004 and ``manage.py search_rum_index`` call these; both do nothing elsewhere."""

import logging

from .matching import RUM_INDEX, has_rum_index

logger = logging.getLogger(__name__)


def rum_available(connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        return cursor.fetchone() is not None


def create_rum_index(connection) -> bool:
    """Create the extension and the index if the server has ``rum``; whether it exists."""
    if not rum_available(connection):
        if connection.vendor == "postgresql":
            logger.warning(
                "PostgreSQL has no rum extension: search ranks every match with ts_rank. "
                "Install postgresql-15-rum, then run manage.py search_rum_index."
            )
        return False
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {RUM_INDEX} ON interviews_interviewarticle "
            "USING rum (search_vector rum_tsvector_ops)"
        )
    has_rum_index.cache_clear()
    return True


def drop_rum_index(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")
    has_rum_index.cache_clear()
