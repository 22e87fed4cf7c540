"""The Ombudsman referral API: the same services and rules as the pages, refusals as problems,
each POST once per Idempotency-Key."""

import json

import pytest

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.models import OmbudsmanReferral
from conduct.cases.tests.factories_ombudsman import days_ago, enquiry, referral, upheld
from conduct.cases.tests.factories_reviews import decided_case, decision
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db
BASE = "/api/v1/cases"


def post(client, user, url, body, **headers):
    _, secret = issue_token(user, "cases:write")
    return client.post(
        url, json.dumps(body), content_type="application/json", **bearer(secret), **headers
    )


def get(client, user, url):
    _, secret = issue_token(user, "cases:read")
    return client.get(url, **bearer(secret))


def test_a_referral_is_recorded_once_per_idempotency_key(client, make_staff):
    """Sent twice with one key, one referral; the answer names the Ombudsman and the moves."""
    case = decided_case()
    made = decision(case)
    body = {
        "ombudsman": "housing-ombudsman",
        "heard_on": days_ago(1).isoformat(),
        "reference": "202401234",
        "decision": made.pk,
    }
    officer = make_staff(Role.CASE_OFFICER)
    url = f"{BASE}/{case.reference}/ombudsman-referrals"
    first = post(client, officer, url, body, HTTP_IDEMPOTENCY_KEY="referral-1")
    again = post(client, officer, url, body, HTTP_IDEMPOTENCY_KEY="referral-1")
    assert first.status_code == again.status_code == 201, first.content
    assert first.json() == again.json()
    assert OmbudsmanReferral.objects.filter(case=case).count() == 1
    answer = first.json()
    assert answer["ombudsman_name"] == "Housing Ombudsman" and answer["decision"] == made.pk
    assert answer["outcome_in_words"] == "Not decided yet"
    assert [move["name"] for move in answer["moves"]] == [
        "record_ombudsman_enquiry",
        "record_ombudsman_outcome",
    ]


def test_refused_answers_are_listed_in_the_problem(client, make_staff):
    """A referral after the council heard and a duplicate reference: 422, each answer named."""
    referral(reference="24 100 100")
    case = decided_case()
    body = {
        "ombudsman": "lgsco",
        "heard_on": days_ago(5).isoformat(),
        "referred_on": days_ago(1).isoformat(),
        "reference": "24 100 100",
    }
    url = f"{BASE}/{case.reference}/ombudsman-referrals"
    response = post(client, make_staff(Role.CASE_OFFICER), url, body)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"referred_on", "reference"}


def test_only_those_who_record_may_post(client, make_staff):
    """An auditor reads referrals but may not record one: 403."""
    item = referral()
    auditor = make_staff(Role.AUDITOR)
    url = f"{BASE}/ombudsman-referrals/{item.pk}/outcome"
    body = {"outcome": "not-upheld", "outcome_on": days_ago(1).isoformat()}
    assert post(client, auditor, url, body).status_code == 403
    read = get(client, auditor, f"{BASE}/ombudsman-referrals/{item.pk}")
    assert read.status_code == 200 and read.json()["moves"] == []
    assert AuditEvent.objects.filter(verb="cases.ombudsman_referral_viewed").count() == 1


def test_enquiry_response_outcome_and_remedy_through_the_api(client, make_staff):
    """Each action in turn; the list shows the referral as it ends."""
    officer = make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)
    item = referral()
    url = f"{BASE}/ombudsman-referrals/{item.pk}"
    asked = {
        "received_on": days_ago(10).isoformat(),
        "question": "Your file.",
        "reference": "24 555 000",
    }
    response = post(client, officer, f"{url}/enquiries", asked)
    assert response.status_code == 201 and response.json()["reference"] == "24 555 000"
    enquiry_id = response.json()["enquiries"][0]["id"]
    answered = {"responded_on": days_ago(3).isoformat()}
    response = post(client, officer, f"{BASE}/ombudsman-enquiries/{enquiry_id}/response", answered)
    assert response.json()["enquiries"][0]["responded_on"] == days_ago(3).isoformat()
    decided = {"outcome": "upheld", "outcome_on": days_ago(2).isoformat(), "remedy": "Apologise."}
    response = post(client, officer, f"{url}/outcome", decided)
    assert response.json()["outcome_in_words"] == "Upheld (fault causing injustice)"
    response = post(client, officer, f"{url}/remedy-done", {"done_on": days_ago(1).isoformat()})
    assert response.status_code == 200 and response.json()["remedy_done_on"]
    listed = get(client, officer, f"{BASE}/{item.case.reference}/ombudsman-referrals").json()
    assert [(r["id"], r["outcome"]) for r in listed] == [(item.pk, "upheld")]


def test_a_move_not_open_now_is_a_conflict(client, make_staff):
    """An enquiry after the outcome is a 409 with the reason."""
    item = upheld(referral())
    enquiry_body = {"received_on": days_ago(1).isoformat(), "question": "More."}
    officer = make_staff(Role.CASE_OFFICER)
    response = post(
        client, officer, f"{BASE}/ombudsman-referrals/{item.pk}/enquiries", enquiry_body
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "The Ombudsman has already decided this referral."


def test_a_response_recorded_twice_is_a_conflict(client, make_staff):
    item = referral()
    asked = enquiry(item)
    officer = make_staff(Role.CASE_OFFICER)
    url = f"{BASE}/ombudsman-enquiries/{asked.pk}/response"
    body = {"responded_on": days_ago(1).isoformat()}
    assert post(client, officer, url, body).status_code == 200
    assert post(client, officer, url, body).status_code == 409
