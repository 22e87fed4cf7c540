"""Every API failure is an RFC 9457 problem document with the right status."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.api.problems import CONTENT_TYPE
from conduct.api.services import revoke_api_token
from conduct.api.tests.factories import bearer, issue_token

pytestmark = pytest.mark.django_db


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == CONTENT_TYPE
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    return body


def no_header(secret: str) -> dict:
    return {}


def basic_scheme(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Basic {secret}"}


def malformed(secret: str) -> dict:
    return bearer("not-a-conduct-token")


def unknown(secret: str) -> dict:
    return bearer(secret[:-4] + "zzzz")


MISSING = ("urn:conduct:problem:missing-token", 'Bearer realm="Conduct API"')
INVALID = ("urn:conduct:problem:invalid-token", 'Bearer realm="Conduct API", error="invalid_token"')


@pytest.mark.parametrize(
    ("headers", "expected"),
    [(no_header, MISSING), (basic_scheme, MISSING), (malformed, INVALID), (unknown, INVALID)],
)
def test_a_missing_malformed_or_unknown_token_gets_401(client, make_staff, headers, expected):
    """Each way of not presenting a good token is a 401 problem with a Bearer challenge."""
    _, secret = issue_token(make_staff(Role.AUDITOR))
    response = client.get("/api/v1/me", **headers(secret))
    body = assert_problem(response, 401)
    assert (body["type"], response["WWW-Authenticate"]) == expected


def test_a_revoked_token_gets_401(client, make_staff):
    """Once revoked, the same secret is refused."""
    token, secret = issue_token(make_staff(Role.AUDITOR))
    revoke_api_token(token, by=None)
    response = client.get("/api/v1/me", **bearer(secret))
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_gets_401(client, make_staff, time_machine):
    """After its expiry the secret is refused."""
    _, secret = issue_token(
        make_staff(Role.AUDITOR), expires_at=timezone.now() + timedelta(hours=1)
    )
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    assert_problem(client.get("/api/v1/me", **bearer(secret)), 401)


def test_a_token_without_the_scope_gets_403(client, make_staff):
    """A good token lacking the endpoint's scope is refused, naming the scope."""
    _, secret = issue_token(make_staff(Role.AUDITOR))
    response = client.get("/api/v1/audit-events", **bearer(secret))
    body = assert_problem(response, 403)
    assert body["type"] == "urn:conduct:problem:missing-scope"
    assert "audit:read" in body["detail"]
    assert response["WWW-Authenticate"].endswith('error="insufficient_scope", scope="audit:read"')


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=lots", "limit"), ("before=-1", "before")],
)
def test_invalid_parameters_get_422_naming_the_field(client, make_staff, query, field):
    """A bad query parameter is a validation problem whose errors name it."""
    _, secret = issue_token(make_staff(Role.AUDITOR), "audit:read")
    response = client.get(f"/api/v1/audit-events?{query}", **bearer(secret))
    body = assert_problem(response, 422)
    assert body["type"] == "urn:conduct:problem:validation-error"
    assert [(error["in"], error["field"]) for error in body["errors"]] == [("query", field)]


def test_an_unknown_address_gets_404(client):
    """Addresses under the API that match nothing answer as the API, not as a web page."""
    assert_problem(client.get("/api/v1/"), 404)
    assert_problem(client.get("/api/v1/no-such-thing"), 404)
    assert_problem(client.post("/api/v1/no-such-thing"), 404)


def test_a_wrong_method_gets_405_with_allow(client, make_staff):
    """A method an endpoint does not take is a 405 problem that says which it does."""
    _, secret = issue_token(make_staff(Role.AUDITOR))
    response = client.delete("/api/v1/me", **bearer(secret))
    assert_problem(response, 405)
    assert response["Allow"] == "GET"


def test_an_unexpected_error_gets_500_without_details(client, make_staff, monkeypatch):
    """A crash is logged and answered with a plain problem, never a traceback."""
    _, secret = issue_token(make_staff(Role.AUDITOR), "audit:read")

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("conduct.api.endpoints.record", explode)
    body = assert_problem(client.get("/api/v1/audit-events", **bearer(secret)), 500)
    assert "secret internals" not in body["detail"]
