"""Several hosts on one machine, for ``test_several_hosts``: network namespaces joined by a
bridge (``ip netns``, veth), the portal's processes started inside them, PostgreSQL, Redis
and an S3 server (moto) on the machine. Everything made here is removed by ``close()``,
whatever happened before.

Addresses (one /24 per run, picked at random so that two runs never meet)::

    .1   the machine (the bridge): PostgreSQL (through a forwarder, so the machine's own
         server keeps listening on 127.0.0.1 only), a Redis of the run's own, moto
    .2   web host A      gunicorn :8000
    .3   web host B      gunicorn :8000
    .4   proxy           nginx :443 (TLS), :80 -> https; load-balances A and B
    .5   worker host A   celery worker --beat
    .6   worker host B   celery worker --beat
"""

import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOSTS = {"web-a": 2, "web-b": 3, "proxy": 4, "worker-a": 5, "worker-b": 6}
PUBLIC_NAME = "portal.test"
S3_KEY, S3_SECRET = "portal-hosts", "portal-hosts-secret"


class Unavailable(Exception):
    """What this machine lacks to build the hosts (the test skips with it)."""


def run(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=check, capture_output=True, text=True, **kwargs)


def wait_for(
    what: str, predicate, *, timeout: float, interval: float = 0.3, log: Path | None = None
):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            tail = ""
            if log is not None and log.exists():
                tail = (
                    "\n--- "
                    + str(log)
                    + "\n"
                    + "\n".join(log.read_text(errors="replace").splitlines()[-40:])
                )
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}{tail}")
        time.sleep(interval)


class Forwarder(threading.Thread):
    """A TCP forwarder on the bridge's address to a server that listens on 127.0.0.1 only."""

    def __init__(self, listen: tuple[str, int], target: tuple[str, int]):
        super().__init__(daemon=True)
        self.listen, self.target = listen, target
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.error: Exception | None = None

    async def _pipe(self, reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _handle(self, reader, writer):
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        # Cancelled when the forwarder stops: end quietly (asyncio logs a cancelled handler).
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    def run(self):
        asyncio.set_event_loop(self.loop)
        try:
            server = self.loop.run_until_complete(asyncio.start_server(self._handle, *self.listen))
        except OSError as exc:
            self.error = exc
            self.ready.set()
            return
        self.ready.set()
        try:
            self.loop.run_forever()
        finally:
            server.close()
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.close()

    def stop(self):
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
        self.join(timeout=5)


class Cluster:
    def __init__(self, workdir: Path, *, pg_admin_url: str):
        self.workdir = workdir
        self.tag = secrets.token_hex(3)
        self.net = f"10.{secrets.randbelow(40) + 200}.{secrets.randbelow(250) + 1}"
        self.bridge = f"phb{self.tag}"
        self.namespaces: dict[str, str] = {}
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}
        self.forwarders: list[Forwarder] = []
        self.pg_admin_url = pg_admin_url
        self.database = f"portal_hosts_{self.tag}"
        self.made_database = False
        self.redis_port = 16379
        self.s3_port = 19000
        self.secret_key = secrets.token_urlsafe(40)
        self.measures: dict = {}  # what the test measured (printed at the end)

    # Addresses ------------------------------------------------------------------------
    def ip(self, host: str) -> str:
        return f"{self.net}.{HOSTS[host]}" if host != "machine" else f"{self.net}.1"

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@{self.ip('machine')}:5432/{self.database}"

    @property
    def redis_url(self) -> str:
        return f"redis://{self.ip('machine')}:{self.redis_port}/0"

    @property
    def s3_endpoint(self) -> str:
        return f"http://{self.ip('machine')}:{self.s3_port}"

    # The network ----------------------------------------------------------------------
    def build_network(self) -> None:
        if os.geteuid() != 0:
            raise Unavailable("network namespaces need root")
        if not shutil.which("ip"):
            raise Unavailable("the `ip` command (iproute2) is missing")
        try:
            run("ip", "link", "add", self.bridge, "type", "bridge")
        except subprocess.CalledProcessError as exc:
            raise Unavailable(f"cannot make a bridge: {exc.stderr.strip()}") from exc
        run("ip", "addr", "add", f"{self.ip('machine')}/24", "dev", self.bridge)
        run("ip", "link", "set", self.bridge, "up")
        for host in HOSTS:
            ns = f"ph{self.tag}-{host}"
            outer, inner = f"ph{self.tag}{HOSTS[host]}h", f"ph{self.tag}{HOSTS[host]}n"
            try:
                run("ip", "netns", "add", ns)
            except subprocess.CalledProcessError as exc:
                raise Unavailable(f"cannot make a network namespace: {exc.stderr.strip()}") from exc
            self.namespaces[host] = ns
            run("ip", "link", "add", outer, "type", "veth", "peer", "name", inner)
            run("ip", "link", "set", inner, "netns", ns)
            run("ip", "link", "set", outer, "master", self.bridge)
            run("ip", "link", "set", outer, "up")
            inside = ("ip", "netns", "exec", ns)
            run(*inside, "ip", "link", "set", inner, "name", "eth0")
            run(*inside, "ip", "addr", "add", f"{self.ip(host)}/24", "dev", "eth0")
            run(*inside, "ip", "link", "set", "eth0", "up")
            run(*inside, "ip", "link", "set", "lo", "up")

    # Processes ------------------------------------------------------------------------
    def spawn(
        self, name: str, command: list[str], *, host: str | None = None, env: dict | None = None
    ) -> subprocess.Popen:
        log = self.workdir / f"{name}.log"
        self.logs[name] = log
        prefix = ["ip", "netns", "exec", self.namespaces[host]] if host else []
        process = subprocess.Popen(
            prefix + command,
            cwd=ROOT,
            env=env or os.environ.copy(),
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace") if name in self.logs else ""

    def host_pids(self, host: str) -> list[int]:
        result = run("ip", "netns", "pids", self.namespaces[host], check=False)
        return [int(pid) for pid in result.stdout.split()]

    def kill_host(self, host: str) -> None:
        """The host dies: every process in its namespace gets SIGKILL at once."""
        for pid in self.host_pids(host):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def forward(self, port: int, target: tuple[str, int]) -> None:
        forwarder = Forwarder((self.ip("machine"), port), target)
        forwarder.start()
        forwarder.ready.wait(5)
        if forwarder.error:
            raise forwarder.error
        self.forwarders.append(forwarder)

    def wait_port(self, host: str, port: int, *, timeout: float, name: str) -> None:
        def answers():
            with socket.socket() as s:
                s.settimeout(0.5)
                return s.connect_ex((self.ip(host), port)) == 0

        wait_for(
            f"{name} on {self.ip(host)}:{port}", answers, timeout=timeout, log=self.logs.get(name)
        )

    # Clean-up -------------------------------------------------------------------------
    def close(self) -> None:
        for host in list(self.namespaces):
            self.kill_host(host)
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(Exception):
                process.wait(timeout=10)
        for forwarder in self.forwarders:
            forwarder.stop()
        for ns in self.namespaces.values():
            run("ip", "netns", "del", ns, check=False)
        run("ip", "link", "del", self.bridge, check=False)
        if self.made_database:
            self.drop_database()

    def drop_database(self) -> None:
        import psycopg2

        connection = psycopg2.connect(self.pg_admin_url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        connection.close()

    def create_database(self) -> None:
        import psycopg2

        connection = psycopg2.connect(self.pg_admin_url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.database}"')
        connection.close()
        self.made_database = True

    def sql(self, query: str, params=()) -> list[tuple]:
        import psycopg2

        url = self.pg_admin_url.rsplit("/", 1)[0] + "/" + self.database
        connection = psycopg2.connect(url)
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    # The portal's environment, per kind of host ----------------------------------------
    def portal_env(self, **extra: str) -> dict:
        env = {
            "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "HOME": str(self.workdir),
            "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DJANGO_SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "ALLOWED_HOSTS": PUBLIC_NAME,
            "CSRF_TRUSTED_ORIGINS": f"https://{PUBLIC_NAME}",
            "S3_ENDPOINT_URL": self.s3_endpoint,
            "S3_ACCESS_KEY_ID": S3_KEY,
            "S3_SECRET_ACCESS_KEY": S3_SECRET,
            "S3_MEDIA_BUCKET": "portal-media",
            "S3_PRIVATE_BUCKET": "portal-private",
            "STATIC_ROOT": str(self.workdir / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "AXES_FAILURE_LIMIT": "3",
            "TRUSTED_PROXIES": self.ip("proxy"),
        }
        env.update(extra)
        return env
