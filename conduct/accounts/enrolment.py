"""One-time links for setting up an authenticator app: finding them, and the email.

A right password alone must not bind an authenticator to a two-factor role, or whoever first
had the password would own the second factor. So the app is set up only with the person's
password and a link an administrator issued (`services.issue_two_factor_enrolment`): shown
once to the administrator and emailed to the member of staff, kept only as a SHA-256 hash,
open for TWO_FACTOR_ENROLMENT_TIME, used up by the first right code
(`services.enrol_two_factor`), and revoked when another is issued. Issuing a link also
removes the person's app, which is how a lost phone is replaced.
"""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts.models import TwoFactorEnrolment, User

# The session remembers which link was opened, until the person has set up their app.
SESSION_KEY = "two_factor_enrolment"


class LinkNotOpenError(Exception):
    """The link is unknown, used, revoked, expired, or for someone else."""


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def open_links() -> QuerySet[TwoFactorEnrolment]:
    """Links neither used nor revoked, not yet expired."""
    return TwoFactorEnrolment.objects.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def open_link(secret: str) -> TwoFactorEnrolment | None:
    """The link this secret opens, if it is still open."""
    return open_links().filter(secret_hash=secret_hash(secret)).first()


def link_for(member: User, enrolment_id: object) -> TwoFactorEnrolment | None:
    """The open link a session opened, if it was issued to this member of staff."""
    if not isinstance(enrolment_id, int):
        return None
    return open_links().filter(pk=enrolment_id, staff_member=member).first()


def has_authenticator(members: QuerySet[User]) -> set[int]:
    """The ids of those among these staff who have set up an authenticator app."""
    devices = TOTPDevice.objects.filter(user__in=members, confirmed=True)
    return set(devices.values_list("user_id", flat=True))


def link_url(secret: str) -> str:
    return f"{settings.SITE_URL}{reverse('accounts:enrolment_link', args=[secret])}"


def when(moment: datetime) -> str:
    """Like 3:05pm on 10 December 2026, in local time."""
    local = timezone.localtime(moment)
    return f"{local:%-I:%M}{local:%p}".lower() + f" on {local:%-d %B %Y}"


def email_link(member: User, secret: str, expires_at: datetime) -> None:
    """Email the link to the member of staff."""
    body = (
        f"Hello {member.get_short_name()},\n\n"
        "Your role in Conduct needs a security code from an authenticator app each time you "
        "sign in. Use this link to set up the app on your work phone:\n\n"
        f"{link_url(secret)}\n\n"
        f"The link works once, until {when(expires_at)}. You will need your "
        "password too. If you did not expect this email, tell an administrator.\n"
    )
    send_mail("Set up your authenticator app for Conduct", body, None, [member.email])
