"""The routers the API mounts, and their order: the api app's hook for the apps above it.

An app above api offers its router with `offer` in its AppConfig.ready, naming the module
that holds it; the module is imported only when the API object is built (conduct/api/api.py,
from ApiConfig.ready), after every app's API scopes are declared.
"""

from typing import Any

from django.utils.module_loading import import_string

# Django tries an API's routes in this order, and screening is called hundreds of times a
# second: its routes come first, so a screening is resolved by the first pattern tried.
ORDER = [
    "screening",  # POST /screen, POST /pre-visit-checks
    "me",
    "audit",
    "customers",
    "incidents",
    "cases",
    "letters",
    "alerts",
    "contacts",
    "visits",
    "staff",
    "webhooks",
    "reports-equality",
    "reports-dashboard",
    "reports-committee",
    "subject-access-requests",
]
OFFERED: dict[str, tuple[str, str]] = {}  # name -> (address prefix, the router's dotted path)


def offer(name: str, prefix: str, router: str) -> None:
    """Mount the router at dotted path `router` under `prefix`, in its place in ORDER."""
    OFFERED[name] = (prefix, router)


def mount_in_order(api: Any, own: dict[str, tuple[str, Any]]) -> None:
    """Mount the api app's `own` routers and every router offered, in ORDER."""
    found = {name: (prefix, import_string(path)) for name, (prefix, path) in OFFERED.items()}
    found.update(own)
    missing = [name for name in ORDER if name not in found]
    if missing:
        raise LookupError(f"No app offered the API router {', '.join(missing)}")
    for name in ORDER:
        prefix, router = found[name]
        api.add_router(prefix, router)
