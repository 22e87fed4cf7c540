from typing import Any

from django.http import HttpRequest

from conduct.core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The service navigation for the signed-in person; none before sign-in."""
    return {"navigation": items_for(request) if request.user.is_authenticated else []}
