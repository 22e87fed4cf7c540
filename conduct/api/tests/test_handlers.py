"""The production WSGI application: the API on its own middleware chain, pages on the full one.

The test client always runs settings.MIDDLEWARE, so these tests call the application
itself, as the web server does.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.test import override_settings

from conduct.accounts.roles import Role
from conduct.api.handlers import ApiHandler, WSGIApp, conduct_application
from conduct.api.tests.factories import issue_token

pytestmark = pytest.mark.django_db


@contextmanager
def keeping_the_test_connection() -> Iterator[None]:
    """As Django's test client does: the test's database connection must outlive a request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(
    path: str, app: WSGIApp | None = None, **headers: str
) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {"PATH_INFO": path, "wsgi.input": io.BytesIO(b"")}
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    setup_testing_defaults(environ)
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], *_: Any) -> None:
        answer.update(status=status, headers=dict(response_headers))

    with keeping_the_test_connection():
        body = b"".join((app or conduct_application())(environ, start_response))
    return answer["status"], answer["headers"], body


class TestTheApiChain:
    def test_a_token_is_answered_with_the_security_headers(self, make_staff) -> None:
        """The API answers through its own chain, still with nosniff, framing refused and a CSP."""
        _, secret = issue_token(make_staff(Role.AUDITOR))
        status, headers, body = call("/api/v1/me", authorization=f"Bearer {secret}")
        assert status.startswith("200") and b"auditor" in body.lower()
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert "default-src" in headers["Content-Security-Policy"]
        assert "Set-Cookie" not in headers

    def test_a_signed_in_session_is_neither_read_nor_touched(self, client, make_staff) -> None:
        """A browser's session cookie opens nothing (401 without a token), and with a token the
        session is not even loaded: the full chain would refresh its idle timer and reset it."""
        member = make_staff(Role.AUDITOR)
        client.force_login(member)
        name = settings.SESSION_COOKIE_NAME
        cookie = f"{name}={client.cookies[name].value}"
        status, headers, _ = call("/api/v1/me", cookie=cookie)
        assert status.startswith("401")
        assert headers["Content-Type"] == "application/problem+json"
        _, secret = issue_token(member)
        status, headers, _ = call("/api/v1/me", cookie=cookie, authorization=f"Bearer {secret}")
        assert status.startswith("200") and "Set-Cookie" not in headers
        status, headers, _ = call("/", cookie=cookie)
        assert name in headers.get("Set-Cookie", "")

    def test_the_api_chain_has_no_session_or_sign_in_middleware(self) -> None:
        """What the API leaves out is all session-bound; what it keeps is in the full chain too."""
        assert set(settings.API_MIDDLEWARE) - {
            "conduct.api.middleware.AnonymousUntilTokenMiddleware"
        } <= set(settings.MIDDLEWARE)
        assert not any(
            "session" in m.lower() or "csrf" in m.lower() for m in settings.API_MIDDLEWARE
        )


class SeesTheSettings:
    """A middleware that notes the chain settings.MIDDLEWARE names while it is being built."""

    seen: list[list[str]] = []

    def __init__(self, get_response: Any) -> None:
        self.seen.append(list(settings.MIDDLEWARE))
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class TestBuildingTheChain:
    def test_the_settings_are_left_alone_while_the_api_chain_is_built(self) -> None:
        """Every middleware of the API is made while settings.MIDDLEWARE still names the full
        chain, and the settings are the same after: nothing swaps them, even for a moment."""
        full = list(settings.MIDDLEWARE)
        listed = [*settings.API_MIDDLEWARE, f"{__name__}.SeesTheSettings"]
        SeesTheSettings.seen.clear()
        with override_settings(API_MIDDLEWARE=listed):
            handler = ApiHandler()  # builds its chain, once, as at start-up
        assert SeesTheSettings.seen == [full] and full == settings.MIDDLEWARE
        assert handler._middleware_chain is not None

    def test_the_wsgi_application_answers_the_api_on_its_own_chain(self, make_staff) -> None:
        """conduct.wsgi.application, as the web server calls it: the API without a session or
        CSRF cookie but with the security headers; a page with the full chain's CSRF cookie."""
        from conduct.wsgi import application

        _, secret = issue_token(make_staff(Role.AUDITOR))
        status, headers, _ = call("/api/v1/me", application, authorization=f"Bearer {secret}")
        assert status.startswith("200") and "Set-Cookie" not in headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        status, headers, _ = call("/sign-in/", application)
        assert status.startswith("200")
        assert settings.CSRF_COOKIE_NAME in headers.get("Set-Cookie", "")


class TestPages:
    def test_pages_keep_the_full_chain(self) -> None:
        """Outside the API, the sign-in page still gets its CSRF cookie from the full chain."""
        status, headers, _ = call("/sign-in/")
        assert status.startswith("200")
        assert settings.CSRF_COOKIE_NAME in headers.get("Set-Cookie", "")
