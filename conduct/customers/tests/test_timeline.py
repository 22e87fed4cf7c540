"""The customer's timeline: incidents, warnings, actions, cases and changes, newest first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.customers import services
from conduct.customers.tests.factories import case, customer, incident, informal_warning
from conduct.customers.timeline import entries, timeline_page
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


def test_a_long_timeline_is_shown_a_page_at_a_time(client, make_staff, sign_in, time_machine):
    """A busy customer's page shows the newest 25 entries and links to older ones; each page
    holds exactly the entries the whole timeline has in those places."""
    officer = sign_in(make_staff(Role.FRONTLINE_OFFICER))
    time_machine.move_to("2026-03-01 09:00 +0000", tick=False)
    found = customer(by=officer)
    for day in range(30):
        time_machine.move_to(f"2026-04-{day + 1:02d} 09:00 +0000", tick=False)
        logged = incident(found, by=officer, occurred_at=timezone.now() - timedelta(hours=1))
        if day % 3 == 0:
            informal_warning(logged, officer, given_at=timezone.now())
    everything = entries(found, officer)
    assert len(everything) == 41  # 30 incidents, 10 warnings, the record added

    for number, start in ((1, 0), (2, 25)):
        shown = timeline_page(found, officer, number, 25)
        assert shown.entries == everything[start : start + 25]
        assert shown.has_older is (number == 1)

    address = reverse("customers:detail", args=[found.reference])
    first = client.get(address).content.decode()
    assert first.count("moj-timeline__item") == 25
    assert "Older entries" in first and "?timeline=2" in first
    second = client.get(address, {"timeline": 2}).content.decode()
    assert second.count("moj-timeline__item") == 16
    assert "Newer entries" in second and "?timeline=1" in second
    assert "Older entries" not in second


@pytest.mark.parametrize("asked", ["0", "-1", "two", "99999999999"])
def test_a_timeline_page_that_is_not_a_page_number_shows_the_newest(
    client, make_staff, sign_in, asked
):
    officer = sign_in(make_staff(Role.FRONTLINE_OFFICER))
    found = customer(by=officer)
    incident(found, by=officer)
    response = client.get(reverse("customers:detail", args=[found.reference]), {"timeline": asked})
    assert response.status_code == 200
    assert "Incident INC-" in response.content.decode()


def test_entries_link_to_an_incident_for_the_staff_it_names(client, make_staff, sign_in):
    """An officer the incident happened to, or their line manager, follows each entry's link to
    it (incident, informal warning, action); another officer reads the entry's words only."""
    manager = make_staff(Role.LINE_MANAGER)
    logger, affected, other = (make_staff(Role.FRONTLINE_OFFICER) for _ in range(3))
    affected.line_manager = manager
    affected.save()
    found = customer(by=logger)
    logged = incident(found, by=logger)
    logged.staff_affected.add(affected)
    informal_warning(logged, logger)
    IncidentAction.objects.create(
        incident=logged, kind="more-detail-requested", note="When?", created_by=logger
    )
    href = f'href="/incidents/{logged.reference}/"'
    for person, linked in [(affected, True), (manager, True), (other, False)]:
        sign_in(person)
        page = client.get(reverse("customers:detail", args=[found.reference])).content.decode()
        assert (href in page) is linked, person
        assert f"Incident {logged.reference}" in page
