"""The API's own endpoints: /me, the audit trail, and the OpenAPI document."""

import pytest

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.audit import record
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_me_says_who_the_token_acts_as_and_what_it_may_do(client, make_staff):
    """Any good token may ask who it is; the answer names the person, roles and scopes."""
    auditor = make_staff(Role.AUDITOR)
    token, secret = issue_token(auditor, "audit:read")
    response = client.get("/api/v1/me", **bearer(secret))
    assert response.status_code == 200
    assert response.json() == {
        "email": auditor.email,
        "full_name": auditor.full_name,
        "roles": ["auditor"],
        "token": {
            "name": token.name,
            "prefix": token.prefix,
            "scopes": ["audit:read"],
            "expires_at": None,
        },
    }


def test_audit_events_come_newest_first_a_page_at_a_time(client, make_staff):
    """Pages follow `next_before` back through the trail without gaps or repeats."""
    auditor = make_staff(Role.AUDITOR)
    for _ in range(3):
        record("core.audit_trail_viewed", actor=auditor)
    _, secret = issue_token(auditor, "audit:read")
    expected = list(AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True))
    seen, before = [], ""
    while True:
        page = client.get(f"/api/v1/audit-events?limit=2{before}", **bearer(secret)).json()
        seen += [item["sequence"] for item in page["items"]]
        if page["next_before"] is None:
            break
        before = f"&before={page['next_before']}"
    assert seen == expected


def test_an_audit_event_carries_its_actor_verb_target_and_payload(client, make_staff):
    """Each item has the fields an auditor's tools need."""
    auditor = make_staff(Role.AUDITOR)
    token, secret = issue_token(auditor, "audit:read")
    items = client.get("/api/v1/audit-events?limit=1", **bearer(secret)).json()["items"]
    assert items[0]["verb"] == "api.token_created"
    assert items[0]["actor_email"] is None
    assert (items[0]["target_type"], items[0]["target_id"]) == ("api.apitoken", str(token.pk))
    assert items[0]["payload"]["prefix"] == token.prefix


def test_reading_the_audit_trail_is_itself_recorded(client, make_staff):
    """Each read adds an event naming the acting person and how many events they saw."""
    auditor = make_staff(Role.AUDITOR)
    _, secret = issue_token(auditor, "audit:read")
    client.get("/api/v1/audit-events?limit=1", **bearer(secret))
    read = AuditEvent.objects.get(verb="api.audit_events_read")
    assert read.actor == auditor
    assert read.payload == {"path": "/api/v1/audit-events", "before": None, "limit": 1, "count": 1}


def test_the_scope_is_not_enough_without_the_persons_permission(client, make_staff):
    """A frontline officer's token with audit:read still cannot read the trail."""
    _, secret = issue_token(make_staff(Role.FRONTLINE_OFFICER), "audit:read")
    response = client.get("/api/v1/audit-events", **bearer(secret))
    assert response.status_code == 403
    assert response.json()["type"] == "urn:conduct:problem:permission-denied"
    assert not AuditEvent.objects.filter(verb="api.audit_events_read").exists()


def test_openapi_describes_the_bearer_scheme_and_each_scope(client):
    """The document is public JSON naming the bearer scheme and the scope each endpoint needs."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"]["type"] == "http"
    assert schemes["TokenAuth"]["scheme"] == "bearer"
    assert schema["paths"]["/api/v1/me"]["get"]["security"] == [{"TokenAuth": []}]
    audit = schema["paths"]["/api/v1/audit-events"]["get"]
    assert audit["security"] == [{"TokenAuth": ["audit:read"]}]
    problem = audit["responses"]["422"]["content"]["application/problem+json"]
    assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}
