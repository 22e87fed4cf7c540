"""Who reaches each review, appeal, notification and register page and endpoint, role by role."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.appeals import lodge_appeal
from conduct.cases.tests.factories_reviews import decided_case, decision, restriction

pytestmark = pytest.mark.django_db
R = Role
# Not appeals officers: they read the appeals they hear, not every customer's sanctions.
REGISTER = {
    R.CASE_OFFICER,
    R.DECISION_MAKER,
    R.HEALTH_AND_SAFETY_OFFICER,
    R.AUDITOR,
    R.ADMINISTRATOR,
}
# Who may act under the model pack: its senior officer panel reviews, appeals officers hear.
ALLOWED = {
    "register": REGISTER,
    "notifications": set(Role),
    "complete_review": {R.DECISION_MAKER, R.HEALTH_AND_SAFETY_OFFICER},
    "lodge_appeal": {R.CASE_OFFICER, R.COMPLAINTS_AND_CUSTOMER_SERVICES},
    "assign_appeals_officer": {R.CASE_OFFICER, R.APPEALS_OFFICER},
    "decide_appeal": {R.APPEALS_OFFICER},
}


@pytest.fixture
def subjects(make_staff):
    case = decided_case()
    made = decision(case)
    item = restriction(case, made=made)
    appeal = lodge_appeal(
        case, made, by=make_staff(R.CASE_OFFICER), received_on=timezone.localdate(), grounds="No."
    )
    return {"case": case, "restriction": item, "appeal": appeal}


def page_urls(subjects) -> dict[str, str]:
    return {
        "register": reverse("cases:register"),
        "notifications": reverse("cases:notifications"),
        "complete_review": reverse("cases:complete_review", args=[subjects["restriction"].pk]),
        "lodge_appeal": reverse("cases:lodge_appeal", args=[subjects["case"].reference]),
        "assign_appeals_officer": reverse(
            "cases:assign_appeals_officer", args=[subjects["appeal"].pk]
        ),
        "decide_appeal": reverse("cases:decide_appeal", args=[subjects["appeal"].pk]),
    }


@pytest.mark.parametrize("role", list(Role))
def test_pages_by_role(client, sign_in, make_staff, subjects, role):
    """Each role reaches exactly the pages its permissions allow; the rest are 403."""
    sign_in(make_staff(role))
    for name, url in page_urls(subjects).items():
        status = client.get(url).status_code
        assert status == (200 if role in ALLOWED[name] else 403), (name, role, status)


def test_pages_need_signing_in(client, subjects):
    """Nobody signed in is sent to sign in."""
    for url in page_urls(subjects).values():
        assert client.get(url).status_code == 302


def api_calls(subjects) -> dict[str, tuple[str, str, dict]]:
    base = "/api/v1/cases"
    return {
        "register": ("get", f"{base}/register/entries", {}),
        "notifications": ("get", f"{base}/notifications/mine", {}),
        "complete_review": (
            "post",
            f"{base}/restrictions/{subjects['restriction'].pk}/review",
            {
                "outcome": "extend",
                "reasons": "x",
                "extend_by_months": 99,
            },
        ),
        "lodge_appeal": (
            "post",
            f"{base}/{subjects['case'].reference}/appeals",
            {
                "decision": subjects["appeal"].decision_id,
                "received_on": timezone.localdate().isoformat(),
                "grounds": "x",
            },
        ),
        "assign_appeals_officer": (
            "post",
            f"{base}/appeals/{subjects['appeal'].pk}/officer",
            {"officer": "nobody@council.example"},
        ),
        "decide_appeal": (
            "post",
            f"{base}/appeals/{subjects['appeal'].pk}/decision",
            {"outcome": "confirm", "reasons": "Proportionate.", "declared_not_involved": True},
        ),
    }


@pytest.mark.parametrize("role", list(Role))
def test_endpoints_by_role(client, make_staff, subjects, role):
    """The API refuses (403) exactly the roles the pages refuse; others get past permissions."""
    _, secret = issue_token(make_staff(role), "cases:read", "cases:write")
    for name, (method, url, body) in api_calls(subjects).items():
        if method == "get":
            response = client.get(url, **bearer(secret))
        else:
            response = client.post(
                url, json.dumps(body), content_type="application/json", **bearer(secret)
            )
        refused = response.status_code == 403
        assert refused == (role not in ALLOWED[name]), (name, role, response.status_code)
