"""Every change to staff accounts and sign-in state, each audited."""

import secrets
from base64 import b32encode
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts import enrolment
from conduct.accounts.models import TwoFactorEnrolment, User
from conduct.accounts.roles import Role
from conduct.core.audit import record
from conduct.core.transactions import writes

SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def role_names(roles: Iterable[Role]) -> list[str]:
    return sorted(role.group_name for role in roles)


def role_groups(roles: Iterable[Role]) -> list[Group]:
    """The groups for these roles (made by a migration; made here too if a flush removed them)."""
    return [Group.objects.get_or_create(name=role.group_name)[0] for role in roles]


@writes
def create_staff_member(
    *,
    email: str,
    full_name: str,
    roles: Iterable[Role],
    password: str | None,
    by: User | None,
    two_factor_link: bool = True,
) -> User:
    """Add a member of staff with their roles. A None password means they cannot sign in yet.
    A role needing a security code gets a link to set up the app, emailed to them, unless
    two_factor_link is False (demo staff and tests, whose app is made for them)."""
    roles = list(roles)
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    user.groups.set(role_groups(roles))
    record(
        "accounts.staff_member_created",
        actor=by,
        target=user,
        payload={"email": user.email, "roles": ", ".join(role_names(roles))},
    )
    if two_factor_link and user.needs_two_factor:
        issue_two_factor_enrolment(user, by=by)
    return user


@writes
def set_roles(user: User, roles: Iterable[Role], *, by: User | None) -> None:
    """Replace a staff member's roles."""
    roles = list(roles)
    user.groups.set(role_groups(roles))
    record(
        "accounts.roles_changed",
        actor=by,
        target=user,
        payload={"email": user.email, "roles": ", ".join(role_names(roles))},
    )


@writes
def set_line_manager(member: User, manager: User | None, *, by: User | None) -> User:
    """Put a member of staff in a manager's team (None: in no team); unchanged, nothing is written."""
    if member.line_manager_id == (manager.pk if manager else None):
        return member
    if manager is not None and manager.pk == member.pk:
        raise ValueError("A member of staff cannot be their own line manager")
    member.line_manager = manager
    member.save(update_fields=["line_manager"])
    record(
        "accounts.line_manager_set",
        actor=by,
        target=member,
        payload={"email": member.email, "manager": manager.email if manager else "no one"},
    )
    return member


@writes
def sign_in(request: HttpRequest, user: User, device: TOTPDevice | None = None) -> None:
    """Start a session for someone whose password (and code, if needed) was right."""
    login(request, user, backend=SESSION_BACKEND)
    if device is not None:
        otp_login(request, device)
    record(
        "accounts.signed_in", actor=user, target=user, payload={"two_factor": device is not None}
    )


def record_failed_sign_in(email: str, reason: str, *, address: str | None = None) -> None:
    """Note a refused sign-in. There may be no such account, so there is no target."""
    payload = {"email": email[:254], "reason": reason, "address": address or "unknown"}
    record("accounts.sign_in_failed", actor=None, payload=payload)


@writes
def sign_out(request: HttpRequest, *, idle: bool = False) -> None:
    user = request.user
    record("accounts.idle_timed_out" if idle else "accounts.signed_out", actor=user, target=user)  # type: ignore[arg-type]
    logout(request)


def two_factor_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_two_factor_device(user: User) -> TOTPDevice:
    """The unconfirmed device someone is setting up, made on first asking."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    return device


class WrongCodeError(Exception):
    """The code was wrong, or too many wrong codes mean none is checked for a while."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_code(user: User, device: TOTPDevice, code: str) -> None:
    """Raise WrongCodeError unless the code is right and checking is allowed now."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = _seconds_to_wait(details)
        raise WrongCodeError(
            f"You have entered too many wrong codes. Wait {wait} seconds, then try again."
        )
    if not device.verify_token(code):
        record("accounts.two_factor_failed", actor=user, target=user)
        raise WrongCodeError("Enter the 6-digit security code shown in your authenticator app")


def _seconds_to_wait(details: dict[str, Any] | None) -> int:
    until = (details or {}).get("locked_until")
    return max(1, int((until - timezone.now()).total_seconds())) if until else 1


class NotTwoFactorError(ValueError):
    """Only staff whose roles need a security code set up an authenticator app."""


@writes
def issue_two_factor_enrolment(member: User, *, by: User | None) -> str:
    """A new link for the member to set up an authenticator app, emailed to them; it revokes
    any earlier link and removes their app (a lost phone). Returns the link's secret, for the
    issuer to see once: only its hash is kept (conduct.accounts.enrolment)."""
    if not member.needs_two_factor:
        raise NotTwoFactorError(f"{member} does not need a security code to sign in")
    User.objects.select_for_update().filter(pk=member.pk).first()  # one issuer at a time
    now = timezone.now()
    earlier = TwoFactorEnrolment.objects.filter(
        staff_member=member, used_at__isnull=True, revoked_at__isnull=True
    )
    revoked = earlier.update(revoked_at=now, modified_at=now, modified_by=by)
    removed, _ = TOTPDevice.objects.filter(user=member).delete()
    secret = secrets.token_urlsafe(32)
    link = TwoFactorEnrolment.objects.create(
        staff_member=member,
        secret_hash=enrolment.secret_hash(secret),
        expires_at=now + settings.TWO_FACTOR_ENROLMENT_TIME,
        created_by=by,
        modified_by=by,
    )
    payload = {
        "email": member.email,
        "expires_at": f"{timezone.localtime(link.expires_at):%-d %B %Y %H:%M}",
        "earlier_links_revoked": revoked,
        "authenticator_removed": "yes" if removed else "no",
    }
    record("accounts.two_factor_enrolment_issued", actor=by, target=member, payload=payload)
    # robust: a mail server that refuses does not undo the link, which the issuer has seen.
    send = partial(enrolment.email_link, member, secret, link.expires_at)
    transaction.on_commit(send, robust=True)
    return secret


def enrol_two_factor(user: User, device: TOTPDevice, code: str, *, enrolment_id: object) -> None:
    """Finish setting up the app through an open link with a first right code, using the link
    up. The code is checked before the transaction, so a wrong one counts towards the back-off
    (check_code's failures are not rolled back)."""
    link = enrolment.link_for(user, enrolment_id)
    if link is None:
        raise enrolment.LinkNotOpenError
    check_code(user, device, code)
    _use_link(user, device, link.pk)


@writes
def _use_link(user: User, device: TOTPDevice, enrolment_id: int) -> None:
    link = enrolment.open_links().filter(pk=enrolment_id, staff_member=user)
    used = link.update(used_at=timezone.now(), modified_at=timezone.now(), modified_by=user)
    if not used:  # another request used it first, or it has just expired
        raise enrolment.LinkNotOpenError
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record("accounts.two_factor_set_up", actor=user, target=user)


def authenticator_key(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it: base32, no padding."""
    return b32encode(device.bin_key).decode().rstrip("=")
