"""``manage.py restore_portal FILE``: put a ``backup_portal`` archive back and check it."""

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore FILE (from backup_portal) into this database and storages, replacing what "
        "is there, then check every table's rows and every file's checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                manifest = backup_restore(handle)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {sum(manifest.rows.values())} rows in {len(manifest.rows)} tables and "
            f"{len(manifest.files)} files; counts and checksums match"
        )
