"""Room on each page of the summary table (PostgreSQL): every build and refresh rewrites
its rows, and none of their indexed columns change, so with free space on the page
PostgreSQL updates a row in place (a HOT update) instead of adding an entry to each of
the table's six indexes. SQLite has no such setting: nothing to do there."""

from django.db import migrations


def fillfactor(percent):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE initiatives_summary SET (fillfactor = {percent})")

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0008_merge_20261201_2244"),
    ]

    operations = [
        migrations.RunPython(fillfactor(70), fillfactor(100)),
    ]
