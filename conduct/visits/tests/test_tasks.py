"""A missed check-in escalates once to the colleague and managers, once more to health and safety,
and never again for the same check-in; resolving records who confirmed the officer is safe (I8)."""

from typing import Any

import pytest
import time_machine
from django.core import mail

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.visits import services, tasks
from conduct.visits.models import CheckIn, Visit
from conduct.visits.tests import factories
from conduct.visits.tests.factories import at

pytestmark = pytest.mark.django_db


def run(when: Any, capture: Any) -> int:
    """The scheduled job at a moment, with emails sent as after commit."""
    with time_machine.travel(when, tick=False), capture(execute=True):
        return tasks.escalate_missed_check_ins.call()


def count(verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


@pytest.fixture
def visit() -> Visit:
    """Arrived at 10:00 with a line manager as the officer's own; first check-in due 10:30."""
    officer = factories.officer()
    manager = staff_member(Role.LINE_MANAGER)
    officer.line_manager = manager
    officer.save()
    colleague = staff_member(Role.FRONTLINE_OFFICER)
    staff_member(Role.HEALTH_AND_SAFETY_OFFICER)
    return factories.arrived(factories.visit(by=officer, check_in_with=colleague), at(10))


class TestEscalation:
    def test_once_twice_never_again(
        self, visit: Visit, django_capture_on_commit_callbacks: Any
    ) -> None:
        """Missed at 10:30: at 10:45 the colleague and manager are told; at 11:00 health and
        safety; after that the job does nothing more for that check-in."""
        assert run(at(10, 44), django_capture_on_commit_callbacks) == 0
        assert run(at(10, 45), django_capture_on_commit_callbacks) == 1
        visit.refresh_from_db()
        assert visit.status == Visit.Status.CHECK_IN_MISSED
        first = mail.outbox[0]
        assert visit.reference in first.subject
        assert visit.check_in_with.email in first.to
        assert visit.officer.line_manager is not None
        assert visit.officer.line_manager.email in first.to
        assert run(at(10, 50), django_capture_on_commit_callbacks) == 0
        assert run(at(11, 0), django_capture_on_commit_callbacks) == 1
        second = mail.outbox[1]
        assert second.subject.startswith("Still missed")
        for minute in (5, 30, 59):
            assert run(at(11, minute), django_capture_on_commit_callbacks) == 0
        assert count("visits.check_in_missed") == 1
        assert count("visits.check_in_escalated_again") == 1
        row = visit.check_ins.get(kind=CheckIn.Kind.CHECK_IN)
        assert row.escalated_at == at(10, 45) and row.escalated_again_at == at(11)

    def test_leaving_not_said_escalates(
        self, visit: Visit, django_capture_on_commit_callbacks: Any
    ) -> None:
        """Not saying "I have left" by the end (11:00) is missed too, at 11:15."""
        with time_machine.travel(at(10, 30), tick=False):
            services.check_in(visit, by=visit.officer)
        assert run(at(11, 14), django_capture_on_commit_callbacks) == 0
        assert run(at(11, 15), django_capture_on_commit_callbacks) == 1
        assert "did not say they had left" in mail.outbox[0].body

    def test_on_time_check_in_never_escalates(
        self, visit: Visit, django_capture_on_commit_callbacks: Any
    ) -> None:
        """Checked in at 10:40 (within the grace period) and left at 10:55: nothing is missed."""
        with time_machine.travel(at(10, 40), tick=False):
            services.check_in(visit, by=visit.officer)
        with time_machine.travel(at(10, 55), tick=False):
            services.record_leaving(visit, by=visit.officer)
        assert run(at(12), django_capture_on_commit_callbacks) == 0
        assert mail.outbox == []

    def test_late_check_in_stops_the_second(
        self, visit: Visit, django_capture_on_commit_callbacks: Any
    ) -> None:
        """An officer who checks in after the first escalation is not escalated again."""
        assert run(at(10, 45), django_capture_on_commit_callbacks) == 1
        with time_machine.travel(at(10, 50), tick=False):
            services.check_in(visit, by=visit.officer)
        assert run(at(11, 0), django_capture_on_commit_callbacks) == 0
        visit.refresh_from_db()
        assert visit.status == Visit.Status.CHECK_IN_MISSED  # until someone confirms how

    def test_cancelled_visits_are_not_escalated(
        self, django_capture_on_commit_callbacks: Any
    ) -> None:
        """A cancelled visit's end is never missed."""
        planned = factories.visit()
        services.cancel_visit(planned, by=planned.officer, reason="Rearranged")
        assert run(at(12), django_capture_on_commit_callbacks) == 0


class TestResolution:
    def test_who_and_how(self, visit: Visit, django_capture_on_commit_callbacks: Any) -> None:
        """The colleague records they phoned the officer; the visit is in progress again and the
        second escalation never comes."""
        run(at(10, 45), django_capture_on_commit_callbacks)
        with time_machine.travel(at(10, 50), tick=False):
            services.resolve_missed_check_in(
                visit, by=visit.check_in_with, how="phoned", note="Phone was on silent"
            )
        visit.refresh_from_db()
        assert visit.status == Visit.Status.IN_PROGRESS
        row = visit.check_ins.get(kind=CheckIn.Kind.CHECK_IN)
        assert (row.resolved_by, row.resolution, row.resolved_at) == (
            visit.check_in_with,
            "phoned",
            at(10, 50),
        )
        assert run(at(11, 0), django_capture_on_commit_callbacks) == 0
        assert count("visits.missed_check_in_resolved") == 1

    def test_how_is_needed(self, visit: Visit, django_capture_on_commit_callbacks: Any) -> None:
        """Another way must be said in words."""
        run(at(10, 45), django_capture_on_commit_callbacks)
        with pytest.raises(Refusal) as error:
            services.resolve_missed_check_in(visit, by=visit.check_in_with, how="other")
        assert (error.value.field, error.value.message) == (
            "note",
            "Enter how you know the officer is safe",
        )

    def test_only_watchers_resolve(
        self, visit: Visit, django_capture_on_commit_callbacks: Any
    ) -> None:
        """Another frontline officer cannot mark the officer safe; nothing missed, nothing to resolve."""
        with pytest.raises(Refusal, match="No check-in is missed"):
            services.resolve_missed_check_in(visit, by=visit.check_in_with, how="phoned")
        run(at(10, 45), django_capture_on_commit_callbacks)
        with pytest.raises(Refusal, match="Only the colleague"):
            services.resolve_missed_check_in(visit, by=factories.officer(), how="phoned")

    def test_a_later_miss_escalates_anew(
        self, visit: Visit, django_capture_on_commit_callbacks: Any
    ) -> None:
        """Once someone has confirmed the officer is safe, a later miss on the visit escalates."""
        run(at(10, 45), django_capture_on_commit_callbacks)
        with time_machine.travel(at(10, 50), tick=False):
            services.resolve_missed_check_in(visit, by=visit.check_in_with, how="in-person")
        assert run(at(11, 14), django_capture_on_commit_callbacks) == 0
        assert run(at(11, 15), django_capture_on_commit_callbacks) == 1
        assert count("visits.check_in_missed") == 2
