"""Production settings: refuse to start half-configured, and pass Django's deployment checklist."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GOOD_KEY = "k" * 20 + "a-random-value-for-the-deployment-check" + "z" * 10


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    unset = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(  # noqa: S603 our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args, "--settings=conduct.settings.production"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist_with_no_warnings():
    """`check --deploy` finds nothing: secure cookies, HSTS, SSL redirect, a strong key."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="conduct.council.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "conduct.council.example"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "conduct.council.example"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY}, "Set ALLOWED_HOSTS"),
    ],
)
def test_production_settings_refuse_to_start_without_a_key_and_hosts(env, message):
    """A missing or weak secret key, or no allowed hosts, stops start-up with a clear message."""
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_content_security_policy_allows_nothing_inline(client):
    """Every page carries a CSP with no 'unsafe-inline' for scripts or styles."""
    policy = client.get("/sign-in/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(("log_format", "is_json"), [("json", True), ("", False)])
def test_log_format_json_writes_one_json_object_a_line(log_format, is_json):
    """What a log collector reads: time, level, logger and message in one JSON object a line."""
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('conduct.jobs').warning('Job %s failed', 'x1')"
    )
    done = subprocess.run(  # noqa: S603 our own settings with a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DJANGO_SETTINGS_MODULE": "conduct.settings.production",
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "conduct.council.example",
            "LOG_FORMAT": log_format,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    line = done.stderr.strip().splitlines()[-1]
    if is_json:
        logged = json.loads(line)
        assert logged["level"] == "WARNING" and logged["logger"] == "conduct.jobs"
        assert logged["message"] == "Job x1 failed" and "time" in logged
    else:
        assert line.endswith("WARNING conduct.jobs Job x1 failed")


def test_production_on_postgresql_pools_connections_bounded_like_granian_s_threads():
    """Each process keeps at most DATABASE_POOL_MAX_SIZE connections, checked before use."""
    script = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['OPTIONS']['pool']['max_size'], d['OPTIONS']['pool']['timeout'], "
        "d['CONN_HEALTH_CHECKS'], d['CONN_MAX_AGE'])"
    )
    done = run_manage(
        "shell", "--no-imports", "-c", script,
        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="conduct.council.example",
        DATABASE_URL="postgres://conduct@db.internal:5432/conduct", DATABASE_POOL_MAX_SIZE="6",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["6", "5.0", "True", "0"]
