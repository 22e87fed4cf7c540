"""Completing a restriction's review under the model pack (3-month reviews, 6 at most, 12 in all)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.cases.models import CustomerMustBeTold, Notification, Restriction, Review
from conduct.cases.reviews import check_outcome, complete_review, incidents_since
from conduct.cases.tests import factories
from conduct.cases.tests.factories_reviews import due, officer, restriction
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.core.working_days import add_months

pytestmark = pytest.mark.django_db


@pytest.fixture
def decider(make_staff):
    return make_staff(Role.DECISION_MAKER)


def open_reviews(item: Restriction) -> int:
    return item.reviews.filter(completed_at__isnull=True).count()


def test_lifting_ends_the_restriction_and_tells_the_teams(decider):
    """A lift ends the restriction, clears its review date and tells teams and the customer."""
    item = restriction()
    review = complete_review(item, by=decider, outcome="lift", reasons="")
    item.refresh_from_db()
    assert item.status == Restriction.Status.LIFTED
    assert item.ended_at is not None and item.review_on is None
    assert review.completed_by == decider and open_reviews(item) == 0
    assert set(item.notifications.values_list("team", "event")) == {
        ("complaints", "ended"),
        ("health-and-safety", "ended"),
    }
    assert CustomerMustBeTold.objects.filter(review=review, about="review").exists()
    assert AuditEvent.objects.filter(verb="cases.review_completed").count() == 1


@pytest.mark.parametrize(
    ("outcome", "months", "reasons", "terms", "refusal"),
    [
        ("extend", 3, "Two more incidents since.", None, None),
        ("extend", None, "Two more incidents since.", None, None),
        ("extend", 6, "Two more incidents since.", None, None),
        ("extend", 7, "Two more incidents since.", None, "within 6 months"),
        ("extend", 0, "Two more incidents since.", None, "within 6 months"),
        ("extend", 3, "  ", None, "Enter the reasons"),
        ("vary", 3, "Calls are now the issue.", {"parameters": {"officer": "STAFF"}}, None),
        ("vary", 3, "Calls are now the issue.", {"parameters": {}}, "Named officer: enter it"),
        (
            "vary",
            3,
            "Calls.",
            {"parameters": {"officer": "STAFF", "colour": "red"}},
            "not a detail",
        ),
        ("vary", 3, "", {"parameters": {"officer": "STAFF"}}, "Enter the reasons"),
        ("shrug", 3, "Reasons", None, "Select the outcome"),
    ],
)
def test_review_outcomes_follow_the_pack(decider, outcome, months, reasons, terms, refusal):
    """Extensions and variations give reasons and stay within the pack's longest interval."""
    item = restriction()
    if terms and terms["parameters"].get("officer") == "STAFF":
        terms = {"parameters": {**terms["parameters"], "officer": officer().pk}}
    answers = {"outcome": outcome, "reasons": reasons}
    answers |= {"extend_by_months": months, "varied_terms": terms}
    if refusal:
        with pytest.raises(Refusal, match=refusal):
            complete_review(item, by=decider, **answers)
        item.refresh_from_db()
        assert item.status == "active" and open_reviews(item) == 1
        return
    complete_review(item, by=decider, **answers)
    item.refresh_from_db()
    assert item.status == Restriction.Status.ACTIVE
    assert item.review_on == add_months(timezone.localdate(), months or 3)
    assert open_reviews(item) == 1
    assert item.reviews.get(completed_at__isnull=True).due_on == item.review_on
    assert set(item.notifications.values_list("event", flat=True)) == {"changed"}
    if terms:
        assert item.parameters == terms["parameters"]


def test_an_extension_past_the_maximum_duration_needs_a_fresh_decision(decider):
    """Ten months in, a three-month extension would pass twelve months, so it is refused."""
    start = timezone.localdate()
    item = restriction(starts_on=start)
    longest = r"longest this policy allows \(12 months\)"
    with (
        time_machine.travel(add_months(start, 10), tick=False),
        pytest.raises(Refusal, match=longest),
    ):
        complete_review(item, by=decider, outcome="extend", reasons="More abuse.")


def test_a_second_review_follows_the_first(decider):
    """Each completed review opens the next, so there is always exactly one open review."""
    item = restriction()
    for _ in range(2):
        complete_review(item, by=decider, outcome="extend", reasons="Still abusive.")
        item.refresh_from_db()
        assert open_reviews(item) == 1
    assert item.reviews.count() == 3


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.APPEALS_OFFICER, Role.LINE_MANAGER])
def test_only_the_deciding_body_reviews(make_staff, role):
    """People outside the pack's deciding body are refused with a reason."""
    with pytest.raises(Refusal, match="Your role cannot review the restriction"):
        complete_review(restriction(), by=make_staff(role), outcome="lift")


def test_a_lifted_restriction_cannot_be_reviewed_again(decider):
    """Once lifted there is nothing to review."""
    item = restriction()
    complete_review(item, by=decider, outcome="lift")
    with pytest.raises(Refusal, match="not possible while it is lifted"):
        complete_review(item, by=decider, outcome="lift")


def test_no_further_incidents_means_the_restriction_lifts_under_that_rule():
    """Where the pack lifts on no further incidents, an extension without them is refused."""
    pack = factories.model_pack().file
    strict = pack.model_copy(
        update={"review": pack.review.model_copy(update={"lift_rule": "no-further-incidents"})}
    )
    with pytest.raises(Refusal, match="no further incidents"):
        check_outcome(strict, "extend", False, "We think it should go on.")
    check_outcome(strict, "extend", True, "Two more incidents.")
    check_outcome(pack, "extend", False, "Grounds to extend: threats by letter.")


def test_incidents_since_are_the_customers_later_ones(make_staff):
    """The review shows incidents about the customer after the restriction started."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    item = restriction(starts_on=timezone.localdate() - timedelta(days=1))
    later = factories.incident(officer, about=item.customer)
    factories.incident(officer)  # someone else
    assert incidents_since(item) == [later]


def test_the_review_counts_the_incidents_since_the_decision_then_since_the_last_review(
    make_staff, decider
):
    """Conduct counts the incidents it holds; the decider does not say whether there were any."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    item = restriction(starts_on=timezone.localdate() - timedelta(days=1))
    factories.incident(officer, about=item.customer)
    first = complete_review(item, by=decider, outcome="extend", reasons="One more incident.")
    assert (first.incidents_found, first.incidents_not_recorded, first.further_incidents) == (
        1,
        0,
        True,
    )
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        second = complete_review(item, by=decider, outcome="lift")
    assert (second.incidents_found, second.further_incidents) == (0, False)
    audited = AuditEvent.objects.filter(verb="cases.review_completed").order_by("pk")
    assert [event.payload["incidents_found"] for event in audited] == [1, 0]


def test_incidents_conduct_cannot_see_are_added_with_a_note(decider, monkeypatch):
    """Under a lift-unless-further-incidents rule (West Lindsey 13.1), an extension needs an
    incident: one Conduct holds, or one the decider adds, saying what happened."""
    item = restriction()
    pack = item.decision.policy_pack.file
    strict = pack.model_copy(
        update={"review": pack.review.model_copy(update={"lift_rule": "no-further-incidents"})}
    )
    monkeypatch.setattr("conduct.cases.reviews.pack_for", lambda restriction: strict)
    with pytest.raises(Refusal, match="no further incidents"):
        complete_review(item, by=decider, outcome="extend", reasons="Still needed.")
    with pytest.raises(Refusal, match="Say what happened"):
        complete_review(
            item, by=decider, outcome="extend", reasons="Still needed.", incidents_not_recorded=1
        )
    review = complete_review(
        item,
        by=decider,
        outcome="extend",
        reasons="Still needed.",
        incidents_not_recorded=2,
        incidents_note="Two abusive calls to the housing team, logged on the housing system.",
    )
    assert (review.incidents_found, review.incidents_not_recorded) == (0, 2)
    assert review.further_incidents and review.incidents_note.startswith("Two abusive calls")


def test_the_database_refuses_an_active_restriction_without_a_review_date():
    """The constraint stands behind the service: an active restriction always has a review date."""
    from django.db import IntegrityError, transaction

    item = restriction()
    with pytest.raises(IntegrityError), transaction.atomic():
        Restriction.objects.filter(pk=item.pk).update(review_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(restriction=item, due_on=due(item) + timedelta(days=1))
    assert Notification.objects.count() == 0
