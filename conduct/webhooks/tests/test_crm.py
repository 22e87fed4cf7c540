"""`record_on_crm = true` (UCB): the decision's "recorded on the CRM" step is the
decision.recorded event delivered to the subscription marked as the CRM; the case page
says whether it was, and a pack that needs a CRM with none set up is a configuration
problem."""

from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases.tests.factories import council_service
from conduct.cases.tests.test_packs_end_to_end import RESTRICTION_FOR, START, Journey
from conduct.core import configuration
from conduct.webhooks import services
from conduct.webhooks.tests.receiver import receiver

pytestmark = pytest.mark.django_db
UCB = Path(settings.POLICY_DIR) / "ucb-2024-2028.toml"
NO_CRM = "The policy says decisions are recorded on the CRM, but no webhook subscription"


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as machine:
        yield machine


def decide(journey: Journey, capture):
    case = journey.investigated(journey.escalated())
    with capture(execute=True):
        journey.restrict(
            case, RESTRICTION_FOR["ucb-2024-2028"], services=[council_service("Housing")]
        )
    return case


def case_page(client, case) -> str:
    client.force_login(staff_member(Role.CASE_OFFICER))
    return client.get(reverse("cases:detail", args=[case.reference])).content.decode()


def test_the_decision_is_recorded_on_the_crm_and_the_case_page_says_so(
    client, traveller, django_capture_on_commit_callbacks
):
    journey = Journey(UCB)
    assert any(problem.startswith(NO_CRM) for problem in configuration.problems())
    with receiver() as crm:
        _, crm.secret = services.create_subscription(
            name="Customer system",
            url=crm.url,
            event_types=["decision.recorded", "restriction.imposed"],
            is_crm=True,
            by=staff_member(Role.ADMINISTRATOR),
        )
        assert not any(p.startswith(NO_CRM) for p in configuration.problems())
        case = decide(journey, django_capture_on_commit_callbacks)
    types = sorted(body["type"] for body in crm.verified)
    assert types == ["decision.recorded", "restriction.imposed"]
    decision = next(b for b in crm.verified if b["type"] == "decision.recorded")["data"]
    assert decision["case_reference"] == case.reference
    assert decision["outcome"] == "restriction"
    assert "The decision was recorded on the CRM (Customer system) on" in case_page(client, case)


def test_a_crm_that_has_not_accepted_the_decision_is_shown(
    client, traveller, django_capture_on_commit_callbacks
):
    journey = Journey(UCB)
    with receiver() as crm:
        crm.script = [503]
        _, crm.secret = services.create_subscription(
            name="Customer system",
            url=crm.url,
            event_types=["decision.recorded"],
            is_crm=True,
            by=None,
        )
        case = decide(journey, django_capture_on_commit_callbacks)
    page = case_page(client, case)
    assert "The decision is not yet recorded on the CRM (Customer system)" in page
    assert "Answered 503" in page
