"""The web server production runs (docs/deployment.md, ADR 0005) serves Conduct.

granian is started as the deployment guide says, with `conduct.wsgi:application` and the
production settings, on a loopback port: the API answers with a problem document and the
security headers and sets no cookie; outside the API, the health check answers.
(`conduct/api/tests/test_handlers.py` tells the two middleware chains apart.)
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

from conduct.core.tests.deployment import GRANIAN_ARGUMENTS, wait_or_kill
from conduct.core.tests.test_settings import GOOD_KEY

ROOT = Path(__file__).resolve().parents[3]
HOST = "conduct.council.example"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answer(port: int, path: str, method: str = "GET") -> tuple[int, Message, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        method=method,
        headers={"Host": HOST, "X-Forwarded-Proto": "https"},
        data=b"{}" if method == "POST" else None,
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers, refused.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """granian with two workers, the production settings and a database of its own."""
    folder = tmp_path_factory.mktemp("server")
    port = free_port()
    keep = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in keep} | {
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{folder / 'conduct.sqlite3'}",
        "EVIDENCE_ROOT": str(folder / "evidence"),
    }
    command = [sys.executable, "-m", "granian", *GRANIAN_ARGUMENTS,
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(  # noqa: S603 fixed arguments
        command, cwd=ROOT, env=env, start_new_session=True
    )  # its own process group: wait_or_kill ends its workers too
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "granian stopped before it served"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        wait_or_kill(process)


def test_the_api_answers_through_its_own_chain(server: int) -> None:
    """No token: a problem document, the security headers, and no session or CSRF cookie."""
    status, headers, body = answer(server, "/api/v1/screen", method="POST")
    assert status == 401
    assert headers["Content-Type"].startswith("application/problem+json"), body
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" in headers
    assert "Set-Cookie" not in headers


def test_the_health_check_answers_through_the_full_chain(server: int) -> None:
    """Outside the API, the full chain: a database never migrated and no worker give 503,
    with the reason in the JSON body, and the page still carries the security headers."""
    status, headers, body = answer(server, "/healthz")
    assert status == 503
    assert headers["Content-Type"].startswith("application/json")
    assert b"database" in body or b"worker" in body
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" in headers
