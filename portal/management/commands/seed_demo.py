import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from initiatives.catalog import demo as catalog
from initiatives.places import demo as places
from initiatives.reporting import demo as reporting
from initiatives.summaries import demo as summaries
from interviews.articles import demo as articles
from portal.accounts.demo import ACCOUNTS, load_accounts
from portal.demo import demo_moment


class Command(BaseCommand):
    help = (
        "Load demo places, accounts, initiatives, reports and articles around a day (default "
        "today). Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="build the demo world around this day instead of the real today",
        )

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today: expected a date as YYYY-MM-DD, got {today!r}")
        now = demo_moment(day)
        with transaction.atomic():
            real_tree = places.load_real_tree(settings.DEMO_DIVISION_PROVINCES)
            by_name = places.load()
            catalog.load(by_name, today=day)
            load_accounts(by_name)
            # Reports name who filed and reviewed them: after the accounts.
            reporting.load(by_name, now=now)
            summaries.load(by_name, now=now)
            articles.load(by_name, now=now)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded around {day:%Y-%m-%d}. "
                f"Demo accounts (password: {settings.DEMO_PASSWORD}):"
            )
        )
        if real_tree is not None:
            self.stdout.write(
                f"Real division tree ({', '.join(settings.DEMO_DIVISION_PROVINCES)}): "
                f"{real_tree.total('created'):,} places created, "
                f"{real_tree.total('unchanged'):,} unchanged."
            )
        for username, role, full_name, *_ in ACCOUNTS:
            self.stdout.write(f"  {username:<20} {role.label} ({full_name})")
