"""PostgreSQL only, and only where the ``rum`` extension is installed (Debian's
``postgresql-15-rum``; ``.ci/run`` installs it, see the README's deployment notes): a RUM
index on the stored tsvector: matches are found in it and ranked by its distance
``search_vector <=> query`` (``interviews/search/matching.py``). Where the extension is not
available the migration does nothing and search ranks with ``ts_rank`` (the fallback of
``interviews/search/matching.py``); SQLite has neither. ``manage.py search_rum_index``
creates the index later, once the extension has been installed."""

from django.db import migrations

from interviews.search.rum import create_rum_index, drop_rum_index


def create(apps, schema_editor):
    create_rum_index(schema_editor.connection)


def drop(apps, schema_editor):
    drop_rum_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0003_article_draft_revisions")]

    operations = [migrations.RunPython(create, drop)]
