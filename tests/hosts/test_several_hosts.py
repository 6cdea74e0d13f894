"""Several hosts, proven on one machine (issue 18): two web hosts running gunicorn with the
production settings behind nginx on a third address, two worker hosts (Celery worker with
beat on each), PostgreSQL and Redis on the machine, moto's server as the S3 object store.
Each host is a network namespace of its own (``tests/hosts/cluster.py``), so nothing of one
host's memory or disk reaches the other: what passes here passes because it is in the
database, in Redis or in the buckets.

Everything a reader does goes through HTTP; the test reads the database only to find ids,
to hold a lock that keeps a build's pieces running while a worker host dies, and to check
what the workers did (task results). Skips with the reason where namespaces cannot be
made; removes its namespaces, processes and database even when it fails."""

import datetime as dt
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from initiatives.places.models import DISTRICT_KINDS
from tests.conftest import missing_service

from .cluster import BIN, PUBLIC_NAME, ROOT, S3_KEY, S3_SECRET, Cluster, Unavailable, run, wait_for
from .web import Reader, form, text

pytestmark = pytest.mark.hosts

PG_ADMIN_URL = os.environ.get("HOSTS_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PASSWORD = "demo-pass-2026"  # settings.DEMO_PASSWORD: the demo accounts seed_demo makes
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def nginx_conf(cluster: Cluster, run_dir: Path) -> str:
    """The configuration of README's deployment section, with the test's addresses and
    files (the temp paths and ``user`` only because the test runs it from a folder)."""
    return f"""
user root;
worker_processes 1;
pid {run_dir}/nginx.pid;
error_log {run_dir}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log {run_dir}/nginx-access.log;
    client_body_temp_path {run_dir}/body;
    proxy_temp_path {run_dir}/proxy;
    fastcgi_temp_path {run_dir}/fastcgi;
    uwsgi_temp_path {run_dir}/uwsgi;
    scgi_temp_path {run_dir}/scgi;

    upstream portal_web {{
        server {cluster.ip("web-a")}:8000 max_fails=1 fail_timeout=10s;
        server {cluster.ip("web-b")}:8000 max_fails=1 fail_timeout=10s;
    }}
    upstream portal_media {{
        server {cluster.ip("machine")}:{cluster.s3_port};
    }}

    server {{
        listen 80;
        server_name {PUBLIC_NAME};
        return 301 https://$host$request_uri;
    }}
    server {{
        listen 443 ssl;
        server_name {PUBLIC_NAME};
        ssl_certificate {run_dir}/cert.pem;
        ssl_certificate_key {run_dir}/key.pem;
        client_max_body_size 30m;

        # Article photos: the media bucket, read-only. The private bucket has no location;
        # report photos kept in the media bucket by an older release are not served.
        location ^~ /media/reports/ {{
            return 404;
        }}
        location /media/ {{
            limit_except GET HEAD {{ deny all; }}
            proxy_pass http://portal_media/portal-media/;
            proxy_hide_header x-amz-request-id;
            proxy_hide_header x-amz-id-2;
        }}
        location / {{
            proxy_pass http://portal_web;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto https;
            proxy_next_upstream error timeout http_502;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def png(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), colour).save(buffer, format="PNG")
    return buffer.getvalue()


VISIBILITY_TIMEOUT = 12  # the workers': a dead host's piece is back on the queue this soon
RESTORE_INTERVAL = max(1, VISIBILITY_TIMEOUT // 4)  # how often a worker looks (settings)
BUILD_PIECES = 8  # about this many pieces per summary build


def _longest_demo_build(release_log: str) -> float:
    """Seconds of the slowest weekly build of seed_demo (the time between its log line and
    the one before: each is one whole week built in one process)."""
    stamps = [
        dt.datetime.strptime(m, "%Y-%m-%d %H:%M:%S,%f")
        for m in re.findall(r"^(\S+ \S+) INFO \S+ built \d+ summaries for week", release_log, re.M)
    ]
    gaps = [(b - a).total_seconds() for a, b in zip(stamps, stamps[1:], strict=False)]
    assert gaps, f"no demo builds in the release log:\n{release_log[-2000:]}"
    return max(gaps)


def _piece_seconds(log: str) -> list[float]:
    return [
        float(x)
        for x in re.findall(rf"{re.escape(PIECE)}\[[0-9a-f-]+\] succeeded in ([0-9.]+)s", log)
    ]


def _need(tool: str) -> str:
    path = shutil.which(tool) or (str(BIN / tool) if (BIN / tool).exists() else None)
    if not path:
        missing_service(f"{tool} is not installed (the several-hosts test needs it)")
    return path


def _start(cluster: Cluster) -> dict:
    nginx, redis_server, openssl = _need("nginx"), _need("redis-server"), _need("openssl")
    moto, python = _need("moto_server"), sys.executable
    try:
        import psycopg2

        psycopg2.connect(PG_ADMIN_URL, connect_timeout=3).close()
    except Exception as exc:
        missing_service(f"PostgreSQL at {PG_ADMIN_URL} does not answer: {exc}")
    try:
        cluster.build_network()
    except Unavailable as exc:
        missing_service(f"cannot build the hosts in network namespaces: {exc}")

    machine = cluster.ip("machine")
    pg = PG_ADMIN_URL.split("@", 1)[-1].split("/", 1)[0]
    pg_host, _, pg_port = pg.partition(":")
    cluster.forward(5432, (pg_host, int(pg_port or 5432)))
    cluster.spawn(
        "redis",
        [redis_server, "--bind", machine, "--port", str(cluster.redis_port), "--save", "",
         "--appendonly", "no", "--protected-mode", "no", "--dir", str(cluster.workdir)],
    )  # fmt: skip
    cluster.spawn("s3", [moto, "-H", machine, "-p", str(cluster.s3_port)])
    cluster.create_database()

    # The release: migrate and the demo data, from web host A; static files collected.
    web_env = cluster.portal_env()
    release = subprocess.Popen(
        ["ip", "netns", "exec", cluster.namespaces["web-a"], "sh", "-c",
         f"{python} manage.py migrate --noinput -v0 && {python} manage.py seed_demo"],
        cwd=ROOT, env=web_env, stdout=(cluster.workdir / "release.log").open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    cluster.processes["release"] = release
    cluster.logs["release"] = cluster.workdir / "release.log"
    static = subprocess.Popen(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=web_env, stdout=(cluster.workdir / "static.log").open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    cluster.processes["collectstatic"] = static

    run_dir = cluster.workdir / "nginx"
    run_dir.mkdir()
    run(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        f"/CN={PUBLIC_NAME}", "-keyout", str(run_dir / "key.pem"), "-out", str(run_dir / "cert.pem"))  # fmt: skip
    (run_dir / "nginx.conf").write_text(nginx_conf(cluster, run_dir))

    cluster.wait_port("machine", cluster.s3_port, timeout=30, name="s3")
    import boto3

    s3 = boto3.client(
        "s3", endpoint_url=cluster.s3_endpoint, aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET, region_name="us-east-1",
    )  # fmt: skip
    for bucket in ("portal-media", "portal-private"):
        s3.create_bucket(Bucket=bucket)
    # The media bucket is read anonymously (through nginx's /media/); the private one not.
    s3.put_bucket_policy(Bucket="portal-media", Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": "arn:aws:s3:::portal-media/*"}],
    }))  # fmt: skip

    wait_for(
        "the release (migrate, seed_demo)",
        lambda: release.poll() is not None,
        timeout=900,
        interval=1,
    )
    assert release.returncode == 0, cluster.log("release")[-3000:]
    wait_for("collectstatic", lambda: static.poll() is not None, timeout=300, interval=1)
    assert static.returncode == 0, (cluster.workdir / "static.log").read_text()[-3000:]

    for host in ("web-a", "web-b"):
        cluster.spawn(
            host,
            [str(BIN / "gunicorn"), "portal.wsgi", "-b", f"{cluster.ip(host)}:8000", "-w", "1",
             "--threads", "4", "--access-logfile", "-", "--timeout", "120"],
            host=host, env=web_env,
        )  # fmt: skip
    # The machine's pace: the demo's weekly builds, each one process building every summary
    # of a week (release.log). The build tests' patience derives from it and from the clean
    # build, not from seconds a loaded machine may not meet.
    cluster.measures["demo_week_build_s"] = _longest_demo_build(cluster.log("release"))
    # A handful of pieces per build whatever the size of the demo's tree (the real division
    # tree has hundreds of districts: one piece each took minutes of per-piece overhead).
    (districts,) = cluster.sql(
        "SELECT count(*) FROM initiatives_region WHERE kind = ANY(%s)",
        [[str(kind) for kind in DISTRICT_KINDS]],
    )[0]
    per_task = max(1, math.ceil(districts / BUILD_PIECES))
    cluster.measures.update(districts=districts, districts_per_piece=per_task)
    worker_env = cluster.portal_env(
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        BEAT_LOCK_SECONDS="6",
        SUMMARY_DISTRICTS_PER_TASK=str(per_task),
    )
    for host in ("worker-a", "worker-b"):
        cluster.spawn(
            host,
            [str(BIN / "celery"), "-A", "portal", "worker", "--beat", "--loglevel", "info",
             "--concurrency", "1", "--hostname", f"portal@{host}",
             "--schedule", str(cluster.workdir / f"beat-{host}")],
            host=host, env=worker_env,
        )  # fmt: skip
    cluster.spawn(
        "proxy", [nginx, "-c", str(run_dir / "nginx.conf"), "-g", "daemon off;"], host="proxy"
    )
    for host in ("web-a", "web-b"):
        cluster.wait_port(host, 8000, timeout=90, name=host)
    cluster.wait_port("proxy", 443, timeout=30, name="proxy")
    for host in ("worker-a", "worker-b"):
        wait_for(
            f"{host} ready",
            lambda h=host: " ready." in cluster.log(h),
            timeout=90,
            log=cluster.logs[host],
        )
    return {"s3": s3}


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("hosts"), pg_admin_url=PG_ADMIN_URL)
    try:
        extra = _start(cluster)
        cluster.s3 = extra["s3"]
        yield cluster
    finally:
        cluster.close()


def base(cluster: Cluster, host: str) -> str:
    return (
        f"https://{cluster.ip('proxy')}" if host == "proxy" else f"http://{cluster.ip(host)}:8000"
    )


def db_now(cluster: Cluster) -> dt.datetime:
    return cluster.sql("SELECT now()")[0][0]


def logged_in(cluster: Cluster, host: str, username: str) -> Reader:
    reader = Reader(base(cluster, host))
    response = reader.login(username, PASSWORD)
    assert response.status_code == 302, text(response)[-2000:]
    return reader


def messages_on(reader: Reader, response) -> str:
    """The page a redirect leads to, as the reader's browser would show it."""
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    return text(reader.get(location.replace(f"https://{PUBLIC_NAME}", "")))


# The scheduled article is set first: beat sends the publishing task once a minute, and
# the last test checks it went live once, after everything else has run.
SCHEDULED = {}


def test_nginx_spreads_the_pages_over_both_web_hosts(hosts):
    counts = {h: hosts.log(h).count('"GET /healthz') for h in ("web-a", "web-b")}
    proxy = Reader(base(hosts, "proxy"))
    for _ in range(6):
        response = proxy.get("/healthz")
        assert response.status_code == 200 and response.json()["database"] == "ok"
    static = proxy.get("/static/favicon.svg")
    assert static.status_code == 200 and b"<svg" in static.content  # whitenoise, on each host
    for h in ("web-a", "web-b"):
        assert hosts.log(h).count('"GET /healthz') > counts[h], f"{h} got none of the requests"
    plain = Reader(f"http://{hosts.ip('proxy')}").get("/healthz")
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")


def test_a_scheduled_article_is_set_to_go_live(hosts):
    editor, admin = logged_in(hosts, "web-a", "editor"), logged_in(hosts, "web-b", "admin")
    (pk, slug, headline) = hosts.sql(
        "SELECT id, slug, headline FROM interviews_interviewarticle WHERE status = 'draft' ORDER BY id LIMIT 1"
    )[0]
    assert editor.post(f"/manage/articles/{pk}/submit/", {}).status_code == 302
    at = (db_now(hosts) + dt.timedelta(minutes=1)).astimezone(SHANGHAI)
    page = messages_on(
        admin, admin.post(f"/manage/articles/{pk}/publish/", {"at": at.strftime("%Y-%m-%dT%H:%M")})
    )
    assert "已定时发布" in page, page[-1500:]
    assert hosts.sql("SELECT status FROM interviews_interviewarticle WHERE id = %s", [pk]) == [
        ("scheduled",)
    ]
    assert Reader(base(hosts, "web-b")).get(f"/articles/{slug}/").status_code == 404
    SCHEDULED.update(pk=pk, slug=slug, headline=headline, at=at)


def test_a_session_made_on_a_works_on_b_and_ends_there(hosts):
    reader = logged_in(hosts, "web-a", "official_heping")
    on_b = reader.on(base(hosts, "web-b"))
    response = on_b.get("/reports/")
    assert response.status_code == 200 and "和平街道" in text(response)
    assert on_b.post("/accounts/logout/", {}).status_code == 302
    assert reader.get("/reports/").status_code == 302, "logged out on B, still in on A"


def test_a_login_lockout_counted_on_a_holds_on_b(hosts):
    on_a = Reader(base(hosts, "web-a"))
    for _ in range(3):  # AXES_FAILURE_LIMIT=3 on every web host
        on_a.login("official_gongyuan", "wrong-password")
    on_b = Reader(base(hosts, "web-b"))
    response = on_b.login("official_gongyuan", PASSWORD)
    assert response.status_code == 429, (response.status_code, text(response)[-800:])
    # Through the proxy too, and a made-up X-Forwarded-For does not open the lock: nginx
    # passes on the address it saw, not what the client claims.
    proxy = Reader(base(hosts, "proxy"))
    proxy.get("/accounts/login/")
    response = proxy.post(
        "/accounts/login/",
        {"username": "official_gongyuan", "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    assert response.status_code == 429, (response.status_code, text(response)[-800:])


def test_a_photo_uploaded_through_a_is_served_through_b(hosts):
    official = logged_in(hosts, "web-a", "official_heping")
    (pk,) = hosts.sql(
        """SELECT r.id FROM initiatives_progressreport r
           JOIN initiatives_initiative i ON i.id = r.initiative_id
           JOIN initiatives_region g ON g.id = i.region_id
           WHERE r.status = 'draft' AND g.name = '和平街道' ORDER BY r.id LIMIT 1"""
    )[0]
    page = official.get(f"/reports/{pk}/edit/")
    assert page.status_code == 200
    report_form = form(text(page), id="report-form")
    image = png()
    data = [(k, v) for k, v in report_form["fields"] if k != "action"]
    data += [("photos-0-caption", "多主机现场照片"), ("action", "save")]
    response = official.post(
        f"/reports/{pk}/edit/", data, files={"photos-0-image": ("现场.png", image, "image/png")}
    )
    assert response.status_code == 302, text(response)[-2000:]

    on_b = official.on(base(hosts, "web-b"))
    detail = text(on_b.get(f"/reports/{pk}/"))
    photo_urls = set(re.findall(rf"/reports/{pk}/photos/\d+/", detail))
    served = {url: on_b.get(url) for url in photo_urls}
    assert any(r.status_code == 200 and r.content == image for r in served.values()), detail[-1500:]
    url = next(u for u, r in served.items() if r.content == image)
    # In a bucket, on no host's disk; another unit's official is refused on either host.
    keys = [
        item["Key"]
        for bucket in ("portal-media", "portal-private")
        for item in hosts.s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    ]
    assert any(key.endswith(".png") and "reports" in key for key in keys), keys
    assert Reader(base(hosts, "web-b")).get(url).status_code == 302  # to the login page
    proxy = Reader(base(hosts, "proxy"))
    for key in keys:
        if key.startswith("reports/"):
            assert proxy.get(f"/media/{key}").status_code == 404, f"{key} is public under /media/"


def test_article_photos_come_from_the_media_bucket_through_the_proxy(hosts):
    (slug,) = hosts.sql(
        """SELECT a.slug FROM interviews_interviewarticle a
           JOIN interviews_articleblock b ON b.article_id = a.id
           WHERE a.status = 'published' AND b.image <> '' ORDER BY a.id LIMIT 1"""
    )[0]
    proxy = Reader(base(hosts, "proxy"))
    page = text(proxy.get(f"/articles/{slug}/"))
    photos = set(re.findall(r'src="(/media/[^"]+)"', page))
    assert photos, page[-1500:]
    for url in photos:
        response = proxy.get(url)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("image/")
    editor = logged_in(hosts, "web-b", "editor")
    assert editor.get(url).status_code in (403, 404)


def test_an_article_published_through_a_is_public_at_once_through_b(hosts):
    (pk, slug, headline) = hosts.sql(
        "SELECT id, slug, headline FROM interviews_interviewarticle WHERE status = 'published' ORDER BY id LIMIT 1"
    )[0]
    public_b = Reader(base(hosts, "web-b"))
    assert public_b.get(f"/articles/{slug}/").status_code == 200  # now in B's cache
    assert headline in text(public_b.get("/articles/"))
    editor, admin = logged_in(hosts, "web-a", "editor"), logged_in(hosts, "web-a", "admin")
    assert "已归档" in messages_on(editor, editor.post(f"/manage/articles/{pk}/archive/", {}))
    assert public_b.get(f"/articles/{slug}/").status_code == 404, "archived on A, still public on B"
    assert headline not in text(public_b.get("/articles/"))
    editor.post(f"/manage/articles/{pk}/reopen/", {})
    editor.post(f"/manage/articles/{pk}/submit/", {})
    messages_on(admin, admin.post(f"/manage/articles/{pk}/publish/", {"at": ""}))
    assert hosts.sql("SELECT status FROM interviews_interviewarticle WHERE id = %s", [pk]) == [
        ("published",)
    ]
    assert public_b.get(f"/articles/{slug}/").status_code == 200, "published on A, not public on B"
    assert headline in text(public_b.get("/articles/"))


def test_two_reviewers_on_a_and_b_acting_at_once_one_wins(hosts):
    on_a = logged_in(hosts, "web-a", "reviewer_zhangdian")
    on_b = logged_in(hosts, "web-b", "reviewer_zhangdian")
    queue = text(on_a.get("/review/"))
    pk = int(re.findall(r"/review/(\d+)/", queue)[0])
    before = hosts.sql(
        "SELECT count(*) FROM initiatives_historicalprogressreport WHERE id = %s", [pk]
    )[0][0]
    tokens = {r: r.csrf_token("/review/") for r in (on_a, on_b)}
    start = threading.Barrier(2)
    responses = {}

    def act(reader, action):
        data = [
            ("action", action),
            ("comment", f"{action} 多主机"),
            ("csrfmiddlewaretoken", tokens[reader]),
        ]
        start.wait()
        responses[action] = (reader, reader.request("POST", f"/review/{pk}/", data=data))

    threads = [threading.Thread(target=act, args=a) for a in ((on_a, "approve"), (on_b, "return"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    (status,) = hosts.sql("SELECT status FROM initiatives_progressreport WHERE id = %s", [pk])[0]
    assert status in ("approved", "returned")
    after = hosts.sql(
        "SELECT count(*) FROM initiatives_historicalprogressreport WHERE id = %s", [pk]
    )[0][0]
    assert after == before + 1, "both reviewers changed the report"
    winner = "approve" if status == "approved" else "return"
    loser = "return" if winner == "approve" else "approve"
    page = messages_on(*responses[winner])
    assert ("报告已审核通过" if winner == "approve" else "报告已退回") in page
    # The other reviewer is told, on the report's page, who decided first.
    refused = responses[loser][1]
    assert refused.status_code == 400 and "这份报告已由" in text(refused), text(refused)[-1500:]


def _build_weekly(hosts: Cluster, admin: Reader) -> None:
    (task_id,) = hosts.sql(
        "SELECT id FROM django_celery_beat_periodictask WHERE name = 'build-weekly-summaries'"
    )[0]
    response = admin.post(
        "/admin/django_celery_beat/periodictask/",
        {"action": "run_tasks", "_selected_action": str(task_id)},
    )
    assert response.status_code == 302, text(response)[-1500:]


def _received(log: str, task: str) -> list[str]:
    return re.findall(rf"Task {re.escape(task)}\[([0-9a-f-]+)\] received", log)


def _week_rows(hosts: Cluster, period_start) -> list[tuple]:
    return hosts.sql(
        """SELECT scope_kind, region_id, family_id, expected, filed, on_time, approved, returned, overdue
           FROM initiatives_summary WHERE period_kind = 'week' AND period_start = %s
           ORDER BY scope_kind, region_id, family_id""",
        [period_start],
    )


def _wait_build(hosts: Cluster, since: dt.datetime, *, timeout: float) -> None:
    def done():
        rows = hosts.sql(
            "SELECT status FROM django_celery_results_taskresult WHERE task_name = 'initiatives.build_top_summaries' AND date_done > %s",
            [since],
        )
        assert not any(s == "FAILURE" for (s,) in rows), rows
        return any(s == "SUCCESS" for (s,) in rows)

    wait_for("the summary build", done, timeout=timeout, interval=0.5, log=hosts.logs["worker-a"])


def _holding_the_summaries(hosts: Cluster):
    """A transaction holding the summary table: every build piece blocks on its upsert, so
    both workers hold a piece (unacknowledged) until it ends."""
    import psycopg2

    connection = psycopg2.connect(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + hosts.database)
    cursor = connection.cursor()
    cursor.execute("LOCK TABLE initiatives_summary IN EXCLUSIVE MODE")
    return connection


PIECE = "initiatives.build_districts_summaries"
LOCK_TAKEN = "beat lock taken"
BEATS = {}  # how often each worker host's beat took the lock, just before worker host B dies


def test_a_summary_build_fans_out_and_survives_a_worker_host_dying(hosts):
    admin = logged_in(hosts, "web-a", "admin")
    measures = hosts.measures
    # A build of the whole week by the two workers should not take much longer than one
    # process building it (the demo's builds); ten times that, and a minute at least.
    patience = max(60.0, 10 * measures["demo_week_build_s"])
    marks = {h: len(_received(hosts.log(h), PIECE)) for h in ("worker-a", "worker-b")}

    # 1. Both workers take pieces of one build.
    since = db_now(hosts)
    lock = _holding_the_summaries(hosts)
    try:
        _build_weekly(hosts, admin)
        wait_for(
            "both workers holding a piece",
            lambda: all(len(_received(hosts.log(h), PIECE)) > marks[h] for h in marks),
            timeout=patience,
        )
    finally:
        lock.rollback()
        lock.close()
    started = time.monotonic()
    _wait_build(hosts, since, timeout=patience)
    clean = measures["clean_build_s"] = round(time.monotonic() - started, 1)
    workers = {
        w for (w,) in hosts.sql(
            "SELECT worker FROM django_celery_results_taskresult WHERE task_name = %s AND date_done > %s AND status = 'SUCCESS'",
            [PIECE, since],
        )
    }  # fmt: skip
    assert workers == {"portal@worker-a", "portal@worker-b"}, workers
    (period_start,) = hosts.sql(
        "SELECT period_start FROM initiatives_summary WHERE period_kind = 'week' AND built_at > %s LIMIT 1",
        [since],
    )[0]
    clean_rows = _week_rows(hosts, period_start)
    assert clean_rows and len(clean_rows) == len({row[:3] for row in clean_rows}), "one per scope"
    # Pieces held under the lock longer than the visibility timeout were not handed to the
    # other worker: live workers renew what they hold (portal/celery_lease.py).
    runs = [
        r for h in ("worker-a", "worker-b")
        for r in _received(hosts.log(h), PIECE)[marks[h]:]
    ]  # fmt: skip
    assert len(runs) == len(set(runs)), "a live worker's piece was run a second time"

    # 2. Again, and worker host B dies while it holds a piece. The build ends within the
    # visibility timeout, a sweep, and a few clean builds' time.
    marks = {h: len(_received(hosts.log(h), PIECE)) for h in ("worker-a", "worker-b")}
    since = db_now(hosts)
    lock = _holding_the_summaries(hosts)
    try:
        _build_weekly(hosts, admin)
        wait_for(
            "both workers holding a piece",
            lambda: all(len(_received(hosts.log(h), PIECE)) > marks[h] for h in marks),
            timeout=patience,
        )
        lost = _received(hosts.log("worker-b"), PIECE)[marks["worker-b"] :]
        BEATS.update({h: hosts.log(h).count(LOCK_TAKEN) for h in ("worker-a", "worker-b")})
        hosts.kill_host("worker-b")
        wait_for("worker host B gone", lambda: not hosts.host_pids("worker-b"), timeout=10)
    finally:
        lock.rollback()
        lock.close()
    bound = measures["killed_build_bound_s"] = round(
        VISIBILITY_TIMEOUT + RESTORE_INTERVAL + max(30.0, 4 * clean), 1
    )
    started = time.monotonic()
    _wait_build(hosts, since, timeout=bound)
    measures["killed_build_s"] = round(time.monotonic() - started, 1)
    pieces = _piece_seconds(hosts.log("worker-a")) + _piece_seconds(hosts.log("worker-b"))
    measures["longest_piece_s"] = max(pieces)
    print(f"\nseveral hosts, measured: {measures}")
    (hosts.workdir / "measures.json").write_text(json.dumps(measures))
    redone = hosts.sql(
        "SELECT task_id, worker FROM django_celery_results_taskresult WHERE task_id = ANY(%s) AND status = 'SUCCESS'",
        [lost],
    )
    assert redone and {w for _, w in redone} == {"portal@worker-a"}, (lost, redone)
    assert _week_rows(hosts, period_start) == clean_rows, (
        "the build after a dead worker differs from a clean one"
    )


def test_one_beat_and_the_scheduled_article_goes_live_once(hosts):
    assert SCHEDULED, "the scheduling test did not run"
    public_b = Reader(base(hosts, "web-b"))
    wait_for(
        "the scheduled article to go live",
        lambda: public_b.get(f"/articles/{SCHEDULED['slug']}/").status_code == 200,
        timeout=150,
        interval=2,
    )
    assert SCHEDULED["headline"] in text(public_b.get("/articles/"))
    taken = {h: hosts.log(h).count(LOCK_TAKEN) for h in ("worker-a", "worker-b")}
    if BEATS:
        # Both hosts started beat; while both lived one held the lock, the other never had
        # it. If B held it, A's beat took over when B died; if A held it, A kept it.
        assert sorted(BEATS.values()) == [0, 1], BEATS
        assert taken["worker-a"] == 1 and taken["worker-b"] == BEATS["worker-b"], taken
    else:
        # The fan-out test ended before worker host B was killed: both beats still run,
        # and exactly one of them ever took the lock.
        assert sorted(taken.values()) == [0, 1], taken
    for host in ("worker-a", "worker-b"):
        log = hosts.log(host)
        if "Sending due task" in log:  # a beat sends only once it holds the lock
            assert log.index(LOCK_TAKEN) < log.index("Sending due task"), host
    runs = hosts.sql(
        """SELECT result FROM django_celery_results_taskresult
           WHERE task_name = 'interviews.publish_due_articles' AND status = 'SUCCESS'"""
    )
    published = sum(int(r) for (r,) in runs if r not in (None, "null"))
    assert published == 1, runs  # the scheduled article went live once
