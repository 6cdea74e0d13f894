"""PostgreSQL only: pg_trgm and the two GIN indexes of the article search (a tsvector index
for segmented words, a trigram index for the ILIKE fallback). SQLite has neither and
searches by scanning."""

from django.db import migrations

INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS interviews_article_search_tsv ON interviews_interviewarticle "
    "USING gin (to_tsvector('simple', search_document))",
    "CREATE INDEX IF NOT EXISTS interviews_article_search_trgm ON interviews_interviewarticle "
    "USING gin (search_document gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS interviews_article_search_trgm",
    "DROP INDEX IF EXISTS interviews_article_search_tsv",
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
