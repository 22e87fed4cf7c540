"""The customer's timeline: incidents, warnings, actions, cases and changes, newest first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.customers import services
from conduct.customers.tests.factories import case, customer, incident, informal_warning
from conduct.customers.timeline import entries
from conduct.incidents.models import IncidentAction

pytestmark = pytest.mark.django_db


def test_timeline_holds_every_kind_of_entry_newest_first(make_staff, time_machine):
    """Each kind appears once with its own wording, newest first; incidents and cases link."""
    manager = make_staff(Role.LINE_MANAGER)
    time_machine.move_to("2026-03-01 09:00 +0000", tick=False)
    found = customer(by=manager)
    time_machine.move_to("2026-03-02 09:00 +0000", tick=False)
    logged = incident(found, by=manager, occurred_at=timezone.now() - timedelta(hours=1))
    time_machine.move_to("2026-03-03 09:00 +0000", tick=False)
    IncidentAction.objects.create(
        incident=logged, kind="informal-warning", note="Warned", created_by=manager
    )
    informal_warning(logged, manager, given_at=timezone.now() + timedelta(minutes=1))
    time_machine.move_to("2026-03-04 09:00 +0000", tick=False)
    case(found, logged)
    time_machine.move_to("2026-03-05 09:00 +0000", tick=False)
    services.add_alias(found, name="Other", by=manager)
    services.add_safeguarding_note(found, note="Concern", by=manager)
    labels = [entry.label for entry in entries(found)]
    assert labels[:2] == ["Record changed", "Record changed"]
    assert labels[2].startswith("Case CASE-")
    # The warning's action row is not shown again beside the warning itself.
    assert labels[3] == "Informal warning"
    assert labels[4] == f"Incident {logged.reference}"
    assert labels[5] == "Record changed"
    assert entries(found)[4].href == f"/incidents/{logged.reference}/"
    texts = [entry.text for entry in entries(found)]
    assert "Aggressive or abusive behaviour" in texts[4] and "Phone" in texts[4]
    assert texts[-1] == f"{manager.full_name} added customer {found.reference}"
    assert all("Shouted" not in text for text in texts)


def test_the_customer_page_shows_the_timeline(client, make_staff, sign_in):
    """The page renders the MOJ timeline with dates GOV.UK style."""
    officer = sign_in(make_staff(Role.FRONTLINE_OFFICER))
    found = customer(by=officer)
    incident(found, by=officer)
    page = client.get(reverse("customers:detail", args=[found.reference])).content.decode()
    assert "moj-timeline__item" in page
    assert f"by {officer.full_name}" in page
    assert "Incident INC-" in page


def test_reads_are_not_on_the_timeline(client, make_staff, sign_in):
    """Looking at sensitive detail is in the audit trail, not the customer's timeline."""
    sign_in(make_staff(Role.CASE_OFFICER))
    found = customer()
    services.add_safeguarding_note(found, note="Concern", by=None)
    client.get(reverse("customers:detail", args=[found.reference]))
    assert all("looked at" not in entry.text for entry in entries(found))
