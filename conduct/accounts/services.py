"""Every change to staff accounts and sign-in state, each audited."""

import secrets
from base64 import b32encode
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
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
from conduct.accounts.models import (
    ProviderIdentity,
    ProviderMultiFactor,
    StaffPost,
    TwoFactorEnrolment,
    User,
)
from conduct.accounts.roles import Role
from conduct.core.audit import record
from conduct.core.refusals import Refusal, bad_answer
from conduct.core.transactions import writes
from conduct.customers.models import CouncilService

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
    posts: Iterable[tuple[str, CouncilService | None]] = (),
) -> User:
    """Add a member of staff with their roles and any posts the policy packs name (post id, and
    the service held for or None). A None password means they cannot sign in yet. A role
    needing a security code gets a link to set up the app, emailed to them, unless
    two_factor_link is False (demo staff and tests, whose app is made for them)."""
    roles = list(roles)
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    user.groups.set(role_groups(roles))
    user.forget_roles()
    record(
        "accounts.staff_member_created",
        actor=by,
        target=user,
        payload={"email": user.email, "roles": ", ".join(role_names(roles))},
    )
    for post_id, service in posts:
        assign_post(user, post_id, service=service, by=by)
    if two_factor_link and user.needs_two_factor:
        issue_two_factor_enrolment(user, by=by)
    return user


# Posts the policy packs name ------------------------------------------------------------------


# Policy builds on accounts, not the reverse: PolicyConfig.ready says where posts are named.
POSTS_NAMED: list[Callable[[], dict[str, str]]] = []


def name_posts_with(source: Callable[[], dict[str, str]]) -> None:
    """Read the posts staff may hold from `source` (policy's packs, in PolicyConfig.ready)."""
    POSTS_NAMED[:] = [source]


def post_names() -> dict[str, str]:
    """Every post a policy pack names, by id: the packs loaded, then the files in policies/."""
    return {post: name for source in POSTS_NAMED for post, name in source().items()}


@writes
def assign_post(
    member: User, post_id: str, *, service: CouncilService | None = None, by: User | None
) -> StaffPost:
    """Give a member of staff a post a policy pack names, for one service or the whole council."""
    names = post_names()
    if post_id not in names:
        known = ", ".join(f'"{p}"' for p in sorted(names)) or "none"
        raise bad_answer(
            f'No policy pack names the post "{post_id}" (the posts: {known})',
            "post",
            problem="invalid-post",
        )
    held = StaffPost.objects.filter(
        staff_member=member, post_id=post_id, service=service, ended_at__isnull=True
    )
    if held.exists():
        raise bad_answer(
            f"{member.full_name} already holds the post {names[post_id]}",
            "post",
            problem="invalid-post",
        )
    post = StaffPost.objects.create(
        staff_member=member,
        post_id=post_id,
        post_name=names[post_id],
        service=service,
        created_by=by,
        modified_by=by,
    )
    record(
        "accounts.post_assigned",
        actor=by,
        target=member,
        payload={"email": member.email, "post": str(post)},
    )
    return post


@writes
def end_post(post: StaffPost, *, by: User | None) -> StaffPost:
    """The member of staff no longer holds the post; the row stays, as decisions cite it."""
    if post.ended_at is None:
        post.ended_at, post.modified_by = timezone.now(), by
        post.save(update_fields=["ended_at", "modified_by", "modified_at"])
        record(
            "accounts.post_ended",
            actor=by,
            target=post.staff_member,
            payload={"email": post.staff_member.email, "post": str(post)},
        )
    return post


@writes
def set_roles(user: User, roles: Iterable[Role], *, by: User | None) -> None:
    """Replace a staff member's roles."""
    roles = list(roles)
    user.groups.set(role_groups(roles))
    user.forget_roles()
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


@writes
def issue_two_factor_enrolment(member: User, *, by: User | None) -> str:
    """A new link for the member to set up an authenticator app, emailed to them; it revokes
    any earlier link and removes their app (a lost phone). Returns the link's secret, for the
    issuer to see once: only its hash is kept (conduct.accounts.enrolment)."""
    if not member.needs_two_factor:
        raise Refusal(f"{member} does not need a security code to sign in")
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


# Single sign-on (ADR 0006): the staff member the council's OpenID Connect provider vouches for.


class ProviderRefusal(StrEnum):
    """Why someone the provider vouched for may not sign in, as the audit trail says it."""

    NO_ROLE = "the provider gives them no Conduct role"
    NO_ACCOUNT = "there is no Conduct account for them"
    INACTIVE = "their Conduct account is switched off"
    LINKED_ELSEWHERE = "their email address is linked to another account at the provider"
    NO_EMAIL = "the provider gave no verified email address"
    ROLES_UNREADABLE = "the provider sent their groups elsewhere, as too many to fit in the token"
    NOT_CONFIRMED = "the provider’s answer could not be confirmed"


@dataclass(frozen=True)
class ProviderAccount:
    """What a verified ID token says about the person signing in."""

    provider: str  # the provider's name, for the audit trail
    issuer: str
    subject: str
    email: str  # blank when the token gives none, or one the provider has not verified
    full_name: str
    roles: frozenset[Role] | None  # None: roles are kept in Conduct, not read from the token
    multi_factor: bool  # the provider says a second factor was used


@dataclass(frozen=True)
class ProviderDecision:
    """The staff member found, linked or created, and why they are refused (None: they are not)."""

    user: User | None
    refusal: ProviderRefusal | None = None


@writes
def accept_from_provider(account: ProviderAccount) -> ProviderDecision:
    """Find the staff member by their identity at the provider, or link or create them at their
    first sign-in; bring their name, email and roles up to date from the token. Someone whose
    token no longer carries a Conduct role loses the roles they had, and is refused. Each
    change is audited."""
    identity = (
        ProviderIdentity.objects.select_related("user")
        .filter(issuer=account.issuer, subject=account.subject)
        .first()
    )
    user = identity.user if identity else _staff_member_by_email(account.email)
    refusal = _refusal_before_any_change(user, identity, account)
    if refusal is not None:
        return ProviderDecision(user, refusal)
    if user is None:
        return ProviderDecision(_create_from_provider(account))
    if identity is None:
        _link_to_provider(user, account)
    _update_from_provider(user, account)
    if account.roles is not None and set(user.roles) != account.roles:
        user.groups.set(role_groups(account.roles))
        user.forget_roles()
        roles = ", ".join(role_names(account.roles)) or "none"
        _record_from_provider("accounts.roles_set_from_provider", user, account, roles=roles)
    return ProviderDecision(user, None if user.roles else ProviderRefusal.NO_ROLE)


def _refusal_before_any_change(
    user: User | None, identity: ProviderIdentity | None, account: ProviderAccount
) -> ProviderRefusal | None:
    """Someone new needs a Conduct role and an email address to be added. An existing account
    must be switched on; one not linked yet is linked only for a Conduct role (not taken over
    before the council has put them in a group) and only once for this provider."""
    if user is None:
        if account.roles is None:
            return ProviderRefusal.NO_ACCOUNT
        if not account.roles:
            return ProviderRefusal.NO_ROLE
        return None if account.email else ProviderRefusal.NO_EMAIL
    if not user.is_active:
        return ProviderRefusal.INACTIVE
    if identity is None and account.roles is not None and not account.roles:
        return ProviderRefusal.NO_ROLE
    if identity is None and user.provider_identities.filter(issuer=account.issuer).exists():
        return ProviderRefusal.LINKED_ELSEWHERE
    return None


def _staff_member_by_email(email: str) -> User | None:
    """An existing account the provider's verified email address names: linked on first sign-in."""
    return User.objects.filter(email__iexact=email).first() if email else None


def _create_from_provider(account: ProviderAccount) -> User:
    assert account.roles
    user = User.objects.create_user(email=account.email, password=None, full_name=account.full_name)
    user.groups.set(role_groups(account.roles))
    user.forget_roles()
    ProviderIdentity.objects.create(user=user, issuer=account.issuer, subject=account.subject)
    _record_from_provider(
        "accounts.staff_member_created_from_provider",
        user,
        account,
        roles=", ".join(role_names(account.roles)),
    )
    if user.needs_two_factor:
        issue_two_factor_enrolment(user, by=None)
    return user


def _link_to_provider(user: User, account: ProviderAccount) -> None:
    """From now on the provider signs this person in: their Conduct password stops working, so
    someone the provider has switched off cannot sign in with it instead."""
    ProviderIdentity.objects.create(user=user, issuer=account.issuer, subject=account.subject)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    _record_from_provider("accounts.provider_identity_linked", user, account)


def _update_from_provider(user: User, account: ProviderAccount) -> None:
    """The name and email address the provider now gives, if they changed (an email address
    another account holds is left alone)."""
    changes = []
    if account.full_name and account.full_name != user.full_name:
        changes.append(f"name from {user.full_name} to {account.full_name}")
        user.full_name = account.full_name
    email = User.objects.normalize_email(account.email)
    if (
        email
        and email.lower() != user.email.lower()
        and not User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
    ):
        changes.append(f"email address from {user.email} to {email}")
        user.email = email
    if changes:
        user.save(update_fields=["full_name", "email"])
        _record_from_provider(
            "accounts.staff_member_updated_from_provider", user, account, changes="; ".join(changes)
        )


def _record_from_provider(verb: str, user: User, account: ProviderAccount, **more: str) -> None:
    """A change the provider's token made: Conduct is the actor, the token's identity noted."""
    payload = {
        "email": user.email,
        "provider": account.provider,
        "issuer": account.issuer,
        "subject": account.subject,
        **more,
    }
    record(verb, actor=None, target=user, payload=payload)


def provider_multi_factor(user: User) -> ProviderMultiFactor:
    """The django-otp device standing for the provider's second factor, made on first use."""
    device, _ = ProviderMultiFactor.objects.get_or_create(
        user=user, defaults={"name": "Second factor checked by the sign-in provider"}
    )
    return device


@writes
def sign_in_with_provider(request: HttpRequest, user: User, account: ProviderAccount) -> None:
    """Start a session for someone the provider vouched for: verified for two-factor roles when
    the provider says a second factor was used."""
    login(request, user, backend=SESSION_BACKEND)
    if account.multi_factor:
        otp_login(request, provider_multi_factor(user))
    record(
        "accounts.signed_in_with_provider",
        actor=user,
        target=user,
        payload={"provider": account.provider, "two_factor": account.multi_factor},
    )


@writes
def record_provider_sign_in_needs_code(user: User, account: ProviderAccount) -> None:
    """A two-factor role the provider vouched for without a second factor: Conduct's code next."""
    record(
        "accounts.provider_sign_in_needs_code",
        actor=user,
        target=user,
        payload={"provider": account.provider},
    )


@writes
def record_provider_sign_in_refused(
    refusal: ProviderRefusal,
    *,
    provider: str,
    detail: str = "",
    account: ProviderAccount | None = None,
    user: User | None = None,
) -> None:
    """Note a refused sign-in through the provider, with whatever the verified token said."""
    email = (user.email if user else "") or (account.email if account else "")
    subject = account.subject if account else ""
    record(
        "accounts.provider_sign_in_refused",
        actor=None,
        target=user,
        payload={
            "provider": provider,
            "reason": f"{refusal}: {detail}" if detail else str(refusal),
            "who": email or (f"subject {subject}" if subject else "someone not confirmed"),
            "email": email,
            "subject": subject,
        },
    )
