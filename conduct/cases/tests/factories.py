"""Incidents and cases for tests, made through the same services staff use."""

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from django.conf import settings
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases import decisions
from conduct.cases.decisions import RestrictionTerms
from conduct.cases.models import Case, Decision
from conduct.cases.services import open_case
from conduct.customers.models import CouncilService, Customer
from conduct.customers.services import create_customer
from conduct.incidents import informal
from conduct.incidents.models import Incident
from conduct.incidents.services import log_incident
from conduct.policy.models import PolicyPack
from conduct.policy.services import load_policy_pack

_numbers = count(1)


def model_pack() -> PolicyPack:
    """The model policy pack, in force."""
    return load_policy_pack(settings.POLICY_DIR / "model.toml", by=None, activate=True)


def council_service(name: str = "Housing", *, is_mandatory: bool = True) -> CouncilService:
    slug = name.lower().replace(" ", "-")
    service, _ = CouncilService.objects.get_or_create(
        slug=slug, defaults={"name": name, "is_mandatory": is_mandatory}
    )
    return service


def customer(given_names: str = "Sam", family_name: str = "Example") -> Customer:
    return create_customer(by=None, given_names=given_names, family_name=family_name)


def incident(
    by: User,
    *,
    about: Customer | None = None,
    unknown: str = "",
    occurred_at: datetime | None = None,
    staff_affected: list[User] | None = None,
) -> Incident:
    """An incident logged by `by` under the model pack, about a customer (made if not given)."""
    model_pack()
    if about is None and not unknown:
        about = customer()
    return log_incident(
        by=by,
        submission_key=f"test-{next(_numbers)}",
        occurred_at=occurred_at or timezone.now() - timedelta(hours=2),
        location="Civic Centre reception",
        channel="in-person",
        service=council_service(),
        customer=about,
        unknown_person_description=unknown,
        staff_affected=staff_affected if staff_affected is not None else [by],
        behaviour_categories=["aggressive-or-abusive"],
        what_happened="Shouted at the officer and refused to leave.",
        words_used="You lot are useless.",
    )


def case(by: User, *, about: Customer | None = None) -> Case:
    """An open case holding one incident."""
    first = incident(by, about=about)
    assert first.customer is not None
    return open_case(first.customer, incidents=[first], reason="Repeated abuse", by=by)


# The decision workflow --------------------------------------------------------------------


def warned_case(by: User, *, about: Customer | None = None) -> Case:
    """A case escalated by `by` after an informal warning, as the ladder usually runs."""
    first = incident(by, about=about)
    informal.record_informal_warning(
        first,
        given_by=by,
        given_at=timezone.now() - timedelta(hours=1),
        how="in-person",
        words_used="If this carries on we may restrict your contact.",
        by=by,
    )
    return informal.escalate_to_case(first, reason="Carried on after a warning", by=by)


def investigated(case: Case, officer: User) -> Case:
    """The case after a case officer investigated it: ready for a decision."""
    decisions.start_investigation(case, by=officer)
    decisions.record_investigation(case, by=officer, **INVESTIGATION)
    return case


INVESTIGATION: dict[str, Any] = {
    "evidence_reviewed": "Three incident reports and the call recordings.",
    "underlying_causes": "No unmet communication needs found; no disability known.",
    "adjustments_considered": "Offered a named officer and written summaries.",
    "complaint_handled_properly": True,
    "health_and_safety_findings": "Risk assessment reviewed; reception screens in place.",
}

RECORDS: dict[str, Any] = {
    "behaviour_categories": ["aggressive-or-abusive"],
    "reasons": "Repeated abuse of reception staff after an informal warning.",
    "disability_link": "no",
    "equality_act_reasoning": "No disability is known; adjustments were offered and refused.",
    "human_rights_reasoning": "A named officer is the least restrictive option that works.",
    "staff_wellbeing": "Two officers have needed support after the calls.",
    "mandatory_services_stay_open": True,
    "protected_routes_stay_open": True,
}


def panel() -> list[User]:
    """The model pack's senior officer panel: a decision maker and a health and safety officer."""
    return [staff_member(Role.DECISION_MAKER), staff_member(Role.HEALTH_AND_SAFETY_OFFICER)]


def named_officer_terms(officer: User, **changes: object) -> RestrictionTerms:
    values: dict = {
        "type": "named-officer",
        "parameters": {"officer": officer.pk},
        "services": [council_service()],
    }
    values.update(changes)
    return RestrictionTerms(**values)


def restricted(case: Case, members: list[User], **changes: object) -> Decision:
    """The panel restricts the customer to a named officer."""
    return decisions.record_decision(
        case,
        by=members[0],
        members=members,
        outcome="restriction",
        restrictions=[named_officer_terms(members[0], **changes)],
        **RECORDS,
    )
