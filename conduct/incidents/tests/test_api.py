"""/api/v1/incidents: the same services and rules as the pages, answered in JSON."""

import hashlib

import pytest

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.models import AuditEvent
from conduct.incidents.models import Evidence, Incident
from conduct.incidents.tests import factories
from conduct.incidents.tests.factories import upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/incidents"


@pytest.fixture
def officer(make_staff, pack):
    return make_staff(Role.FRONTLINE_OFFICER)


def auth(user, *scopes):
    _, secret = issue_token(user, *(scopes or ("incidents:read", "incidents:write")))
    return bearer(secret)


def body(**overrides):
    return {
        "occurred_at": "2026-01-05T10:00:00+00:00",
        "location": "Contact centre",
        "channel": "phone",
        "service": factories.council_service().slug,
        "unknown_person_description": "Caller who would not give a name",
        "behaviour_categories": ["aggressive-or-abusive"],
        "behaviour_examples": ["Verbal abuse, offensive language or derogatory remarks"],
        "what_happened": "Swore repeatedly and threatened to come to the office.",
        "immediate_actions": ["end-call"],
        "affected": ["staff-member"],
        "physical_violence": "none",
        "abuse_or_harassment": True,
        **overrides,
    }


def post(client, user, data, **headers):
    return client.post(URL, data, content_type="application/json", **auth(user), **headers)


def test_an_incident_is_logged_and_returned(client, officer):
    """201 with the reference, the pack it was logged under and the narrative for its author."""
    response = post(client, officer, body(staff_affected=[officer.email]))
    assert response.status_code == 201
    data = response.json()
    assert data["reference"] == Incident.objects.get().reference
    assert data["staff_affected"] == [officer.email] and data["policy_pack"].startswith("model")
    assert data["narrative"]["what_happened"].startswith("Swore")


def test_an_idempotency_key_logs_one_incident(client, officer):
    """A retry with the same key gets the same answer and no second incident."""
    first = post(client, officer, body(), HTTP_IDEMPOTENCY_KEY="abc-1")
    second = post(client, officer, body(), HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.json() == second.json() and Incident.objects.count() == 1
    digest = hashlib.sha256(b"abc-1").hexdigest()
    assert Incident.objects.get().submission_key == f"api:{officer.pk}:{digest}"


def test_two_keys_sharing_their_first_sixty_characters_log_two_incidents(client, officer):
    """The key is used whole: a retry matches only its own key, however long and alike."""
    shared = "integration-" + "x" * 60
    first = post(client, officer, body(), HTTP_IDEMPOTENCY_KEY=shared + "-1")
    second = post(client, officer, body(), HTTP_IDEMPOTENCY_KEY=shared + "-2")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["reference"] != second.json()["reference"]
    assert Incident.objects.count() == 2


def test_a_key_longer_than_can_be_kept_is_refused(client, officer):
    """Cutting it would make two requests one; it is refused with 400 and nothing logged."""
    response = post(client, officer, body(), HTTP_IDEMPOTENCY_KEY="k" * 256)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "255 characters or fewer" in response.json()["detail"]
    assert not Incident.objects.exists()


def test_the_same_key_from_another_member_of_staff_is_theirs_alone(client, officer, make_staff):
    """Keys are per member of staff: someone else’s key never returns your incident."""
    post(client, officer, body(), HTTP_IDEMPOTENCY_KEY="abc-1")
    other = make_staff(Role.FRONTLINE_OFFICER)
    post(client, other, body(), HTTP_IDEMPOTENCY_KEY="abc-1")
    assert Incident.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "detail"),
    [
        (
            {"behaviour_categories": ["rudeness"]},
            "behaviour_categories",
            "rudeness is not a kind of behaviour in the policy",
        ),
        (
            {"immediate_actions": ["taser"]},
            "immediate_actions",
            "taser is not an action in the policy",
        ),
        (
            {"service": "no-such-service"},
            "service",
            "no-such-service is not a service in the catalogue",
        ),
        (
            {"customer": "C-999999", "unknown_person_description": ""},
            "customer",
            "C-999999 is not a customer on Conduct",
        ),
        (
            {"staff_affected": ["nobody@council.example"]},
            "staff_affected",
            "nobody@council.example is not a member of staff",
        ),
        (
            {"crime_reference": "CR/1"},
            "crime_reference",
            "Give a crime reference only if the police were called",
        ),
        (
            {"occurred_at": "2026-01-05T10:00:00"},
            "payload.occurred_at",
            "Input should have timezone info",
        ),
        (
            {"behaviour_categories": []},
            "payload.behaviour_categories",
            "List should have at least 1 item after validation, not 0",
        ),
    ],
)
def test_bad_answers_are_problems_naming_the_field(client, officer, overrides, field, detail):
    """Every refusal is a 422 problem document whose errors name the field and say why."""
    response = post(client, officer, body(**overrides))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert error["field"] == field and error["detail"] == detail
    assert not Incident.objects.exists()


def test_a_customer_is_named_by_reference(client, officer):
    """An existing customer is linked by their reference."""
    customer = factories.customer()
    response = post(
        client, officer, body(customer=customer.reference, unknown_person_description="")
    )
    assert response.json()["customer"] == customer.reference


def test_the_list_filters_and_pages(client, officer, make_staff):
    """Filters narrow the list; pages follow on; only incidents the reader may see appear."""
    factories.incident(officer, channel="phone")
    factories.incident(officer, channel="email")
    factories.incident(make_staff(Role.FRONTLINE_OFFICER), channel="phone")
    got = client.get(URL, {"channel": "phone"}, **auth(officer)).json()
    assert [i["channel"] for i in got["items"]] == ["phone"] and got["total"] == 1
    paged = client.get(URL, {"page_size": 1}, **auth(officer)).json()
    assert len(paged["items"]) == 1 and paged["next_page"] == 2 and paged["total"] == 2
    case_officer = make_staff(Role.CASE_OFFICER)
    assert client.get(URL, {"logged_by_me": True}, **auth(case_officer)).json()["total"] == 0
    assert client.get(URL, **auth(case_officer)).json()["total"] == 3


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"status": "new"}, 1),
        ({"status": "escalated"}, 0),
        ({"occurred_from": "2099-01-01"}, 0),
        ({"occurred_to": "2000-01-01"}, 0),
        ({"service": "housing"}, 1),
    ],
)
def test_each_filter(client, officer, query, count):
    """Status, service and dates filter as their names say."""
    factories.incident(officer)
    assert client.get(URL, query, **auth(officer)).json()["total"] == count


def test_reading_an_incident_records_the_narrative_read(client, officer, make_staff):
    """The narrative comes back for a decision maker, and the read is in the audit trail."""
    incident = factories.incident(officer)
    reader = make_staff(Role.DECISION_MAKER)
    data = client.get(f"{URL}/{incident.reference}", **auth(reader)).json()
    assert data["narrative"]["words_used"] == incident.words_used
    assert AuditEvent.objects.filter(verb="incidents.narrative_viewed", actor=reader).exists()


def test_an_unknown_reference_is_not_found(client, officer):
    """404 as a problem document."""
    assert client.get(f"{URL}/INC-999999", **auth(officer)).status_code == 404


def test_a_token_without_the_scope_is_refused(client, officer):
    """incidents:write is needed to log; incidents:read is not enough."""
    response = client.post(
        URL, body(), content_type="application/json", **auth(officer, "incidents:read")
    )
    assert (
        response.status_code == 403
        and response.json()["type"] == "urn:conduct:problem:missing-scope"
    )


def test_the_officer_corrects_an_open_incident(client, officer):
    """PATCH changes only what may still change, and says what it is now."""
    incident = factories.incident(officer)
    data = {"location": "Interview room 2", "witnesses": "Jo at the next desk"}
    response = client.patch(
        f"{URL}/{incident.reference}", data, content_type="application/json", **auth(officer)
    )
    assert response.status_code == 200 and response.json()["location"] == "Interview room 2"


def test_a_closed_incident_is_a_conflict(client, officer):
    """Once acted on, a correction is refused with 409."""
    incident = factories.incident(officer)
    Incident.objects.filter(pk=incident.pk).update(status=Incident.Status.ESCALATED)
    response = client.patch(
        f"{URL}/{incident.reference}",
        {"location": "X"},
        content_type="application/json",
        **auth(officer),
    )
    assert (
        response.status_code == 409
        and response.json()["type"] == "urn:conduct:problem:incident-closed"
    )


def test_evidence_is_added_by_upload(client, officer, evidence_root):
    """Multipart files are checked by content and stored; a bad one refuses them all."""
    incident = factories.incident(officer)
    ok = client.post(
        f"{URL}/{incident.reference}/evidence",
        {"files": [upload("a.png", factories.png())]},
        **auth(officer),
    )
    assert ok.status_code == 201 and ok.json()[0]["content_type"] == "image/png"
    bad = client.post(
        f"{URL}/{incident.reference}/evidence",
        {"files": [upload("b.pdf", factories.PDF), upload("c.pdf", factories.HTML)]},
        **auth(officer),
    )
    assert bad.status_code == 422
    assert (
        bad.json()["errors"][0]["detail"]
        == "c.pdf is not a PDF, image, audio, video, email or text file"
    )
    assert Evidence.objects.count() == 1
