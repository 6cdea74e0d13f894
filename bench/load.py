"""Officials filing and submitting reports at once (issue 10), against gunicorn +
PostgreSQL + Redis + a Celery worker on loopback.

    .venv/bin/python bench/load.py [--officials 200] [--duration 300] [--think 1.0]

Recreates its own database (``--db``/``--database``, default portal_bench_load), migrates
it and builds the world of ``bench/load_fixture.py`` (one district, an official per
sub-district, one weekly initiative each, ``--reports`` drafts each); starts gunicorn with
production settings (``bench/load_settings.py``, ``--workers`` sync workers) and a Celery
worker on ``--redis-url`` (not emptied). Then every official, in a thread of their own,
logs in and, until ``--duration`` seconds have passed, opens a draft's form, saves it and
submits it, waiting ``--think`` seconds (at random, up to twice that) between requests.

Prints the requests, errors, p50/p95/max per kind of request and overall, and compares
the reports the database holds as submitted (and their history rows) with the
submissions that answered a success: they must be equal. Every process it starts is
stopped on exit. Not part of the test suite; see bench/README.md."""

import argparse
import html.parser
import http.cookiejar
import json
import os
import random
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _common import recreate_database
from public_bench import (
    GUNICORN,
    PYTHON,
    ROOT,
    Processes,
    _raise_exit,
    collect_static,
    free_port,
    gunicorn_args,
    run,
    tail,
    wait_ready,
)

CELERY = PYTHON.parent / "celery"
HOSTS = "127.0.0.1,localhost"


class Fields(html.parser.HTMLParser):
    """The fields of the report form (the one posting to ``action``)."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields = action, False, {}
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action", self.action) == self.action and "method" in attrs
        elif self.inside and tag == "input" and attrs.get("name"):
            if (attrs.get("type") or "text") not in ("submit", "button", "file", "checkbox"):
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def problem(page: str) -> str:
    """The first error message a form page shows, for the failure lines."""
    import re

    found = re.search(r"(?:invalid-feedback|alert-danger)[^>]*>\s*([^<]+)", page) or re.search(
        r'<p class="lead">([^<]+)', page
    )
    return found.group(1).strip()[:160] if found else page[:300]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Official:
    """One simulated official: a cookie jar, a login, then drafts filed one by one."""

    def __init__(self, base: str, username: str, reports: list[int], stats, args, stop):
        self.base, self.username, self.reports = base, username, list(reports)
        self.stats, self.args, self.stop = stats, args, stop
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )
        self.rng = random.Random(username)

    def request(self, kind: str, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            request.add_header("Referer", self.base + path)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode(errors="replace")
        except OSError as exc:
            status, text = 0, str(exc)
        self.stats.record(kind, time.perf_counter() - started, status)
        return status, text

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def think(self):
        if self.args.think:
            self.stop.wait(self.rng.uniform(0, 2 * self.args.think))

    def login(self) -> bool:
        self.request("login_form", "/accounts/login/")
        status, _text = self.request(
            "login",
            "/accounts/login/",
            {"username": self.username, "password": self.args.password,
             "csrfmiddlewaretoken": self.csrf()},
        )  # fmt: skip
        if status != 302:
            self.stats.failures.append(f"{self.username}: login answered {status}")
        return status == 302

    def run(self):
        """File drafts until the window closes (after every official has logged in)."""
        self.stats.window_open.wait()
        while self.reports and not self.stop.is_set():
            pk = self.reports.pop(0)
            action = f"/reports/{pk}/edit/"
            status, text = self.request("form", action)
            if status != 200:
                self.stats.failures.append(f"{self.username}: {action} answered {status}")
                continue
            fields = Fields(action)
            fields.feed(text)
            data = dict(fields.fields)
            for name in data:
                if name.endswith("-value"):
                    data[name] = str(self.rng.randint(1, 50))
            data["narrative"] = f"本周走访{self.rng.randint(1, 99)}户，解决问题若干。"
            data["csrfmiddlewaretoken"] = self.csrf()
            self.think()
            status, text = self.request("save", action, {**data, "action": "save"})
            if status != 302:
                self.stats.failures.append(
                    f"{self.username}: save answered {status}: {problem(text)}"
                )
                continue
            # The saved draft has a new version: the form is read again, as a browser does.
            status, text = self.request("form", action)
            fields = Fields(action)
            fields.feed(text)
            data["version"] = fields.fields.get("version", "")
            self.think()
            status, _text = self.request("submit", action, {**data, "action": "submit"})
            if status == 302:
                self.stats.submitted(pk)
            else:
                self.stats.failures.append(f"{self.username}: submit answered {status}")
            self.think()


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of the live processes of a process group."""
    total = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))) and int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def backends_cpu(database_url: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend connected to the bench's database (the
    portal keeps its connections: CONN_MAX_AGE)."""
    import psycopg2

    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    connection.close()
    found = {}
    for pid in pids:
        if fields := _stat(pid):
            found[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return found


def cpu_snapshot(database_url: str, groups: dict[str, int]) -> dict:
    return {
        **{name: group_cpu(pgid) for name, pgid in groups.items()},
        "postgres": backends_cpu(database_url),
        "client": time.process_time(),  # this process: the officials' threads
    }


def cpu_report(before: dict, after: dict, requests: int, elapsed: float) -> None:
    """Where the CPU of the window went, per process group and per request."""
    spent = {
        name: after[name] - before[name] for name in after if name not in ("postgres", "client")
    }
    # Backends that already existed count from the first reading; new ones from zero.
    spent["postgres"] = sum(
        cpu - before["postgres"].get(pid, 0.0) for pid, cpu in after["postgres"].items()
    )
    total = sum(spent.values())
    per = max(requests, 1)
    parts = ", ".join(
        f"{name} {seconds:.1f} s ({seconds * 1000 / per:.1f} ms/request)"
        for name, seconds in spent.items()
    )
    client = after["client"] - before["client"]
    print(f"CPU in the window: {parts}; together {total * 1000 / per:.1f} ms a request, "
          f"{total / elapsed:.2f} of the machine's {os.cpu_count()} CPUs; the bench's own "
          f"client threads {client:.1f} s ({client * 1000 / per:.1f} ms/request) beside them")  # fmt: skip


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[int, int] = defaultdict(int)
        self.submissions: set[int] = set()
        self.failures: list[str] = []
        self.window_open = threading.Event()

    def record(self, kind: str, seconds: float, status: int):
        with self.lock:
            self.times[kind].append(seconds)
            self.statuses[status] += 1

    def submitted(self, pk: int):
        with self.lock:
            self.submissions.add(pk)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(stats: Stats, elapsed: float, counts: dict) -> None:
    every = [t for times in stats.times.values() for t in times]
    errors = sum(n for status, n in stats.statuses.items() if status == 0 or status >= 400)
    print(f"\n{len(every)} requests in {elapsed:.0f} s ({len(every) / elapsed:.1f}/s), "
          f"{errors} errors; statuses {dict(sorted(stats.statuses.items()))}")  # fmt: skip
    print(f"{'request':<12}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind in ("form", "save", "submit"):
        times = stats.times.get(kind, [])
        if times:
            print(f"{kind:<12}{len(times):>7}{percentile(times, 50) * 1000:>9.0f}"
                  f"{percentile(times, 95) * 1000:>9.0f}{max(times) * 1000:>9.0f}")  # fmt: skip
    print(f"{'all':<12}{len(every):>7}{percentile(every, 50) * 1000:>9.0f}"
          f"{percentile(every, 95) * 1000:>9.0f}{max(every or [0]) * 1000:>9.0f}")  # fmt: skip
    writes = stats.times.get("save", []) + stats.times.get("submit", [])
    if writes:
        print(f"writes (save+submit) p95: {percentile(writes, 95) * 1000:.0f} ms")
    print(f"submissions answered 302: {len(stats.submissions)}; database: "
          f"{counts['submitted']} reports submitted, {counts['history']} submit history rows, "
          f"{counts['notifications']} reviewer notifications")  # fmt: skip
    equal = len(stats.submissions) == counts["submitted"] == counts["history"]
    print("row counts equal the successful submissions: " + ("yes" if equal else "NO"))
    for line in stats.failures[:10]:
        print("  failure:", line)
    if not equal:
        sys.exit(1)


COUNT_ROWS = """
import json
from initiatives.reporting.models import ProgressReport, ReportStatus
from portal.notifications.models import Notification
history = ProgressReport.history.filter(status=ReportStatus.SUBMITTED, history_type="~")
print(json.dumps({
    "submitted": ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).count(),
    "history": history.values("id").distinct().count(),
    "notifications": Notification.objects.count(),
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--officials", type=int, default=200)
    parser.add_argument("--duration", type=float, default=300, help="seconds of filing")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause, seconds")
    parser.add_argument("--reports", type=int, default=40, help="drafts per official")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="portal_bench_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/10")
    parser.add_argument("--password", default="demo-pass-2026")
    parser.add_argument("--login-batch", type=int, default=4, help="officials logging in at once")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _raise_exit)

    tmp = Path(tempfile.mkdtemp(prefix="portal-load-"))
    database_url = f"{args.db}/{args.database}"
    env = dict(os.environ)
    env.pop("DJANGO_DEBUG", None)
    env.update(
        DJANGO_SETTINGS_MODULE="load_settings",
        BENCH_STATIC_ROOT=str(tmp / "static"),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        REDIS_URL=args.redis_url,
        ALLOWED_HOSTS=HOSTS,
        SECURE_SSL_REDIRECT="0",
        MEDIA_ROOT=str(tmp / "media"),
        PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
        AXES_FAILURE_LIMIT="1000",
    )
    processes = Processes()
    try:
        print(f"database {database_url} (recreated); broker and cache {args.redis_url}")
        recreate_database(database_url)
        manage = [PYTHON, ROOT / "manage.py"]
        run([*manage, "migrate", "--noinput", "-v0"], env=env, log=tmp / "migrate.log")
        collect_static(tmp, env)
        fixture = [PYTHON, ROOT / "bench" / "load_fixture.py", "--officials", args.officials,
                   "--reports", args.reports]  # fmt: skip
        officials = json.loads(run(fixture, env=env, log=tmp / "fixture.log").splitlines()[-1])
        worker = processes.start(
            "worker",
            [CELERY, "-A", "portal", "worker", "-l", "warning", "-c", "1", "--without-heartbeat",
             "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, log=tmp / "worker.log",
        )  # fmt: skip
        port = free_port()
        command = gunicorn_args(GUNICORN, "portal.wsgi:application", port, args.workers)
        command += ["--threads", args.threads]
        server = processes.start("gunicorn", command, cwd=ROOT, env=env, log=tmp / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        wait_ready(f"{base}/healthz", server, processes)
        print(f"{len(officials)} officials, {args.think} s think time, {args.duration:.0f} s, "
              f"gunicorn {args.workers} workers x {args.threads} threads on {base}")  # fmt: skip

        stats, stop = Stats(), threading.Event()
        people = [
            Official(base, username, reports, stats, args, stop) for username, reports in officials
        ]
        # Logins first, --login-batch at a time, outside the measured window: officials sign
        # in through the morning, not all in one second (a PBKDF2 check costs about half a
        # second of CPU).
        login_started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.login_batch) as pool:
            signed_in = list(pool.map(Official.login, people))
        threads = [
            threading.Thread(target=person.run, daemon=True)
            for person, ok in zip(people, signed_in, strict=True)
            if ok
        ]
        for thread in threads:
            thread.start()
        logins = sorted(stats.times["login"])
        print(f"logins: {len(logins)} in {time.perf_counter() - login_started:.0f} s, "
              f"p50 {percentile(logins, 50) * 1000:.0f} ms, p95 {percentile(logins, 95) * 1000:.0f} ms")  # fmt: skip
        for kind in ("login_form", "login"):
            stats.times.pop(kind, None)
        stats.statuses.clear()
        groups = {"gunicorn": server.pid, "worker": worker.pid}
        cpu_before = cpu_snapshot(database_url, groups)
        started = time.perf_counter()
        stats.window_open.set()
        stop.wait(args.duration)
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
        elapsed = time.perf_counter() - started
        cpu_after = cpu_snapshot(database_url, groups)
        if worker.poll() is not None:
            print("worker exited:\n" + tail(tmp / "worker.log"))
        counts = json.loads(
            run([*manage, "shell", "-c", COUNT_ROWS], env=env, log=tmp / "count.log")
            .strip()
            .splitlines()[-1]
        )
        report(stats, elapsed, counts)
        cpu_report(cpu_before, cpu_after, sum(len(t) for t in stats.times.values()), elapsed)
    finally:
        processes.stop_all()
        if not args.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"logs in {tmp}")


if __name__ == "__main__":
    main()
