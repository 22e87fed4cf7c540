"""The demo incidents: a living queue for `make run`, loaded once however often it runs."""

import pytest

from conduct.accounts import demo as accounts_demo
from conduct.accounts.demo import demo_email
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.cases.models import Case
from conduct.core.models import AuditEvent
from conduct.customers import demo as customers_demo
from conduct.incidents import demo
from conduct.incidents.models import Incident, IncidentAction, InformalWarning
from conduct.incidents.queries import team_incidents
from conduct.policy import demo as policy_demo

pytestmark = pytest.mark.django_db
Status = Incident.Status


@pytest.fixture
def loaded():
    accounts_demo.load()
    policy_demo.load()
    customers_demo.load()
    return demo.load()


def test_the_demo_tells_the_story_of_the_informal_stage(loaded):
    """Thirty incidents with warnings, one of each other outcome, and new ones in the queue."""
    assert len(loaded) == len(demo.INCIDENTS) == 30
    statuses = list(Incident.objects.values_list("status", flat=True))
    assert statuses.count(Status.NO_FURTHER_ACTION) == 2
    assert statuses.count(Status.MORE_DETAIL_REQUESTED) == 1
    assert statuses.count(Status.ESCALATED) == 1
    assert statuses.count(Status.INFORMAL_WARNING) == InformalWarning.objects.count() >= 10
    assert Case.objects.count() == 1
    manager = User.objects.get(email=demo_email(Role.LINE_MANAGER))
    officer = User.objects.get(email=demo_email(Role.FRONTLINE_OFFICER))
    assert officer.line_manager == manager
    assert team_incidents(manager).count() == statuses.count(Status.NEW) + 1


def test_loading_again_adds_nothing(loaded):
    """A second run logs no incident, takes no action and writes no audit event."""
    counts = (Incident.objects.count(), IncidentAction.objects.count(), AuditEvent.objects.count())
    assert demo.load() == []
    assert counts == (
        Incident.objects.count(),
        IncidentAction.objects.count(),
        AuditEvent.objects.count(),
    )


def test_without_customers_or_a_pack_nothing_is_loaded():
    """The loader waits for the data it builds on rather than failing."""
    assert demo.load() == []
    assert not Incident.objects.exists()


def test_the_demo_records_who_was_affected_and_the_threats_of_violence(loaded):
    """Threats of violence where the story has them; a councillor and other customers too."""
    threatened = Incident.objects.filter(physical_violence="threatened")
    assert threatened.count() == 5 and all(i.abuse_or_harassment for i in threatened)
    affected = [kind for i in Incident.objects.all() for kind in i.affected]
    assert affected.count("staff-member") == 30
    assert "elected-member" in affected and "another-customer" in affected
