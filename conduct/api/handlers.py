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
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.utils.module_loading import import_string

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ApiHandler(WSGIHandler):
    """Django's WSGI handler, its chain built from settings.API_MIDDLEWARE instead of MIDDLEWARE.

    Django's own builder reads settings.MIDDLEWARE; this one takes the API's list and leaves
    the settings alone, so nothing else running at start-up sees another chain. A WSGI
    handler is synchronous, and so is every middleware in the list.
    """

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        handler = convert_exception_to_response(self._get_response)  # type: ignore[attr-defined]
        for path in reversed(settings.API_MIDDLEWARE):
            try:
                middleware = import_string(path)(handler)
            except MiddlewareNotUsed:
                continue
            self.adopt(middleware)
            handler = convert_exception_to_response(middleware)
        self._middleware_chain = handler

    def adopt(self, middleware: Any) -> None:
        """The middleware's hooks, in the order Django calls them."""
        if hasattr(middleware, "process_view"):
            self._view_middleware.insert(0, middleware.process_view)
        if hasattr(middleware, "process_template_response"):
            self._template_response_middleware.append(middleware.process_template_response)
        if hasattr(middleware, "process_exception"):
            self._exception_middleware.append(middleware.process_exception)


def conduct_application() -> WSGIApp:
    """Requests under settings.API_PREFIX go to the API handler, the rest to Django's own."""
    pages, api = WSGIHandler(), ApiHandler()

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        handler = api if environ.get("PATH_INFO", "").startswith(settings.API_PREFIX) else pages
        return handler(environ, start_response)

    return application
