"""Public pages and search of issue 17, measured side by side in one run.

    .venv/bin/python bench/public_bench.py [--duration 10] [--rounds 3] [--search]

Builds, in a temporary directory:
- the anchor: Wagtail (``--wagtail-version``, in a throwaway virtual environment) with
  Wagtail's own project template, one article page carrying seed 001's text, SQLite,
  DEBUG off, under gunicorn;
- the framework floor: a bare Django view returning the portal's cached article page's
  bytes from memory (``bench/floor_site.py``), under gunicorn;
- the machine floor: nginx serving those bytes as a file;
- the portal under gunicorn with production settings (``bench/public_settings.py``: only
  STATIC_ROOT moved into the temporary directory), on a database of its own, recreated,
  migrated and seeded with ``seed_demo`` and seed 001 imported and published
  (``bench/public_fixture.py``), with its own Redis database (emptied), and a second
  portal server whose caches are all DummyCache (``BENCH_CACHE=off``).
Every gunicorn has the same number of sync workers (``--workers``, default 2). Then wrk
warms every target up and measures them in interleaved rounds (round 1: every target,
round 2: every target, ...), and a table gives req/s per round, the median and the
ratios against the Wagtail page and against the framework floor, round by round.

``--search`` adds the search part on a second database: ``--articles`` generated articles
(``search_bench``'s generator), the portal with caches off, uncached ``/search/`` p50/p95
over HTTP per term, the recall a user gets by following the result pages to the end
(against the generator's truth), and the first searches of a freshly started worker.

Every process it starts is stopped on exit, on error and on Ctrl-C. Not part of the test
suite; see bench/README.md.
"""

import argparse
import contextlib
import html
import html.parser
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from _common import ensure_database, recreate_database

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"
DEFAULT_SEED = ROOT.parent / "shared" / "seeds" / "001_0eb3708fd6ee1e52.txt"
SEARCH_TERMS = ["党建", "红色物业", "网格化", "網格化", "党建引领", "双报到", "志愿服务"]
PAGE_SEARCH_TERM = "党建"
HOSTS = "127.0.0.1,localhost"


# --- processes ----------------------------------------------------------------------------


class Processes:
    """The long-running processes of this run (each in its own process group, so its
    workers go with it), stopped in reverse order."""

    def __init__(self) -> None:
        self.running: list[tuple[str, subprocess.Popen, Path]] = []

    def start(self, name: str, args: list, *, cwd: Path, env: dict, log: Path) -> subprocess.Popen:
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [str(a) for a in args],
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append((name, proc, log))
        return proc

    def named(self, name: str) -> subprocess.Popen:
        return next(p for n, p, _log in self.running if n == name)

    def log_of(self, proc: subprocess.Popen) -> Path:
        return next(log for _n, p, log in self.running if p is proc)

    def stop(self, proc: subprocess.Popen) -> None:
        for group_signal, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, group_signal)
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # Workers whose master is gone are still in the group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        self.running = [entry for entry in self.running if entry[1] is not proc]

    def stop_all(self) -> None:
        for _name, proc, _log in reversed(list(self.running)):
            self.stop(proc)


def _raise_exit(signum, _frame):
    raise SystemExit(128 + signum)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def run(args: list, *, cwd: Path = ROOT, env: dict | None = None, log: Path) -> str:
    """Run a setup step to its end; its output goes to ``log`` and is returned."""
    with log.open("wb") as out:
        result = subprocess.run(
            [str(a) for a in args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0:
        sys.exit(f"step failed ({' '.join(str(a) for a in args)}):\n{tail(log)}")
    return log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url: str, *, timeout: float = 60) -> tuple[int, str, bytes]:
    """Status, final URL (redirects followed) and body."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.geturl(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, url, exc.read()


def wait_ready(url: str, proc: subprocess.Popen, processes: Processes, *, timeout=120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server for {url} exited:\n{tail(processes.log_of(proc))}")
        with contextlib.suppress(OSError):
            status, _url, _body = http_get(url, timeout=5)
            if status == 200:
                return
        time.sleep(0.3)
    sys.exit(f"{url} not ready after {timeout} s:\n{tail(processes.log_of(proc))}")


def gunicorn_args(gunicorn: Path, app: str, port: int, workers: int) -> list:
    return [
        gunicorn,
        app,
        "--workers",
        workers,
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        # gunicorn 27's control socket has one default path for every instance.
        "--no-control-socket",
    ]


# --- the portal ---------------------------------------------------------------------------


def portal_env(args, tmp: Path, database_url: str, *, cache: bool) -> dict:
    env = dict(os.environ)
    env.pop("DJANGO_DEBUG", None)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.public_settings",
        BENCH_STATIC_ROOT=str(tmp / "static"),
        DJANGO_SECRET_KEY=args.secret_key,
        DATABASE_URL=database_url,
        REDIS_URL=args.redis_url,
        ALLOWED_HOSTS=HOSTS,
        SECURE_SSL_REDIRECT="0",
        MEDIA_ROOT=str(tmp / "media"),
        PYTHONPATH=str(ROOT),
    )
    env["BENCH_CACHE"] = "on" if cache else "off"
    return env


def start_portal(
    args, tmp, processes, env, name: str, *, workers: int
) -> tuple[str, subprocess.Popen]:
    port = free_port()
    proc = processes.start(
        name,
        gunicorn_args(GUNICORN, "portal.wsgi:application", port, workers),
        cwd=ROOT,  # a gunicorn.conf.py in the project, if any, applies as in production
        env=env,
        log=tmp / f"{name}.log",
    )
    base = f"http://127.0.0.1:{port}"
    wait_ready(f"{base}/healthz", proc, processes)
    return base, proc


def collect_static(tmp: Path, env: dict) -> None:
    if not (tmp / "static").exists():
        command = [PYTHON, ROOT / "manage.py", "collectstatic", "--noinput", "-v0"]
        run(command, env=env, log=tmp / "collectstatic.log")


def setup_portal(args, tmp: Path) -> tuple[dict, dict]:
    """The public database recreated, migrated, seeded, seed 001 published; static files
    collected; the caches emptied. Returns the paths to request and the environment."""
    database_url = f"{args.db}/{args.public_db}"
    print(f"portal: database {database_url} (recreated), cache {args.redis_url} (emptied)")
    recreate_database(database_url)
    env = portal_env(args, tmp, database_url, cache=True)
    manage = [PYTHON, ROOT / "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env=env, log=tmp / "migrate.log")
    run([*manage, "seed_demo"], env=env, log=tmp / "seed_demo.log")
    collect_static(tmp, env)
    out = run([PYTHON, BENCH / "public_fixture.py", args.seed], env=env, log=tmp / "fixture.log")
    paths = json.loads(out.strip().splitlines()[-1])
    return paths, env


# --- the anchor: Wagtail ------------------------------------------------------------------

WAGTAIL_MODEL = '''

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField


class ArticlePage(Page):
    """An interview article as an editor would set it up: a title and a rich-text body."""

    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
'''

WAGTAIL_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}

{% block body_class %}template-articlepage{% endblock %}

{% block content %}
<article>
    <h1>{{ page.title }}</h1>
    <p class="meta">{{ page.first_published_at|date:"Y-m-d" }}</p>
    {{ page.body|richtext }}
</article>
{% endblock content %}
"""

WAGTAIL_PAGE = """
import html, os
from pathlib import Path
from home.models import ArticlePage, HomePage

lines = Path(os.environ["BENCH_SEED_TEXT"]).read_text(encoding="utf-8").splitlines()
body = "".join(f"<p>{html.escape(line.strip())}</p>" for line in lines if line.strip())
page = ArticlePage(title=os.environ["BENCH_TITLE"], slug="article", body=body)
HomePage.objects.get(slug="home").add_child(instance=page)
page.save_revision().publish()
print(page.url)
"""


def pinned_gunicorn() -> str:
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.lower().startswith("gunicorn=="):
            return line.strip()
    return "gunicorn"


def seed_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8", "gb18030"):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(encoding)
    return data.decode("utf-8", errors="replace")


def setup_wagtail(args, tmp: Path, processes: Processes, title: str) -> tuple[str, dict]:
    work = tmp / "wagtail"
    work.mkdir()
    if args.wagtail_venv:
        venv = Path(args.wagtail_venv)
        print(f"wagtail: reusing the virtual environment {venv}")
    else:
        venv = work / "venv"
        print(f"wagtail: installing wagtail=={args.wagtail_version} into {venv}")
        run([PYTHON, "-m", "venv", venv], log=work / "venv.log")
        run(
            [
                venv / "bin/python",
                "-m",
                "pip",
                "install",
                "-q",
                f"wagtail=={args.wagtail_version}",
                pinned_gunicorn(),
            ],
            log=work / "pip.log",
        )
    versions = {}
    for package in ("wagtail", "django", "gunicorn"):
        out = run(
            [venv / "bin/python", "-c", f"import {package}; print({package}.__version__)"],
            log=work / "version.log",
        )
        versions[package] = out.strip()
    site = work / "site"
    site.mkdir()
    run([venv / "bin/wagtail", "start", "anchor", site], log=work / "start.log")
    with (site / "home/models.py").open("a") as models:
        models.write(WAGTAIL_MODEL)
    (site / "home/templates/home/article_page.html").write_text(WAGTAIL_TEMPLATE)
    (site / "anchor/settings/local.py").write_text(
        f"SECRET_KEY = {args.secret_key!r}\nALLOWED_HOSTS = {HOSTS.split(',')!r}\n"
    )
    text_file = work / "seed.txt"
    text_file.write_text(seed_text(Path(args.seed)), encoding="utf-8")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "anchor.settings.production",
        "BENCH_SEED_TEXT": str(text_file),
        "BENCH_TITLE": title,
    }
    env.pop("PYTHONPATH", None)
    manage = [venv / "bin/python", "manage.py"]
    run([*manage, "makemigrations", "home"], cwd=site, env=env, log=work / "makemigrations.log")
    run([*manage, "migrate", "--noinput", "-v0"], cwd=site, env=env, log=work / "migrate.log")
    run(
        [*manage, "collectstatic", "--noinput", "-v0"],
        cwd=site,
        env=env,
        log=work / "collectstatic.log",
    )
    out = run([*manage, "shell", "-c", WAGTAIL_PAGE], cwd=site, env=env, log=work / "page.log")
    page_path = out.strip().splitlines()[-1]
    port = free_port()
    proc = processes.start(
        "wagtail",
        gunicorn_args(venv / "bin/gunicorn", "anchor.wsgi:application", port, args.workers),
        cwd=site,
        env=env,
        log=work / "gunicorn.log",
    )
    url = f"http://127.0.0.1:{port}{page_path}"
    wait_ready(url, proc, processes)
    return url, versions


# --- the floors ---------------------------------------------------------------------------


def start_floor(args, tmp: Path, processes: Processes, body_file: Path) -> str:
    port = free_port()
    env = {**os.environ, "BENCH_FLOOR_FILE": str(body_file), "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = processes.start(
        "floor",
        gunicorn_args(GUNICORN, "bench.floor_site:application", port, args.workers),
        cwd=tmp,  # not the project: its gunicorn.conf.py, if any, is the portal's
        env=env,
        log=tmp / "floor.log",
    )
    url = f"http://127.0.0.1:{port}/"
    wait_ready(url, proc, processes)
    return url


NGINX_CONF = """daemon off;
worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types {{ text/html html; }}
    charset utf-8;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""


def start_nginx(args, tmp: Path, processes: Processes, www: Path) -> str:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=args.workers, tmp=tmp, port=port, root=www))
    # nginx's workers run as an unprivileged user when started as root: let them read.
    for directory in (tmp, www):
        directory.chmod(0o755)
    (www / "article.html").chmod(0o644)
    proc = processes.start(
        "nginx",
        [nginx, "-e", tmp / "nginx-error.log", "-p", tmp, "-c", conf],
        cwd=tmp,
        env=dict(os.environ),
        log=tmp / "nginx.log",
    )
    url = f"http://127.0.0.1:{port}/article.html"
    wait_ready(url, proc, processes)
    return url


def ensure_tools() -> None:
    missing = [
        tool
        for tool in ("nginx", "wrk")
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()
    ]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(f"missing {', '.join(missing)}: apt-get install -y nginx wrk (as root)")
    print(f"installing {' '.join(missing)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=env, check=True)


# --- wrk ----------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    label: str
    url: str = ""
    rates: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    size: int = 0
    # CPU seconds used so far by the processes that serve this target (None: not known)
    cpu: Callable[[], float] | None = None
    cpu_ms: list[float] = field(default_factory=list)  # per request, per round


def _cpu_seconds(pids) -> float:
    """CPU time of ``pids`` (those still running), every thread of each, from /proc: the
    scheduler's nanoseconds on a CPU (``schedstat``), or utime + stime in clock ticks
    (10 ms: too coarse for one request) where the kernel keeps no schedstat."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            tasks = list(Path(f"/proc/{pid}/task").glob("*/schedstat"))
            if tasks:
                total += sum(int(t.read_text().split()[0]) for t in tasks) / 1e9
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[2]) == pgid:
                pids.append(int(stat.parent.name))
    return pids


def server_cpu(proc: subprocess.Popen, database_url: str | None = None) -> Callable[[], float]:
    """CPU seconds of a server's process group (master and workers, each started in a
    group of its own) and, with ``database_url``, of the PostgreSQL backends connected to
    that database: targets are measured one at a time, so what the backends use meanwhile
    is that target's. Wagtail's SQLite runs inside its workers."""

    def backends() -> list[int]:
        if database_url is None:
            return []
        server, _slash, name = database_url.rpartition("/")
        out = subprocess.run(
            [
                "psql",
                f"{server}/postgres",
                "-Atc",
                f"SELECT pid FROM pg_stat_activity WHERE datname = '{name}'",
            ],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        ).stdout
        return [int(line) for line in out.split() if line.isdigit()]

    return lambda: _cpu_seconds(_group_pids(proc.pid) + backends())


def wrk(args, url: str, duration: int) -> tuple[float, str, int]:
    result = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            url,
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    out = result.stdout + result.stderr
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if result.returncode != 0 or rate is None:
        sys.exit(f"wrk failed on {url}:\n{out}")
    problems = []
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non_2xx:
        problems.append(f"{non_2xx.group(1)} non-2xx")
    sockets = re.search(r"Socket errors: (.*)", out)
    if sockets:
        problems.append(f"socket errors: {sockets.group(1).strip()}")
    requests = re.search(r"(\d+) requests in", out)
    return float(rate.group(1)), "; ".join(problems), int(requests.group(1)) if requests else 0


def quote_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(
        parts._replace(
            path=urllib.parse.quote(parts.path, safe="/%"),
            query=urllib.parse.quote(parts.query, safe="=&%+"),
        )
    )


def measure(args, targets: list[Target]) -> None:
    print(f"\nwarm-up: {args.warmup} s per target")
    for target in targets:
        wrk(args, target.url, args.warmup)
    for round_number in range(1, args.rounds + 1):
        print(f"round {round_number}/{args.rounds}:", end="", flush=True)
        for target in targets:
            before = target.cpu() if target.cpu else None
            rate, problems, requests = wrk(args, target.url, args.duration)
            if before is not None and requests:
                target.cpu_ms.append((target.cpu() - before) * 1000 / requests)
            target.rates.append(rate)
            if problems:
                target.errors.append(f"round {round_number}: {problems}")
            print(f"  {target.name} {rate:,.0f}", end="", flush=True)
        print()


# --- reporting ----------------------------------------------------------------------------


def span(values: list[float], fmt: str, suffix: str = "") -> str:
    low, high = min(values), max(values)
    if f"{low:{fmt}}" == f"{high:{fmt}}":
        return f"{low:{fmt}}{suffix}"
    return f"{low:{fmt}}-{high:{fmt}}{suffix}"


def ratio_fmt(values: list[float]) -> str:
    return ".2f" if max(values) < 1 else ".1f"


def table(targets: list[Target]) -> list[str]:
    by_name = {t.name: t for t in targets}
    anchor, floor = by_name.get("wagtail"), by_name.get("floor")
    rounds = max(len(t.rates) for t in targets)
    head = " | ".join(f"round {n}" for n in range(1, rounds + 1))
    lines = [
        f"| target | {head} | median | vs Wagtail | vs floor |",
        "|---|" + "---:|" * (rounds + 3),
    ]
    for target in targets:
        cells = [f"{rate:,.0f}" for rate in target.rates]
        versus = []
        # As in the issue: the floors are not compared with the anchor, nginx with neither.
        for base, skip in ((anchor, ("floor", "nginx")), (floor, ("nginx",))):
            if base is None or target.name in skip:
                versus.append("")
            elif base is target:
                versus.append("1")
            else:
                ratios = [t / b for t, b in zip(target.rates, base.rates, strict=True)]
                versus.append(span(ratios, ratio_fmt(ratios), "x" if base is anchor else ""))
        lines.append(
            f"| {target.label} | {' | '.join(cells)} | {statistics.median(target.rates):,.0f} | "
            f"{versus[0]} | {versus[1]} |"
        )
    return lines


def cpu_table(targets: list[Target]) -> list[str]:
    """CPU milliseconds per request, per round: what the machine spends on one page
    whatever else runs on it (req/s under a shared load varies by 2x between rounds)."""
    measured = [t for t in targets if t.cpu_ms]
    if not measured:
        return []
    anchor = next((t for t in measured if t.name == "wagtail"), None)
    rounds = max(len(t.cpu_ms) for t in measured)
    head = " | ".join(f"round {n}" for n in range(1, rounds + 1))
    lines = [
        "CPU ms per request (the server's processes, and for the portal its PostgreSQL "
        "backends; vs Wagtail: Wagtail's CPU per request over this one's, per round):",
        "",
        f"| target | {head} | median | vs Wagtail |",
        "|---|" + "---:|" * (rounds + 2),
    ]
    for target in measured:
        versus = ""
        if anchor is target:
            versus = "1"
        elif anchor is not None and len(anchor.cpu_ms) == len(target.cpu_ms):
            ratios = [a / t for a, t in zip(anchor.cpu_ms, target.cpu_ms, strict=True) if t]
            versus = span(ratios, ratio_fmt(ratios), "x") if ratios else ""
        cells = " | ".join(f"{ms:.2f}" for ms in target.cpu_ms)
        lines.append(
            f"| {target.label} | {cells} | {statistics.median(target.cpu_ms):.2f} | {versus} |"
        )
    return lines


# --- search -------------------------------------------------------------------------------


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.next: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        href = attributes.get("href")
        if tag not in ("a", "link") or not href:
            return
        self.hrefs.append(href)
        if self.next is None and "next" in (attributes.get("rel") or "").split():
            self.next = href


GENERATED = re.compile(r"/articles/(bench-\d+)/")


def _page_number(url: str) -> int:
    value = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("page", ["1"])[0]
    return int(value) if value.isdigit() else 1


def next_page(url: str, links: Links) -> str | None:
    """The next result page: a link marked rel="next", else a link to page n+1 of the same
    query."""
    if links.next:
        return urllib.parse.urljoin(url, links.next)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("q")
    wanted = _page_number(url) + 1
    for href in links.hrefs:
        candidate = urllib.parse.urljoin(url, href)
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(candidate).query)
        if params.get("page") == [str(wanted)] and params.get("q") == query:
            return candidate
    return None


def follow_pages(base: str, term: str, max_pages: int) -> tuple[set[str], int, int, bool]:
    """Generated articles a user reaches by following the result pages of ``term`` to the
    end: (slugs, pages read, slugs on page 1, stopped by --max-pages)."""
    url = f"{base}/search/?q={urllib.parse.quote(term)}"
    found: set[str] = set()
    seen: set[str] = set()
    first_page = 0
    while url and url not in seen:
        if max_pages and len(seen) >= max_pages:
            return found, len(seen), first_page, True
        seen.add(url)
        status, final, body = http_get(url)
        if status != 200:
            sys.exit(f"search page {url} answered {status}")
        links = Links()
        links.feed(body.decode("utf-8", errors="replace"))
        slugs = {m.group(1) for href in links.hrefs if (m := GENERATED.search(href))}
        if len(seen) == 1:
            first_page = len(slugs)
        found |= slugs
        url = next_page(final, links)
    return found, len(seen), first_page, False


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def timed_get(url: str) -> float:
    started = time.perf_counter()
    status, _final, _body = http_get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        sys.exit(f"{url} answered {status}")
    return elapsed


def search_part(args, tmp: Path, processes: Processes) -> list[str]:
    database_url = f"{args.db}/{args.search_db}"
    print(f"\nsearch: database {database_url}, {args.articles:,} generated articles")
    ensure_database(database_url)
    env = portal_env(args, tmp, database_url, cache=False)
    truth_file = tmp / "truth.json"
    fixture = [PYTHON, BENCH / "public_search_fixture.py", "--articles", args.articles]
    fixture += ["--truth", truth_file, *(["--reuse"] if args.reuse_corpus else []), *args.terms]
    started = time.perf_counter()
    run(fixture, env=env, log=tmp / "search_fixture.log")
    collect_static(tmp, env)
    print(f"search: corpus ready in {time.perf_counter() - started:.0f} s")
    truth = {term: set(slugs) for term, slugs in json.loads(truth_file.read_text()).items()}
    lines = [f"Search, {args.articles:,} generated articles, caches off, over HTTP", ""]

    # Workers that have just started: their first searches, one after another. The first
    # worker's also bring the term's index pages into the database's buffers; the second
    # worker's show what a worker alone pays for, as a worker started beside others would.
    # The server's CPU per request (the worker's process group and the database's
    # backends) moves far less than the times when other jobs share the machine.
    fresh_term = args.terms[0]
    fresh_path = f"/search/?q={urllib.parse.quote(fresh_term)}"
    for worker in ("first", "second"):
        base, proc = start_portal(args, tmp, processes, env, f"search-fresh-{worker}", workers=1)
        cpu = server_cpu(proc, database_url)
        fresh, fresh_cpu = [], []
        for _ in range(5):
            before = cpu()
            fresh.append(timed_get(base + fresh_path))
            fresh_cpu.append((cpu() - before) * 1000)
        processes.stop(proc)
        lines.append(
            f"First searches for {fresh_term} on the {worker} fresh worker (after /healthz "
            f"answered): {', '.join(f'{ms:.0f}' for ms in fresh)} ms; server CPU "
            f"{', '.join(f'{ms:.1f}' for ms in fresh_cpu)} ms"
        )
    lines.append("")

    base, _proc = start_portal(args, tmp, processes, env, "search", workers=args.workers)
    urls = {term: f"{base}/search/?q={urllib.parse.quote(term)}" for term in args.terms}
    for url in urls.values():  # the database's buffers and every worker's first search
        for _ in range(args.workers):
            timed_get(url)
    times: dict[str, list[float]] = {term: [] for term in args.terms}
    for _round in range(args.search_rounds):
        for term, url in urls.items():
            times[term].append(timed_get(url))
    print("search: latency measured; following the result pages ...")

    lines += [
        "| query | matches | p50 ms | p95 ms | on page 1 | pages | reached | recall | precision |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for term in args.terms:
        started = time.perf_counter()
        found, pages, first_page, capped = follow_pages(base, term, args.max_pages)
        walked = time.perf_counter() - started
        expected = truth[term]
        hits = len(found & expected)
        recall = hits / len(expected) if expected else 1.0
        precision = hits / len(found) if found else 1.0
        pages_cell = f"{pages}{' (capped)' if capped else ''}"
        lines.append(
            f"| {term} | {len(expected):,} | {percentile(times[term], 50):.1f} | "
            f"{percentile(times[term], 95):.1f} | {first_page} | {pages_cell} | {hits:,} | "
            f"{recall:.1%} | {precision:.3f} |"
        )
        print(f"  {term}: {pages} pages in {walked:.1f} s, recall {recall:.1%}")
    lines += [
        "",
        f"p50/p95: {args.search_rounds} requests per query, interleaved, after a warm-up; "
        "matches: generated articles whose text holds the term (Simplified); on page 1 / "
        "reached: generated articles linked from the first page / from all pages followed.",
    ]
    return lines


# --- main ---------------------------------------------------------------------------------


def pages_part(args, tmp: Path, processes: Processes) -> list[str]:
    paths, env = setup_portal(args, tmp)
    cached, _proc = start_portal(args, tmp, processes, env, "portal", workers=args.workers)
    env_off = portal_env(args, tmp, env["DATABASE_URL"], cache=False)
    uncached, _proc = start_portal(
        args, tmp, processes, env_off, "portal-nocache", workers=args.workers
    )

    # The bytes of the cached article page (second request onward) feed both floors.
    article_url = cached + paths["article"]
    for _ in range(2):
        status, article_url, body = http_get(article_url)
        if status != 200:
            sys.exit(f"{article_url} answered {status}")
    www = tmp / "www"
    www.mkdir()
    (www / "article.html").write_bytes(body)

    search_path = f"{paths['search']}?q={urllib.parse.quote(PAGE_SEARCH_TERM)}"
    portal_targets = {
        "article": ("our article page, cached", cached + paths["article"]),
        "article_nocache": ("our article page, cache off", uncached + paths["article"]),
        "unit": ("our unit page (和平街道)", cached + paths["unit"]),
        "unit_nocache": ("our unit page (和平街道), cache off", uncached + paths["unit"]),
        "units": ("our unit list", cached + paths["unit_list"]),
        "units_nocache": ("our unit list, cache off", uncached + paths["unit_list"]),
        "articles": ("our /articles/", cached + paths["article_list"]),
        "articles_nocache": ("our /articles/, cache off", uncached + paths["article_list"]),
        "search": (f"our /search/?q={PAGE_SEARCH_TERM}", cached + search_path),
        "search_nocache": (f"our /search/?q={PAGE_SEARCH_TERM}, cache off", uncached + search_path),
    }
    wagtail_url, versions = setup_wagtail(args, tmp, processes, paths["article_headline"])
    floor_url = start_floor(args, tmp, processes, www / "article.html")
    nginx_url = start_nginx(args, tmp, processes, www)
    urls = {
        "wagtail": (f"Wagtail {versions['wagtail']} page", wagtail_url),
        "floor": ("framework floor (bare Django view)", floor_url),
        "nginx": ("nginx file", nginx_url),
        **portal_targets,
    }
    unknown = [name for name in args.targets if name not in urls]
    if unknown:
        sys.exit(f"unknown targets {unknown}; known: {', '.join(urls)}")

    targets = []
    print("\ntargets:")
    for name in args.targets:
        label, url = urls[name]
        status, final, body = http_get(url)
        if status != 200:
            sys.exit(f"{name}: {url} answered {status}")
        if name in ("wagtail", "floor", "nginx"):
            cpu = server_cpu(processes.named(name))
        else:
            server = "portal-nocache" if name.endswith("_nocache") else "portal"
            cpu = server_cpu(processes.named(server), env["DATABASE_URL"])
        target = Target(name, label, quote_url(final), size=len(body), cpu=cpu)
        print(f"  {name:<17} {len(body):>7,} bytes  {final}")
        targets.append(target)
    checks = {"wagtail": paths["article_headline"], "article": paths["article_headline"]}
    for target in targets:
        needle = checks.get(target.name)
        if needle and needle not in http_get(target.url)[2].decode("utf-8", errors="replace"):
            sys.exit(f"{target.name}: the page does not carry the article's headline")

    load_before = os.getloadavg()[0]  # the machine is shared: say how busy it was
    measure(args, targets)
    lines = [
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.rounds} "
        f"interleaved rounds after a {args.warmup} s warm-up; gunicorn {args.workers} sync "
        f"workers each; Wagtail {versions['wagtail']} on Django {versions['django']}, "
        f"gunicorn {versions['gunicorn']}; {os.cpu_count()} CPUs, 1-minute load average "
        f"{load_before:.2f} before the warm-up, {os.getloadavg()[0]:.2f} at the end",
        "",
        *table(targets),
    ]
    notes = [f"- {t.label}: {'; '.join(t.errors)}" for t in targets if t.errors]
    if notes:
        lines += ["", "Errors seen by wrk:", *notes]
    cpu = cpu_table(targets)
    if cpu:
        lines += ["", *cpu]
    lines += ["", "Page sizes: " + ", ".join(f"{t.name} {t.size:,} B" for t in targets)]
    return lines


def parse_args(argv=None):
    default_targets = "wagtail,floor,nginx,article,article_nocache,unit,units,articles,search"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up (3)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c (16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument(
        "--targets",
        default=default_targets,
        help=f"comma-separated ({default_targets}; also unit_nocache, units_nocache, "
        "articles_nocache, search_nocache)",
    )
    parser.add_argument("--search", action="store_true", help="add the search part")
    parser.add_argument("--search-only", action="store_true", help="the search part alone")
    parser.add_argument("--articles", type=int, default=100_000, help="generated articles")
    parser.add_argument("--search-rounds", type=int, default=30, help="requests per query")
    parser.add_argument("--terms", default=",".join(SEARCH_TERMS))
    parser.add_argument(
        "--max-pages", type=int, default=0, help="stop following result pages (0: never)"
    )
    parser.add_argument(
        "--reuse-corpus",
        action="store_true",
        help="keep the generated articles of a previous run if their number matches",
    )
    parser.add_argument(
        "--db",
        default=os.environ.get("BENCH_DB", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL without a database ($BENCH_DB)",
    )
    parser.add_argument("--public-db", default="portal_bench_public")
    parser.add_argument("--search-db", default="portal_bench_public_search")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        help="a Redis database for the bench alone: it is emptied ($BENCH_REDIS_URL)",
    )
    parser.add_argument("--seed", default=os.environ.get("BENCH_SEED", str(DEFAULT_SEED)))
    parser.add_argument("--wagtail-version", default="8.0.1")
    parser.add_argument("--wagtail-venv", help="reuse this Wagtail virtual environment")
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary directory")
    parser.add_argument("--output", help="also write the report to this file")
    args = parser.parse_args(argv)
    args.targets = [t for t in args.targets.split(",") if t]
    args.terms = [t for t in args.terms.split(",") if t]
    args.db = args.db.rstrip("/")
    args.secret_key = secrets.token_urlsafe(50)
    if not Path(args.seed).is_file():
        parser.error(f"seed file not found: {args.seed}")
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_exit)
    # Also when started in the background of a script, where SIGINT comes in ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    tmp = Path(tempfile.mkdtemp(prefix="public_bench_"))
    processes = Processes()
    report: list[str] = []
    try:
        if not args.search_only:
            ensure_tools()
            report += pages_part(args, tmp, processes)
            processes.stop_all()
        if args.search or args.search_only:
            report += ["", *search_part(args, tmp, processes)]
    finally:
        processes.stop_all()
        if args.keep_temp:
            print(f"\ntemporary files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("\n" + "\n".join(report))
    if args.output:
        Path(args.output).write_text("\n".join(report) + "\n")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted: every process this run started is stopped")
