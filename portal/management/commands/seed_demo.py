import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

import initiatives.demo
import interviews.demo
from portal.demo import ACCOUNTS, demo_moment, load_accounts


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
            places = initiatives.demo.load(today=day)
            load_accounts(places)
            initiatives.demo.load_activity(places, now=now)
            interviews.demo.load(places, now=now)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded around {day:%Y-%m-%d}. "
                f"Demo accounts (password: {settings.DEMO_PASSWORD}):"
            )
        )
        for username, role, full_name, *_ in ACCOUNTS:
            self.stdout.write(f"  {username:<20} {role.label} ({full_name})")
