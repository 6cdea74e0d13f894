"""A worker killed in the middle of a fan-out build: the build still finishes, with exactly
one summary per scope and period and the same figures as an undisturbed build.

Real processes all the way: ``celery -A portal worker`` subprocesses on the real Redis
broker and the pytest PostgreSQL database. The build is stopped half-way without touching
project code: the test holds a row lock (``SELECT ... FOR UPDATE``) on a summary row that
the second district's piece must update, waits until the first district is built and the
second piece is waiting on the lock, then SIGKILLs the worker's whole process group (the
piece in progress dies unacknowledged, as on a lost machine). With a short broker
visibility timeout, a fresh worker gets the piece again, the chord counts it once, and its
callback builds the cities and families."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Count, Q

from initiatives.models import (
    DISTRICT_KINDS,
    UNIT_KINDS,
    Frequency,
    Region,
    ReportStatus,
    ScopeKind,
    Summary,
)
from initiatives.summaries.services.building import summaries_build_period
from tests.conftest import missing_service
from tests.factories import DistrictFactory, InitiativeFactory, UnitFactory
from tests.initiatives.summaries.summary_data import (
    AS_OF,
    WEEK,
    WEEK_PERIOD,
    at,
    build_world,
    report,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[3]
VISIBILITY_TIMEOUT = 3  # seconds before the broker hands a dead worker's task to another
FIELDS = (
    "scope_kind",
    "region_id",
    "family_id",
    "period_kind",
    "period_start",
    "period_end",
    "expected",
    "filed",
    "on_time",
    "approved",
    "returned",
    "overdue",
    "figures",
)


def _scope(row: dict) -> tuple:
    return (row["scope_kind"], row["region_id"], row["family_id"], row["period_kind"], row["period_start"])  # fmt: skip


def _rows() -> dict[tuple, dict]:
    return {_scope(row): row for row in Summary.objects.values(*FIELDS)}


def _database_url() -> str:
    """The pytest test database (not the one DATABASE_URL names) for the workers."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start_worker(name: str, log: Path, redis_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        # local settings: not eager as soon as REDIS_URL is set (test settings force eager).
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "SUMMARY_DISTRICTS_PER_TASK": "1",
    }
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "-P", "prefork", "-c", "1", "-l", "info", "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    with log.open("wb") as out:
        # Its own session: the main process and its pool child are one process group.
        return subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def _kill(worker: subprocess.Popen) -> None:
    """SIGKILL the worker's process group: its main process and its pool child at once."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def _wait(condition, *, timeout: float, what: str, logs: list[Path]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs)
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n{tails}")


def _third_district(city, family):
    """A third district (of 张店区's city): one unit, two weekly initiatives, one filed on
    time and approved, one not filed (overdue as of AS_OF)."""
    zichuan = DistrictFactory(name="淄川区", parent=city)
    unit = UnitFactory(name="般阳路街道", parent=zichuan)
    make = lambda title: InitiativeFactory(  # noqa: E731
        region=unit, title=title, frequency=Frequency.WEEK, family=family
    )
    report(make("w7 志愿服务"), WEEK_PERIOD, status=ReportStatus.APPROVED, submitted_at=at("2026-10-02"))  # fmt: skip
    make("w8 未报")
    return zichuan


@pytest.fixture
def publishing_app(redis_broker):
    """The project's Celery app, publishing to the real broker. (Test settings make it
    eager, and celery.contrib.pytest's ``celery_app`` does not become the app the
    project's shared tasks resolve to.)"""
    from portal.celery import app

    assert app.conf.broker_url == redis_broker
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = eager


def test_a_killed_worker_leaves_one_right_summary_per_scope(
    redis_broker, publishing_app, unit, other_unit, foreign_unit, tmp_path, settings
):
    # One district per piece, so the build can be caught between two pieces.
    settings.SUMMARY_DISTRICTS_PER_TASK = 1
    if connection.vendor != "postgresql":
        missing_service("the worker-kill test needs PostgreSQL (row locks, a shared database)")
    import redis

    broker = redis.Redis.from_url(redis_broker)
    broker.flushdb()
    world = build_world(unit, other_unit, foreign_unit)
    zichuan = _third_district(unit.parent.parent, world["family"])
    # In the order the build queues them (by path).
    districts = list(Region.objects.filter(kind__in=DISTRICT_KINDS).order_by("path"))
    assert len(districts) == 3
    first, blocked, last = districts

    # The truth: an undisturbed build, here in this process.
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    truth = _rows()
    # 4 units, 3 districts, 2 cities, 2 families; the sums are checked by hand.
    assert len(truth) == 11
    counts = lambda region: tuple(  # noqa: E731
        truth[("district", region.pk, None, "week", WEEK)][name]
        for name in ("expected", "filed", "on_time", "approved", "overdue")
    )
    assert counts(unit.parent) == (7, 4, 2, 2, 2)
    assert counts(zichuan) == (2, 1, 1, 1, 1)
    # Keep one unit row of the second district, with wrong figures: the lock target, and
    # proof that the killed piece was run again in the end.
    victim_unit = Region.objects.filter(parent=blocked, kind__in=UNIT_KINDS).order_by("pk")[0]
    victim = Summary.objects.get(scope_kind=ScopeKind.UNIT, region=victim_unit)
    Summary.objects.exclude(pk=victim.pk).delete()
    Summary.objects.filter(pk=victim.pk).update(expected=99, filed=0, figures={})

    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    default = connections[DEFAULT_DB_ALIAS]
    locker = type(default)(dict(default.settings_dict), alias="locker")
    workers: list[subprocess.Popen] = []
    try:
        locker.ensure_connection()
        locker.set_autocommit(False)
        with locker.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            locker_pid = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT id FROM {Summary._meta.db_table} WHERE id = %s FOR UPDATE", [victim.pk]
            )

        workers.append(_start_worker("killtest-1", logs[0], redis_broker))
        result = summaries_build_period(
            period_kind="week", period_start=WEEK, as_of=AS_OF, fan_out=True
        )

        def second_piece_waits():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
                    [locker_pid],
                )
                waiting = cursor.fetchall()
            built = Summary.objects.filter(scope_kind=ScopeKind.DISTRICT, region=first).exists()
            return waiting and built

        _wait(second_piece_waits, timeout=30, what="the second district's piece to block", logs=logs)  # fmt: skip
        # Mid-way: the first district is built, the second is stuck, the third is queued.
        later = Q(region__in=[blocked, last]) | Q(region__parent__in=[blocked, last])
        assert not Summary.objects.filter(later).exclude(pk=victim.pk).exists()

        _kill(workers[0])
        killed_at = time.monotonic()
        locker.rollback()  # the orphaned database session gets the row, then finds no client
        assert not Summary.objects.filter(scope_kind=ScopeKind.DISTRICT, region=blocked).exists()

        # The piece went to the broker's "unacked" set when the first worker took it; a new
        # worker sweeps that set as it starts and requeues what is older than the timeout.
        time.sleep(max(0.0, killed_at + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
        workers.append(_start_worker("killtest-2", logs[1], redis_broker))
        callback = _wait(
            lambda: result.ready() and result.result, timeout=60,
            what="the chord's callback", logs=logs,
        )  # fmt: skip
    finally:
        for worker in workers:
            _kill(worker)
        if locker.connection is not None:
            locker.rollback()
            locker.close()
        broker.flushdb()
        broker.close()

    # The callback (cities and families) ran once all three district pieces were counted.
    assert result.successful(), result.traceback
    assert callback == 4
    scopes = (
        Summary.objects.values("scope_kind", "region", "family", "period_kind", "period_start")
        .annotate(n=Count("pk"))
        .order_by()
    )
    assert len(scopes) == len(truth)
    assert {row["n"] for row in scopes} == {1}
    built = _rows()
    assert built.keys() == truth.keys()
    for key, row in truth.items():
        assert built[key] == row, key
    # The logs: the first piece ran once, on the first worker; the killed piece was taken
    # by the first worker, never finished there, and was run again by the second.
    first_log, second_log = (log.read_text(errors="replace") for log in logs)
    done, killed, queued = (piece.id for piece in result.parent.results)
    assert first_log.count(f"[{done}] succeeded") == 1
    assert f"[{done}]" not in second_log
    assert f"[{killed}] received" in first_log
    assert f"[{killed}] succeeded" not in first_log
    assert second_log.count(f"[{killed}] succeeded") == 1
    assert f"[{queued}]" not in first_log
    assert second_log.count(f"[{queued}] succeeded") == 1
