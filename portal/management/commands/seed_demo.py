from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from initiatives.catalog import demo as catalog
from initiatives.places import demo as places
from initiatives.reporting import demo as reporting
from initiatives.summaries import demo as summaries
from interviews.articles import demo as articles
from portal.accounts.demo import ACCOUNTS, load_accounts


class Command(BaseCommand):
    help = "Load demo places, accounts, initiatives, reports and articles. Safe to run twice."

    def handle(self, *args, **options):
        with transaction.atomic():
            by_name = places.load()
            catalog.load(by_name)
            load_accounts(by_name)
            # Reports name who filed and reviewed them: after the accounts.
            reporting.load(by_name)
            summaries.load(by_name)
            articles.load(by_name)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded. Demo accounts (password: {settings.DEMO_PASSWORD}):"
            )
        )
        for username, role, full_name, *_ in ACCOUNTS:
            self.stdout.write(f"  {username:<20} {role.label} ({full_name})")
