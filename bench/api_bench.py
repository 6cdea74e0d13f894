"""The API's main list endpoints on the national data set: p50/p95 and queries per call.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_api \\
        .venv/bin/python bench/generate_national.py      # once: 40,000 units, 2,000,000 reports
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_api \\
        .venv/bin/python bench/api_bench.py [--calls 40]

In-process (Django's test client, every middleware, no HTTP server), so the figures are
the application's own time. The baseline, measured in the same run, is a call that does
everything but read data (token, throttle, negotiation, a problem-details 404): each
endpoint's ratio is its p50 over the baseline's. Public endpoints are measured cold (the
cache emptied before every call) and warm (served from the cache). It adds one official,
one reviewer and their tokens to the database it is given, and a code to one district.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from initiatives.places.models import UNIT_KINDS, Region  # noqa: E402
from portal.accounts.models import UserProfile  # noqa: E402
from portal.api.services import token_create  # noqa: E402


def user_with_token(username: str, role: str, **profile) -> str:
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.groups.add(Group.objects.get(name=role))
    UserProfile.objects.update_or_create(user=user, defaults=profile)
    _token, key = token_create(user=user, name="bench")
    return f"Bearer {key}"


def measure(client, path: str, *, auth: str | None, calls: int, cold: bool = False):
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    for _ in range(3):  # warm up connections, imports, the token's last use
        client.get(path, **headers)
    times = []
    for _ in range(calls):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(path, **headers)
        times.append((time.perf_counter() - start) * 1000)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    rows = len(response.json().get("results", [])) if response.status_code == 200 else 0
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(queries), response.status_code, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Give DATABASE_URL of the national data set (bench/generate_national.py).")
    settings.API_THROTTLE_RATES = {"token": "10000000/hour", "anon": "10000000/hour"}
    settings.DEBUG = False  # as in production: no query log kept, no debug pages
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the baseline's 404s
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    counts = Region.objects.filter(kind__in=UNIT_KINDS).count()
    district = (
        Region.objects.filter(kind="district")
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .first()
    )
    district.code = "999999000000"
    district.save(update_fields=["code"])
    unit = Region.objects.filter(parent=district, kind__in=UNIT_KINDS).order_by("pk").first()
    official = user_with_token("bench_official", "official", unit=unit, district=None)
    reviewer = user_with_token("bench_reviewer", "reviewer", unit=None, district=district)
    print(
        f"data: {counts:,} units; district {district.name} ({district.n} units); unit {unit.name}"
    )

    client = Client()
    targets = [
        ("baseline: token, throttle, 404 problem", "/api/v1/nothing/", official, False),
        ("official: reports/", "/api/v1/reports/", official, False),
        ("official: reports/due/", "/api/v1/reports/due/", official, False),
        ("reviewer: reports/", "/api/v1/reports/", reviewer, False),
        (
            "reviewer: reports/?status=approved&period=2026-09",
            "/api/v1/reports/?status=approved&period=2026-09",
            reviewer,
            False,
        ),
        ("reviewer: review/queue/", "/api/v1/review/queue/", reviewer, False),
        ("reviewer: summaries/", "/api/v1/summaries/", reviewer, False),
        ("public: units/ (cold)", "/api/v1/units/", None, True),
        ("public: units/ (warm)", "/api/v1/units/", None, False),
        ("public: units/?district= (cold)", "/api/v1/units/?district=999999000000", None, True),
        (
            f"public: units/{unit.slug}/figures/ (cold)",
            f"/api/v1/units/{unit.slug}/figures/",
            None,
            True,
        ),
        ("public: articles/ (cold)", "/api/v1/articles/", None, True),
    ]
    results = []
    for label, path, auth, cold in targets:
        results.append((label, *measure(client, path, auth=auth, calls=args.calls, cold=cold)))
    base = results[0][1]
    print(f"\n{args.calls} calls each, in-process; ratio = p50 / baseline p50 ({base:.1f} ms)\n")
    print(
        f"{'endpoint':58} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6} {'queries':>8} {'status':>6} {'rows':>5}"
    )
    for label, p50, p95, queries, status, rows in results:
        print(
            f"{label:58} {p50:8.1f} {p95:8.1f} {p50 / base:6.1f} {queries:8d} {status:6d} {rows:5d}"
        )


if __name__ == "__main__":
    main()
