"""Every view names the permission it needs, or says it is public.

`requires("app.perm")` sends people who are not signed in to the sign-in page
and gives everyone else without the permission a 403. `requires(..., signed_out=True)`
asks the rule of people not signed in too: the pages the council publishes (its policy,
accessibility statement, privacy notice) are open by a named rule, not by a missing check.
`public` marks the few pages outside any rule (sign-in, health check). A test walks every
URL and fails if a view carries neither.
"""

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]
ObjectGetter = Callable[..., Any]
FETCHED = "_conduct_fetched"


def requires(
    permission: str, obj: ObjectGetter | None = None, *, signed_out: bool = False
) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not (signed_out or request.user.is_authenticated):
                return redirect_to_login(request.get_full_path())
            target = obj(request, *args, **kwargs) if obj else None
            if not request.user.has_perm(permission, target):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(f"You need the permission {permission}")
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        wrapped.permission_object = obj  # type: ignore[attr-defined]  # links ask the same (links.py)
        wrapped.asks_signed_out = signed_out  # type: ignore[attr-defined]
        return wrapped

    return decorator


def per_request(getter: ObjectGetter) -> ObjectGetter:
    """Fetch a page's object once per request: the permission check, the identity bar, the
    view and the links to the page itself all ask for it. A 404 is not kept."""
    names = list(inspect.signature(getter).parameters)[1:]  # after the request

    @wraps(getter)
    def fetch(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        fetched: dict[Any, Any] = request.__dict__.setdefault(FETCHED, {})
        # By name, so `getter(request, "X")` and `getter(request, reference="X")` are one.
        key = (getter, repr(sorted({**dict(zip(names, args, strict=False)), **kwargs}.items())))
        if key not in fetched:
            fetched[key] = getter(request, *args, **kwargs)
        return fetched[key]

    return fetch


def public(reason: str) -> Callable[[View], View]:
    """Mark a view anyone may reach, saying why."""

    def decorator(view: View) -> View:
        view.public_because = reason  # type: ignore[attr-defined]
        return view

    return decorator
