"""The visit pages: plan in two steps, one tap each on a phone, resolve, and the visits today."""

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.tests import factories as alert_factories
from conduct.visits import services, tasks
from conduct.visits.models import Visit
from conduct.visits.tests import factories
from conduct.visits.tests.factories import STARTS, at

pytestmark = pytest.mark.django_db


def form(colleague: Any, **changes: Any) -> dict[str, Any]:
    return {
        "line_1": "14 Mill Lane",
        "postcode": "NN1 1AA",
        "starts_on_day": STARTS.day,
        "starts_on_month": STARTS.month,
        "starts_on_year": STARTS.year,
        "starts_time": "10:00",
        "expected_minutes": "60",
        "check_in_every": "30",
        "check_in_with": str(colleague.pk),
        **changes,
    }


def text(response: Any) -> str:
    return response.content.decode()


class TestPlanning:
    def test_check_then_confirm(self, client: Client, sign_in: Any) -> None:
        """The first step checks the address and shows the handling; the second plans the visit."""
        person = factories.tenant()
        marker = factories.do_not_visit_alone(person)
        officer, second = sign_in(factories.officer()), factories.officer()
        colleague = staff_member(Role.LINE_MANAGER)
        url = reverse("visits:plan")
        shown = text(client.post(url, form(colleague)))
        assert "A second officer must go on this visit" in shown
        assert marker.handling in shown and alert_factories.SECRET not in shown
        assert Visit.objects.count() == 0
        alone = text(client.post(url, form(colleague, stage="confirm", handling_read="on")))
        assert "Choose a second officer: this visit must not be made alone" in alone
        done = client.post(
            url, form(colleague, stage="confirm", handling_read="on", second_officer=second.pk)
        )
        visit = Visit.objects.get()
        assert done["Location"] == reverse("visits:visit", args=[visit.reference])
        assert visit.officer == officer and visit.second_officer == second

    def test_errors_keep_answers(self, client: Client, sign_in: Any) -> None:
        """A missing time is an error and the address typed is kept."""
        sign_in(factories.officer())
        page = text(
            client.post(
                reverse("visits:plan"), form(staff_member(Role.LINE_MANAGER), starts_time="")
            )
        )
        assert "Enter the time you will arrive" in page and "14 Mill Lane" in page

    def test_auditor_cannot_plan(self, client: Client, sign_in: Any) -> None:
        """Only staff who visit customers plan visits."""
        sign_in(staff_member(Role.AUDITOR))
        assert client.get(reverse("visits:plan")).status_code == 403


class TestTaps:
    def test_arrive_safe_leave(self, client: Client, sign_in: Any) -> None:
        """Each is one POST from the visit page, and the visit ends finished."""
        visit = factories.visit()
        sign_in(visit.officer)
        page = text(client.get(reverse("visits:visit", args=[visit.reference])))
        assert "I have arrived" in page and "I am safe" not in page
        for name in ("arrived", "safe", "left"):
            response = client.post(reverse(f"visits:{name}", args=[visit.reference]))
            assert response.status_code == 302
        visit.refresh_from_db()
        assert visit.status == Visit.Status.FINISHED

    def test_check_in_after_leaving_refused(self, client: Client, sign_in: Any) -> None:
        """After "I have left", "I am safe" is refused with the reason."""
        visit = factories.arrived(factories.visit(), at(10))
        services.record_leaving(visit, by=visit.officer)
        sign_in(visit.officer)
        response = client.post(reverse("visits:safe", args=[visit.reference]))
        assert response.status_code == 409
        assert "The visit ended at" in text(response)

    def test_others_cannot_tap(self, client: Client, sign_in: Any) -> None:
        """Another officer cannot record arriving for someone else's visit."""
        visit = factories.visit()
        sign_in(factories.officer())
        assert client.post(reverse("visits:arrived", args=[visit.reference])).status_code == 403

    def test_frontline_view_has_no_restricted_detail(self, client: Client, sign_in: Any) -> None:
        """The frontline officer's visit page asks for the high marker's acknowledgement, then
        shows its handling in the bar and the check, never its restricted detail."""
        person = factories.tenant()
        factories.do_not_visit_alone(person)
        visit = factories.visit(
            customer=person, handling_read=True, second_officer=factories.officer()
        )
        sign_in(visit.officer)
        url = reverse("visits:visit", args=[visit.reference])
        asked = client.get(url)
        assert asked["Location"].startswith(reverse("alerts:acknowledge", args=[person.reference]))
        client.post(asked["Location"])
        page = text(client.get(url))
        assert "Do not visit alone" in page and alert_factories.HANDLING in page
        assert alert_factories.SECRET not in page


class TestManagers:
    def test_visits_today_and_resolve(
        self, client: Client, sign_in: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        """A missed check-in shows as missed on the manager's page; resolving it records how."""
        with time_machine.travel(at(9), tick=False):
            visit = factories.arrived(factories.visit(starts_at=at(9, 30)), at(9, 30))
        manager = staff_member(Role.LINE_MANAGER)
        with time_machine.travel(at(10, 20), tick=False):
            sign_in(manager)
            with django_capture_on_commit_callbacks(execute=True):
                assert tasks.escalate_missed_check_ins.call() == 1
            page = text(client.get(reverse("visits:today")))
            assert visit.reference in page and "Check-in missed" in page
            response = client.post(
                reverse("visits:resolve", args=[visit.reference]),
                {"how": "phoned", "note": "Spoke at 10:18"},
            )
        assert response.status_code == 302
        row = visit.check_ins.get(kind="check-in")
        assert row.resolved_by == manager and row.resolution_note == "Spoke at 10:18"

    def test_frontline_cannot_see_today(self, client: Client, sign_in: Any) -> None:
        """The visits today page is for managers and health and safety."""
        sign_in(factories.officer())
        assert client.get(reverse("visits:today")).status_code == 403
