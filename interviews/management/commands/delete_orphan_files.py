"""``manage.py delete_orphan_files [--hours 24] [--dry-run]``: the daily task on demand."""

import datetime as dt

from django.core.management.base import BaseCommand

from interviews.articles.services.files import article_orphan_files_delete


class Command(BaseCommand):
    help = "Delete article files that no block or revision names (a day old or more)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=24, help="minimum age (default 24)")
        parser.add_argument("--dry-run", action="store_true", help="list, delete nothing")

    def handle(self, *args, hours, dry_run, **options):
        names = article_orphan_files_delete(min_age=dt.timedelta(hours=hours), dry_run=dry_run)
        for name in names:
            self.stdout.write(name)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{verb} {len(names)} orphan file(s)")
