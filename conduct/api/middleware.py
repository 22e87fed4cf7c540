"""Middleware of the API's own chain (settings.API_MIDDLEWARE)."""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse


class AnonymousUntilTokenMiddleware:
    """Nobody, until the bearer token names the staff member it acts as (conduct.api.auth).

    The API keeps no session, so the session-based authentication middleware has nothing
    to read; this gives errors and logging a person to name before the token is checked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = AnonymousUser()
        return self.get_response(request)
