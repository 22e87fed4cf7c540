"""Conduct deployed as docs/deployment.md says, for the tests that try it from outside.

A `Deployment` has a database of its own (a SQLite file, or a fresh PostgreSQL database
beside the test one when DATABASE_URL names PostgreSQL), a folder for its files, and the
production settings; it runs `manage.py` as an operator would and starts granian with the
documented arguments (GRANIAN_ARGUMENTS, the same as the systemd unit and the Dockerfile).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[3]
HOST = "conduct.council.example"
SECRET = "k" * 20 + "a-random-value-for-the-deployment-check" + "z" * 10

# What deploy/systemd/conduct-web.service and the Dockerfile run, less the address.
GRANIAN_ARGUMENTS = [
    "--interface", "wsgi", "conduct.wsgi:application",
    "--workers", "2", "--blocking-threads", "8", "--backpressure", "8",
    "--respawn-failed-workers", "--respawn-interval", "1", "--no-ws",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def own_database(folder: Path) -> Iterator[str]:
    """A DATABASE_URL for a database nobody else uses, dropped afterwards."""
    test_url = os.environ.get("DATABASE_URL", "")
    if not test_url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'conduct.sqlite3'}"
        return
    name = f"conduct_deployed_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(test_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield test_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(test_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@dataclass
class Deployment:
    folder: Path
    database_url: str
    port: int = field(default_factory=free_port)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)  # more environment, e.g. EMAIL_PORT

    @property
    def env(self) -> dict[str, str]:
        keep_out = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        return {k: v for k, v in os.environ.items() if k not in keep_out} | {
            "DJANGO_SETTINGS_MODULE": "conduct.settings.production",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": self.database_url,
            "CONDUCT_VAR_DIR": str(self.folder),
            **self.settings,
        }

    def manage(self, *args: str, settings: str = "production") -> str:
        """Run a management command as an operator would; its output."""
        env = self.env | {"DJANGO_SETTINGS_MODULE": f"conduct.settings.{settings}"}
        done = subprocess.run(  # noqa: S603 our own manage.py with fixed arguments
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}{done.stderr}"
        return done.stdout

    def start(self, *command: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(  # noqa: S603 fixed arguments
            command, cwd=ROOT, env=self.env, start_new_session=True
        )  # its own process group, so wait_or_kill can end what it starts too
        self.processes.append(process)
        return process

    def serve(self) -> subprocess.Popen[bytes]:
        """granian as documented, on a loopback port; returns once it accepts connections."""
        address = ["--host", "127.0.0.1", "--port", str(self.port)]
        server = self.start(sys.executable, "-m", "granian", *GRANIAN_ARGUMENTS, *address)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return server
            except OSError:
                assert server.poll() is None, "granian stopped before it served"
                time.sleep(0.2)
        raise AssertionError("granian did not accept connections within 60 seconds")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            wait_or_kill(process)


def wait_or_kill(process: "subprocess.Popen[bytes]", seconds: float = 30) -> None:
    """Wait for a process told to stop; one still draining connections then is killed with
    every process it started, as a service manager would (granian's workers outlived their
    master when only it was killed). The process must lead its own process group
    (`start_new_session=True`)."""
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def database_away(database_url: str) -> Iterator[None]:
    """The deployment's database unreachable until the block ends: on PostgreSQL its
    connections are cut and new ones refused; on SQLite its file is moved away."""
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        aside = path.with_suffix(".away")
        path.rename(aside)
        path.mkdir()  # a folder where the file was: opening it fails
        try:
            yield
        finally:
            path.rmdir()
            aside.rename(path)
        return
    server, name = database_url.rsplit("/", 1)
    identifier = sql.Identifier(name)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(identifier))
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
            yield
        finally:
            admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(identifier))


def child_pids(pid: int) -> list[int]:
    """The processes a process started (granian's workers), from /proc."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


class Browser:
    """Just enough of a browser for a smoke test: cookies (Secure ones too, since the proxy in
    front says https), redirects followed, and the proxy's X-Forwarded-Proto on every request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, path: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Message, bytes]:
        for _ in range(10):
            status, answer, body = self.once(path, data, headers or {})
            if status not in (301, 302, 303) or not answer["Location"]:
                return status, answer, body
            path, data = answer["Location"].removeprefix(f"https://{HOST}"), None
        raise AssertionError(f"too many redirects from {path}")

    def once(
        self, path: str, data: bytes | None, headers: dict[str, str]
    ) -> tuple[int, Message, bytes]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=data,
            headers={"Host": HOST, "X-Forwarded-Proto": "https", "Referer": f"https://{HOST}/"}
            | ({"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())})
            | headers,
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                status, answer, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as refused:
            status, answer, body = refused.code, refused.headers, refused.read()
        for cookie in answer.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return status, answer, body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
