"""Planning a home visit on a pre-visit check, then arriving, checking in and leaving (I8)."""

from typing import Any

import pytest
import time_machine

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.tests import factories as alert_factories
from conduct.contacts.tests import factories as contact_factories
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.screening.models import ScreeningLog
from conduct.visits import services
from conduct.visits.models import CheckIn, Visit
from conduct.visits.tests import factories
from conduct.visits.tests.factories import at

pytestmark = pytest.mark.django_db


def verbs(visit: Visit) -> list[str]:
    events = AuditEvent.objects.filter(target_id=str(visit.pk), verb__startswith="visits.")
    return list(events.order_by("sequence").values_list("verb", flat=True))


def errors(error: pytest.ExceptionInfo[Refusal]) -> dict[str, list[str]]:
    return {str(error.value.field): [error.value.message]}


class TestPlanning:
    def test_plan_keeps_the_check(self) -> None:
        """Planning runs and logs the pre-visit check, keeps it, and agrees the expected end."""
        visit = factories.visit()
        assert visit.status == Visit.Status.PLANNED
        assert visit.reference.startswith("VS-")
        log = ScreeningLog.objects.get(pk=visit.pre_visit_check["screening"])
        assert log.purpose == ScreeningLog.Purpose.VISIT
        leaving = visit.check_ins.get()
        assert leaving.kind == CheckIn.Kind.LEAVING and leaving.due_at == at(11)
        assert verbs(visit) == ["visits.visit_planned"]

    def test_hazards_must_be_read(self) -> None:
        """A hazard at the address must be confirmed as read before the visit is planned."""
        alert_factories.make_live(alert_factories.premises_marker(severity="warning"))
        with pytest.raises(Refusal) as error:
            factories.visit()
        assert errors(error)["handling_read"] == ["Confirm you have read the handling instructions"]
        visit = factories.visit(handling_read=True)
        assert visit.handling_confirmed_at is not None
        assert visit.pre_visit_check["premises"][0]["category"] == "Dangerous animals"

    def test_second_officer_required_for_do_not_visit_alone(self) -> None:
        """A live do-not-visit-alone marker on someone living there refuses a lone visit."""
        person = factories.tenant()
        marker = factories.do_not_visit_alone(person)
        with pytest.raises(Refusal) as error:
            factories.visit(handling_read=True)
        message = errors(error)["second_officer"][0]
        assert message.startswith("Choose a second officer: this visit must not be made alone")
        assert marker.reference in message
        visit = factories.visit(handling_read=True, second_officer=factories.officer())
        assert visit.needs_second_officer and visit.second_officer is not None

    def test_second_officer_required_for_a_high_marker(self) -> None:
        """So does any high marker on the customer visited, wherever they are met."""
        person = alert_factories.customer()
        alert_factories.live_person_marker(person, category="threats")
        with pytest.raises(Refusal, match="second officer"):
            factories.visit(customer=person, handling_read=True)

    def test_restricted_access_shown(self) -> None:
        """A live restriction on access for someone living there is kept with the visit's check."""
        person = factories.tenant()
        contact_factories.restrict(
            person,
            "building-access",
            buildings="All council buildings",
            access="Only when accompanied",
        )
        visit = factories.visit(handling_read=True)
        [line] = visit.pre_visit_check["visit_restrictions"]
        assert line.startswith(f"{person.full_name}: Restricted access to council buildings. ")
        assert "Access allowed: Only when accompanied" in line  # terms in the database's order
        assert "Buildings: All council buildings" in line

    def test_customer_address_used_when_none_given(self) -> None:
        """A customer with a current address is visited there unless another is given."""
        person = factories.tenant()
        visit = factories.visit(customer=person, line_1="", postcode="")
        assert (visit.line_1, visit.postcode) == ("14 Mill Lane", "NN1 1AA")

    def test_address_needed(self) -> None:
        """Without an address, or a customer with one, there is nowhere to check."""
        with pytest.raises(Refusal) as error:
            factories.visit(line_1="", postcode="")
        assert "Enter the address of the visit" in errors(error)["line_1"][0]

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"check_in_every": None}, "check_in_times",
             "Enter the check-in times, or how often you will check in"),
            ({"check_in_every": None, "check_in_times": (at(12),)}, "check_in_times",
             "Each check-in must be during the visit, between 10:00 and 11:00"),
            ({"expected_minutes": 2}, "expected_minutes", "Enter a length between 5 and 720 minutes"),
            ({"check_in_every": 1}, "check_in_every", "Enter a number of minutes between 5 and 240"),
        ],
    )  # fmt: skip
    def test_check_ins_agreed(self, changes: dict[str, Any], field: str, message: str) -> None:
        """Check-ins must be agreed, during the visit, at a sensible interval."""
        with pytest.raises(Refusal) as error:
            factories.visit(None, **changes)
        assert errors(error)[field] == [message]

    def test_not_in_the_past(self) -> None:
        """A visit is planned before it starts."""
        with time_machine.travel(at(11), tick=False), pytest.raises(Refusal) as error:
            factories.visit()
        assert errors(error)["starts_at"] == ["The visit must start now or later"]

    def test_people_on_the_visit(self) -> None:
        """The second officer is someone else; the check-in colleague is not on the visit."""
        officer, second = factories.officer(), factories.officer()
        with pytest.raises(Refusal, match="other than yourself"):
            factories.visit(by=officer, second_officer=officer)
        with pytest.raises(Refusal, match="not on the visit"):
            factories.visit(by=officer, second_officer=second, check_in_with=second)

    def test_only_visiting_staff_plan(self) -> None:
        """An auditor does not visit customers."""
        with pytest.raises(Refusal, match="Only staff who visit"):
            factories.visit(by=staff_member(Role.AUDITOR))

    def test_agreed_times_kept(self) -> None:
        """Agreed times become check-ins due then."""
        visit = factories.visit(check_in_every=None, check_in_times=(at(10, 20), at(10, 40)))
        due = [c.due_at for c in visit.check_ins.filter(kind=CheckIn.Kind.CHECK_IN)]
        assert due == [at(10, 20), at(10, 40)]


class TestDuringTheVisit:
    def test_arrival_counts_check_ins_from_now(self) -> None:
        """Arriving at 10:05 puts check-ins every 30 minutes from then, and the end at 11:05."""
        visit = factories.arrived(factories.visit(), at(10, 5))
        assert visit.status == Visit.Status.IN_PROGRESS
        due = [(c.kind, c.due_at) for c in visit.check_ins.all()]
        assert due == [("check-in", at(10, 35)), ("leaving", at(11, 5))]

    def test_check_in_marks_what_is_due(self) -> None:
        """I am safe at 10:30 does the 10:35 check-in (within the grace period), not the end."""
        visit = factories.arrived(factories.visit(), at(10, 5))
        with time_machine.travel(at(10, 30), tick=False):
            services.check_in(visit, by=visit.officer)
        done = {c.kind: c.done_at for c in visit.check_ins.all()}
        assert done == {"check-in": at(10, 30), "leaving": None}
        assert verbs(visit) == ["visits.visit_planned", "visits.arrived", "visits.checked_in"]

    def test_second_officer_may_check_in(self) -> None:
        """Either officer on the visit may tap; nobody else may."""
        second = factories.officer()
        visit = factories.arrived(factories.visit(second_officer=second), at(10), by=second)
        with pytest.raises(Refusal, match="Only the officers on the visit"):
            services.check_in(visit, by=staff_member(Role.LINE_MANAGER))

    def test_check_in_before_arriving_refused(self) -> None:
        """A check-in needs an arrival first."""
        visit = factories.visit()
        with pytest.raises(Refusal, match="arrived first"):
            services.check_in(visit, by=visit.officer)

    def test_leaving_finishes(self) -> None:
        """I have left finishes the visit; nothing more is due."""
        visit = factories.arrived(factories.visit(), at(10))
        with time_machine.travel(at(10, 50), tick=False):
            visit = services.record_leaving(visit, by=visit.officer)
        assert visit.status == Visit.Status.FINISHED
        assert not visit.check_ins.filter(done_at__isnull=True).exists()

    def test_check_in_after_the_visit_ended_refused(self) -> None:
        """Once the officer has left, a check-in (or arriving again) is refused."""
        visit = factories.arrived(factories.visit(), at(10))
        with time_machine.travel(at(10, 50), tick=False):
            services.record_leaving(visit, by=visit.officer)
        with time_machine.travel(at(11), tick=False):
            with pytest.raises(Refusal, match="The visit ended at 10:50"):
                services.check_in(visit, by=visit.officer)
            with pytest.raises(Refusal, match="The visit ended"):
                services.record_arrival(visit, by=visit.officer)

    def test_arriving_twice_refused(self) -> None:
        """Arriving is recorded once."""
        visit = factories.arrived(factories.visit(), at(10))
        with pytest.raises(Refusal, match="Arriving was recorded at 10:00"):
            factories.arrived(visit, at(10, 1))

    def test_cancel(self) -> None:
        """A visit nobody has arrived at can be cancelled with a reason, then not checked in."""
        visit = factories.visit()
        with pytest.raises(Refusal):
            services.cancel_visit(visit, by=visit.officer, reason=" ")
        services.cancel_visit(visit, by=visit.officer, reason="Customer not at home")
        with pytest.raises(Refusal, match="cancelled"):
            services.record_arrival(visit, by=visit.officer)
