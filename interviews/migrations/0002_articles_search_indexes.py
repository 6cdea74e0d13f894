"""PostgreSQL only: pg_trgm and the two GIN indexes of the article search. The tsvector of
``to_tsvector('simple', search_document)`` is kept in a generated column (computed by
PostgreSQL on every write, unknown to the ORM) so that ranking reads it instead of parsing
every matching document again; a trigram index serves the ILIKE fallback. SQLite has
neither and searches by scanning."""

from django.db import migrations

INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE interviews_interviewarticle ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED",
    "CREATE INDEX IF NOT EXISTS interviews_article_search_tsv ON interviews_interviewarticle "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS interviews_article_search_trgm ON interviews_interviewarticle "
    "USING gin (search_document gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS interviews_article_search_trgm",
    "DROP INDEX IF EXISTS interviews_article_search_tsv",
    "ALTER TABLE interviews_interviewarticle DROP COLUMN IF EXISTS search_vector",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in INDEXES:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
