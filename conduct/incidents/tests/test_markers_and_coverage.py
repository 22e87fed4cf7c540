"""What a pack says about an incident: markers it always notes, and whom it covers (issue 17).

UCB: a potentially aggressive person marker is always noted where physical violence is
used or threatened. West Lindsey: behaviour towards councillors is outside the policy
(18.1) and goes to the LGA councillors' guide (18.2). The 2017 policy covers elected
members.
"""

import uuid
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.alerts import queries as alert_queries
from conduct.alerts import services as alerts
from conduct.alerts.models import Marker
from conduct.cases import services as cases
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.incidents import informal, services
from conduct.incidents.models import Incident
from conduct.incidents.tests import factories
from conduct.policy.models import PolicyPack
from conduct.policy.services import load_policy_pack

pytestmark = pytest.mark.django_db

CATEGORY = {
    "ucb-2024-2028": "aggressive-or-abusive",
    "west-lindsey-2024": "aggressive-or-abusive",
    "unreasonable-behaviour-2017": "not-respecting-policies-and-officers",
}


def in_force(pack_id: str) -> PolicyPack:
    return load_policy_pack(settings.POLICY_DIR / f"{pack_id}.toml", by=None, activate=True)


def log(by: Any, pack: PolicyPack, **overrides: Any) -> Incident:
    answers = factories.answers(
        behaviour_categories=[CATEGORY[pack.pack_id]],
        behaviour_examples=[],
        immediate_actions=[],
        **overrides,
    )
    return services.log_incident(by=by, submission_key=uuid.uuid4().hex, **answers)


@pytest.fixture
def ucb(db):
    return in_force("ucb-2024-2028")


@pytest.fixture
def customer(db):
    return factories.customer()


def about(customer: Any, **facts: Any) -> dict[str, Any]:
    return {"customer": customer, "unknown_person_description": "", **facts}


# Mandatory markers (finding 2) -----------------------------------------------------------


@pytest.mark.parametrize("violence", ["used", "threatened"])
def test_physical_violence_proposes_a_provisional_marker_on_the_incident(
    officer, ucb, customer, violence
):
    """The rule's marker, provisional, on the customer, resting on the incident, for the
    officer who logged it, with the rule's name as the reason and its own audit event."""
    incident = log(officer, ucb, **about(customer, physical_violence=violence))
    marker = Marker.objects.get()
    assert marker.status == Marker.Status.PROVISIONAL
    assert marker.customer == customer and marker.category == "potentially-aggressive-person"
    assert list(marker.incidents.all()) == [incident]
    assert marker.rule == "physical-violence"
    assert marker.rule_name.startswith("Always noted as a potentially aggressive person")
    assert marker.created_by == officer
    event = AuditEvent.objects.get(verb="alerts.marker_proposed_by_rule")
    assert event.payload["incident"] == incident.reference
    assert event.payload["rule"] == marker.rule_name


def test_no_violence_proposes_nothing_and_offers_the_optional_marker(
    client, officer, manager, sign_in, ucb, customer
):
    """Abuse without violence meets only the discretionary rule: offered on the page, not raised."""
    incident = log(officer, ucb, **about(customer, abuse_or_harassment=True))
    assert Marker.objects.count() == 0
    sign_in(manager)
    page = client.get(reverse("incidents:detail", args=[incident.reference])).content.decode()
    assert "You may add a potentially aggressive person marker" in page


def test_a_refused_incident_proposes_no_marker(officer, ucb, customer):
    """The same transaction: an incident the service refuses leaves no marker behind."""
    with pytest.raises(Refusal):
        log(officer, ucb, **about(customer, physical_violence="used", location=""))
    assert Incident.objects.count() == 0 and Marker.objects.count() == 0


def test_a_marker_already_standing_is_linked_not_duplicated(officer, ucb, customer):
    """A second violent incident rests on the marker already proposed."""
    first = log(officer, ucb, **about(customer, physical_violence="used"))
    second = log(officer, ucb, **about(customer, physical_violence="threatened"))
    marker = Marker.objects.get()
    assert set(marker.incidents.all()) == {first, second}
    assert AuditEvent.objects.filter(verb="alerts.incident_linked_by_rule").count() == 1


def test_the_proposed_marker_waits_in_the_verifiers_queue(
    client, officer, manager, sign_in, ucb, customer
):
    """A line manager sees it waiting, on the start page's count and the register, and may
    verify it: it was raised for the officer, not by the manager."""
    log(officer, ucb, **about(customer, physical_violence="used"))
    assert alert_queries.waiting_to_verify(manager) == 1
    sign_in(manager)
    register = client.get(reverse("alerts:register")).content.decode()
    assert Marker.objects.get().reference in register
    marker = alerts.verify_marker(Marker.objects.get(), by=manager)
    assert marker.status == Marker.Status.VERIFIED


def test_withdrawing_a_mandatory_marker_needs_a_reason(officer, manager, ucb, customer):
    """Turned down only with a reason, kept, audited with the rule, and shown on its page."""
    log(officer, ucb, **about(customer, physical_violence="used"))
    marker = Marker.objects.get()
    with pytest.raises(Refusal, match="Enter why the marker is withdrawn"):
        alerts.withdraw_marker(marker, reason="  ", by=manager)
    with pytest.raises(Refusal, match="5,000 characters or fewer"):
        alerts.withdraw_marker(marker, reason="x" * 5001, by=manager)
    marker = alerts.withdraw_marker(marker, reason="The officer ticked the wrong box", by=manager)
    assert marker.end_reason == "The officer ticked the wrong box"
    event = AuditEvent.objects.get(verb="alerts.marker_withdrawn")
    assert event.payload["rule"] == marker.rule_name


def test_the_marker_page_says_why_it_was_proposed_and_why_withdrawn(
    client, officer, manager, make_staff, sign_in, ucb, customer
):
    log(officer, ucb, **about(customer, physical_violence="used"))
    marker = alerts.withdraw_marker(Marker.objects.get(), reason="Wrong customer", by=manager)
    sign_in(make_staff(Role.HEALTH_AND_SAFETY_OFFICER))
    page = client.get(reverse("alerts:marker", args=[marker.reference])).content.decode()
    assert "because the policy says: Always noted as a potentially aggressive person" in page
    assert "Wrong customer" in page


def test_an_unknown_person_gets_no_marker_but_the_page_says_one_is_due(
    client, officer, manager, sign_in, ucb
):
    incident = log(officer, ucb, physical_violence="used")
    assert Marker.objects.count() == 0
    sign_in(manager)
    page = client.get(reverse("incidents:detail", args=[incident.reference])).content.decode()
    assert "Add the customer to the incident so the potentially aggressive person marker" in page


def test_the_form_logs_physical_violence_and_proposes_the_marker(
    client, officer, sign_in, ucb, customer
):
    """The page's yes/no questions are what the rule reads."""
    sign_in(officer)
    housing = factories.council_service()
    response = client.post(
        "/incidents/log/",
        {
            "submission_key": "token-violence",
            "occurred_day": "1",
            "occurred_month": "1",
            "occurred_year": "2026",
            "occurred_hour": "10",
            "occurred_minute": "00",
            "location": "Main reception",
            "channel": "in-person",
            "service": str(housing.pk),
            "who": "existing",
            "customer_reference": customer.reference,
            "affected": ["staff-member"],
            "physical_violence": "used",
            "abuse_or_harassment": "yes",
            "behaviour_categories": ["aggressive-or-abusive"],
            "what_happened": "He pushed me against the counter.",
            "injury": "none",
        },
    )
    assert response.status_code == 302, response.content.decode()
    incident = Incident.objects.get()
    assert incident.physical_violence == "used" and incident.abuse_or_harassment
    assert list(Marker.objects.get().incidents.all()) == [incident]


def test_the_api_logs_physical_violence_and_proposes_the_marker(client, officer, ucb, customer):
    from conduct.api.tests.factories import bearer, issue_token

    _, secret = issue_token(officer, "incidents:read", "incidents:write")
    body = {
        "occurred_at": "2026-01-05T10:00:00+00:00",
        "location": "Contact centre",
        "channel": "in-person",
        "service": factories.council_service().slug,
        "customer": customer.reference,
        "affected": ["staff-member"],
        "physical_violence": "threatened",
        "abuse_or_harassment": False,
        "behaviour_categories": ["aggressive-or-abusive"],
        "what_happened": "Said he would hit me.",
    }
    response = client.post(
        "/api/v1/incidents", body, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 201, response.content.decode()
    data = response.json()
    assert data["physical_violence"] == "threatened" and data["within_policy"] is True
    marker = Marker.objects.get()
    assert marker.incidents.get().reference == data["reference"]


def test_the_api_asks_the_facts_explicitly(client, officer, ucb, customer):
    """No silent no: leaving out physical violence or who was affected is a 422."""
    from conduct.api.tests.factories import bearer, issue_token

    _, secret = issue_token(officer, "incidents:write")
    body = {
        "occurred_at": "2026-01-05T10:00:00+00:00",
        "location": "Contact centre",
        "channel": "phone",
        "service": factories.council_service().slug,
        "customer": customer.reference,
        "behaviour_categories": ["aggressive-or-abusive"],
        "what_happened": "Shouted.",
    }
    response = client.post(
        "/api/v1/incidents", body, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "affected" in text and "physical_violence" in text and "abuse_or_harassment" in text
    assert Incident.objects.count() == 0


# Who the policy covers (finding 5) -----------------------------------------------------


def test_west_lindsey_keeps_an_incident_towards_a_councillor_outside_the_ladder(
    client, officer, manager, sign_in, customer
):
    pack = in_force("west-lindsey-2024")
    incident = log(officer, pack, **about(customer, affected=["elected-member"]))
    assert Incident.objects.filter(pk=incident.pk).exists()  # kept
    refusal = informal.refusal(incident, informal.Action.ESCALATE)
    assert refusal is not None and "18.1" in refusal and "18.2" in refusal
    assert "Councillors’ guide" in refusal or "Councillors' guide" in refusal
    assert informal.refusal(incident, informal.Action.INFORMAL_WARNING) == refusal
    with pytest.raises(Refusal, match=r"18\.2"):
        informal.escalate_to_case(incident, reason="Threatening", by=manager)
    with pytest.raises(Refusal, match="outside the policy"):
        cases.open_case(customer, incidents=[incident], reason="Threatening", by=manager)
    # No further action is still open: the incident can be closed.
    assert informal.is_open(incident, informal.Action.NO_FURTHER_ACTION)
    sign_in(manager)
    page = client.get(reverse("incidents:detail", args=[incident.reference])).content.decode()
    assert "Outside the policy" in page and "Local Government Association" in page
    assert "Escalate to a case" not in page
    assert "An elected member (a councillor)" in page


def test_west_lindsey_covers_staff_even_when_a_councillor_was_there_too(officer, customer):
    pack = in_force("west-lindsey-2024")
    incident = log(officer, pack, **about(customer, affected=["staff-member", "elected-member"]))
    assert informal.refusal(incident, informal.Action.ESCALATE) is None


def test_the_2017_policy_takes_an_incident_towards_an_elected_member_up_the_ladder(
    officer, manager, customer
):
    pack = in_force("unreasonable-behaviour-2017")
    incident = log(officer, pack, **about(customer, affected=["elected-member"]))
    case = informal.escalate_to_case(incident, reason="Threatening a councillor", by=manager)
    assert list(case.incidents.all()) == [incident]


def test_an_incident_outside_the_policy_proposes_no_marker(officer, ucb, customer):
    """Mandatory rules are the policy's: an incident it does not cover (UCB protects staff
    and other customers, not the public) meets none."""
    outside = log(officer, ucb, **about(customer, affected=["public"], physical_violence="used"))
    assert Marker.objects.count() == 0
    assert informal.refusal(outside, informal.Action.ESCALATE) is not None


@pytest.mark.parametrize("pack_id", ["model", *CATEGORY])
def test_the_form_asks_who_was_affected(client, officer, sign_in, pack_id):
    """Checkboxes in a fieldset with a legend; leaving them all unticked is an error. The
    form renders under every pack (page checks: curly quotes in the pack's labels)."""
    in_force(pack_id)
    sign_in(officer)
    page = client.get("/incidents/log/").content.decode()
    assert "Who was the behaviour directed at?" in page
    assert "Was physical violence used or threatened?" in page
    response = client.post("/incidents/log/", {"submission_key": "k"})
    text = response.content.decode()
    assert "Select who the behaviour was directed at" in text
    assert "Select whether physical violence was used or threatened" in text
    assert "Select whether there was abuse or harassment" in text


def test_the_api_refuses_to_escalate_an_incident_outside_the_policy(client, officer, manager):
    """409, with the sentence naming the clause and the route; the incident stays new."""
    from conduct.api.tests.factories import bearer, issue_token

    pack = in_force("west-lindsey-2024")
    incident = log(officer, pack, affected=["elected-member"], **about(factories.customer()))
    _, secret = issue_token(manager, "incidents:read", "incidents:write")
    response = client.post(
        f"/api/v1/incidents/{incident.reference}/escalation",
        {"reason": "Threatening a councillor"},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 409, response.content.decode()
    detail = response.json()["detail"]
    assert detail.endswith("(18.2).") and not detail.endswith("..")
    read = client.get(f"/api/v1/incidents/{incident.reference}", **bearer(secret)).json()
    assert read["within_policy"] is False and read["affected"] == ["elected-member"]
    incident.refresh_from_db()
    assert incident.status == Incident.Status.NEW
