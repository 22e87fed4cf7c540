"""The cases list and a case page show what was escalated; reading a case is recorded."""

import pytest
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.cases.tests import factories
from conduct.core.models import AuditEvent
from conduct.incidents import informal

pytestmark = pytest.mark.django_db


def test_the_list_shows_each_case_with_its_incident_count(client, make_staff, sign_in):
    """Reference, customer, how many incidents, who opened it and when, and the status."""
    manager = make_staff(Role.LINE_MANAGER)
    case = factories.case(manager)
    informal.escalate_to_case(
        factories.incident(manager, about=case.customer), reason="Again", case=case, by=manager
    )
    sign_in(make_staff(Role.CASE_OFFICER))
    body = client.get(reverse("cases:list")).content.decode()
    row = next(r for r in body.split("<tr") if case.reference in r)
    for text in (case.customer.full_name, ">2<", manager.full_name, "Open"):
        assert text in row.replace("\n", "").replace(" </", "</").replace("> ", ">")


def test_an_empty_list_says_so(client, make_staff, sign_in):
    """With no cases yet the page says so."""
    sign_in(make_staff(Role.DECISION_MAKER))
    assert "There are no cases yet" in client.get(reverse("cases:list")).content.decode()


def test_a_case_page_lists_its_incidents_and_why_each_was_escalated(client, make_staff, sign_in):
    """The case's reason and each incident's own escalation note show, and the read is audited."""
    manager = make_staff(Role.LINE_MANAGER)
    first = factories.incident(manager)
    case = informal.escalate_to_case(first, reason="Threats to staff", by=manager)
    second = factories.incident(manager, about=first.customer)
    informal.escalate_to_case(second, reason="Carried on after warning", case=case, by=manager)
    reader = sign_in(make_staff(Role.DECISION_MAKER))
    body = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    for text in (first.reference, second.reference, "Threats to staff", "Carried on after warning"):
        assert text in body
    assert AuditEvent.objects.filter(verb="cases.case_viewed", actor=reader).count() == 1


def test_an_unknown_case_is_not_found(client, make_staff, sign_in):
    """A reference that does not exist gets the GOV.UK not found page."""
    sign_in(make_staff(Role.CASE_OFFICER))
    assert client.get(reverse("cases:detail", args=["CASE-999999"])).status_code == 404
