"""Wrong passwords counted three ways, so no address and no account can be tried for long.

django-axes records each wrong password against the email and address it came from, and
refuses that pair after AXES_FAILURE_LIMIT. This handler reads the same records twice
more: every wrong password from the address, whatever email it named
(SIGN_IN_ADDRESS_FAILURE_LIMIT), and every wrong password for the email, from whatever
address (SIGN_IN_ACCOUNT_FAILURE_LIMIT). Reaching either refuses the request as the
pair's limit would, for the same cool-off.

An account-wide lock could let anyone keep a member of staff out by sending wrong
passwords for their email. So it does not apply at an address from which that person
has signed in within SIGN_IN_KNOWN_ADDRESS_DAYS, and failures while locked are not
counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off), so a lock always ends
one cool-off after the failure that set it.
"""

from datetime import timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone

PAIR = "locked out: too many wrong passwords for this email from this address"
ADDRESS = "locked out: too many wrong passwords from this address"
ACCOUNT = "locked out: too many wrong passwords for this email"
# Set on the request when it is refused, for the audit event: which limit refused it.
REASON = "sign_in_lock_reason"


class SignInHandler(AxesDatabaseHandler):
    """django-axes' database handler, with the address and account limits added."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The pair's failures, raised to the pair's limit when the address or the account
        has reached its own: django-axes compares this one number with one limit."""
        pair = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        reason = PAIR if pair >= limit else wider_lock(request, credentials)
        setattr(request, REASON, reason)
        return max(pair, limit) if reason else pair


def wider_lock(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """Which wider limit refuses this request, if any."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    address = request.axes_ip_address  # type: ignore[attr-defined]
    email = get_client_username(request, credentials)
    if failures(recent.filter(ip_address=address)) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
        return ADDRESS
    if (
        email
        and failures(recent.filter(username=email)) >= settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT
        and not signed_in_from(email, address)
    ):
        return ACCOUNT
    return None


def failures(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def signed_in_from(email: str, address: str | None) -> bool:
    """Whether this person has signed in from this address lately (django-axes logs sign-ins)."""
    since = timezone.now() - timedelta(days=settings.SIGN_IN_KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(
        username=email, ip_address=address, attempt_time__gte=since
    ).exists()


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from. Behind TRUSTED_PROXY_COUNT proxies, the one the
    outermost proxy saw: read from the right of X-Forwarded-For, where each proxy adds the
    address it was reached from, so a client cannot choose it by sending the header."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def lock_reason(request: HttpRequest) -> str:
    """Why django-axes refused this request, for the audit trail."""
    return str(getattr(request, REASON, None) or PAIR)
