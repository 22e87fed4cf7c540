from typing import Any

from django.http import HttpRequest

from conduct.core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The service navigation for the signed-in person; none before sign-in."""
    user = getattr(request, "user", None)  # absent when an error page renders early
    return {"navigation": items_for(request) if user and user.is_authenticated else []}
