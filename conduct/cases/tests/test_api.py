"""Cases through the API: list with filters and one case, scope cases:read, same permission."""

import pytest

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.tests import factories
from conduct.core.models import AuditEvent
from conduct.incidents import informal

pytestmark = pytest.mark.django_db
CASE_ROLES = {
    Role.LINE_MANAGER,
    Role.CASE_OFFICER,
    Role.DECISION_MAKER,
    Role.HEALTH_AND_SAFETY_OFFICER,
    Role.AUDITOR,
}
# Appeals officers list only the cases of the appeals they hear: none here.
LISTS_CASES = CASE_ROLES | {Role.APPEALS_OFFICER}


def get(client, user, path, scopes=("cases:read",)):
    _, secret = issue_token(user, *scopes)
    return client.get(f"/api/v1/cases{path}", **bearer(secret))


@pytest.mark.parametrize("role", list(Role))
def test_endpoints_by_role(client, make_staff, role):
    """The roles that see cases on the web see them through the API; others get 403 problems.
    An appeals officer's list holds only the cases of appeals they hear."""
    case = factories.case(make_staff(Role.LINE_MANAGER))
    user = make_staff(role)
    listed = get(client, user, "")
    assert listed.status_code == (200 if role in LISTS_CASES else 403)
    if role == Role.APPEALS_OFFICER:
        assert listed.json()["count"] == 0
    expected = 200 if role in CASE_ROLES else 403
    assert get(client, user, f"/{case.reference}").status_code == expected


def test_a_token_without_the_scope_is_refused(client, make_staff):
    """incidents:read does not let a token read cases."""
    response = get(client, make_staff(Role.CASE_OFFICER), "", scopes=("incidents:read",))
    assert response.status_code == 403
    assert response.json()["type"] == "urn:conduct:problem:missing-scope"


def test_one_case_reads_as_it_was_escalated_and_the_read_is_recorded(client, make_staff):
    """The case carries its customer, incidents, reason, who opened it and the pack."""
    manager = make_staff(Role.LINE_MANAGER)
    incident = factories.incident(manager)
    case = informal.escalate_to_case(incident, reason="Threats", by=manager)
    reader = make_staff(Role.CASE_OFFICER)
    body = get(client, reader, f"/{case.reference}").json()
    assert incident.customer is not None
    assert body["reference"] == case.reference and body["status"] == "open"
    assert body["customer"] == incident.customer.reference
    assert body["incidents"] == [incident.reference]
    assert (body["reason"], body["opened_by"]) == ("Threats", manager.email)
    assert body["policy_pack"] == f"{case.policy_pack.pack_id} {case.policy_pack.version}"
    assert AuditEvent.objects.filter(verb="cases.case_viewed", actor=reader).exists()


def test_the_list_filters_by_customer_and_status(client, make_staff):
    """Filters narrow the list; count is the total matching."""
    manager = make_staff(Role.LINE_MANAGER)
    wanted = factories.case(manager)
    factories.case(manager)
    reader = make_staff(Role.AUDITOR)
    everything = get(client, reader, "").json()
    assert everything["count"] == 2
    only = get(client, reader, f"?customer={wanted.customer.reference}").json()
    assert [c["reference"] for c in only["items"]] == [wanted.reference]
    assert get(client, reader, "?status=open").json()["count"] == 2
    assert get(client, reader, "?status=closed").json()["count"] == 0
    assert get(client, reader, "?status=shut").status_code == 422


def test_an_unknown_case_is_a_not_found_problem(client, make_staff):
    """A reference that does not exist is a 404 problem document."""
    response = get(client, make_staff(Role.CASE_OFFICER), "/CASE-999999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
