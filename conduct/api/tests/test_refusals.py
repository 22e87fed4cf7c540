"""A service's Refusal, through the real API: one handler, the same problem documents as before."""

import json
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.api.problems import CONTENT_TYPE, on_refusal
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.refusals import Refusal, bad_answer, refuse_answers
from conduct.webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def post(client: Client, path: str, secret: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body or {})
    return client.post(path, data, content_type="application/json", **bearer(secret))


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == CONTENT_TYPE
    return response.json()


def test_a_refusal_now_is_a_409_workflow_problem(client: Client) -> None:
    """Not now (the event was delivered already): 409, the workflow's type, the sentence stopped."""
    _, secret = issue_token(staff_member(Role.ADMINISTRATOR), "webhooks:read", "webhooks:write")
    hook = {"name": "CRM", "url": "https://crm.example/hooks", "event_types": ["decision.recorded"]}
    made = post(client, "/api/v1/webhooks/subscriptions", secret, hook).json()
    tested = post(client, f"/api/v1/webhooks/subscriptions/{made['id']}/test", secret).json()
    Delivery.objects.filter(pk=tested["id"]).update(
        status=Delivery.Status.DELIVERED, delivered_at=timezone.now()
    )
    body = problem(
        post(client, f"/api/v1/webhooks/deliveries/{tested['id']}/send-again", secret), 409
    )
    assert body == {
        "type": "urn:conduct:problem:workflow-refused",
        "title": "The policy or the workflow does not allow this",
        "status": 409,
        "detail": "This event has already been delivered.",
    }


def test_a_bad_answer_with_a_type_of_its_own_is_a_422_of_that_type(client: Client) -> None:
    """A refusal naming its problem type (screening with nothing to match on) keeps it."""
    _, secret = issue_token(staff_member(Role.FRONTLINE_OFFICER), "screen")
    body = problem(post(client, "/api/v1/screen", secret, {"name": " "}), 422)
    assert body == {
        "type": "urn:conduct:problem:empty-query",
        "title": "The query gives nothing to match on",
        "status": 422,
        "detail": "Enter at least one detail: a name, date of birth, address or contact.",
    }


@pytest.mark.parametrize(
    ("refusal", "expected"),
    [
        (
            Refusal("Only a person is told about a marker"),
            (409, "workflow-refused", "Only a person is told about a marker."),
        ),
        (
            Refusal("INC-1 is closed, so it can no longer be changed", problem="incident-closed"),
            (409, "incident-closed", "INC-1 is closed, so it can no longer be changed"),
        ),
        (
            bad_answer("There is no open case CASE-9 for this customer"),
            (422, "invalid-answer", "There is no open case CASE-9 for this customer"),
        ),
        (
            bad_answer("A record cannot be merged into itself", problem="invalid-customer-data"),
            (422, "invalid-customer-data", "A record cannot be merged into itself"),
        ),
    ],
)
def test_each_kind_of_refusal_has_its_status_type_and_title(refusal, expected) -> None:
    """409 for not now, 422 for a bad answer; the type's title is the same wherever it is raised."""
    status, slug, detail = expected
    body = json.loads(on_refusal(RequestFactory().post("/api/v1/x"), refusal).content)
    assert (body["status"], body["type"], body["detail"]) == (
        status,
        f"urn:conduct:problem:{slug}",
        detail,
    )
    assert body["title"]


def test_a_bad_answer_about_one_field_is_reported_as_schema_errors_are() -> None:
    """A field named and no type of its own: the validation-error document, errors naming it."""
    refusal = bad_answer("Select how the contact was made", "channel")
    body = json.loads(on_refusal(RequestFactory().post("/api/v1/x"), refusal).content)
    assert body["type"] == "urn:conduct:problem:validation-error" and body["status"] == 422
    assert body["errors"] == [
        {"in": "body", "field": "channel", "detail": refusal.message, "type": "value_error"}
    ]


def test_several_answers_are_each_listed_in_errors() -> None:
    """Every answer at fault is listed by its field; with a type of its own the detail is
    each sentence, without one it is the validation-error document."""
    answers = {"family_name": "Enter the customer’s name", "date_of_birth": "Must be past"}
    request = RequestFactory().post("/api/v1/x")
    with pytest.raises(Refusal) as typed:
        refuse_answers(answers, problem="invalid-customer-data")
    body = json.loads(on_refusal(request, typed.value).content)
    assert body["type"] == "urn:conduct:problem:invalid-customer-data"
    assert body["detail"] == "Enter the customer’s name; Must be past"
    assert [(e["field"], e["detail"]) for e in body["errors"]] == list(answers.items())
    with pytest.raises(Refusal) as plain:
        refuse_answers(answers)
    body = json.loads(on_refusal(request, plain.value).content)
    assert body["type"] == "urn:conduct:problem:validation-error"
    assert [e["field"] for e in body["errors"]] == ["family_name", "date_of_birth"]
    refuse_answers({})  # nothing at fault: nothing raised


def test_a_refusal_is_renamed_for_the_door_that_shows_it() -> None:
    """The service's field names become the door's, keeping the sentence and the problem type."""
    refusal = bad_answer("Choose a file", "evidence", problem="invalid-answer")
    renamed = refusal.naming({"evidence": "files"})
    assert (renamed.field, renamed.answers, renamed.problem) == (
        "files",
        {"files": "Choose a file"},
        "invalid-answer",
    )
