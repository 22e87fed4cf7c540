"""The informal-stage actions through the API: same rules as the pages, problems on refusal."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.tests import factories
from conduct.core.moves import moves_open_to
from conduct.incidents import informal
from conduct.incidents.models import Incident, IncidentAction, InformalWarning

pytestmark = pytest.mark.django_db
Status = Incident.Status

ENDPOINTS = {
    "no-further-action": {"reason": "Resolved at the desk"},
    "informal-warning": {
        "given_by": "officer",
        "given_at": "{given_at}",
        "how": "phone",
        "words_used": "Abuse is not acceptable.",
    },
    "more-detail-requests": {"question": "Who else was there?"},
    "escalation": {"reason": "Third time this month"},
}


def filled(body: dict) -> dict:
    """The body with {given_at} as ten minutes ago."""
    given_at = (timezone.now() - timedelta(minutes=10)).isoformat()
    return {k: v.replace("{given_at}", given_at) for k, v in body.items()}


def post(client, user, incident, endpoint, body=None, scopes=("incidents:write",), **headers):
    _, secret = issue_token(user, *scopes)
    return client.post(
        f"/api/v1/incidents/{incident.reference}/{endpoint}",
        json.dumps(filled(body if body is not None else ENDPOINTS[endpoint])),
        content_type="application/json",
        **bearer(secret),
        **headers,
    )


@pytest.mark.parametrize(
    ("endpoint", "status"),
    [
        ("no-further-action", Status.NO_FURTHER_ACTION),
        ("informal-warning", Status.INFORMAL_WARNING),
        ("more-detail-requests", Status.MORE_DETAIL_REQUESTED),
        ("escalation", Status.ESCALATED),
    ],
)
def test_the_line_manager_acts_through_the_api(client, officer, manager, endpoint, status):
    """Each action moves the incident and answers with its status and what may follow."""
    incident = factories.incident(officer)
    response = post(client, manager, incident, endpoint)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reference"] == incident.reference and body["status"] == status
    assert body["actions_open"] == [
        informal.ACTION_OF[move.name].value
        for move in moves_open_to(manager, Incident.objects.get(pk=incident.pk))
    ]
    assert (body["case"] or "").startswith("CASE-") == (endpoint == "escalation")


def test_the_officer_answers_through_the_api(client, officer, manager):
    """The officer who logged it sends the detail asked for; the incident is new again."""
    incident = factories.incident(officer)
    informal.request_more_detail(incident, question="Who?", by=manager)
    response = post(client, officer, incident, "detail", {"detail": "Two colleagues."})
    assert response.status_code == 200
    assert response.json()["status"] == Status.NEW


@pytest.mark.parametrize("endpoint", [*ENDPOINTS, "detail"])
@pytest.mark.parametrize("role", list(Role))
def test_endpoints_by_role(client, make_staff, officer, endpoint, role):
    """Roles get what the pages give them: case officers act; nobody else unrelated may."""
    incident = factories.incident(officer)
    if endpoint == "detail":
        informal.request_more_detail(incident, question="Who?", by=make_staff(Role.CASE_OFFICER))
    body = {"detail": "More."} if endpoint == "detail" else None
    response = post(client, make_staff(role), incident, endpoint, body)
    allowed = role == Role.CASE_OFFICER and endpoint != "detail"
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"] == "urn:conduct:problem:permission-denied"


def test_a_token_without_the_write_scope_is_refused(client, officer, manager):
    """incidents:read is not enough to act; the answer is a missing-scope problem."""
    incident = factories.incident(officer)
    response = post(client, manager, incident, "no-further-action", scopes=("incidents:read",))
    assert response.status_code == 403
    assert response.json()["type"] == "urn:conduct:problem:missing-scope"


def test_an_action_the_status_does_not_allow_is_a_conflict(client, officer, manager):
    """A closed incident cannot be escalated: 409 with a problem saying why."""
    incident = factories.incident(officer)
    informal.close_with_no_further_action(incident, reason="Resolved", by=manager)
    response = post(client, manager, incident, "escalation")
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"] == "urn:conduct:problem:not-allowed-now"
    assert "closed with no further action" in problem["detail"]


def test_an_unknown_person_cannot_be_warned_yet(client, officer, manager):
    """Warning needs a known customer: a conflict until one is added."""
    incident = factories.incident(officer, unknown="Tall man")
    response = post(client, manager, incident, "informal-warning")
    assert response.status_code == 409
    assert "Add the customer" in response.json()["detail"]


@pytest.mark.parametrize(
    ("endpoint", "body", "status"),
    [
        ("no-further-action", {"reason": "   "}, 422),
        ("no-further-action", {}, 422),
        ("more-detail-requests", {"question": ""}, 422),
        ("escalation", {"reason": "Again", "case": "CASE-999999"}, 422),
        ("informal-warning", {**ENDPOINTS["informal-warning"], "how": "fax"}, 422),
        ("informal-warning", {**ENDPOINTS["informal-warning"], "given_by": "someone"}, 422),
        (
            "informal-warning",
            {**ENDPOINTS["informal-warning"], "given_at": "2099-01-01T10:00:00Z"},
            422,
        ),
    ],
)
def test_bad_answers_are_validation_problems(client, officer, manager, endpoint, body, status):
    """Blank or impossible answers are 422 problems and change nothing."""
    incident = factories.incident(officer)
    response = post(client, manager, incident, endpoint, body)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert not IncidentAction.objects.exists() and not InformalWarning.objects.exists()


def test_an_unknown_incident_is_not_found(client, manager):
    """A reference that does not exist is a 404 problem."""
    _, secret = issue_token(manager, "incidents:write")
    response = client.post(
        "/api/v1/incidents/INC-999999/no-further-action",
        json.dumps({"reason": "x"}),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 404


def test_a_retry_with_the_same_idempotency_key_gets_the_first_answer(client, officer, manager):
    """A repeated request with its key answers 200 again and writes nothing more."""
    incident = factories.incident(officer)
    first = post(client, manager, incident, "no-further-action", HTTP_IDEMPOTENCY_KEY="k-1")
    again = post(client, manager, incident, "no-further-action", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert IncidentAction.objects.count() == 1


def test_openapi_documents_each_action_with_its_scope_and_conflict(client):
    """Integrators see the scope each action needs and that a conflict is a problem document."""
    schema = client.get("/api/v1/openapi.json").json()
    for endpoint in [*ENDPOINTS, "detail"]:
        operation = schema["paths"][f"/api/v1/incidents/{{reference}}/{endpoint}"]["post"]
        assert operation["security"] == [{"TokenAuth": ["incidents:write"]}]
        assert {"200", "403", "409", "422"} <= set(operation["responses"])
