"""``manage.py run_worker``: the Celery worker with beat, as ``make run`` starts it beside
the web server (with the embedded broker or with Redis, whichever the settings name).

The worker runs in a session of its own, so a Ctrl-C in the terminal reaches this command
and not the pool; this command stops the worker by TERM to its main process (a signal to
the whole process group can leave the pool hanging). With the embedded broker it also
deletes the messages workers have taken, every ``--purge-every`` seconds."""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.broker import is_embedded, purge_delivered


class Command(BaseCommand):
    help = "Run the Celery worker with beat (the schedule from the database) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
        parser.add_argument("--logfile", default="", help="the worker's log file (default: stderr)")
        parser.add_argument("--loglevel", default="info")
        parser.add_argument(
            "--purge-every",
            type=float,
            default=600,
            help="seconds between deletions of taken messages (embedded broker only)",
        )
        parser.add_argument(
            "--stop-timeout",
            type=float,
            default=120,
            help="seconds to wait for running tasks to finish after TERM, then kill",
        )

    def handle(self, *args, concurrency, logfile, loglevel, purge_every, stop_timeout, **options):
        command = [
            sys.executable, "-m", "celery", "-A", "portal", "worker", "--beat",
            "--loglevel", loglevel, "--concurrency", str(concurrency), "--hostname", "portal@%h",
        ]  # fmt: skip
        if logfile:
            command += ["--logfile", logfile]
        broker_url = settings.CELERY_BROKER_URL
        embedded = is_embedded(broker_url)

        stop = threading.Event()
        signals = [signal.SIGTERM, signal.SIGHUP]
        # Under ``make run`` (an asynchronous list of a non-interactive shell) SIGINT is
        # ignored and the shell's trap sends TERM; in a terminal, Ctrl-C stops it too.
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signals.append(signal.SIGINT)
        for signum in signals:
            signal.signal(signum, lambda *_: stop.set())

        worker = subprocess.Popen(command, start_new_session=True)
        self.stdout.write(f"worker with beat started (pid {worker.pid}), broker {broker_url}")
        next_purge = time.monotonic() + purge_every
        try:
            while not stop.wait(timeout=0.5):
                if worker.poll() is not None:
                    self.stderr.write(f"the worker stopped by itself (exit {worker.returncode})")
                    return
                if embedded and time.monotonic() >= next_purge:
                    self._purge(broker_url)
                    next_purge = time.monotonic() + purge_every
        finally:
            self._stop(worker, stop_timeout)

    def _purge(self, broker_url: str) -> None:
        try:
            deleted = purge_delivered(
                broker_url, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS
            )
        except Exception as exc:  # a locked file now is fine: the next round deletes them
            self.stderr.write(f"could not delete taken messages: {exc}")
        else:
            if deleted:
                self.stdout.write(f"deleted {deleted} taken messages from the embedded broker")

    def _stop(self, worker: subprocess.Popen, timeout: float) -> None:
        if worker.poll() is not None:
            return
        worker.send_signal(signal.SIGTERM)  # warm shutdown: running tasks finish
        try:
            worker.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stderr.write(f"the worker did not stop within {timeout:g}s; killing it")
            # Its own session: the main process, the pool and beat are one process group.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
