"""A named officer or a generic inbox (West Lindsey 15.2; issue 17.8): the pack says which a
restriction type allows; the decision page and the API take either; pages and letters name it."""

import json
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.models import Restriction
from conduct.cases.presenters import restriction_terms
from conduct.cases.restrictions import clean_parameters
from conduct.cases.tests.factories import council_service
from conduct.cases.tests.test_decisions_views import records_post
from conduct.cases.tests.test_packs_end_to_end import START, Journey, refused
from conduct.core.refusals import Refusal
from conduct.letters.context import term_value

pytestmark = pytest.mark.django_db
POLICIES = Path(settings.POLICY_DIR)
INBOX = "housing.enquiries@council.example"


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as machine:
        yield machine


@pytest.fixture
def housing():
    service = council_service()
    service.generic_inbox = INBOX
    service.save()
    return service


def test_west_lindsey_takes_an_inbox_and_the_page_and_letter_name_it(traveller, housing):
    """The service's inbox stands in for the officer; staff and the customer read its name."""
    journey = Journey(POLICIES / "west-lindsey-2024.toml")
    case = journey.investigated(journey.escalated())
    decision = journey.restrict(case, "named-officer", parameters={"officer": INBOX})
    restriction = decision.restrictions.get()
    assert restriction.parameters == {"officer": INBOX}
    shown = f"Named officer or generic inbox: the Housing inbox, {INBOX}"
    assert shown in restriction_terms(restriction)
    assert term_value("officer", INBOX) == f"the Housing inbox, {INBOX}"


def test_an_address_that_is_no_inbox_is_refused(traveller, housing):
    """Any other address is not a service's inbox, nor anyone's, so it is refused."""
    journey = Journey(POLICIES / "west-lindsey-2024.toml")
    case = journey.investigated(journey.escalated())
    refused(
        "select a member of staff or a service’s generic inbox",
        journey.restrict,
        case,
        "named-officer",
        parameters={"officer": "someone@elsewhere.example"},
    )


def test_a_type_allowing_only_an_officer_refuses_an_inbox(traveller, housing):
    """UCB's named employee must be a person: the pack's type "officer" says so."""
    journey = Journey(POLICIES / "ucb-2024-2028.toml")
    rtype = journey.pack.restriction_type("named-officer")
    assert rtype is not None
    with pytest.raises((ValueError, Refusal)):
        clean_parameters(rtype, {"officer": INBOX})
    officer = staff_member(Role.CASE_OFFICER)
    assert clean_parameters(rtype, {"officer": officer.email.upper()}) == {"officer": officer.pk}


def test_the_decision_page_offers_and_takes_the_inbox(client, sign_in, traveller, housing):
    """The select lists the service's inbox beside staff; choosing it restricts to it."""
    journey = Journey(POLICIES / "west-lindsey-2024.toml")
    case = journey.investigated(journey.escalated())
    members = journey.members
    sign_in(members[0])
    page = reverse("cases:record_decision", args=[case.reference])
    form = client.get(page).content.decode()
    assert f"Housing inbox ({INBOX})" in form
    data = {
        **records_post(behaviour_categories=[journey.pack.behaviour.categories[0].id]),
        "members": [str(m.pk) for m in members],
        "declaration": "on",
        "outcome": "restriction",
        "restriction_type": "named-officer",
        "p__named-officer__officer": INBOX,
        "scope": "services",
        "services": [str(housing.pk)],
    }
    answer = client.post(page, data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert Restriction.objects.get(case=case).parameters == {"officer": INBOX}


def test_the_api_takes_the_inbox(client, traveller, housing):
    """The API's restriction terms take the inbox address as the officer parameter."""
    journey = Journey(POLICIES / "west-lindsey-2024.toml")
    case = journey.investigated(journey.escalated())
    body = {
        **journey.answers(),
        "members": [m.email for m in journey.members],
        "outcome": "restriction",
        "restrictions": [
            {"type": "named-officer", "parameters": {"officer": INBOX}, "services": ["housing"]}
        ],
    }
    _, secret = issue_token(journey.members[0], "cases:write", "cases:read")
    answer = client.post(
        f"/api/v1/cases/{case.reference}/decisions",
        json.dumps(body),
        content_type="application/json",
        **bearer(secret),
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["restrictions"][0]["parameters"] == {"officer": INBOX}
    names = sorted(item["post_name"] for item in answer.json()["acted_as"])
    assert names[0] == "Customer Experience Manager"


def test_terms_keep_an_officer_as_their_id(traveller, housing):
    """A named officer is still kept by id, whether given as id or email."""
    officer = staff_member(Role.CASE_OFFICER)
    journey = Journey(POLICIES / "west-lindsey-2024.toml")
    rtype = journey.pack.restriction_type("named-officer")
    assert rtype is not None
    assert clean_parameters(rtype, {"officer": officer.email}) == {"officer": officer.pk}
    assert clean_parameters(rtype, {"officer": str(officer.pk)}) == {"officer": officer.pk}
