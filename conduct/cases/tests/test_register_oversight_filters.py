"""The central register's filters the oversight dashboard links to: restriction type,
immediate restrictions waiting to be ratified, and customers still to be told; on the page,
in the CSV and in the API alike."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.models import CustomerMustBeTold
from conduct.cases.register import Filters, entries, filter_choices
from conduct.cases.tests.factories_reviews import decided_case, decision, restriction

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    """A named-officer restriction whose customer is still to be told of the decision; a
    written-only one; an immediate building-access one waiting to be ratified."""
    today = timezone.localdate()
    named = restriction()
    CustomerMustBeTold.objects.create(case=named.case, about="decision", decision=named.decision)
    written = restriction(type="written-only")
    case = decided_case()
    immediate = restriction(
        case,
        made=decision(case, immediate=True),
        type="building-access",
        ratify_by=today + timedelta(days=2),
    )
    return {"named": named, "written": written, "immediate": immediate}


def found(**chosen):
    return sorted((entry.kind, entry.id) for entry in entries(Filters(**chosen)))


def test_restriction_type_narrows_to_its_restrictions_and_their_reviews(listed):
    written = listed["written"]
    review = written.reviews.get()
    assert found(type="written-only") == sorted(
        [("restriction", written.pk), ("review", review.pk)]
    )
    assert found(type="written-only", kind="appeal") == []


def test_waiting_to_be_ratified_is_the_immediate_restriction_only(listed):
    assert found(ratification="awaiting") == [("restriction", listed["immediate"].pk)]


def test_still_to_be_told_is_the_entries_with_a_duty_outstanding(listed):
    assert found(told="no") == [("restriction", listed["named"].pk)]
    CustomerMustBeTold.objects.update(fulfilled_at=timezone.now())
    assert found(told="no") == []


def test_the_filters_offer_the_packs_names(listed):
    choices = filter_choices()
    assert ("written-only", "Written contact only") in choices["type"]
    assert choices["ratification"] == [("awaiting", "Waiting to be ratified")]
    assert choices["told"] == [("no", "Still to be told")]


def test_the_page_and_the_api_take_the_new_filters(client, make_staff, sign_in, listed):
    sign_in(make_staff(Role.AUDITOR))
    page = client.get("/cases/register/", {"ratification": "awaiting"}).content.decode()
    assert listed["immediate"].case.reference in page
    assert listed["named"].case.reference not in page
    _, secret = issue_token(make_staff(Role.AUDITOR), "cases:read")
    answer = client.get("/api/v1/cases/register/entries", {"told": "no"}, **bearer(secret))
    assert [entry["id"] for entry in answer.json()] == [listed["named"].pk]
    refused = client.get("/api/v1/cases/register/entries", {"told": "yes"}, **bearer(secret))
    assert refused.status_code == 422
