"""Every decision move through the API, with the same rules as the services and the pages."""

import json

import pytest

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.models import Case, Decision, Restriction
from conduct.cases.tests import factories
from conduct.cases.tests.factories import INVESTIGATION, RECORDS

pytestmark = pytest.mark.django_db


def call(client, user, path, body=None, scopes=("cases:write", "cases:read"), **headers):
    _, secret = issue_token(user, *scopes)
    if body is None and path.endswith("/moves"):
        return client.get(f"/api/v1/cases/{path}", **bearer(secret))
    return client.post(
        f"/api/v1/cases/{path}",
        json.dumps(body or {}),
        content_type="application/json",
        **bearer(secret),
        **headers,
    )


@pytest.fixture
def manager(make_staff):
    return make_staff(Role.LINE_MANAGER)


@pytest.fixture
def officer(make_staff):
    return make_staff(Role.CASE_OFFICER)


@pytest.fixture
def members():
    return factories.panel()


def decision_body(members, **changes):
    body = {
        **RECORDS,
        "members": [m.email for m in members],
        "outcome": "restriction",
        "restrictions": [
            {
                "type": "named-officer",
                "parameters": {"officer": members[0].pk},
                "services": [factories.council_service().slug],
            }
        ],
    }
    body.update(changes)
    return body


def test_a_case_goes_from_investigation_to_restriction(client, manager, officer, members):
    """Start, record the investigation, decide: each answer says what comes next."""
    case = factories.warned_case(manager)
    started = call(client, officer, f"{case.reference}/investigation/start")
    assert started.status_code == 201
    assert started.json()["status"] == "investigating"
    recorded = call(client, officer, f"{case.reference}/investigation", INVESTIGATION)
    assert recorded.json()["status"] == "ready-for-decision"
    decided = call(client, members[0], f"{case.reference}/decisions", decision_body(members))
    assert decided.status_code == 201, decided.json()
    answer = decided.json()
    assert answer["policy_pack"] == f"model {case.policy_pack.version}"
    assert answer["restrictions"][0]["review_on"]
    assert sorted(answer["members"]) == sorted(m.email for m in members)


def test_moves_lists_what_the_person_may_do(client, manager, officer):
    """A case officer on an open case may start the investigation or move it up."""
    case = factories.case(manager)
    answer = call(client, officer, f"{case.reference}/moves").json()
    assert {move["name"] for move in answer["moves"]} == {
        "start_investigation",
        "move_up_the_ladder",
    }


def test_a_policy_refusal_is_a_409_with_the_reason(client, manager, officer, members):
    """A decider who logged an incident is refused with the workflow's sentence."""
    case = factories.investigated(factories.warned_case(manager), officer)
    case.incidents.add(factories.incident(members[0], about=case.customer))
    answer = call(client, members[0], f"{case.reference}/decisions", decision_body(members))
    assert answer.status_code == 409
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert "logged incident INC-" in answer.json()["detail"]


def test_a_restriction_without_a_warning_is_refused(client, manager, officer, members):
    """The model pack needs a warning first, through the API too."""
    case = factories.investigated(factories.case(manager), officer)
    answer = call(client, members[0], f"{case.reference}/decisions", decision_body(members))
    assert answer.status_code == 409
    assert "needs a warning before a restriction" in answer.json()["detail"]


def test_a_missing_record_is_a_422(client, manager, officer, members):
    """A body without the Equality Act reasoning fails schema validation."""
    case = factories.investigated(factories.warned_case(manager), officer)
    body = decision_body(members)
    del body["equality_act_reasoning"]
    answer = call(client, members[0], f"{case.reference}/decisions", body)
    assert answer.status_code == 422


def test_an_unknown_member_is_a_422(client, manager, officer, members):
    """Members are named by email; an unknown one is refused."""
    case = factories.investigated(factories.warned_case(manager), officer)
    body = {**decision_body(members), "members": [members[0].email, "nobody@council.example"]}
    assert call(client, members[0], f"{case.reference}/decisions", body).status_code == 422


def test_a_retried_decision_is_made_once(client, manager, officer, members):
    """The same Idempotency-Key gets the first answer, not a second decision."""
    case = factories.investigated(factories.warned_case(manager), officer)
    path = f"{case.reference}/decisions"
    body = decision_body(members)
    first = call(client, members[0], path, body, HTTP_IDEMPOTENCY_KEY="k1")
    again = call(client, members[0], path, body, HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Decision.objects.count() == 1


def test_a_token_without_write_scope_is_refused(client, manager, officer):
    """Reading tokens cannot move a case."""
    case = factories.case(manager)
    answer = call(client, officer, f"{case.reference}/investigation/start", scopes=["cases:read"])
    assert answer.status_code == 403


@pytest.mark.parametrize("role", list(Role))
def test_who_may_restrict_at_once(client, manager, make_staff, role):
    """Only the model pack's imposers (line managers, health and safety) get past the 403."""
    case = factories.case(manager)
    person = make_staff(role)
    body = {
        **RECORDS,
        "ground": "credible-threat",
        "restrictions": [
            {
                "type": "named-officer",
                "parameters": {"officer": person.pk},
                "services": [factories.council_service().slug],
            }
        ],
    }
    answer = call(client, person, f"{case.reference}/immediate-restrictions", body)
    allowed = {Role.LINE_MANAGER, Role.HEALTH_AND_SAFETY_OFFICER}
    assert answer.status_code == (201 if role in allowed else 403)


def test_immediate_restriction_then_ratification(client, manager, make_staff, members):
    """Restrict at once, then the panel ratifies it; a bad ground is a 409."""
    case = factories.case(manager)
    safety = make_staff(Role.HEALTH_AND_SAFETY_OFFICER)
    body = {
        **RECORDS,
        "ground": "rudeness",
        "restrictions": [
            {
                "type": "named-officer",
                "parameters": {"officer": safety.pk},
                "services": [factories.council_service().slug],
            }
        ],
    }
    path = f"{case.reference}/immediate-restrictions"
    assert call(client, safety, path, body).status_code == 409
    made = call(client, safety, path, {**body, "ground": "police-advice"}).json()
    assert made["restrictions"][0]["ratify_by"]
    ratify = {k: v for k, v in RECORDS.items() if k != "behaviour_categories"}
    ratify.update(members=[m.email for m in members], confirm=True)
    answer = call(
        client, members[0], f"{case.reference}/decisions/{made['id']}/ratification", ratify
    )
    assert answer.status_code == 201, answer.json()
    assert Restriction.objects.get().ratify_by is None


def test_ladder_and_close(client, manager, officer, members):
    """Moving up and closing answer with the case's new state."""
    case = factories.case(manager)
    climbed = call(client, officer, f"{case.reference}/ladder", {"reason": "Persistent"})
    assert climbed.json()["ladder_step"] == "decision-body"
    Case.objects.filter(pk=case.pk).update(status="decided")
    closed = call(client, officer, f"{case.reference}/close", {"reason": "Resolved"})
    assert closed.json()["status"] == "closed"
