"""The WSGI application: the JSON API on its own middleware chain, everything else on the full one.

The API authenticates every call by bearer token and keeps no session, so the
session, CSRF, sign-in, two-factor, idle-timeout, messages and lock-out middleware
do nothing for it but cost time on every call (ADR 0005). `settings.API_MIDDLEWARE`
keeps what an API answer needs: the security headers, the Content Security Policy,
Content-Length, framing refused, and an anonymous person until the token names one.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ApiHandler(WSGIHandler):
    """Django's WSGI handler, built with settings.API_MIDDLEWARE instead of MIDDLEWARE."""

    def load_middleware(self, is_async: bool = False) -> None:
        # Django builds the chain from settings.MIDDLEWARE; this runs once, at start-up.
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.API_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


def conduct_application() -> WSGIApp:
    """Requests under settings.API_PREFIX go to the API handler, the rest to Django's own."""
    pages, api = WSGIHandler(), ApiHandler()

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        handler = api if environ.get("PATH_INFO", "").startswith(settings.API_PREFIX) else pages
        return handler(environ, start_response)

    return application
