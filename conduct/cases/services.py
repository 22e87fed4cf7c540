"""Every change to cases, each audited. Here a case is opened by escalation and gathers incidents;
the workflow issue adds investigation, decisions and outcomes.
"""

from collections.abc import Iterable

from conduct.accounts.models import User
from conduct.cases.models import Case
from conduct.core.audit import record
from conduct.core.references import next_reference
from conduct.core.refusals import bad_answer
from conduct.core.transactions import writes
from conduct.customers.models import Customer
from conduct.incidents import coverage
from conduct.incidents.models import Incident
from conduct.policy.services import active_pack


def _check_incident(case_customer: Customer, incident: Incident) -> None:
    if incident.customer_id != case_customer.pk:
        raise bad_answer(f"Incident {incident.reference} is about a different customer")
    if coverage.is_outside_policy(incident):
        # Kept on record, but not on the ladder: the pack names where it goes instead.
        raise bad_answer(
            f"Incident {incident.reference} is outside the policy. "
            + coverage.outside_policy_sentence(incident.policy_pack.file)
        )


@writes
def open_case(customer: Customer, *, incidents: Iterable[Incident], reason: str, by: User) -> Case:
    """Open a case for the decision body, under the pack in force (or the incidents' own)."""
    incidents = list(incidents)
    if not incidents:
        raise bad_answer("A case needs at least one incident")
    for incident in incidents:
        _check_incident(customer, incident)
    case = Case.objects.create(
        reference=next_reference("CASE"),
        customer=customer,
        reason=reason,
        policy_pack=active_pack() or incidents[0].policy_pack,
        created_by=by,
        modified_by=by,
    )
    case.incidents.set(incidents)
    record(
        "cases.case_opened",
        actor=by,
        target=case,
        payload={
            "reference": case.reference,
            "customer": customer.reference,
            "incidents": ", ".join(i.reference for i in incidents),
        },
    )
    return case


@writes
def add_incident_to_case(case: Case, incident: Incident, *, by: User) -> Case:
    """Put another incident about the same customer into an open case, as evidence over time."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != Case.Status.OPEN:
        raise bad_answer(f"Case {locked.reference} is not open")
    _check_incident(locked.customer, incident)
    locked.incidents.add(incident)
    locked.modified_by = by
    locked.save(update_fields=["modified_at", "modified_by"])
    record(
        "cases.incident_added",
        actor=by,
        target=locked,
        payload={"reference": locked.reference, "incident": incident.reference},
    )
    return locked


def open_cases_for(customer: Customer | None) -> list[Case]:
    """The cases an escalated incident about this customer could join."""
    if customer is None:
        return []
    return list(
        Case.objects.filter(customer=customer, status=Case.Status.OPEN).order_by("created_at")
    )
