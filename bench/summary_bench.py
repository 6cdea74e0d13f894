"""Summary benchmark on the national data set of bench/generate_national.py.

Prints, in one run: the time of the summary build of one week (every scope), the time of
one hand-written SQL aggregate computing the same per-unit counts (the floor), their
ratio, and p50/p95 server time and query count of the unit page, the review queue and the
summary page (Django's test Client; pages missing on this branch are skipped with a note).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench ./.venv/bin/python bench/summary_bench.py
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, Resolver404, resolve  # noqa: E402

from initiatives.models import Region, ScopeKind, Summary  # noqa: E402
from initiatives.reporting.periods import reporting_periods  # noqa: E402
from initiatives.summaries.services.building import summaries_build_period  # noqa: E402

WEEK = dt.date(2026, 9, 28)
AS_OF = dt.datetime(2026, 10, 8, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
REQUESTS = 20

FLOOR_SQL = """
WITH periods(frequency, period_start, period_end, due) AS (VALUES {values}),
slots AS (
  SELECT i.id, i.region_id, p.period_start, p.due
  FROM initiatives_initiative i
  JOIN periods p ON p.frequency = i.frequency AND i.start_date <= p.period_end
  WHERE i.status = 'active'
)
SELECT s.region_id,
       COUNT(*) AS expected,
       COUNT(r.submitted_at) AS filed,
       COUNT(*) FILTER (WHERE (r.submitted_at AT TIME ZONE 'Asia/Shanghai')::date <= r.due_date) AS on_time,
       COUNT(*) FILTER (WHERE r.submitted_at IS NOT NULL AND r.status = 'approved') AS approved,
       COUNT(*) FILTER (WHERE r.submitted_at IS NOT NULL AND r.return_count > 0) AS returned,
       COUNT(*) FILTER (WHERE s.due < %s AND r.submitted_at IS NULL) AS overdue
FROM slots s
LEFT JOIN initiatives_progressreport r ON r.initiative_id = s.id AND r.period_start = s.period_start
GROUP BY s.region_id
"""


def floor() -> tuple[float, list]:
    periods = reporting_periods(WEEK, WEEK + dt.timedelta(days=6))
    values = ", ".join(
        f"('{p.frequency}', DATE '{p.start}', DATE '{p.end}', DATE '{p.due}')" for p in periods
    )
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL.format(values=values), [AS_OF.date()])
        rows = cursor.fetchall()
    return time.perf_counter() - began, rows


def page(client: Client, label: str, url: str) -> None:
    try:
        resolve(url.split("?")[0])
    except (Resolver404, NoReverseMatch):
        print(f"{label:<16} skipped: {url} does not resolve on this branch")
        return
    times, queries = [], []
    for _ in range(REQUESTS):
        # CaptureQueriesContext forces the debug cursor whatever DEBUG says; the log is
        # emptied first so that each request counts its own queries only.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        queries.append(len(captured.captured_queries))
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{label:<16} {url}: status {response.status_code}, p50 {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms, {max(queries)} queries"
    )


def main() -> None:
    assert connection.vendor == "postgresql", "run against the PostgreSQL bench database"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a data set generated on an older schema
    units = Region.objects.filter(kind__in=("subdistrict", "town", "township")).count()
    print(f"data: {units} units, one week {WEEK} (as of {AS_OF:%Y-%m-%d %H:%M})")

    floor_time, rows = floor()
    if "--pages-only" in sys.argv:  # the summaries of the week were built by a full run
        return pages()
    began = time.perf_counter()
    built = summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    build_time = time.perf_counter() - began
    print(f"summary build (all scopes): {built} summaries in {build_time:.1f} s")
    print(f"floor (one SQL aggregate, per-unit counts): {len(rows)} rows in {floor_time:.2f} s")
    print(f"ratio build / floor: {build_time / floor_time:.0f}x")

    # The build and the floor agree on the national totals.
    totals = [sum(row[i] for row in rows) for i in range(1, 7)]
    built_units = Summary.objects.filter(scope_kind=ScopeKind.UNIT, period_start=WEEK)
    from django.db.models import Sum

    sums = built_units.aggregate(*(Sum(f) for f in ("expected", "filed", "on_time", "approved", "returned", "overdue")))  # fmt: skip
    print(f"totals floor {totals} / build {list(sums.values())}")
    pages()


def pages() -> None:

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    from django.contrib.auth import get_user_model

    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="bench_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    unit = Region.objects.filter(kind="subdistrict").order_by("pk").first()
    reviewer = bench_reviewer(User, unit.parent)
    reset_queries()  # the build filled the log: count from empty
    client = Client()
    client.force_login(admin)
    district = Summary.objects.filter(scope_kind=ScopeKind.DISTRICT, period_start=WEEK).first()
    page(client, "unit page", f"/units/{unit.slug}/")
    page(client, "summary page", district.get_absolute_url())
    page(client, "summary list", "/summaries/")
    client = Client()
    client.force_login(reviewer)
    page(client, "review queue", "/review/")


def bench_reviewer(User, district):
    """A reviewer of ``district`` (the generated data has none): the review queue lists
    the reports of one district's units waiting for review."""
    from django.contrib.auth.models import Group

    from portal.accounts.roles import Role
    from portal.models import UserProfile

    reviewer, _ = User.objects.get_or_create(username="bench_reviewer")
    reviewer.groups.add(Group.objects.get(name=Role.REVIEWER))
    UserProfile.objects.update_or_create(user=reviewer, defaults={"district": district})
    return reviewer


if __name__ == "__main__":
    main()
