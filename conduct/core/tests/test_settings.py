"""Production settings: refuse to start half-configured, and pass Django's deployment checklist."""

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
