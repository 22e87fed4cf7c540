"""A case file holding everything a decision pack shows, made through the services staff use.

Tests travel to NOW first (`at_now`), so the weeks of contact frequency fall on known dates.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases import decisions
from conduct.cases.models import Case
from conduct.cases.services import add_incident_to_case
from conduct.cases.tests.factories import INVESTIGATION, council_service
from conduct.contacts.services import log_contact
from conduct.customers import services as customers
from conduct.customers.models import Customer
from conduct.incidents import informal
from conduct.incidents.models import Incident
from conduct.incidents.services import log_incident
from conduct.incidents.tests.factories import PDF, upload
from conduct.policy.services import active_pack, load_policy_pack

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # a Wednesday
WORDS = "I'll be waiting for you in the car park."
SAFEGUARDING_NOTE = "Said she would harm herself if the repairs stop."
INCIDENT_SAFEGUARDING = "Spoke of having nothing left to live for."
EQUALITY_ANSWERS = {"disability": "Equality-answer-disability", "ethnicity": "Equality-answer-x"}
# Contacts by this customer: (days before NOW, channel, service name), four weeks of them.
CONTACTS = [
    *[(21, "phone", "Housing")] * 3,
    *[(20, "email", "Housing")] * 2,
    *[(14, "phone", "Housing")] * 5,
    *[(13, "visit", "Parks")] * 1,
    *[(7, "phone", "Housing")] * 7,
    *[(6, "email", "Parks")] * 2,
    *[(1, "phone", "Housing")] * 4,
]


@pytest.fixture
def stores(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Evidence and case files in this test's own folder, and the clock at NOW."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.CASE_FILES_ROOT = tmp_path / "case-files"
    with time_machine.travel(NOW, tick=False):
        yield tmp_path


@dataclass
class CaseFile:
    case: Case
    customer: Customer
    manager: User
    officer: User
    incidents: list[Incident]


def pack_of(pack_id: str) -> Any:
    return load_policy_pack(settings.POLICY_DIR / f"{pack_id}.toml", by=None, activate=True)


def customer_with_needs() -> Customer:
    """Services (one mandatory), an adjustment, a representative, safeguarding, equality data."""
    customer = customers.create_customer(by=None, given_names="Pat", family_name="Example")
    customers.record_service_received(
        customer, service=council_service("Housing"), by=None, since=date(2024, 5, 1)
    )
    customers.record_service_received(
        customer, service=council_service("Parks", is_mandatory=False), by=None
    )
    customers.add_adjustment(
        customer,
        kind="large-print",
        agreed_on=date(2025, 6, 1),
        review_on=date(2026, 6, 1),
        by=None,
    )
    customers.add_representative(
        customer,
        name="Robin Advocate",
        kind="advocate",
        organisation="Citizens Advice",
        lawful_basis="consent",
        given_on=date(2025, 9, 1),
        review_on=date(2026, 9, 1),
        by=None,
    )
    customers.add_safeguarding_note(customer, note=SAFEGUARDING_NOTE, by=None)
    customers.record_equality_monitoring(
        customer, given_on=date(2025, 6, 1), by=None, **EQUALITY_ANSWERS
    )
    return customer


def incident(by: User, customer: Customer, days_ago: int, **answers: Any) -> Incident:
    pack = pack_of_active()
    return log_incident(
        by=by,
        submission_key=f"pack-{customer.pk}-{days_ago}-{answers.get('location', '')}",
        occurred_at=NOW - timedelta(days=days_ago),
        location=answers.pop("location", "Civic Centre reception"),
        channel="phone",
        service=council_service("Housing"),
        customer=customer,
        staff_affected=[by],
        behaviour_categories=[pack.behaviour.categories[0].id],
        immediate_actions=[pack.staff_actions.actions[0].id],
        what_happened="Shouted at the officer and would not end the call.",
        **answers,
    )


def pack_of_active() -> Any:
    found = active_pack()
    assert found is not None
    return found.file


def case_file(pack_id: str = "model", *, investigated: bool = True) -> CaseFile:
    """Two incidents (one with evidence, police and a safeguarding concern), a warning, contacts."""
    pack_of(pack_id)
    manager = staff_member(Role.LINE_MANAGER)
    officer = staff_member(Role.CASE_OFFICER)
    customer = customer_with_needs()
    first = incident(
        manager,
        customer,
        30,
        words_used=WORDS,
        police_called=True,
        crime_reference="CR/0420/26",
        safeguarding_concern=True,
        safeguarding_detail=INCIDENT_SAFEGUARDING,
        evidence=[upload("call-recording-notes.pdf", PDF)],
    )
    informal.record_informal_warning(
        first,
        given_by=manager,
        given_at=NOW - timedelta(days=29),
        how="phone",
        words_used="If this carries on we may restrict your contact.",
        by=manager,
    )
    case = informal.escalate_to_case(first, reason="Carried on after a warning", by=manager)
    second = incident(manager, customer, 10, location="Housing office")
    add_incident_to_case(case, second, by=manager)
    log_contacts(customer, officer)
    if investigated:
        decisions.start_investigation(case, by=officer)
        answers = {**INVESTIGATION, "known_to_social_care": True}
        decisions.record_investigation(case, by=officer, **answers)
    case.refresh_from_db()
    return CaseFile(case, customer, manager, officer, [first, second])


def log_contacts(customer: Customer, officer: User) -> None:
    """CONTACTS for the customer, and one a week from another, for the service's normal range."""
    for days_ago, channel, service in CONTACTS:
        when = NOW - timedelta(days=days_ago, hours=1)
        log_contact(
            customer,
            by=officer,
            channel=channel,
            subject="About the repairs",
            service=council_service(service),
            occurred_at=when,
        )
    other = customers.create_customer(by=None, given_names="Alex", family_name="Other")
    for week in range(4):
        log_contact(
            other,
            by=officer,
            channel="phone",
            subject="A question",
            service=council_service("Housing"),
            occurred_at=NOW - timedelta(days=7 * week + 2),
        )
