"""The case's records through the API: the ids an integrator needs for the next call, the
investigation with its needs assessment and the decisions' records, each read recorded."""

import pytest

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.appeals import lodge_appeal
from conduct.cases.models import Review
from conduct.cases.tests import factories
from conduct.cases.tests.factories_reviews import due, formal_warning, restriction
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def get(client, user, path):
    _, secret = issue_token(user, "cases:read")
    return client.get(f"/api/v1/cases{path}", **bearer(secret))


def test_a_case_answers_with_the_ids_of_its_decisions_restrictions_reviews_and_appeals(
    client, make_staff
):
    """Every record the next call needs an id for is in the case's answer, and in the list."""
    item = restriction()
    case, decision = item.case, item.decision
    warning = formal_warning(case, decision)
    officer = make_staff(Role.CASE_OFFICER)
    appeal = lodge_appeal(
        case, decision, by=officer, received_on=item.starts_on, grounds="Not fair."
    )
    review = Review.objects.get(restriction=item)
    body = get(client, officer, f"/{case.reference}").json()
    assert [d["id"] for d in body["decisions"]] == [decision.pk]
    assert body["formal_warnings"][0]["id"] == warning.pk
    assert body["restrictions"][0] == {
        "id": item.pk,
        "decision": decision.pk,
        "type": "named-officer",
        "type_name": item.type_name,
        "status": "active",
        "review_on": due(item).isoformat(),
        "open_review": review.pk,
    }
    assert [r["id"] for r in body["reviews"]] == [review.pk]
    assert [(a["id"], a["decision"]) for a in body["appeals"]] == [(appeal.pk, decision.pk)]
    listed = get(client, officer, f"?customer={case.customer.reference}").json()
    assert listed["items"][0]["reviews"] == body["reviews"]


def test_the_register_answers_with_each_entrys_ids(client, make_staff):
    """A register entry carries its own id, its decision's and its restriction's."""
    item = restriction()
    review = Review.objects.get(restriction=item)
    _, secret = issue_token(make_staff(Role.CASE_OFFICER), "cases:read")
    rows = client.get("/api/v1/cases/register/entries", **bearer(secret)).json()
    by_kind = {row["kind"]: row for row in rows}
    assert (by_kind["restriction"]["id"], by_kind["restriction"]["restriction"]) == (
        item.pk,
        item.pk,
    )
    assert by_kind["review"]["id"] == review.pk
    assert by_kind["review"]["restriction"] == item.pk
    assert by_kind["review"]["decision"] == item.decision_id


def test_the_investigation_reads_back_with_its_needs_assessment_and_the_read_is_recorded(
    client, make_staff
):
    officer = make_staff(Role.CASE_OFFICER)
    case = factories.investigated(factories.warned_case(make_staff(Role.LINE_MANAGER)), officer)
    response = get(client, officer, f"/{case.reference}/investigation")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["case"] == case.reference
    assert body["underlying_causes"] == factories.INVESTIGATION["underlying_causes"]
    assert body["adjustments_considered"] == factories.INVESTIGATION["adjustments_considered"]
    assert body["completed_at"] is not None and body["recorded_by"] == officer.email
    assert AuditEvent.objects.filter(verb="cases.investigation_viewed", actor=officer).exists()
    case_body = get(client, officer, f"/{case.reference}").json()
    assert case_body["investigation"] is True


def test_no_investigation_is_a_not_found_problem_and_others_may_not_read_it(client, make_staff):
    case = factories.case(make_staff(Role.LINE_MANAGER))
    assert (
        get(client, make_staff(Role.CASE_OFFICER), f"/{case.reference}/investigation").status_code
        == 404
    )
    assert (
        get(
            client, make_staff(Role.FRONTLINE_OFFICER), f"/{case.reference}/investigation"
        ).status_code
        == 403
    )


def test_the_decisions_read_back_with_every_record(client, make_staff):
    officer = make_staff(Role.CASE_OFFICER)
    case = factories.investigated(factories.warned_case(make_staff(Role.LINE_MANAGER)), officer)
    members = factories.panel()
    decision = factories.restricted(case, members)
    response = get(client, officer, f"/{case.reference}/decisions")
    assert response.status_code == 200, response.content
    [body] = response.json()
    assert body["id"] == decision.pk
    assert body["restrictions"] == [decision.restrictions.get().pk]
    assert body["equality_act_reasoning"] == factories.RECORDS["equality_act_reasoning"]
    assert sorted(m["email"] for m in body["members"]) == sorted(m.email for m in members)
    assert AuditEvent.objects.filter(verb="cases.decisions_viewed", actor=officer).exists()
