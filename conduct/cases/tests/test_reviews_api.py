"""The reviews and appeals API: the same services and rules as the pages, as problem+json."""

import json

import pytest
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.appeals import lodge_appeal
from conduct.cases.models import Appeal, Restriction
from conduct.cases.tests.factories_reviews import decided_case, decision, due, restriction

pytestmark = pytest.mark.django_db
BASE = "/api/v1/cases"


def post(client, user, url, body, *scopes, **headers):
    _, secret = issue_token(user, *(scopes or ("cases:write",)))
    return client.post(
        url, json.dumps(body), content_type="application/json", **bearer(secret), **headers
    )


def test_a_review_through_the_api_extends(client, make_staff):
    """POST /restrictions/{id}/review extends the restriction and answers with its new date."""
    item = restriction()
    body = {"outcome": "extend", "reasons": "More abuse."}
    response = post(
        client, make_staff(Role.DECISION_MAKER), f"{BASE}/restrictions/{item.pk}/review", body
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert response.json()["review_on"] == due(item).isoformat()


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (
            {"outcome": "extend", "reasons": "x", "extend_by_months": 7},
            409,
            "within 6 months",
        ),
        (
            {
                "outcome": "vary",
                "reasons": "x",
                "varied_terms": {"parameters": {}},
            },
            409,
            "Named officer: enter it",
        ),
        ({"outcome": "shrug"}, 422, None),
        (
            {"outcome": "extend", "reasons": "x", "incidents_not_recorded": 2},
            409,
            "Say what happened",
        ),
        ({"outcome": "lift", "incidents_not_recorded": -1}, 422, None),
    ],
)
def test_review_refusals_are_problems(client, make_staff, body, status, detail):
    """Workflow refusals are 409 problems with the reason; bad shapes are 422."""
    item = restriction()
    response = post(
        client, make_staff(Role.DECISION_MAKER), f"{BASE}/restrictions/{item.pk}/review", body
    )
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    if detail:
        assert detail in response.json()["detail"]


def test_an_appeal_through_the_api_with_idempotency(client, make_staff):
    """Lodging twice with one Idempotency-Key records one appeal; deciding it quashes."""
    case = decided_case()
    made = decision(case)
    item = restriction(case, made=made)
    officer = make_staff(Role.CASE_OFFICER)
    body = {"decision": made.pk, "received_on": timezone.localdate().isoformat(), "grounds": "No."}
    url = f"{BASE}/{case.reference}/appeals"
    first = post(client, officer, url, body, HTTP_IDEMPOTENCY_KEY="abc")
    again = post(client, officer, url, body, HTTP_IDEMPOTENCY_KEY="abc")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and Appeal.objects.count() == 1
    appeal_id = first.json()["id"]
    hearer = make_staff(Role.APPEALS_OFFICER)
    chosen = post(client, officer, f"{BASE}/appeals/{appeal_id}/officer", {"officer": hearer.email})
    assert chosen.status_code == 200 and chosen.json()["appeals_officer"] == hearer.email
    decided = post(
        client,
        hearer,
        f"{BASE}/appeals/{appeal_id}/decision",
        {"outcome": "quash", "reasons": "No.", "declared_not_involved": True},
    )
    assert decided.status_code == 200 and decided.json()["ombudsman_signposted"] == ["lgsco"]
    item.refresh_from_db()
    assert item.status == Restriction.Status.QUASHED


def test_the_decider_hearing_the_appeal_is_a_409(client, make_staff):
    """An appeals officer who sat on the decision is refused with the reason."""
    both = make_staff(Role.DECISION_MAKER, Role.APPEALS_OFFICER)
    case = decided_case()
    made = decision(case, members=[both])
    appeal = lodge_appeal(
        case,
        made,
        by=make_staff(Role.CASE_OFFICER),
        received_on=timezone.localdate(),
        grounds="No.",
    )
    response = post(
        client,
        both,
        f"{BASE}/appeals/{appeal.pk}/decision",
        {"outcome": "quash", "reasons": "x", "declared_not_involved": True},
    )
    assert response.status_code == 409
    assert "took part in the decision" in response.json()["detail"]


def test_a_read_token_cannot_review(client, make_staff):
    """Without cases:write the token is refused before anything happens."""
    item = restriction()
    response = post(
        client,
        make_staff(Role.DECISION_MAKER),
        f"{BASE}/restrictions/{item.pk}/review",
        {"outcome": "lift"},
        "cases:read",
    )
    assert response.status_code == 403 and "cases:write" in response.json()["detail"]


def test_the_register_and_notifications_read(client, make_staff):
    """GET /register/entries filters like the page; GET /notifications/mine lists the team's."""
    restriction()
    _, secret = issue_token(make_staff(Role.AUDITOR), "cases:read")
    found = client.get(f"{BASE}/register/entries", {"kind": "restriction"}, **bearer(secret))
    assert found.status_code == 200 and [e["kind"] for e in found.json()] == ["restriction"]
    _, secret = issue_token(make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES), "cases:read")
    assert client.get(f"{BASE}/notifications/mine", **bearer(secret)).json() == []


@pytest.mark.parametrize(
    ("declared", "status"),
    [(False, 409), (None, 422), (True, 200)],
    ids=["false", "missing", "true"],
)
def test_an_appeal_decision_needs_the_declaration(client, make_staff, declared, status):
    """declared_not_involved is required and must be true; false is refused with a sentence."""
    case = decided_case()
    made = decision(case)
    restriction(case, made=made)
    appeal = lodge_appeal(
        case,
        made,
        by=make_staff(Role.CASE_OFFICER),
        received_on=timezone.localdate(),
        grounds="No.",
    )
    body = {"outcome": "confirm", "reasons": "Sound."}
    if declared is not None:
        body["declared_not_involved"] = declared
    hearer = make_staff(Role.APPEALS_OFFICER)
    response = post(client, hearer, f"{BASE}/appeals/{appeal.pk}/decision", body)
    assert response.status_code == status
    if declared is False:
        assert response.json()["detail"] == (
            "Confirm that you were not involved in the decision, the incidents or the escalation."
        )
    appeal.refresh_from_db()
    assert (appeal.declared_not_involved_at is not None) is (declared is True)
