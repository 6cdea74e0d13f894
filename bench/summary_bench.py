"""Summary benchmark on the data set of bench/generate_national.py (national, or a part).

Prints, in one run, after a warm-up and as medians of three interleaved rounds: the
counts floor (one SQL aggregate of the per-unit counts), the full floor (one
hand-written statement computing every stored figure per unit, progress from the latest
approved value per indicator included, with ``GROUP BY ROLLUP`` for districts and
cities) as the planner runs it (with parallel workers: the machine's cores) and in one
backend (parallel workers off), the build of one week at every scope in ONE process, the
same build fanned out over ``WORKERS`` processes (the chord's pieces in a
``multiprocessing`` pool running the task's function, then the last piece; whether both
give identical rows), a per-unit ORM loop (the counting core and the indicator progress
for each of 500 units, extrapolated), and the ratios like against like (fan-out build /
parallel floor, one-process build / one-backend floor) and loop / build; that the
national totals of the build equal the floor's; then
p50/p95 server time and query counts of the unit page, summary list, summary page,
review queue and reporting-rate page (Django's test Client).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench ./.venv/bin/python bench/summary_bench.py
"""

import datetime as dt
import multiprocessing
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
from django.db import connection, connections, reset_queries, transaction  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, Resolver404, resolve, reverse  # noqa: E402

from initiatives.models import Initiative, Region, ScopeKind, Summary  # noqa: E402
from initiatives.places import selectors as places  # noqa: E402
from initiatives.places.models import UNIT_KINDS  # noqa: E402
from initiatives.reporting.periods import outstanding_periods, reporting_periods  # noqa: E402
from initiatives.summaries.selectors import counting  # noqa: E402
from initiatives.summaries.selectors.figures import indicator_progress  # noqa: E402
from initiatives.summaries.services.building import (  # noqa: E402
    summaries_build_districts,
    summaries_build_period,
    summaries_build_top,
)

WEEK = dt.date(2026, 9, 28)
WEEK_END = WEEK + dt.timedelta(days=6)
AS_OF = dt.datetime(2026, 10, 8, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
REQUESTS = 20
ROUNDS = 3
WORKERS = 2  # the fan-out build's processes: this machine's cores
LOOP_UNITS = 500
COUNTS = ("expected", "filed", "on_time", "approved", "returned", "overdue", "outstanding")

COUNTS_FLOOR_SQL = """
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

# Every stored figure per unit (the counting rules of summaries/selectors/counting.py and
# the progress of reporting/progress.py), rolled up to districts and cities.
FULL_FLOOR_SQL = """
WITH periods(frequency, period_start, period_end, due, in_period, backlog) AS (VALUES {values}),
slots AS (
  SELECT i.id, i.region_id, p.period_start, p.due, p.in_period, p.backlog
  FROM initiatives_initiative i
  JOIN periods p ON p.frequency = i.frequency AND i.start_date <= p.period_end
   AND (i.target_date IS NULL OR i.target_date >= p.period_start)
  WHERE i.status = 'active'
),
counts AS (
  SELECT s.region_id,
    COUNT(*) FILTER (WHERE s.in_period) AS expected,
    COUNT(r.submitted_at) FILTER (WHERE s.in_period) AS filed,
    COUNT(*) FILTER (WHERE s.in_period
      AND (r.submitted_at AT TIME ZONE 'Asia/Shanghai')::date <= r.due_date) AS on_time,
    COUNT(*) FILTER (WHERE s.in_period AND r.submitted_at IS NOT NULL AND r.status = 'approved') AS approved,
    COUNT(*) FILTER (WHERE s.in_period AND r.submitted_at IS NOT NULL AND r.return_count > 0) AS returned,
    COUNT(*) FILTER (WHERE s.in_period AND s.due < %(today)s AND r.submitted_at IS NULL) AS overdue,
    COUNT(*) FILTER (WHERE s.backlog AND r.submitted_at IS NULL) AS outstanding
  FROM slots s
  LEFT JOIN initiatives_progressreport r
    ON r.initiative_id = s.id AND r.period_start = s.period_start
  GROUP BY s.region_id
),
vals AS (
  SELECT v.indicator_id, v.value,
         ROW_NUMBER() OVER (PARTITION BY v.indicator_id ORDER BY r.period_end DESC, v.id DESC) AS rn,
         SUM(v.value) OVER (PARTITION BY v.indicator_id) AS total
  FROM initiatives_indicatorvalue v
  JOIN initiatives_progressreport r ON r.id = v.report_id
  WHERE r.status = 'approved' AND r.period_end <= %(end)s
),
percents AS (
  SELECT ini.region_id,
    a.achieved::float8 * 100.0 / NULLIF(a.needed::float8, 0.0) AS pct
  FROM initiatives_indicator ind
  JOIN initiatives_initiative ini ON ini.id = ind.initiative_id
  LEFT JOIN vals ON vals.indicator_id = ind.id AND vals.rn = 1
  CROSS JOIN LATERAL (SELECT
    CASE WHEN ind.measure = 'amount' THEN COALESCE(vals.total, 0)
         WHEN ind.measure = 'total' THEN COALESCE(vals.value, 0)
         WHEN ind.direction = 'up' THEN COALESCE(vals.value, ind.baseline) - ind.baseline
         ELSE ind.baseline - COALESCE(vals.value, ind.baseline) END AS achieved,
    CASE WHEN ind.direction = 'up' THEN ind.target - ind.baseline
         ELSE ind.baseline - ind.target END AS needed) a
),
progress AS (
  SELECT region_id, SUM(LEAST(GREATEST(pct, 0.0), 100.0)) AS pct_sum, COUNT(pct) AS pct_n
  FROM percents GROUP BY region_id
)
SELECT d.parent_id AS city, u.parent_id AS district, u.id AS unit,
  {sums},
  SUM(p.pct_sum) / NULLIF(SUM(p.pct_n), 0) AS progress
FROM initiatives_region u
JOIN initiatives_region d ON d.id = u.parent_id
LEFT JOIN counts c ON c.region_id = u.id
LEFT JOIN progress p ON p.region_id = u.id
WHERE u.kind IN %(kinds)s
GROUP BY ROLLUP (d.parent_id, u.parent_id, u.id)
"""


def _values(periods, backlog=()) -> str:
    in_period = set(periods)
    rows = []
    for p in sorted(set(periods) | set(backlog), key=lambda p: (p.frequency, p.start)):
        rows.append(
            f"('{p.frequency}', DATE '{p.start}', DATE '{p.end}', DATE '{p.due}', "
            f"{'true' if p in in_period else 'false'}, {'true' if p in backlog else 'false'})"
        )
    return ", ".join(rows)


def counts_floor() -> list:
    periods = reporting_periods(WEEK, WEEK_END)
    values = ", ".join(
        f"('{p.frequency}', DATE '{p.start}', DATE '{p.end}', DATE '{p.due}')" for p in periods
    )
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_FLOOR_SQL.format(values=values), [AS_OF.date()])
        return cursor.fetchall()


def full_floor(*, parallel: bool = True) -> list:
    """The full floor as the planner runs it: with parallel workers (on this data set it
    gathers from two), so it uses the machine's cores as the fan-out build does. With
    ``parallel=False`` in one backend alone, the floor of the one-process build."""
    periods = reporting_periods(WEEK, WEEK_END)
    backlog = outstanding_periods(AS_OF.date())
    sums = ",\n  ".join(f"COALESCE(SUM(c.{name}), 0) AS {name}" for name in COUNTS)
    sql = FULL_FLOOR_SQL.format(values=_values(periods, backlog), sums=sums)
    with transaction.atomic(), connection.cursor() as cursor:
        if not parallel:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(sql, {"today": AS_OF.date(), "end": WEEK_END, "kinds": tuple(UNIT_KINDS)})
        return cursor.fetchall()


def full_floor_serial() -> list:
    return full_floor(parallel=False)


def build() -> int:
    return summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)


def _piece(batch: list[int]) -> int:
    """What one ``initiatives.build_districts_summaries`` task runs (in a pool process)."""
    return summaries_build_districts(
        district_ids=batch, period_kind="week", period_start=WEEK, as_of=AS_OF
    )


def fan_out_build(pool) -> int:
    """The chord of ``summaries_build_period(fan_out=True)`` without the broker: the same
    pieces (batches of ``SUMMARY_DISTRICTS_PER_TASK`` districts, the same task function)
    on ``pool``'s worker processes, then the last piece here once all are done."""
    district_ids = list(places.districts().order_by("path").values_list("pk", flat=True))
    size = settings.SUMMARY_DISTRICTS_PER_TASK
    batches = [district_ids[i : i + size] for i in range(0, len(district_ids), size)]
    built = sum(pool.map(_piece, batches, chunksize=1))
    return built + summaries_build_top(period_kind="week", period_start=WEEK, as_of=AS_OF)


def digest() -> str:
    """The stored rows of the week (every column but id and built_at), as one md5: two
    builds of the same data must give the same bytes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(string_agg(concat_ws('|', scope_kind, region_id, family_id, period_kind,"
            " period_start, period_end, expected, filed, on_time, approved, returned, overdue,"
            " outstanding, figures::text), E'\\n'"
            " ORDER BY scope_kind, region_id, family_id)) FROM initiatives_summary"
            " WHERE period_start = %s",
            [WEEK],
        )
        return cursor.fetchone()[0]


def vacuum() -> None:
    """What autovacuum does between two weekly builds (it is off on the development
    machines): without it, every round rewrites 44,000 rows into a table bloated by the
    rounds before, and the later rounds measure the bloat."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) initiatives_summary")


def loop(units: list[Region]) -> int:
    """The same figures unit by unit through the ORM: what a per-unit build would cost."""
    for unit in units:
        initiatives = Initiative.objects.filter(region=unit)
        counting.reporting_totals(
            initiatives=initiatives, period_start=WEEK, period_end=WEEK_END, as_of=AS_OF
        )
        indicator_progress(initiatives=initiatives, until=WEEK_END)
    return len(units)


def timed(fn, *args):
    began = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - began, result


def page(client: Client, label: str, url: str) -> None:
    try:
        resolve(url.split("?")[0])
    except (Resolver404, NoReverseMatch):
        print(f"{label:<16} skipped: {url} does not resolve on this branch")
        return
    client.get(url)  # warm-up
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
    if "--pages-only" in sys.argv:  # the summaries of the week were built by a full run
        return pages()
    units = list(Region.objects.filter(kind__in=UNIT_KINDS).order_by("pk"))
    sample = units[:: max(1, len(units) // LOOP_UNITS)][:LOOP_UNITS]
    print(f"data: {len(units)} units, one week {WEEK} (as of {AS_OF:%Y-%m-%d %H:%M})")

    # The fan-out's worker processes, forked once before anything is timed (as Celery's
    # are up before a build); each opens its own connection.
    connections.close_all()
    pool = multiprocessing.get_context("fork").Pool(WORKERS)
    # Warm-up: every statement once (caches, plans), not counted.
    vacuum()
    counts_floor()
    full_floor()
    full_floor_serial()
    built = build()
    fan_out_build(pool)
    loop(sample[:20])
    times: dict[str, list[float]] = {name: [] for name in ("counts", "full", "serial", "build", "fanout", "loop")}  # fmt: skip
    for _round in range(ROUNDS):
        times["counts"].append(timed(counts_floor)[0])
        duration, floor_rows = timed(full_floor)
        times["full"].append(duration)
        times["serial"].append(timed(full_floor_serial)[0])
        vacuum()
        duration, fanned = timed(fan_out_build, pool)
        times["fanout"].append(duration)
        fanned_rows = digest()
        vacuum()
        duration, built = timed(build)
        times["build"].append(duration)
        built_rows = digest()
        times["loop"].append(timed(loop, sample)[0] * len(units) / len(sample))
    pool.close()
    pool.join()
    assert fanned == built, (fanned, built)
    same = "identical" if fanned_rows == built_rows else "DIFFERENT"
    print(f"rows of the fan-out build and of the one-process build after it: {same}")
    median = {name: statistics.median(values) for name, values in times.items()}
    rounds = {name: ", ".join(f"{v:.2f}" for v in values) for name, values in times.items()}
    print(f"counts floor (one SQL aggregate):   {median['counts']:.2f} s  [{rounds['counts']}]")
    print(f"full floor (every figure, ROLLUP):  {median['full']:.2f} s  [{rounds['full']}] with the planner's parallel workers")  # fmt: skip
    print(f"full floor, one backend:            {median['serial']:.2f} s  [{rounds['serial']}] parallel workers off")  # fmt: skip
    print(f"build (one week, every scope):      {median['build']:.2f} s  [{rounds['build']}] {built} summaries, ONE process")  # fmt: skip
    print(f"fan-out build ({WORKERS} worker processes): {median['fanout']:.2f} s  [{rounds['fanout']}] the same pieces in a pool, then the last piece")  # fmt: skip
    print(f"per-unit ORM loop ({len(sample)} units, x{len(units) / len(sample):.1f}): {median['loop']:.1f} s  [{rounds['loop']}]")  # fmt: skip
    # Like against like: the build on the machine's cores (the fan-out, as Celery's workers
    # run it) against the floor on the machine's cores (the planner's parallel workers),
    # and the build in one process against the floor in one backend.
    print(f"ratio fan-out build / full floor: {median['fanout'] / median['full']:.2f}x")
    print(f"ratio one-process build / one-backend full floor: {median['build'] / median['serial']:.2f}x")  # fmt: skip
    print(f"ratio one-process build / full floor: {median['build'] / median['full']:.2f}x")
    print(f"ratio build / counts floor: {median['build'] / median['counts']:.1f}x")
    print(f"ratio loop / fan-out build: {median['loop'] / median['fanout']:.1f}x")
    print(f"ratio loop / one-process build: {median['loop'] / median['build']:.1f}x")

    # The build and the floor agree on the national totals (the ROLLUP's grand total row).
    grand = next(row for row in floor_rows if row[0] is None and row[1] is None)
    stored = Summary.objects.filter(scope_kind=ScopeKind.UNIT, period_start=WEEK).aggregate(
        *(Sum(name) for name in COUNTS)
    )
    floor_totals = [int(v) for v in grand[3 : 3 + len(COUNTS)]]
    built_totals = [int(v or 0) for v in stored.values()]
    print(f"totals {COUNTS}: floor {floor_totals} / build {built_totals} "
          f"({'equal' if floor_totals == built_totals else 'DIFFERENT'})")  # fmt: skip
    pages()


def pages() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    from django.contrib.auth import get_user_model

    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="bench_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    unit = Region.objects.filter(kind__in=UNIT_KINDS).order_by("pk").first()
    reviewer = bench_reviewer(User, unit.parent)
    reset_queries()  # the build filled the log: count from empty
    client = Client()
    client.force_login(admin)
    district = Summary.objects.filter(scope_kind=ScopeKind.DISTRICT, period_start=WEEK).first()
    page(client, "unit page", f"/units/{unit.slug}/")
    page(client, "summary page", district.get_absolute_url())
    page(client, "summary list", reverse("initiatives:summary_list"))
    page(client, "summary list p40", reverse("initiatives:summary_list") + "?page=40")
    client = Client()
    client.force_login(reviewer)
    page(client, "review queue", "/review/")
    page(
        client,
        "reporting rate",
        reverse("initiatives:reporting_rate") + f"?period_kind=week&date={WEEK}",
    )


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
