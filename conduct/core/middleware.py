"""Middleware of the pages' chain (settings.MIDDLEWARE)."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

from conduct.core.text import has_control_characters


class ControlCharactersMiddleware:
    """A 400 page, not a 500, for an address or query with control characters in it
    (conduct.core.text): no page has a use for them, and PostgreSQL cannot look up NUL.
    The API, which the test client sends through this chain too, answers for itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(settings.API_PREFIX):
            query = [text for key, values in request.GET.lists() for text in [key, *values]]
            if any(has_control_characters(text) for text in [request.path, *query]):
                raise BadRequest("Control characters in the address")
        return self.get_response(request)
