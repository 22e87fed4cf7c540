"""The rest of a customer's record through the API, as the customer's pages change it."""

import json
from datetime import date

import pytest
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.models import AuditEvent
from conduct.customers import services
from conduct.customers.models import EqualityMonitoring, SafeguardingNote
from conduct.customers.tests.factories import council_service, customer

pytestmark = pytest.mark.django_db
BASE = "/api/v1/customers"


def post(client, user, path, body=None):
    _, secret = issue_token(user, "customers:write")
    data = json.dumps(body or {})
    return client.post(f"{BASE}{path}", data, content_type="application/json", **bearer(secret))


def test_names_handles_household_and_services_are_added(client, make_staff):
    officer = make_staff(Role.CASE_OFFICER)
    person, other = customer(), customer()
    ref = person.reference
    assert post(client, officer, f"/{ref}/aliases", {"name": "Sammy J"}).status_code == 201
    handle = post(client, officer, f"/{ref}/social-media", {"platform": "X", "handle": "@sam"})
    assert handle.status_code == 201 and handle.json()["handle"] == "sam"
    linked = post(client, officer, f"/{ref}/household", {"member": other.reference})
    assert linked.status_code == 201 and linked.json()["member"] == other.reference
    service = council_service()
    received = post(client, officer, f"/{ref}/services", {"service": service.slug})
    assert received.status_code == 201 and received.json()["name"] == service.name
    again = post(client, officer, f"/{ref}/services", {"service": service.slug})
    assert again.status_code == 422
    person.refresh_from_db()
    assert [a.name for a in person.aliases.all()] == ["Sammy J"]
    assert AuditEvent.objects.filter(verb="customers.alias_added", actor=officer).exists()


def test_an_address_and_an_adjustment_are_ended_and_consent_withdrawn(client, make_staff):
    officer = make_staff(Role.CASE_OFFICER)
    person = customer()
    ref = person.reference
    address = services.add_address(person, line_1="1 High Street", by=None)
    today = timezone.localdate()
    adjustment = services.add_adjustment(
        person, kind="large-print", agreed_on=today, review_on=date(today.year + 1, 1, 1), by=None
    )
    ended = post(client, officer, f"/{ref}/addresses/{address.pk}/end")
    assert ended.status_code == 200 and ended.json()["is_current"] is False
    ended = post(client, officer, f"/{ref}/adjustments/{adjustment.pk}/end")
    assert ended.status_code == 200 and ended.json()["ended_on"] is not None
    assert post(client, officer, f"/{ref}/adjustments/{adjustment.pk}/end").status_code == 422
    representative = services.add_representative(
        person,
        name="Jo",
        kind="friend",
        lawful_basis="consent",
        given_on=today,
        review_on=date(today.year + 1, 1, 1),
        by=None,
    )
    path = f"/{ref}/representatives/{representative.pk}/consent-withdrawal"
    withdrawn = post(client, officer, path, {"reason": "The customer asked."})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"] is not None
    other = customer()
    assert (
        post(client, officer, f"/{other.reference}/addresses/{address.pk}/end").status_code == 404
    )


def test_a_safeguarding_note_is_added_by_staff_who_deal_with_customers(client, make_staff):
    person = customer()
    path = f"/{person.reference}/safeguarding-notes"
    added = post(client, make_staff(Role.FRONTLINE_OFFICER), path, {"note": "Lives alone."})
    assert added.status_code == 201, added.content
    assert SafeguardingNote.objects.get(customer=person).note == "Lives alone."
    assert post(client, make_staff(Role.AUDITOR), path, {"note": "x"}).status_code == 403


def test_changes_need_the_change_permission(client, make_staff):
    person = customer()
    response = post(client, make_staff(Role.AUDITOR), f"/{person.reference}/aliases", {"name": "X"})
    assert response.status_code == 403


def test_equality_answers_are_recorded_and_not_answered_back(client, make_staff):
    person = customer()
    path = f"/{person.reference}/equality"
    answers = {"given_on": "2025-01-01", "disability": "Yes", "age_band": "25 to 34"}
    recorded = post(client, make_staff(Role.CASE_OFFICER), path, answers)
    assert recorded.status_code == 201, recorded.content
    assert recorded.json() == {"customer": person.reference, "given_on": "2025-01-01"}
    assert EqualityMonitoring.objects.get(customer=person).disability == "Yes"
    wrong = post(client, make_staff(Role.CASE_OFFICER), path, {**answers, "disability": "Maybe"})
    assert wrong.status_code == 422
    assert post(client, make_staff(Role.FRONTLINE_OFFICER), path, answers).status_code == 403


def test_a_duplicate_is_merged(client, make_staff):
    keep, duplicate = customer(), customer()
    services.add_email_address(duplicate, email="dup@example.org", by=None)
    body = {"duplicate": duplicate.reference, "reason": "Same date of birth and address."}
    merged = post(client, make_staff(Role.CASE_OFFICER), f"/{keep.reference}/merge", body)
    assert merged.status_code == 200, merged.content
    assert [e["email"] for e in merged.json()["email_addresses"]] == ["dup@example.org"]
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    again = post(client, make_staff(Role.CASE_OFFICER), f"/{keep.reference}/merge", body)
    assert again.status_code == 422
    assert (
        post(
            client, make_staff(Role.FRONTLINE_OFFICER), f"/{keep.reference}/merge", body
        ).status_code
        == 403
    )
