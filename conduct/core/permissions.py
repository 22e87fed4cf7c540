"""Every view names the permission it needs, or says it is public.

`requires("app.perm")` sends people who are not signed in to the sign-in page
and gives everyone else without the permission a 403. `public` marks the few
pages anyone may reach (sign-in, health check). A test walks every URL and
fails if a view carries neither.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]
ObjectGetter = Callable[..., Any]


def requires(permission: str, obj: ObjectGetter | None = None) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            target = obj(request, *args, **kwargs) if obj else None
            if not request.user.has_perm(permission, target):
                raise PermissionDenied(f"You need the permission {permission}")
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        wrapped.permission_object = obj  # type: ignore[attr-defined]  # links ask the same (links.py)
        return wrapped

    return decorator


def public(reason: str) -> Callable[[View], View]:
    """Mark a view anyone may reach, saying why."""

    def decorator(view: View) -> View:
        view.public_because = reason  # type: ignore[attr-defined]
        return view

    return decorator
