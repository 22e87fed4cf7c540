"""A warning marker notice (I2), drafted from a conduct.alerts Marker, never shows handling."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conduct.alerts.tests import factories as alert_factories
from conduct.letters import services
from conduct.letters.models import Letter
from conduct.letters.services import Draft, Issue
from conduct.letters.tests import factories

pytestmark = pytest.mark.django_db


def test_the_notice_names_the_category_and_dates_but_not_the_handling(
    settings, tmp_path: Path
) -> None:
    """The letter says the marker's category and review date; handling and secrets stay out."""
    settings.LETTERS_ROOT = tmp_path
    marker = alert_factories.live_person_marker()
    assert marker.customer is not None
    factories.with_address(marker.customer)
    draft = Draft("marker-notice", customer=marker.customer, marker_id=marker.pk)
    letter = services.draft_letter(draft, by=factories.case_officer())
    text = services.render(letter).body
    assert marker.category_name in text
    assert marker.review_on.strftime("%-d %B %Y") in text
    assert alert_factories.HANDLING not in text
    assert alert_factories.SECRET not in text
    approved = services.approve_letter(letter, by=factories.decision_maker())
    issued = services.issue_letter(approved, Issue(route="post"), by=factories.case_officer())
    assert issued.letter.policy_pack == marker.policy_pack
    marker.refresh_from_db()
    assert marker.told_on == issued.issued_at.date()


def test_the_marker_page_offers_the_notice_and_the_draft_page_makes_it(
    settings, tmp_path: Path, client: Client, sign_in: Any
) -> None:
    """A case officer goes from a live person marker to a drafted notice addressed to the person."""
    settings.LETTERS_ROOT = tmp_path
    marker = alert_factories.live_person_marker()
    assert marker.customer is not None
    factories.with_address(marker.customer)
    sign_in(factories.case_officer())
    draft_url = reverse("letters:draft_marker_notice", args=[marker.reference])
    assert draft_url in client.get(reverse("alerts:marker", args=[marker.reference])).text
    assert client.post(draft_url, {}).status_code == 200  # no recipient chosen: asked again
    made = client.post(draft_url, {"recipient": "customer"})
    letter = Letter.objects.get(marker_id=marker.pk)
    assert made["Location"] == reverse("letters:detail", args=[letter.reference])
    assert letter.letter_type == "marker-notice"
    assert letter.customer == marker.customer
