"""Issuing, checking and revoking API tokens through the service functions."""

import hashlib
from contextlib import nullcontext
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.api.models import ApiToken
from conduct.api.scopes import UnknownScopeError
from conduct.api.services import (
    ApiTokenError,
    authenticate_token,
    create_api_token,
    revoke_api_token,
)
from conduct.api.tests.factories import issue_token
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_secret_is_returned_once_and_only_its_hash_is_stored(make_staff):
    """The database holds the SHA-256 of the secret and the public prefix, never the secret."""
    token, secret = issue_token(make_staff(Role.AUDITOR), "audit:read")
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert secret.startswith(f"cdt_{token.prefix}_")
    assert stored["secret_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert all(secret not in str(value) for value in stored.values())


def test_creating_a_token_is_audited_without_the_secret(make_staff):
    """The audit event names the token, its scopes and who it acts as, and leaks no secret."""
    auditor = make_staff(Role.AUDITOR)
    token, secret = issue_token(auditor, "audit:read")
    event = AuditEvent.objects.get(verb="api.token_created")
    assert event.target_id == str(token.pk)
    assert event.payload["acting_as"] == auditor.email
    assert event.payload["scopes"] == "audit:read"
    assert secret not in str(event.payload)


def test_a_good_secret_finds_its_token_and_stamps_its_use(make_staff):
    """authenticate_token returns the token and records when it was last used."""
    token, secret = issue_token(make_staff(Role.AUDITOR))
    found = authenticate_token(secret)
    assert found == token
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(make_staff):
    """A second call within the minute reads the token and its staff member, and writes nothing."""
    _, secret = issue_token(make_staff(Role.AUDITOR))
    authenticate_token(secret)
    with CaptureQueriesContext(connection) as statements:
        authenticate_token(secret)
    assert [q["sql"].split()[0].upper() for q in statements.captured_queries] == ["SELECT"] * 2


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda secret: secret[:-1] + ("A" if secret[-1] != "A" else "B"), id="wrong"),
        pytest.param(lambda secret: secret.upper(), id="malformed"),
        pytest.param(lambda secret: "", id="empty"),
    ],
)
def test_a_wrong_or_malformed_secret_finds_nothing(make_staff, spoil):
    """Only the exact secret authenticates."""
    _, secret = issue_token(make_staff(Role.AUDITOR))
    assert authenticate_token(spoil(secret)) is None


def test_revoked_expired_and_deactivated_tokens_stop_working(make_staff, time_machine):
    """A token stops working when revoked, after it expires, or when its person is deactivated."""
    user = make_staff(Role.AUDITOR)
    revoked, revoked_secret = issue_token(user)
    revoke_api_token(revoked, by=None)
    _, expiring_secret = issue_token(user, expires_at=timezone.now() + timedelta(days=1))
    _, other_secret = issue_token(make_staff(Role.AUDITOR))
    assert authenticate_token(revoked_secret) is None
    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert authenticate_token(expiring_secret) is None
    other = authenticate_token(other_secret)
    assert other is not None
    other.acting_as.is_active = False
    other.acting_as.save()
    assert authenticate_token(other_secret) is None


def test_revoking_is_audited_and_cannot_happen_twice(make_staff):
    """Revoking stamps the token and records an event; a second revoke is refused."""
    token, _ = issue_token(make_staff(Role.AUDITOR))
    revoke_api_token(token, by=None)
    assert AuditEvent.objects.filter(verb="api.token_revoked", target_id=str(token.pk)).exists()
    with pytest.raises(ApiTokenError):
        revoke_api_token(token, by=None)


def test_an_unknown_scope_is_refused(make_staff):
    """Scopes come from the registry; a typo is an error, not a useless token."""
    with pytest.raises(UnknownScopeError, match="audit:raed"):
        issue_token(make_staff(Role.AUDITOR), "audit:raed")
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("role", "outcome"),
    [(Role.ADMINISTRATOR, nullcontext()), (Role.AUDITOR, pytest.raises(PermissionDenied))],
)
def test_only_administrators_issue_tokens(make_staff, role, outcome):
    """A signed-in person needs the administrator role to issue a token."""
    by, acting_as = make_staff(role), make_staff(Role.AUDITOR)
    with outcome:
        create_api_token(name="CRM", acting_as=acting_as, scopes=[], by=by)
