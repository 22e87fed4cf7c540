"""The register's pages render, pass the page checks, call the services and keep restricted detail need to know."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.alerts import services
from conduct.alerts.models import Acknowledgement, DetailRead, Marker
from conduct.alerts.tests import factories
from conduct.customers.services import add_address

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return response.content.decode()


def customer_page(marker: Marker) -> str:
    assert marker.customer is not None
    return reverse("customers:detail", args=[factories.reference_of(marker)])


class TestFrontlineNeverSeesRestrictedDetail:
    def test_customer_page_shows_handling_not_detail(
        self, client: Client, make_staff: Any, sign_in: Any
    ) -> None:
        """Frontline staff see the marker and its handling on the customer page; never the detail."""
        marker = factories.live_person_marker()
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        page = text(client.get(customer_page(marker)))
        assert "Threats (TH)" in page
        assert "Meet in pairs" in page
        assert factories.SECRET not in page

    def test_marker_pages_never_show_detail(
        self, client: Client, make_staff: Any, sign_in: Any
    ) -> None:
        """Nor on the register, the marker page, or by asking for the detail directly."""
        marker = factories.live_person_marker()
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        for url in (reverse("alerts:register"), reverse("alerts:marker", args=[marker.reference])):
            response = client.get(url)
            assert response.status_code == 200
            assert factories.SECRET not in text(response)
            assert "Read the restricted detail" not in text(response)
        asked = client.post(
            reverse("alerts:restricted_detail", args=[marker.reference]),
            {"purpose": "other", "detail": "x"},
        )
        assert asked.status_code == 403
        assert DetailRead.objects.count() == 0


class TestRestrictedDetail:
    def test_purpose_asked_first_then_shown_and_reported(
        self, client: Client, make_staff: Any, sign_in: Any
    ) -> None:
        """A manager says why, sees the detail, and the access report lists the reading."""
        marker = factories.live_person_marker()
        manager = sign_in(make_staff(Role.LINE_MANAGER))
        url = reverse("alerts:restricted_detail", args=[marker.reference])
        first = text(client.get(url))
        assert "Why do you need the restricted detail?" in first
        assert factories.SECRET not in first
        blank = client.post(url, {"purpose": "", "detail": ""})
        assert "Select why you need to read the detail" in text(blank)
        assert factories.SECRET not in text(blank)
        shown = client.post(url, {"purpose": "planning-contact", "detail": "Home visit on Tuesday"})
        assert factories.SECRET.replace("'", "&#39;") in text(shown)
        report = text(client.get(reverse("alerts:access_report")))
        assert manager.get_full_name() in report
        assert "Home visit on Tuesday" in report

    def test_frontline_cannot_see_report(
        self, client: Client, make_staff: Any, sign_in: Any
    ) -> None:
        """The access report is for managers, health and safety and auditors."""
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        assert client.get(reverse("alerts:access_report")).status_code == 403


class TestAcknowledgement:
    def test_customer_page_waits_for_acknowledgement(
        self, client: Client, make_staff: Any, sign_in: Any
    ) -> None:
        """A high-with-acknowledgement marker sends staff to the interstitial until they acknowledge it."""
        marker = factories.live_person_marker(severity="high-acknowledge")
        officer = sign_in(make_staff(Role.FRONTLINE_OFFICER))
        first = client.get(customer_page(marker))
        assert first.status_code == 302
        assert (
            reverse("alerts:acknowledge", args=[factories.reference_of(marker)])
            in first["Location"]
        )
        interstitial = client.get(first["Location"])
        assert "Read before you continue" in text(interstitial)
        assert "Meet in pairs" in text(interstitial)
        done = client.post(
            reverse("alerts:acknowledge", args=[factories.reference_of(marker)]),
            {"next": customer_page(marker)},
        )
        assert done["Location"] == customer_page(marker)
        assert client.get(customer_page(marker)).status_code == 200
        assert Acknowledgement.objects.get(marker=marker).staff == officer

    def test_new_version_asks_again(self, client: Client, make_staff: Any, sign_in: Any) -> None:
        """Changed handling instructions must be acknowledged again."""
        marker = factories.live_person_marker(severity="high-acknowledge")
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        client.post(reverse("alerts:acknowledge", args=[factories.reference_of(marker)]))
        Marker.objects.filter(pk=marker.pk).update(version=2)
        assert client.get(customer_page(marker)).status_code == 302

    def test_external_next_is_ignored(self, client: Client, make_staff: Any, sign_in: Any) -> None:
        """The interstitial only returns to pages on Conduct."""
        marker = factories.live_person_marker(severity="high-acknowledge")
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        done = client.post(
            reverse("alerts:acknowledge", args=[factories.reference_of(marker)]),
            {"next": "https://evil.example/"},
        )
        assert done["Location"] == customer_page(marker)


class TestPremisesOnTheCustomerPage:
    def test_hazard_at_their_address_shows(
        self, client: Client, make_staff: Any, sign_in: Any
    ) -> None:
        """A dog at the customer's current address shows on their page as an address hazard."""
        factories.make_live(factories.premises_marker())
        who = factories.customer()
        add_address(who, line_1="14 Mill Ln", postcode="nn1 1aa", by=None)
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        page = text(client.get(reverse("customers:detail", args=[who.reference])))
        assert "At this address: Dangerous animals (DA)" in page
        assert "Phone ahead" in page


class TestRaiseAndApprove:
    def test_raise_from_customer_page_keeps_answers(
        self, client: Client, make_staff: Any, sign_in: Any
    ) -> None:
        """A missing answer shows an error with what was typed kept; a full answer raises a provisional marker."""
        existing = factories.person_marker()
        who = existing.customer
        incident = existing.incidents.get()
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        url = reverse("alerts:raise_for_customer", args=[factories.reference_of(existing)])
        assert incident.reference in text(client.get(url, {"incident": incident.reference}))
        bad = client.post(
            url, {"incidents": [incident.reference], "category": "threats", "handling": ""}
        )
        assert "Enter the handling instructions for frontline staff" in text(bad)
        good = client.post(
            url,
            {
                "incidents": [incident.reference],
                "category": "threats",
                "handling": "Phone only",
                "severity": "",
            },
        )
        assert good.status_code == 302
        assert Marker.objects.filter(customer=who).count() == 2

    def test_verify_and_approve_pages(self, client: Client, make_staff: Any, sign_in: Any) -> None:
        """A line manager verifies and health and safety approve through the marker pages."""
        marker = factories.person_marker()
        sign_in(make_staff(Role.LINE_MANAGER))
        page = text(client.get(reverse("alerts:marker", args=[marker.reference])))
        assert "Verify the marker" in page
        verified = client.post(reverse("alerts:verify", args=[marker.reference]))
        assert verified.status_code == 302, text(verified)[-3000:]
        sign_in(make_staff(Role.HEALTH_AND_SAFETY_OFFICER))
        client.post(reverse("alerts:approve", args=[marker.reference]))
        marker.refresh_from_db()
        assert marker.status == Marker.Status.LIVE

    def test_premises_marker_from_an_address(
        self, client: Client, make_staff: Any, sign_in: Any
    ) -> None:
        """A hazard is recorded against an address and shows on the premises page."""
        factories.in_force()
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        response = client.post(
            reverse("alerts:raise_for_premises"),
            {
                "line_1": "3 Canal Street",
                "postcode": "NN2 6AB",
                "identified_risk": "Needles in the hallway",
                "category": "dangerous-animals",
                "handling": "Wear gloves",
            },
        )
        marker = Marker.objects.get()
        assert response["Location"] == reverse("alerts:marker", args=[marker.reference])
        assert marker.premises is not None
        page = text(client.get(reverse("alerts:premises", args=[marker.premises.reference])))
        assert marker.reference in page

    def test_register_filters(self, client: Client, make_staff: Any, sign_in: Any) -> None:
        """Filtering by status shows only those markers."""
        live = factories.live_person_marker()
        waiting = factories.person_marker(factories.customer(family_name="Other"))
        sign_in(make_staff(Role.LINE_MANAGER))
        page = text(client.get(reverse("alerts:register"), {"status": "provisional"}))
        assert waiting.reference in page
        assert live.reference not in page


@pytest.mark.parametrize("name", ["telling", "review", "withdraw"])
def test_forms_render(name: str, client: Client, make_staff: Any, sign_in: Any) -> None:
    """The telling, review and withdrawal pages render for a manager."""
    marker = factories.live_person_marker()
    sign_in(make_staff(Role.LINE_MANAGER))
    assert client.get(reverse(f"alerts:{name}", args=[marker.reference])).status_code == 200


def test_withdraw_page(client: Client, make_staff: Any, sign_in: Any) -> None:
    """Withdrawing through the page ends the marker with the reason given."""
    marker = factories.live_person_marker()
    sign_in(make_staff(Role.LINE_MANAGER))
    client.post(reverse("alerts:withdraw", args=[marker.reference]), {"reason": "Wrong person"})
    marker.refresh_from_db()
    assert marker.status == Marker.Status.WITHDRAWN


def test_timeline_shows_approved_markers_only(
    client: Client, make_staff: Any, sign_in: Any
) -> None:
    """The customer's timeline has the marker once approved, never while provisional, never the detail."""
    waiting = factories.person_marker()
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    url = reverse("customers:detail", args=[factories.reference_of(waiting)])
    assert f"Warning marker {waiting.reference}" not in text(client.get(url))
    factories.make_live(waiting)
    page = text(client.get(url))
    assert f"Warning marker {waiting.reference}" in page
    assert factories.SECRET not in page


def test_frontline_sees_only_approved_markers_or_their_own(
    client: Client, make_staff: Any, sign_in: Any
) -> None:
    """A provisional marker may be wrong: other frontline staff neither list it nor open it."""
    waiting = factories.person_marker()
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    assert waiting.reference not in text(client.get(reverse("alerts:register")))
    assert client.get(reverse("alerts:marker", args=[waiting.reference])).status_code == 403
    assert waiting.created_by is not None
    sign_in(waiting.created_by)
    assert waiting.reference in text(client.get(reverse("alerts:register")))


def test_no_incident_no_marker(client: Client, make_staff: Any, sign_in: Any) -> None:
    """Raising a marker on someone with no incident says to log the incident first (I1)."""
    factories.in_force()
    who = factories.customer()
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    response = client.get(reverse("alerts:raise_for_customer", args=[who.reference]))
    assert response.status_code == 409
    assert "Log it first" in text(response)


def test_start_pages_show_markers_waiting(client: Client, make_staff: Any, sign_in: Any) -> None:
    """A line manager sees markers to verify; health and safety see markers to approve."""
    factories.person_marker()
    sign_in(make_staff(Role.LINE_MANAGER))
    assert "1 marker is waiting for you to verify." in text(client.get(reverse("core:start")))
    verified = factories.person_marker(factories.customer(family_name="Second"))
    services.verify_marker(verified, by=make_staff(Role.LINE_MANAGER))
    sign_in(make_staff(Role.HEALTH_AND_SAFETY_OFFICER))
    assert "1 marker is waiting for you to approve." in text(client.get(reverse("core:start")))


def test_incident_page_offers_a_marker_resting_on_it(
    client: Client, make_staff: Any, sign_in: Any
) -> None:
    """The incident page links to raising a marker with this incident already chosen."""
    existing = factories.person_marker()
    incident = existing.incidents.get()
    sign_in(incident.created_by)
    page = text(client.get(reverse("incidents:detail", args=[incident.reference])))
    raise_url = reverse("alerts:raise_for_customer", args=[factories.reference_of(existing)])
    assert f"{raise_url}?incident={incident.reference}" in page


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("line_1", "x" * 201, "Address line 1 must be 200 characters or fewer"),
        ("town", "x" * 101, "Town or city (optional) must be 100 characters or fewer"),
        ("handling", "Wear\x00 gloves", "must not include control characters"),
    ],
)
def test_a_premises_marker_refuses_text_too_long_to_store(
    client: Client, make_staff: Any, sign_in: Any, field: str, typed: str, message: str
) -> None:
    """An address line longer than its column is an error on the form, never a 500."""
    factories.in_force()
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    answers = {
        "line_1": "3 Canal Street",
        "postcode": "NN2 6AB",
        "identified_risk": "Needles in the hallway",
        "category": "dangerous-animals",
        "handling": "Wear gloves",
    }
    response = client.post(reverse("alerts:raise_for_premises"), {**answers, field: typed})
    assert response.status_code == 200
    assert message in response.content.decode()
