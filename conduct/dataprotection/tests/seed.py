"""A customer for whom every item a subject access bundle must include, redact and withhold is
known in advance, made through the services staff use (and a few stamped rows where no
service writes them). `Seed` names each thing the tests look for."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts import services as alerts
from conduct.alerts.models import Marker
from conduct.alerts.tests import factories as alert_factories
from conduct.cases.models import Decision
from conduct.cases.tests import factories as cases
from conduct.contacts.services import log_contact
from conduct.contacts.tests import factories as contacts
from conduct.customers.models import Customer
from conduct.customers.services import add_address
from conduct.dataprotection import services
from conduct.dataprotection.models import Bundle, SubjectAccessRequest
from conduct.incidents.models import Incident
from conduct.screening.models import ScreeningLog
from conduct.visits.tests import factories as visits

ATTACHMENT = b"%PDF-1.4\n% the tenancy agreement the customer sent\n"
WITNESS = "Pat Onlooker, a visitor at reception"
LEGAL_ADVICE = "Counsel advises the restriction is proportionate."
NOT_TOLD_REASON = "Police asked that he is not told while they investigate."
STAFF_NAME = "Frankie Redactme"


@dataclass
class Seed:
    customer: Customer
    officer: User  # named in incidents, contacts and visits: redacted
    incident: Incident
    decision: Decision  # its legal advice is withheld under privilege
    marker: Marker  # live, detail read by health and safety: included, readers redacted
    secret_marker: Marker  # the person was not told: withheld, with its disclosure
    dpo: User


def data_protection_officer() -> User:
    return staff_member(Role.DATA_PROTECTION_OFFICER)


def seeded_customer() -> Seed:
    officer = staff_member(Role.FRONTLINE_OFFICER)
    User.objects.filter(pk=officer.pk).update(full_name=STAFF_NAME)
    officer.refresh_from_db()
    customer = contacts.customer(email="morgan.price@example.org")
    add_address(customer, line_1="3 Wharf Road", postcode="LN1 1AA", by=None)
    case = cases.investigated(
        cases.warned_case(officer, about=customer), staff_member(Role.CASE_OFFICER)
    )
    incident = case.incidents.get()
    Incident.objects.filter(pk=incident.pk).update(
        witnesses=WITNESS, what_happened=f"Shouted at {STAFF_NAME} and refused to leave."
    )
    decision = cases.restricted(case, cases.panel())
    Decision.objects.filter(pk=decision.pk).update(legal_advice=LEGAL_ADVICE)
    marker = alert_factories.live_person_marker(customer)
    alerts.read_restricted_detail(
        marker, by=staff_member(Role.HEALTH_AND_SAFETY_OFFICER), purpose="review", detail="Annual"
    )
    secret = alert_factories.live_person_marker(customer, category="violence")
    alerts.record_not_told(
        secret,
        reason=NOT_TOLD_REASON,
        revisit_on=timezone.localdate() + timedelta(days=60),
        by=staff_member(Role.HEALTH_AND_SAFETY_OFFICER),
    )
    alert_factories.disclosure(Marker.objects.get(pk=secret.pk))
    log_contact(customer, by=officer, channel="phone", subject="Asked about repairs", notes="Calm.")
    contacts.receive(
        contacts.email(
            "morgan.price@example.org",
            subject="My tenancy",
            attachments=[("tenancy.pdf", ATTACHMENT, "application/pdf")],
        )
    )
    ScreeningLog.objects.create(
        purpose="caller",
        channel="page",
        fields_given="name",
        query_hash="0" * 64,
        customers_shown=[customer.reference],
        created_by=officer,
    )
    add_address(customer, line_1="14 Mill Lane", postcode="NN1 1AA", by=None)
    visits.visit(
        by=officer,
        customer=customer,
        handling_read=True,
        second_officer=staff_member(Role.FRONTLINE_OFFICER),
    )
    return Seed(customer, officer, incident, decision, marker, secret, data_protection_officer())


def built(seed: Seed, jobs: Any) -> tuple[SubjectAccessRequest, Bundle]:
    """A request logged, identity confirmed and its bundle built by the job (run on commit)."""
    return built_for(seed.customer, seed.dpo, jobs)


def built_for(customer: Customer, dpo: User, jobs: Any) -> tuple[SubjectAccessRequest, Bundle]:
    request = services.log_subject_access_request(
        customer, received_on=timezone.localdate(), channel="email", by=dpo
    )
    request = services.confirm_identity(request, how="Passport seen", by=dpo)
    return request, build(request, dpo, jobs)


def build(request: SubjectAccessRequest, by: User, jobs: Any) -> Bundle:
    with jobs(execute=True):
        bundle = services.build_subject_access_bundle(request, by=by)
    bundle.refresh_from_db()
    request.refresh_from_db()
    return bundle


def logged(seed: Seed, **answers: object) -> SubjectAccessRequest:
    fields: dict = {"received_on": timezone.localdate(), "channel": "email", **answers}
    return services.log_subject_access_request(seed.customer, by=seed.dpo, **fields)
