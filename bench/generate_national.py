"""A national-scale data set for the summary benchmark, loaded with PostgreSQL COPY.

The real place tree (统计用区划代码 2023, the vendored files of
``initiatives/places/divisions/``): 31 provinces, 337 cities, 2,974 county-level units
and 41,340 街道/镇/乡 (the files' 41,352 township rows less the 12 that are no unit, see
``divisions/data/README.md``), with their 12-digit codes; 206,700 initiatives (five per
unit: 40 % weekly, 50 % monthly, 10 % quarterly) with one indicator each, and 2,000,000
progress reports (the last ten periods of each initiative up to 2026-10-04) with one
indicator value each. It REPLACES the places, initiatives and reports of the database it
is given: point it at a database of its own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench ./.venv/bin/python bench/generate_national.py
"""

import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

import django
from _common import ensure_database

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from initiatives.places.divisions import Level, national_tree  # noqa: E402
from initiatives.reporting.periods import due_date, period_bounds  # noqa: E402

INITIATIVES_PER_UNIT = 5
REPORTS_PER_INITIATIVE = 10
LAST_DAY = dt.date(2026, 10, 4)
FAMILIES = ["党建+", "网格化+N", "红色物业", "城市更新", "文明城市创建", "经济发展"]
NOW = "2026-10-01 00:00:00+08"


def copy(table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples) into table from an in-memory buffer filled in chunks."""
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
            buffer.write("\n")
            count += 1
            if count % 200_000 == 0:
                buffer.seek(0)
                raw.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
                buffer = io.StringIO()
        buffer.seek(0)
        raw.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


def periods_back(frequency: str, n: int):
    start, end = period_bounds(frequency, LAST_DAY)
    if end > LAST_DAY:
        start, end = period_bounds(frequency, start - dt.timedelta(days=1))
    out = []
    for _ in range(n):
        out.append((start, end))
        start, end = period_bounds(frequency, start - dt.timedelta(days=1))
    return out


def main() -> None:
    assert connection.vendor == "postgresql", "the generator needs PostgreSQL (COPY)"
    ensure_database(os.environ["DATABASE_URL"])
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE initiatives_summary, initiatives_indicatorvalue, "
            "initiatives_historicalindicatorvalue, initiatives_progressreport, "
            "initiatives_historicalprogressreport, initiatives_indicator, "
            "initiatives_initiative, initiatives_initiativefamily, portal_userprofile, "
            "initiatives_region CASCADE"
        )
    rng = random.Random(20261004)

    # The real tree, parents before children; ids in that order, paths from them.
    regions, unit_rows = [], []
    ids: dict[str, tuple[int, str]] = {}  # code -> (id, path)
    for next_id, division in enumerate(national_tree(), start=1):
        parent_id, parent_path = ids[division.parent] if division.parent else (None, "/")
        path = f"{parent_path}{next_id}/"
        ids[division.code] = (next_id, path)
        row = (
            next_id,
            parent_id,
            division.name,
            division.region_kind,
            division.code,
            f"r{next_id}",
            path,
        )
        (unit_rows if division.level is Level.TOWNSHIP else regions).append(row)
    units = len(unit_rows)
    regions += unit_rows
    copy(
        "initiatives_region",
        ["id", "parent_id", "name", "kind", "code", "slug", "path", "withdrawn"],
        ((*row, "f") for row in regions),
    )
    copy(
        "initiatives_initiativefamily",
        ["id", "parent_id", "name", "slug", "description"],
        ((i + 1, None, name, f"f{i + 1}", "") for i, name in enumerate(FAMILIES)),
    )

    initiatives = []
    for uid, *_ in unit_rows:
        for k in range(INITIATIVES_PER_UNIT):
            roll = rng.random()
            frequency = "week" if roll < 0.4 else "month" if roll < 0.9 else "quarter"
            status = "active" if rng.random() < 0.9 else rng.choice(["planned", "completed"])
            initiatives.append((len(initiatives) + 1, uid, frequency, status, rng.randrange(6) + 1, k))  # fmt: skip
    copy(
        "initiatives_initiative",
        [
            "id",
            "region_id",
            "title",
            "family_id",
            "description",
            "start_date",
            "status",
            "frequency",
            "created_at",
            "updated_at",
        ],  # fmt: skip
        (
            (i, uid, f"重点工作{i}", fam, "", "2024-01-01", status, freq, NOW, NOW)
            for i, uid, freq, status, fam, _k in initiatives
        ),  # fmt: skip
    )
    copy(
        "initiatives_indicator",
        [
            "id",
            "initiative_id",
            "name",
            "unit",
            "baseline",
            "target",
            "direction",
            "measure",
            "allow_negative",
            "position",
        ],  # fmt: skip
        ((i, i, "完成量", "个", 0, 1000, "up", "amount", "f", 0) for i, *_ in initiatives),
    )
    periods = {f: periods_back(f, REPORTS_PER_INITIATIVE) for f in ("week", "month", "quarter")}

    def reports():
        rid = 0
        for i, _uid, freq, _status, _fam, _k in initiatives:
            for start, end in periods[freq]:
                rid += 1
                due = due_date(freq, end)
                roll = rng.random()
                if roll < 0.08:  # never filed
                    yield (rid, i, start, end, due, "draft", 0, None)
                    continue
                late = dt.timedelta(days=rng.choice([0, 0, 0, 1, 3]))
                submitted = f"{due - dt.timedelta(days=1) + late} 10:00:00+08"
                status = "approved" if roll < 0.8 else "submitted" if roll < 0.93 else "returned"
                returns = 0 if status == "submitted" and roll < 0.9 else 1 if roll < 0.97 else 2
                yield (rid, i, start, end, due, status, returns if status != "approved" else 0, submitted)  # fmt: skip

    n_reports = copy(
        "initiatives_progressreport",
        [
            "id",
            "initiative_id",
            "period_start",
            "period_end",
            "due_date",
            "status",
            "return_count",
            "submitted_at",
            "narrative",
            "review_comment",
            "created_at",
            "updated_at",
        ],  # fmt: skip
        ((*row, "本期推进情况。", "", NOW, NOW) for row in reports()),
    )
    copy(
        "initiatives_indicatorvalue",
        ["id", "report_id", "indicator_id", "value", "note"],
        (
            (r, r, (r - 1) // REPORTS_PER_INITIATIVE + 1, rng.randrange(5, 40), "")
            for r in range(1, n_reports + 1)
        ),  # fmt: skip
    )
    with connection.cursor() as cursor:
        for table in ("region", "initiativefamily", "initiative", "indicator", "progressreport", "indicatorvalue"):  # fmt: skip
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('initiatives_{table}', 'id'), "
                f"(SELECT MAX(id) FROM initiatives_{table}))"
            )
        cursor.execute("ANALYZE")
    print(
        f"{len(regions)} regions ({units} units), {len(initiatives)} initiatives, "
        f"{n_reports} reports and indicator values in {time.perf_counter() - began:.0f} s"
    )


if __name__ == "__main__":
    main()
