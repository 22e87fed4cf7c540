"""A formal warning's monitoring period ends: the warning ends with it, and the case can close."""

import pytest
import time_machine

from conduct.accounts.roles import Role
from conduct.cases import decisions, tasks
from conduct.cases.decisions import FormalWarningTerms
from conduct.cases.models import Case, FormalWarning
from conduct.cases.tests import factories
from conduct.cases.tests.factories import RECORDS
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def warning(make_staff) -> FormalWarning:
    """A formal warning decided on 2 March 2026: the model pack monitors until 2 June 2026."""
    with time_machine.travel("2026-03-02 10:00 +0000", tick=False):
        manager, officer = make_staff(Role.LINE_MANAGER), make_staff(Role.CASE_OFFICER)
        case = factories.investigated(factories.warned_case(manager), officer)
        members = factories.panel()
        terms = FormalWarningTerms(
            behaviour="Shouting at staff", single_point_of_contact=members[0]
        )
        answers = {**RECORDS, "outcome": "formal-warning", "formal_warning": terms}
        decision = decisions.record_decision(case, by=members[0], members=members, **answers)
    return decision.formal_warning


def close(warning: FormalWarning, make_staff) -> Case:
    officer = make_staff(Role.CASE_OFFICER)
    return decisions.close_case(warning.case, by=officer, reason="The warning has run its course")


def test_a_case_cannot_close_while_its_warning_is_monitored(warning, make_staff):
    still_monitored = time_machine.travel("2026-06-02 10:00 +0100", tick=False)
    with still_monitored, pytest.raises(Refusal, match="still has a live restriction, warning"):
        close(warning, make_staff)


def test_the_day_after_monitoring_ends_the_job_ends_the_warning_and_audits_it(warning):
    with time_machine.travel("2026-06-02 23:00 +0100", tick=False):
        assert tasks.end_monitored_warnings.call() == 0
    with time_machine.travel("2026-06-03 02:00 +0100", tick=False):
        assert tasks.end_monitored_warnings.call() == 1
        assert tasks.end_monitored_warnings.call() == 0  # safe to run again
    warning.refresh_from_db()
    assert warning.status == FormalWarning.Status.ENDED
    event = AuditEvent.objects.get(verb="cases.formal_warning_ended")
    assert event.actor is None
    assert event.payload == {"reference": warning.case.reference, "monitoring_until": "2026-06-02"}


def test_once_monitoring_has_ended_the_case_can_close_even_before_the_job_runs(warning, make_staff):
    with time_machine.travel("2026-06-03 09:00 +0100", tick=False):
        case = close(warning, make_staff)
    assert case.status == Case.Status.CLOSED


def test_a_quashed_warning_is_not_ended_again(warning):
    FormalWarning.objects.filter(pk=warning.pk).update(status=FormalWarning.Status.QUASHED)
    with time_machine.travel("2026-07-01 09:00 +0100", tick=False):
        assert tasks.end_monitored_warnings.call() == 0
    warning.refresh_from_db()
    assert warning.status == FormalWarning.Status.QUASHED
