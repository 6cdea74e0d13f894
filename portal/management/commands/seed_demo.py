from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

import initiatives.demo
import interviews.demo
from portal.demo import ACCOUNTS, load_accounts


class Command(BaseCommand):
    help = "Load demo places, accounts, initiatives, reports and articles. Safe to run twice."

    def handle(self, *args, **options):
        with transaction.atomic():
            places = initiatives.demo.load()
            load_accounts(places)
            initiatives.demo.load_activity(places)
            interviews.demo.load(places)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded. Demo accounts (password: {settings.DEMO_PASSWORD}):"
            )
        )
        for username, role, full_name, *_ in ACCOUNTS:
            self.stdout.write(f"  {username:<20} {role.label} ({full_name})")
