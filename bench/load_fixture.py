"""The world of ``load.py``: one district with its reviewer, N sub-districts each with an
official and one weekly initiative (two indicators), and ``--reports`` draft reports per
initiative (past weeks), for the officials to file and submit. Prints a JSON line:
``[[username, [report ids...]], ...]``. Run with the bench's settings and database."""

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402

from initiatives.catalog.models import (  # noqa: E402
    Frequency,
    Indicator,
    Initiative,
    InitiativeFamily,
    InitiativeStatus,
)
from initiatives.places.services import region_create  # noqa: E402
from initiatives.reporting.models import ProgressReport, ReportStatus  # noqa: E402
from portal.accounts.models import UserProfile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officials", type=int, default=200)
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--first-week", default="2026-01-05", help="a Monday")
    args = parser.parse_args()
    password = make_password(settings.DEMO_PASSWORD)  # one hash for every account
    monday = dt.date.fromisoformat(args.first_week)
    with transaction.atomic():
        district = region_create(name="压测区", kind="district", parent=None)
        family = InitiativeFamily.objects.create(name="压测", slug="load")
        users = []
        User = get_user_model()
        reviewer = User.objects.create(username="load_reviewer", password=password, is_staff=True)
        reviewer.groups.add(Group.objects.get(name="reviewer"))
        UserProfile.objects.update_or_create(user=reviewer, defaults={"district": district})
        officials = Group.objects.get(name="official")
        for n in range(args.officials):
            unit = region_create(name=f"压测街道{n:03d}", kind="subdistrict", parent=district)
            user = User.objects.create(username=f"load_official_{n:03d}", password=password)
            user.groups.add(officials)
            UserProfile.objects.update_or_create(user=user, defaults={"unit": unit})
            initiative = Initiative.objects.create(
                region=unit, family=family, title=f"压测项目{n:03d}", frequency=Frequency.WEEK,
                status=InitiativeStatus.ACTIVE, start_date=monday,
            )  # fmt: skip
            for position, name in enumerate(("走访户数", "解决问题数"), start=1):
                Indicator.objects.create(
                    initiative=initiative, name=name, unit="件", target=1000, position=position
                )
            reports = ProgressReport.objects.bulk_create(
                ProgressReport(
                    initiative=initiative,
                    period_start=monday + dt.timedelta(weeks=week),
                    period_end=monday + dt.timedelta(weeks=week, days=6),
                    due_date=monday + dt.timedelta(weeks=week, days=8),
                    status=ReportStatus.DRAFT,
                )
                for week in range(args.reports)
            )
            users.append([user.username, [r.pk for r in reports]])
    print(json.dumps(users))


if __name__ == "__main__":
    main()
