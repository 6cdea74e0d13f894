"""``make run`` on a machine with no servers: the real Celery worker and beat on the embedded
broker (kombu's SQLAlchemy transport in a SQLite file) publish a scheduled article on time.

Real processes, as ``make run`` starts them: ``manage.py migrate``, ``manage.py run_worker``
(worker with beat, the schedule in the database) and ``manage.py runserver``, all on the
local settings with a SQLite database and broker of their own and no ``REDIS_URL``. They
run on the real clock, so the article is scheduled relative to it (in the subprocess) and
the waiting is measured with ``time.monotonic``, which the travelled clock leaves alone."""

import contextlib
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from portal.broker import purge_delivered

BASE_DIR = Path(__file__).resolve().parents[2]
# The beat entry runs every minute: live at the first run at or after the scheduled time.
PUBLISH_EVERY = 60

SCHEDULE_ARTICLE = """
import datetime as dt
from django.utils import timezone
from interviews.articles.services import editing, workflow
from interviews.models import InterviewArticle
from tests.factories import make_user

editor = make_user("editor", username="editor_embedded")
admin = make_user("admin", username="admin_embedded")
article = editing.article_save(
    article=InterviewArticle(headline="定时上线的访谈"),
    by=editor,
    blocks=[editing.BlockData(kind="question", text="问题？"), editing.BlockData(kind="answer", text="回答。")],
)
workflow.article_submit(article=article, by=editor)
now = timezone.now()
# The next minute at least 5 s ahead: the page is checked before, and beat runs on minutes.
at = (now + dt.timedelta(seconds=65)).replace(second=0, microsecond=0)
article = workflow.article_publish(article=article, by=admin, at=at)
assert article.status == "scheduled", article.status
print(f"slug={article.slug} ahead={(at - timezone.now()).total_seconds():.3f}")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0  # not listening yet


def _wait(condition, *, timeout: float, what: str, logs: list[Path]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs)
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n{tails}")


def _rows(db: Path, sql: str) -> list:
    with contextlib.closing(sqlite3.connect(db, timeout=20)) as conn:
        return conn.execute(sql).fetchall()


def _gone(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def embedded_env(tmp_path):
    """The environment of ``make run`` on a clean clone: local settings, no servers."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "REQUIRE_SERVICES", "CELERY_BROKER_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL=f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONUNBUFFERED="1",
    )
    return env


def test_make_run_publishes_a_scheduled_article_within_a_minute(embedded_env, tmp_path):
    manage = [sys.executable, "manage.py"]
    run = lambda *args: subprocess.run(  # noqa: E731
        [*manage, *args],
        cwd=BASE_DIR,
        env=embedded_env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    migrated = run("migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr

    logs = [tmp_path / "run_worker.log", tmp_path / "celery.log", tmp_path / "web.log"]
    port = _free_port()
    processes: list[subprocess.Popen] = []
    try:
        with logs[0].open("wb") as out:
            # Exactly as `make run` starts it, with a short round for deleting taken messages.
            worker = subprocess.Popen(
                [*manage, "run_worker", "--logfile", str(logs[1]), "--purge-every", "5"],
                cwd=BASE_DIR, env=embedded_env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        processes.append(worker)
        with logs[2].open("wb") as out:
            web = subprocess.Popen(
                [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=BASE_DIR, env=embedded_env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        processes.append(web)
        celery_pid = int(
            _wait(
                lambda: re.search(r"started \(pid (\d+)\)", logs[0].read_text()),
                timeout=30,
                what="run_worker to start the worker",
                logs=logs,
            ).group(1)
        )
        _wait(
            lambda: "ready." in logs[1].read_text() if logs[1].exists() else False,
            timeout=60,
            what="the worker to be ready",
            logs=logs,
        )
        _wait(lambda: _status(f"http://127.0.0.1:{port}/healthz") == 200, timeout=60, what="the web server", logs=logs)  # fmt: skip

        # Beat keeps the schedule in the database, where admin's 周期性任务 lists it.
        db = tmp_path / "db.sqlite3"
        _wait(
            lambda: (
                set(settings.CELERY_BEAT_SCHEDULE)
                <= {
                    name
                    for (name,) in _rows(db, "SELECT name FROM django_celery_beat_periodictask")
                }
            ),
            timeout=30,
            what="beat to write the schedule to the database",
            logs=logs,
        )

        scheduled = run("shell", "-c", SCHEDULE_ARTICLE)
        assert scheduled.returncode == 0, scheduled.stderr
        found = re.search(r"slug=(\S+) ahead=([\d.]+)", scheduled.stdout)
        due = time.monotonic() + float(found.group(2))
        url = f"http://127.0.0.1:{port}/articles/{found.group(1)}/"
        assert _status(url) == 404  # scheduled, not public yet

        _wait(lambda: _status(url) == 200, timeout=float(found.group(2)) + PUBLISH_EVERY + 30, what="the article to go live", logs=logs)  # fmt: skip
        late = time.monotonic() - due
        assert late <= PUBLISH_EVERY, f"public {late:.1f}s after its time"
        assert _rows(db, "SELECT status FROM interviews_interviewarticle") == [("published",)]

        # The broker's taken messages are deleted: the publishing runs left no rows behind.
        broker = tmp_path / "broker.sqlite3"
        assert _rows(broker, "SELECT max(id) FROM kombu_message")[0][0] >= 1
        _wait(
            lambda: _rows(broker, "SELECT count(*) FROM kombu_message WHERE visible = 0") == [(0,)],
            timeout=15,
            what="run_worker to delete the taken messages",
            logs=logs,
        )

        # Stopped as make run's trap stops it: TERM to run_worker, which stops the worker
        # by TERM to its main process; nothing of the worker's process group is left.
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0
        _wait(lambda: _gone(celery_pid), timeout=30, what="the worker's processes to end", logs=logs)  # fmt: skip
        assert "Warm shutdown" in logs[1].read_text() + logs[0].read_text()
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def test_purge_deletes_only_the_messages_workers_took(tmp_path):
    """kombu's SQLAlchemy transport marks a taken message invisible and keeps its row."""
    from kombu import Connection

    url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    assert purge_delivered(url) == 0  # no broker file yet: nothing to do
    with Connection(url) as conn:
        queue = conn.SimpleQueue("portal-test")
        for n in range(3):
            queue.put({"n": n})
        taken = [queue.get(timeout=5) for _ in range(2)]
        for message in taken:
            message.ack()
        queue.close()
    broker = tmp_path / "broker.sqlite3"

    def rows():
        return _rows(broker, "SELECT visible FROM kombu_message ORDER BY id")

    assert rows() == [(0,), (0,), (1,)]
    assert purge_delivered(url) == 2
    assert rows() == [(1,)]
    assert purge_delivered("redis://127.0.0.1:6379/0") == 0  # not the embedded broker
