"""Each service that makes one of the changes other systems hear of publishes its event,
with its subject, through conduct.core.events (the hook the webhooks app fills)."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts import services as alerts
from conduct.alerts.tests.factories import live_person_marker
from conduct.cases.appeals import decide_appeal, lodge_appeal
from conduct.cases.decisions import FormalWarningTerms, record_decision
from conduct.cases.models import Appeal, FormalWarning, Restriction
from conduct.cases.reviews import complete_review
from conduct.cases.tests.factories_reviews import decided_case, decision, restriction
from conduct.cases.tests.test_packs_end_to_end import Journey
from conduct.core import events
from conduct.letters import services as letters
from conduct.letters.models import IssuedLetter
from conduct.letters.services import Issue
from conduct.letters.tests import factories as letter_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Every event published while the test runs, as (type, subject)."""
    found: list[tuple[str, Any]] = []

    def listener(event_type: str, subject: Any) -> None:
        found.append((event_type, subject))

    events.listen(listener)
    yield found
    events.LISTENERS.remove(listener)


def types(heard) -> list[str]:
    return [event_type for event_type, _ in heard]


@pytest.mark.parametrize(
    ("outcome", "expected", "extra"),
    [
        ("lift", "restriction.lifted", {}),
        ("extend", "restriction.extended", {"reasons": "Again."}),
    ],
)
def test_a_review_publishes_what_it_did_to_the_restriction(heard, outcome, expected, extra):
    item = restriction()
    complete_review(item, by=staff_member(Role.DECISION_MAKER), outcome=outcome, **extra)
    assert heard == [(expected, item)]


def test_an_appeal_quashed_lifts_the_restriction_and_is_decided(heard):
    case = decided_case()
    made = decision(case)
    item = restriction(case, made=made)
    appeal = lodge_appeal(
        case, made, by=staff_member(Role.CASE_OFFICER), received_on=timezone.localdate(),
        grounds="I was provoked.",
    )  # fmt: skip
    decide_appeal(
        appeal,
        by=staff_member(Role.APPEALS_OFFICER),
        outcome="quash",
        reasons="Unfair.",
        declared_not_involved=True,
    )
    assert types(heard) == ["restriction.lifted", "appeal.decided"]
    assert heard[0][1] == item and isinstance(heard[1][1], Appeal)
    item.refresh_from_db()
    assert item.status == Restriction.Status.QUASHED


def test_a_marker_going_live_and_being_withdrawn_is_published(heard):
    marker = live_person_marker()
    alerts.withdraw_marker(marker, reason="Moved away", by=staff_member(Role.LINE_MANAGER))
    assert types(heard) == ["marker.live", "marker.ended"]


def test_a_letter_issued_tells_the_customer(heard, settings, tmp_path: Path):
    settings.LETTERS_ROOT = tmp_path / "letters"
    outcomes = letter_factories.decided("model")
    letter = letter_factories.approved(outcomes)
    heard.clear()
    letters.issue_letter(letter, Issue(route="post"), by=letter_factories.case_officer())
    assert types(heard) == ["customer.told"]
    assert isinstance(heard[0][1], IssuedLetter)


def test_an_unknown_event_type_is_refused():
    with pytest.raises(ValueError, match="Unknown event type"):
        events.publish("restriction.made", None)


def test_a_formal_warning_is_published_with_its_decision(heard):
    """Through the decision service: the warning, then the decision."""
    journey = Journey(Path(django_settings.POLICY_DIR) / "model.toml")
    case = journey.investigated(journey.escalated())
    record_decision(
        case,
        by=journey.members[0],
        members=journey.members,
        outcome="formal-warning",
        formal_warning=FormalWarningTerms(
            behaviour="Shouting at reception staff. Speak calmly.",
            single_point_of_contact=journey.case_officer,
        ),
        **journey.answers(),
    )
    assert types(heard) == ["warning.issued", "decision.recorded"]
    assert isinstance(heard[0][1], FormalWarning)
