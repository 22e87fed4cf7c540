"""The demo cases: one at every stage of the decision workflow, loaded once however often it runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conduct.accounts import demo as accounts_demo
from conduct.cases import demo
from conduct.cases.models import (
    Appeal,
    Case,
    FormalWarning,
    OmbudsmanReferral,
    Restriction,
    Review,
)
from conduct.core.models import AuditEvent
from conduct.customers import demo as customers_demo
from conduct.incidents import demo as incidents_demo
from conduct.incidents.models import Incident
from conduct.policy import demo as policy_demo

pytestmark = pytest.mark.django_db
Status = Case.Status


@pytest.fixture
def loaded():
    accounts_demo.load()
    policy_demo.load()
    customers_demo.load()
    incidents_demo.load()
    return demo.load()


def demo_cases():
    return Case.objects.filter(reason=demo.ESCALATION_REASON)


def test_the_demo_has_a_case_at_every_stage(loaded):
    """Open, investigating, ready, decided with a warning or a restriction, appealed and closed."""
    assert len(loaded) == len(demo.stages(timezone.localdate())) == 9
    statuses = list(demo_cases().values_list("status", flat=True))
    assert statuses.count(Status.OPEN) == 1
    assert statuses.count(Status.INVESTIGATING) == 1
    assert statuses.count(Status.READY_FOR_DECISION) == 1
    assert statuses.count(Status.DECIDED) == 5
    assert statuses.count(Status.CLOSED) == 1
    assert FormalWarning.objects.filter(status=FormalWarning.Status.ACTIVE).count() == 1
    assert Appeal.objects.filter(decided_at__isnull=True).count() == 1
    lifted = Restriction.objects.get(status=Restriction.Status.LIFTED)
    assert lifted.case.status == Status.CLOSED


def test_the_demo_has_a_review_due_next_week_and_one_overdue(loaded):
    """One open review falls due within the week, another is already overdue."""
    today = timezone.localdate()
    waiting = Review.objects.filter(
        completed_at__isnull=True, restriction__status=Restriction.Status.ACTIVE
    )
    assert waiting.filter(due_on__gt=today, due_on__lte=today + timedelta(days=8)).exists()
    assert waiting.filter(due_on__lt=today).count() == 1
    assert not Restriction.objects.filter(status="active", review_on__isnull=True).exists()


def test_the_demo_has_an_immediate_restriction_awaiting_ratification(loaded):
    """The health and safety officer restricted at once; the panel has yet to ratify it."""
    waiting = Restriction.objects.get(decision__immediate=True)
    assert waiting.status == Restriction.Status.ACTIVE
    assert waiting.ratify_by is not None and waiting.ratify_by >= timezone.localdate()
    assert not hasattr(waiting.decision, "ratified_by")


def test_the_demo_has_a_referral_to_the_ombudsman_with_an_enquiry(loaded):
    """The closed case went to the Ombudsman the pack signposts, which asked for the file."""
    referral = OmbudsmanReferral.objects.get()
    assert referral.case.status == Status.CLOSED and referral.outcome == ""
    assert referral.ombudsman == referral.case.policy_pack.file.ombudsman.signpost[0]
    assert referral.enquiries.get().responded_on is None


def test_loading_again_adds_nothing(loaded):
    """A second run opens no case, logs no incident and writes no audit event."""
    counts = (Case.objects.count(), Incident.objects.count(), AuditEvent.objects.count())
    assert demo.load() == []
    assert counts == (Case.objects.count(), Incident.objects.count(), AuditEvent.objects.count())


def test_nothing_is_loaded_without_the_demo_staff():
    """Without the demo staff and customers there is nothing to build the cases from."""
    assert demo.load() == []
    assert not Case.objects.exists()
