"""Session rules: sign out after inactivity; two-factor roles need a verified session."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from conduct.accounts import services

LAST_SEEN = "last_seen"
# The time last seen is stored at most this often: storing it on every page would write the
# session row on every request (a write lock on SQLite). Staff are signed out up to this much
# sooner than IDLE_TIMEOUT, never later.
LAST_SEEN_STEP = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            last_seen = request.session.get(LAST_SEEN)
            if last_seen and now - last_seen > settings.IDLE_TIMEOUT.total_seconds():
                services.sign_out(request, idle=True)
                return redirect(f"{reverse('accounts:sign_in')}?reason=idle")
            if not last_seen or now - last_seen >= LAST_SEEN_STEP:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Belt and braces: sign-in only completes with a code, but never trust a session that lacks one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # django-otp's middleware adds is_verified() to the user.
        if user.is_authenticated and user.needs_two_factor and not user.is_verified():  # type: ignore[attr-defined]
            logout(request)
            return redirect("accounts:sign_in")
        return self.get_response(request)
