"""Issuing, checking and revoking API tokens through the service functions."""

import hashlib
from contextlib import nullcontext
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.api.models import ApiToken
from conduct.api.scopes import UnknownScopeError
from conduct.api.services import (
    authenticate_token,
    create_api_token,
    revoke_api_token,
)
from conduct.api.tests.factories import issue_token
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal

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
    """A second call within the minute reads the token, its staff member and their roles in
    one statement, and writes nothing; checking a permission then reads nothing more."""
    _, secret = issue_token(make_staff(Role.AUDITOR))
    authenticate_token(secret)
    with CaptureQueriesContext(connection) as statements:
        found = authenticate_token(secret)
        assert found is not None
        assert Role.AUDITOR.group_name in found.acting_as.group_names
    assert [q["sql"].split()[0].upper() for q in statements.captured_queries] == ["SELECT"]


def test_every_role_of_the_staff_member_comes_with_the_token(make_staff):
    """A row a role: two roles give both names, and no role at all still finds the token."""
    two_roles = make_staff(Role.AUDITOR)
    two_roles.groups.add(Group.objects.get(name=Role.ADMINISTRATOR.group_name))
    _, two_secret = issue_token(two_roles)
    no_roles = make_staff(Role.AUDITOR)
    no_roles.groups.clear()
    _, none_secret = issue_token(no_roles)

    with_two = authenticate_token(two_secret)
    with_none = authenticate_token(none_secret)

    assert with_two is not None and with_none is not None
    assert with_two.acting_as == two_roles
    assert with_two.acting_as.group_names == {
        Role.AUDITOR.group_name,
        Role.ADMINISTRATOR.group_name,
    }
    assert with_none.acting_as == no_roles
    assert with_none.acting_as.group_names == frozenset()


def test_a_role_taken_away_stops_applying_on_the_next_call(make_staff):
    """Roles are read with the token on every call, never remembered between calls."""
    auditor = make_staff(Role.AUDITOR)
    _, secret = issue_token(auditor)
    before = authenticate_token(secret)
    assert before is not None and before.acting_as.has_perm("core.view_audit_trail")

    auditor.groups.clear()
    after = authenticate_token(secret)

    assert after is not None
    assert not after.acting_as.has_perm("core.view_audit_trail")


def test_the_token_read_in_one_statement_keeps_its_types(make_staff):
    """Scopes come back as a list and times as aware datetimes, as the ORM would give them."""
    token, secret = issue_token(make_staff(Role.AUDITOR), "audit:read")
    found = authenticate_token(secret)
    stored = ApiToken.objects.get(pk=token.pk)
    assert found is not None
    assert found.scopes == stored.scopes == ["audit:read"]
    assert found.created_at == stored.created_at
    assert timezone.is_aware(found.created_at)
    assert found.acting_as.date_joined == stored.acting_as.date_joined


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
    with pytest.raises(Refusal):
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
