"""The national place tree: load time, and the pages that list or pick units at 41,000.

Prints, in one run on a PostgreSQL database of its own (dropped and created again):
the time to read the vendored division files; the floor (the same 44,682 rows written
with ``bulk_create`` and one path UPDATE per level, nothing matched, no slugs made);
``load_divisions``' first load of the whole country and its ratio to the floor; a
second run (0 changes), each with the load average before it; then p50/p95 server time and query count of the unit list
(plain, a far page, filters, searches), a province's page, a unit page, the picker's
suggestions and Django admin's region list (plain, filtered, searched) and a change form
with a unit field (Django's test Client, in process), each with its ratio to the
floor of the same run (``/healthz``: the machine's speed, not the pages').

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_places ./.venv/bin/python bench/places_bench.py [--load-only]

``--load-only`` stops after the two loads.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django
from _common import recreate_database

recreate_database(os.environ["DATABASE_URL"])
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from initiatives.models import Region  # noqa: E402
from initiatives.places.divisions import read_divisions  # noqa: E402
from initiatives.places.loading import LEVELS, divisions_load, fill_new_paths  # noqa: E402

REQUESTS = 10


def timed(function):
    began = time.perf_counter()
    result = function()
    return time.perf_counter() - began, result


@transaction.atomic
def floor(tree) -> None:
    """The rows alone: what any loader must write."""
    for level in LEVELS:
        pks = dict(Region.objects.values_list("code", "pk"))
        Region.objects.bulk_create(
            (
                Region(
                    name=d.name,
                    kind=d.region_kind,
                    code=d.code,
                    parent_id=pks[d.parent] if d.parent else None,
                    slug=f"f{d.code}",
                )
                for d in tree.at_level(level)
            ),
            batch_size=2000,
        )
        fill_new_paths()


FLOOR = {}


def page(client: Client, label: str, url: str) -> float:
    times, queries = [], []
    for _ in range(REQUESTS):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        queries.append(len(captured.captured_queries))
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    p50 = statistics.median(times)
    ratio = f"{p50 / FLOOR['p50']:5.1f}x floor" if FLOOR else "  the floor"
    print(
        f"{label:<28} status {response.status_code}, {len(response.content) // 1024:>4} KB, "
        f"p50 {p50:7.1f} ms ({ratio}), p95 {p95:7.1f} ms, {max(queries)} queries   {url}"
    )
    return p50


def load_average() -> str:
    return "load average " + ", ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    assert connection.vendor == "postgresql", "run against a PostgreSQL database"
    call_command("migrate", verbosity=0)
    read_time, tree = timed(read_divisions)
    counts = {level.value: n for level, n in tree.counts().items()}
    print(f"read the vendored files: {len(tree):,} divisions {counts} in {read_time:.2f} s")
    print(load_average())
    floor_time, _ = timed(lambda: floor(tree))
    print(f"floor (bulk_create + path UPDATE, nothing matched): {floor_time:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE initiatives_region CASCADE")
    print(load_average())
    load_time, summary = timed(lambda: divisions_load(tree=tree))
    print(
        f"load_divisions, whole country, empty database: {summary.total('created'):,} created "
        f"in {load_time:.1f} s (read {read_time:.1f} s more); ratio to the floor "
        f"{load_time / floor_time:.1f}x"
    )
    print(load_average())
    again_time, again = timed(lambda: divisions_load(tree=tree))
    print(f"second run: {again.changes} changes in {again_time:.1f} s")
    print(load_average())
    if "--load-only" in sys.argv:
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE initiatives_region")

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    from django.contrib.auth import get_user_model

    admin, _ = get_user_model().objects.get_or_create(
        username="bench_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    shandong = Region.objects.get(code="370000000000")
    zibo = Region.objects.get(code="370300000000")
    heping = Region.objects.get(code="370303004000")
    units = Region.objects.filter(kind__in=("subdistrict", "town", "township")).count()
    print(f"pages with {units:,} units (floor: /healthz, Django's cheapest answer):")
    FLOOR["p50"] = page(client, "floor", "/healthz")
    page(client, "unit list", "/units/")
    page(client, "unit list, page 100", "/units/?page=100")
    page(client, "unit list, province+city", f"/units/?province={shandong.pk}&city={zibo.pk}")
    page(client, "unit list, search 张店", "/units/?q=%E5%BC%A0%E5%BA%97")
    page(client, "unit list, search 370303", "/units/?q=370303")
    page(client, "province page", shandong.get_absolute_url())
    page(client, "unit page", heping.get_absolute_url())
    page(client, "picker suggestions 和平", "/places/units/autocomplete/?q=%E5%92%8C%E5%B9%B3")
    client.force_login(admin)
    page(client, "admin regions", "/admin/initiatives/region/")
    page(
        client,
        "admin regions, filtered",
        f"/admin/initiatives/region/?province={shandong.pk}&city={zibo.pk}&kind=subdistrict",
    )
    page(client, "admin regions, search 3703", "/admin/initiatives/region/?q=3703")
    page(client, "admin regions, search 和平", "/admin/initiatives/region/?q=%E5%92%8C%E5%B9%B3")
    page(client, "admin initiative add", "/admin/initiatives/initiative/add/")
    page(client, "admin unit autocomplete", "/admin/autocomplete/?app_label=initiatives"
         "&model_name=initiative&field_name=region&term=%E5%92%8C%E5%B9%B3")  # fmt: skip


if __name__ == "__main__":
    main()
