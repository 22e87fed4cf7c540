"""What a letter tells the customer about their own case: what happened, what still applies
and how their contact is watched, as the pack's elements ask (West Lindsey 11.3, 11.4, 13)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from conduct.cases.models import Restriction, Review
from conduct.letters import services
from conduct.letters.tests import factories

pytestmark = pytest.mark.django_db
REVIEW_PACKS = [
    pack_id
    for pack_id in factories.PACKS
    if {"still-contact", "monitoring-period"}
    & set(
        next(
            t for t in factories.pack_file(pack_id).letters.types if t.id == "review-outcome"
        ).elements
    )
]


def section(body: str, element_id: str) -> str:
    """The words of one element of the letter, as the customer reads them."""
    found = BeautifulSoup(body, "html.parser").select_one(f'[data-element="{element_id}"]')
    assert found is not None, f"the letter has no {element_id} element"
    return re.sub(r"\s+", " ", found.get_text(" ")).strip()


def lifted(outcomes: factories.Outcomes) -> Review:
    """The outcomes' review, as a review that lifted the restriction leaves it."""
    review = outcomes.review
    Review.objects.filter(pk=review.pk).update(
        outcome=Review.Outcome.LIFT, further_incidents=False, reasons="", next_review_on=None
    )
    Restriction.objects.filter(pk=outcomes.restriction.pk).update(
        status=Restriction.Status.LIFTED, review_on=None, ended_at=timezone.now()
    )
    review.refresh_from_db()
    return review


@pytest.mark.parametrize("pack_id", REVIEW_PACKS)
def test_a_lifted_restriction_is_not_listed_as_still_applying(pack_id: str) -> None:
    outcomes = factories.decided(pack_id)
    lifted(outcomes)
    rtype = outcomes.case.policy_pack.file.restriction_type(outcomes.restriction.type)
    assert rtype is not None

    body = services.render(factories.letter(outcomes, "review-outcome")).body

    elements = outcomes.case.policy_pack.file.letters.types
    wanted = next(t for t in elements if t.id == "review-outcome").elements
    if "still-contact" in wanted:
        still = section(body, "still-contact")
        assert rtype.name not in still
        assert "has ended" in still
    if "monitoring-period" in wanted:
        monitoring = section(body, "monitoring-period")
        assert monitoring != "How we will monitor your contact"
        assert "no longer" in monitoring


def test_an_extended_restriction_says_who_monitors_until_the_next_review() -> None:
    outcomes = factories.decided("west-lindsey-2024")

    body = services.render(factories.letter(outcomes, "review-outcome")).body

    monitoring = section(body, "monitoring-period")
    assert "We will monitor your contact with us until the review on" in monitoring


def test_examples_say_what_happened_not_only_the_words_used() -> None:
    outcomes = factories.decided("west-lindsey-2024")
    incident = outcomes.case.incidents.get()

    body = services.render(factories.letter(outcomes, "restriction")).body

    examples = section(body, "examples")
    assert incident.what_happened.rstrip(".").lower() in examples.lower()
    assert incident.words_used in examples
