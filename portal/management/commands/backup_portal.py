"""``manage.py backup_portal FILE``: the database and every uploaded file in one archive."""

from django.core.management.base import BaseCommand

from portal.backup import backup_write


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (public and private) into FILE (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        with open(file, "wb") as handle:
            manifest = backup_write(handle)
        self.stdout.write(
            f"{file}: {sum(manifest.rows.values())} rows in {len(manifest.rows)} tables, "
            f"{len(manifest.files)} files"
        )
