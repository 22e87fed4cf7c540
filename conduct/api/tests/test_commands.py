"""The operators' commands for issuing and revoking API tokens."""

import pytest
from django.core.management import CommandError, call_command

from conduct.accounts.roles import Role
from conduct.api.models import ApiToken
from conduct.api.services import authenticate_token
from conduct.api.tests.factories import issue_token

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_api_token_prints_a_working_secret_once_with_a_warning(make_staff):
    """The printed secret authenticates, and the output warns it will not be shown again."""
    auditor = make_staff(Role.AUDITOR)
    output = run(
        "create_api_token",
        "--name",
        "CRM",
        "--as",
        auditor.email.upper(),
        "--scope",
        "audit:read",
        "--expires-days",
        "30",
    )
    secret = output.strip().splitlines()[-1]
    token = authenticate_token(secret)
    assert token is not None and token.acting_as == auditor
    assert token.scopes == ["audit:read"] and token.expires_at is not None
    assert "will not be shown again" in output


@pytest.mark.parametrize(
    ("email", "scope", "expires_days", "message"),
    [
        ("{email}", "audit:raed", "1", "Unknown API scope audit:raed"),
        ("nobody@council.example", "audit:read", "1", "no staff member"),
        ("{email}", "audit:read", "0", "--expires-days must be 1 or more"),
    ],
)
def test_create_api_token_refuses_bad_input(make_staff, email, scope, expires_days, message):
    """An unknown scope or person, or a nonsense expiry, is an error and no token is made."""
    email = email.format(email=make_staff(Role.AUDITOR).email)
    with pytest.raises(CommandError, match=message):
        run(
            "create_api_token",
            "--name",
            "CRM",
            "--as",
            email,
            "--scope",
            scope,
            "--expires-days",
            expires_days,
        )
    assert not ApiToken.objects.exists()


def test_revoke_api_token_stops_the_token_by_its_prefix(make_staff):
    """Revoking by prefix stops the secret working; an unknown prefix is an error."""
    token, secret = issue_token(make_staff(Role.AUDITOR))
    assert "Revoked" in run("revoke_api_token", token.prefix)
    assert authenticate_token(secret) is None
    with pytest.raises(CommandError, match="already revoked"):
        run("revoke_api_token", token.prefix)
    with pytest.raises(CommandError, match="no API token"):
        run("revoke_api_token", "zzzzzzzz")
