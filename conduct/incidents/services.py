"""Logging incidents and correcting them, each audited (the informal stage is in informal.py)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from conduct.accounts.models import User
from conduct.core.audit import record
from conduct.core.references import next_reference
from conduct.core.refusals import Refusal, bad_answer
from conduct.core.transactions import writes
from conduct.customers.models import CouncilService, Customer
from conduct.customers.services import create_customer
from conduct.incidents import evidence as evidence_files
from conduct.incidents import tasks
from conduct.incidents.models import (
    Affected,
    Channel,
    Evidence,
    Incident,
    Injury,
    PhysicalViolence,
    SafeguardingReferral,
)
from conduct.incidents.riddor import riddor_deadline
from conduct.incidents.signals import tell_incident_logged
from conduct.policy.models import PolicyPack
from conduct.policy.schema import PolicyPackFile
from conduct.policy.services import active_pack

# A device clock a little ahead of the server's should not make "just now" the future.
CLOCK_TOLERANCE = timedelta(minutes=5)
OPEN_STATUSES = (Incident.Status.NEW, Incident.Status.MORE_DETAIL_REQUESTED)
CORRECTABLE_FIELDS = ("location", "words_used", "witnesses", "support_offered")


def answer_refused(field: str, message: str) -> Refusal:
    """A rule for incidents was broken by the answer `field` names."""
    return bad_answer(message, field)


@dataclass(frozen=True)
class NewCustomer:
    """Someone not yet on Conduct, added with the incident."""

    given_names: str
    family_name: str
    date_of_birth: date | None = None
    postcode: str = ""
    address_line_1: str = ""


@writes
def log_incident(
    *,
    by: User,
    submission_key: str,
    occurred_at: datetime,
    location: str,
    channel: str,
    service: CouncilService,
    customer: Customer | None = None,
    new_customer: NewCustomer | None = None,
    unknown_person_description: str = "",
    staff_affected: Iterable[User] = (),
    other_staff_affected: str = "",
    affected: Sequence[str] = (Affected.STAFF,),
    physical_violence: str = PhysicalViolence.NONE,
    abuse_or_harassment: bool = False,
    behaviour_categories: Sequence[str] = (),
    behaviour_examples: Sequence[str] = (),
    what_happened: str = "",
    words_used: str = "",
    immediate_actions: Sequence[str] = (),
    police_called: bool = False,
    crime_reference: str = "",
    injury: str = Injury.NONE,
    witnesses: str = "",
    safeguarding_concern: bool = False,
    safeguarding_detail: str = "",
    support_offered: str = "",
    evidence: Sequence[evidence_files.UploadedFile] = (),
) -> Incident:
    """Log what happened under the pack in force; the same submission_key twice logs it once.

    Every answer is checked before anything is written, so a refused file or a
    behaviour the pack does not know leaves no incident, customer or file behind.
    In the same transaction, each of the pack's mandatory marker rules the incident
    meets proposes its marker (conduct.alerts.services.propose_mandatory_markers, listening
    for incidents.signals.incident_logged).
    """
    previous = Incident.objects.filter(submission_key=submission_key).first()
    if previous is not None:
        return previous
    pack = pack_in_force()
    check_behaviour(pack.file, behaviour_categories, behaviour_examples, immediate_actions)
    check_person(customer, new_customer, unknown_person_description)
    check_answers(occurred_at, location, what_happened, service, channel, injury)
    check_follow_up(police_called, crime_reference, safeguarding_concern, safeguarding_detail)
    check_facts(affected, physical_violence)
    check_evidence(evidence)
    fields = {
        "submission_key": submission_key,
        "occurred_at": occurred_at,
        "location": location.strip(),
        "channel": channel,
        "service": service,
        "unknown_person_description": unknown_person_description.strip(),
        "other_staff_affected": other_staff_affected.strip(),
        "affected": [kind for kind in Affected.values if kind in set(affected)],
        "physical_violence": physical_violence,
        "abuse_or_harassment": abuse_or_harassment,
        "policy_pack": pack,
        "behaviour_categories": list(behaviour_categories),
        "behaviour_examples": list(behaviour_examples),
        "what_happened": what_happened.strip(),
        "words_used": words_used.strip(),
        "immediate_actions": list(immediate_actions),
        "police_called": police_called,
        "crime_reference": crime_reference.strip() if police_called else "",
        "injury": injury,
        "riddor_report_due": riddor_deadline(injury, timezone.localdate(occurred_at)),
        "witnesses": witnesses.strip(),
        "safeguarding_concern": safeguarding_concern,
        "safeguarding_detail": safeguarding_detail.strip() if safeguarding_concern else "",
        "support_offered": support_offered.strip(),
    }
    with evidence_files.stored_files() as files:
        incident, created = create_incident(by, fields, customer, new_customer)
        if not created:
            return incident
        incident.staff_affected.set(staff_affected)
        attach_evidence(incident, evidence, files, by=by)
        record("incidents.incident_logged", actor=by, target=incident, payload=logged(incident))
        tell_incident_logged(incident, by=by)  # alerts proposes the pack's mandatory markers
    if safeguarding_concern:
        # Queued in this transaction: an acknowledged concern always has its referral job.
        tasks.flag_for_safeguarding.enqueue(incident.pk)
    return incident


def create_incident(
    by: User, fields: dict[str, Any], customer: Customer | None, new: NewCustomer | None
) -> tuple[Incident, bool]:
    """The new incident row, or the one another request with the same key created first."""
    try:
        with transaction.atomic():
            person = customer if new is None else add_customer(new, by=by)
            incident = Incident.objects.create(
                reference=next_reference("INC"),
                customer=person,
                created_by=by,
                modified_by=by,
                **fields,
            )
    except IntegrityError:
        # Two clicks raced past the first look; the first one's incident stands.
        first = Incident.objects.filter(submission_key=fields["submission_key"]).first()
        if first is None:
            raise
        return first, False
    return incident, True


def add_customer(new: NewCustomer, *, by: User) -> Customer:
    """The new person as a customer record; the customers app's own checks apply."""
    try:
        return create_customer(
            by=by,
            given_names=new.given_names,
            family_name=new.family_name,
            date_of_birth=new.date_of_birth,
            address_line_1=new.address_line_1,
            postcode=new.postcode,
        )
    except Refusal as refusal:
        field, message = next(iter(refusal.answers.items()))
        raise answer_refused(f"new_customer.{field}", message) from refusal


def pack_in_force() -> PolicyPack:
    pack = active_pack()
    if pack is None:
        raise answer_refused(
            "policy_pack", "No policy pack is in force. Ask an administrator to put one in force"
        )
    return pack


def check_behaviour(
    pack: PolicyPackFile,
    categories: Sequence[str],
    examples: Sequence[str],
    actions: Sequence[str],
) -> None:
    """Behaviours and staff actions must be ones the pack in force names (requirement A3)."""
    known = {category.id: category for category in pack.behaviour.categories}
    if not categories:
        raise answer_refused("behaviour_categories", "Select at least one kind of behaviour")
    unknown = [c for c in categories if c not in known]
    if unknown:
        raise answer_refused(
            "behaviour_categories", f"{', '.join(unknown)} is not a kind of behaviour in the policy"
        )
    chosen = {example for c in categories for example in known[c].examples}
    stray = [example for example in examples if example not in chosen]
    if stray:
        raise answer_refused(
            "behaviour_examples", f"“{stray[0]}” is not an example of the behaviour you selected"
        )
    action_ids = {action.id for action in pack.staff_actions.actions}
    unknown = [a for a in actions if a not in action_ids]
    if unknown:
        raise answer_refused(
            "immediate_actions", f"{', '.join(unknown)} is not an action in the policy"
        )


def check_person(customer: Customer | None, new: NewCustomer | None, description: str) -> None:
    """Exactly one of: a customer on Conduct, someone new, or a description of a stranger."""
    given = [customer is not None, new is not None, bool(description.strip())]
    if sum(given) != 1:
        raise answer_refused(
            "customer",
            "Say who was involved: a customer on Conduct, someone new, or a description",
        )
    if new is not None and not (new.given_names.strip() or new.family_name.strip()):
        raise answer_refused("new_customer", "Enter the person’s name")
    if customer is not None and customer.merged_into_id is not None:
        raise answer_refused("customer", f"{customer.reference} was merged into another record")


def check_answers(
    occurred_at: datetime,
    location: str,
    what_happened: str,
    service: CouncilService,
    channel: str,
    injury: str,
) -> None:
    if occurred_at > timezone.now() + CLOCK_TOLERANCE:
        raise answer_refused("occurred_at", "The time it happened must be in the past")
    if not location.strip():
        raise answer_refused("location", "Enter where it happened")
    if not what_happened.strip():
        raise answer_refused("what_happened", "Enter what happened")
    if not service.is_active:
        raise answer_refused("service", f"{service} is no longer in the service catalogue")
    if channel not in Channel.values:
        raise answer_refused("channel", "Select how the contact was made")
    if injury not in Injury.values:
        raise answer_refused("injury", "Select whether anyone was hurt")


def check_follow_up(police_called: bool, crime_reference: str, concern: bool, detail: str) -> None:
    if crime_reference.strip() and not police_called:
        raise answer_refused(
            "crime_reference", "Give a crime reference only if the police were called"
        )
    if concern and not detail.strip():
        raise answer_refused("safeguarding_detail", "Enter what worried you")


def check_facts(affected: Sequence[str], physical_violence: str) -> None:
    """Who was affected, and whether there was physical violence: the facts the pack reads."""
    if not affected:
        raise answer_refused("affected", "Select who the behaviour was directed at")
    unknown = [kind for kind in affected if kind not in Affected.values]
    if unknown:
        raise answer_refused("affected", f"{unknown[0]} is not a kind of person affected")
    if physical_violence not in PhysicalViolence.values:
        raise answer_refused(
            "physical_violence", "Select whether physical violence was used or threatened"
        )


def check_evidence(uploads: Sequence[evidence_files.UploadedFile]) -> None:
    problems = evidence_files.problems(uploads)
    if problems:
        raise answer_refused("evidence", ". ".join(problems))


def attach_evidence(
    incident: Incident,
    uploads: Sequence[evidence_files.UploadedFile],
    files: evidence_files.StoredFiles,
    *,
    by: User,
) -> list[Evidence]:
    attached = []
    for upload in uploads:
        stored = files.store(upload)
        attached.append(
            Evidence.objects.create(
                incident=incident,
                original_name=stored.original_name,
                stored_name=stored.stored_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                created_by=by,
                modified_by=by,
            )
        )
    return attached


def logged(incident: Incident) -> dict[str, Any]:
    """What the audit trail keeps about a new incident: the facts, never the narrative."""
    return {
        "reference": incident.reference,
        "customer": incident.customer.reference if incident.customer else "",
        "channel": incident.channel,
        "service": incident.service.name,
        "policy_pack": str(incident.policy_pack),
        "behaviour_categories": incident.behaviour_categories,
        "affected": incident.affected,
        "physical_violence": incident.physical_violence,
        "abuse_or_harassment": incident.abuse_or_harassment,
        "injury": incident.injury,
        "riddor_report_due": incident.riddor_report_due,
        "safeguarding_concern": incident.safeguarding_concern,
        "evidence": [file_payload(e) for e in incident.evidence.all()],
    }


def file_payload(item: Evidence) -> dict[str, Any]:
    return {"name": item.original_name, "sha256": item.sha256, "size": item.size}


@writes
def add_evidence(
    incident: Incident, *, by: User, uploads: Sequence[evidence_files.UploadedFile]
) -> list[Evidence]:
    """Add files to an incident still open for more detail; all of them or none."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    check_open(locked)
    if not uploads:
        raise answer_refused("evidence", "Select a file")
    check_evidence(uploads)
    with evidence_files.stored_files() as files:
        attached = attach_evidence(locked, uploads, files, by=by)
        payload = {"reference": locked.reference, "evidence": [file_payload(e) for e in attached]}
        record("incidents.evidence_added", actor=by, target=locked, payload=payload)
    return attached


def check_open(incident: Incident) -> None:
    if incident.status not in OPEN_STATUSES:
        raise Refusal(
            f"{incident.reference} is {incident.get_status_display().lower()}, "
            "so it can no longer be changed",
            field="status",
            problem="incident-closed",
        )


@writes
def correct_incident(incident: Incident, *, by: User, **changes: str) -> Incident:
    """Correct the details an officer may still put right while the incident is open.

    Only the where, the words used, the witnesses and the support offered can change,
    and only while the incident is new or more detail was asked for: once a manager
    has acted on it, what they acted on stays as it was.
    """
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    check_open(locked)
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise answer_refused(unknown[0], f"{unknown[0]} cannot be corrected")
    if "location" in changes and not changes["location"].strip():
        raise answer_refused("location", "Enter where it happened")
    changed = [name for name, value in changes.items() if getattr(locked, name) != value.strip()]
    for name in changed:
        setattr(locked, name, changes[name].strip())
    if changed:
        locked.modified_by = by
        locked.save(update_fields=[*changed, "modified_by", "modified_at"])
        payload = {"reference": locked.reference, "changed": changed}
        record("incidents.incident_corrected", actor=by, target=locked, payload=payload)
    return locked


@writes
def flag_for_safeguarding(incident: Incident, *, by: User | None) -> SafeguardingReferral:
    """Put the incident on the safeguarding route; flagging it again changes nothing."""
    referral, created = SafeguardingReferral.objects.get_or_create(
        incident=incident, defaults={"flagged_at": timezone.now(), "created_by": by}
    )
    if created:
        payload = {"reference": incident.reference}
        record("incidents.safeguarding_flagged", actor=by, target=incident, payload=payload)
    return referral


@writes
def remove_orphaned_evidence(*, older_than_hours: int) -> int:
    """Delete stored files no row holds, older than the cut-off; audited with the count."""
    orphans = evidence_files.orphans(evidence_files.held_names(), older_than_hours=older_than_hours)
    for path in orphans:
        path.unlink(missing_ok=True)
    if orphans:
        record("incidents.orphaned_evidence_removed", actor=None, payload={"files": len(orphans)})
    return len(orphans)
