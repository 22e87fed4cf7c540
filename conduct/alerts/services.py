"""Every change to the alert register, each audited (I1–I5).

Each function takes the acting member of staff as `by`, checks the rule
(a Refusal: for who and when, or for what was entered), runs
in one transaction and writes its audit event there. A marker goes provisional
→ verified (a line manager) → live (health and safety, I4); it ends by
withdrawal or expiry, each with a reason, and is never deleted.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.alerts import addresses, notifications, uploads
from conduct.alerts.models import Acknowledgement, DetailRead, Marker, Premises, Severity, Subject
from conduct.cases.workflow import blank, today
from conduct.core import events
from conduct.core.audit import Entry, record, record_all
from conduct.core.moves import check
from conduct.core.references import next_reference, next_references
from conduct.core.refusals import bad_answer, refuse_if
from conduct.core.text import NOTE_LIMIT
from conduct.core.transactions import writes
from conduct.core.working_days import add_months
from conduct.customers.models import Address, Customer
from conduct.incidents.coverage import rules_met
from conduct.incidents.models import Incident
from conduct.policy.models import PolicyPack
from conduct.policy.schema import MarkerCategory, MarkerRule
from conduct.policy.services import active_pack

Actor = User | None

# The pack's incident severity, as the register shows it, when a category does not say (I3).
SEVERITY_FROM_PACK = {
    "low": Severity.INFORMATION,
    "medium": Severity.WARNING,
    "high": Severity.HIGH,
}
# How long past its review date a marker waits before the review is escalated.
ESCALATE_AFTER = timedelta(days=14)


def signed_in(by: Actor) -> User | None:
    return by if by is not None and by.is_authenticated else None


def payload(marker: Marker, **extra: Any) -> dict[str, Any]:
    return {"reference": marker.reference, "category": marker.category_name, **extra}


def audit(verb: str, marker: Marker, by: Actor, **extra: Any) -> None:
    record(verb, actor=by, target=marker, payload=payload(marker, **extra))


def pack_in_force() -> PolicyPack:
    pack = active_pack()
    refuse_if(pack is None, "No policy pack is in force. Ask an administrator to put one in force")
    assert pack is not None
    return pack


def category_of(pack: PolicyPack, category_id: str) -> MarkerCategory:
    category = pack.file.marker_category(category_id)
    if category is None:
        raise bad_answer("Select a kind of marker the policy names", "category")
    return category


def severity_of(category: MarkerCategory) -> str:
    return category.alert_severity or SEVERITY_FROM_PACK[category.default_severity]


def check_subject(
    category: MarkerCategory, customer: Customer | None, premises: Premises | None
) -> None:
    """Person markers on people, premises hazards on places, never mixed (I6)."""
    if category.applies_to == Subject.PERSON and (customer is None or premises is not None):
        raise bad_answer(f"{category.name} is a marker for a person, not an address", "category")
    if category.applies_to == Subject.PREMISES and (premises is None or customer is not None):
        raise bad_answer(f"{category.name} is a hazard at an address, not a person", "category")
    if customer is not None and customer.merged_into_id is not None:
        raise bad_answer(f"{customer.reference} was merged into another record", "customer")


def check_basis(
    subject: str,
    incidents: list[Incident],
    identified_risk: str,
    customer: Customer | None,
    imported: bool,
) -> None:
    """A marker rests on an incident or an identified risk (I1).

    A person marker needs an incident, unless it comes from the council's previous
    register, when that entry is the identified risk and a manager verifies it.
    """
    from_register = imported and not blank(identified_risk)
    if subject == Subject.PERSON and not incidents and not from_register:
        raise bad_answer("Select the incident the marker rests on", "incidents")
    if subject == Subject.PREMISES and not incidents and blank(identified_risk):
        raise bad_answer("Enter the risk that was seen at the address", "identified_risk")
    stray = [
        i.reference for i in incidents if customer is not None and i.customer_id != customer.pk
    ]
    if stray:
        raise bad_answer(f"{stray[0]} is not about this customer", "incidents")


def check_text(handling: str, severity: str) -> None:
    if blank(handling):
        raise bad_answer("Enter the handling instructions for frontline staff", "handling")
    if severity not in Severity.values:
        raise bad_answer("Select how serious the marker is", "severity")


@writes
def raise_marker(
    *,
    by: Actor,
    category: str,
    handling: str,
    customer: Customer | None = None,
    premises: Premises | None = None,
    incidents: Iterable[Incident] = (),
    identified_risk: str = "",
    restricted_detail: str = "",
    severity: str = "",
    starts_on: date | None = None,
    import_key: str = "",
) -> Marker:
    """A provisional marker, with its review and retention dates from the pack's category (I5)."""
    pack = pack_in_force()
    kind = category_of(pack, category)
    severity = severity or severity_of(kind)
    resting_on = list(incidents)
    check_subject(kind, customer, premises)
    check_basis(kind.applies_to, resting_on, identified_risk, customer, bool(import_key))
    check_text(handling, severity)
    start = starts_on or today()
    user = signed_in(by)
    marker = Marker.objects.create(
        reference=next_reference("MK"),
        subject=kind.applies_to,
        customer=customer,
        premises=premises,
        identified_risk=identified_risk.strip(),
        policy_pack=pack,
        category=kind.id,
        category_name=kind.name,
        code=kind.code,
        severity=severity,
        handling=handling.strip(),
        restricted_detail=restricted_detail.strip(),
        starts_on=start,
        review_on=add_months(start, kind.review_months),
        retain_until=add_months(start, kind.retention_years * 12),
        import_key=import_key,
        created_by=user,
        modified_by=user,
    )
    marker.incidents.set(resting_on)
    audit("alerts.marker_raised", marker, by, incidents=", ".join(i.reference for i in resting_on))
    return marker


@dataclass(frozen=True)
class ImportedMarker:
    """A person marker from the council's previous register: `raise_marker`'s answers, the
    register's entry as the identified risk and the import key that makes a rerun harmless."""

    category: str
    handling: str
    starts_on: date
    identified_risk: str
    import_key: str
    restricted_detail: str = ""
    severity: str = ""


def checked_imported_marker(pack: PolicyPack, customer: Customer, wanted: ImportedMarker) -> Marker:
    """The provisional marker `raise_marker` would store on this customer, or its refusal;
    nothing is written (no reference yet), so a batch can set a refused row aside."""
    kind = category_of(pack, wanted.category)
    severity = wanted.severity or severity_of(kind)
    check_subject(kind, customer, None)
    check_basis(kind.applies_to, [], wanted.identified_risk, customer, bool(wanted.import_key))
    check_text(wanted.handling, severity)
    return Marker(
        subject=kind.applies_to,
        identified_risk=wanted.identified_risk.strip(),
        policy_pack=pack,
        category=kind.id,
        category_name=kind.name,
        code=kind.code,
        severity=severity,
        handling=wanted.handling.strip(),
        restricted_detail=wanted.restricted_detail.strip(),
        starts_on=wanted.starts_on,
        review_on=add_months(wanted.starts_on, kind.review_months),
        retain_until=add_months(wanted.starts_on, kind.retention_years * 12),
        import_key=wanted.import_key,
    )


@writes
def raise_imported_markers(batch: list[tuple[Customer, Marker]], *, by: Actor) -> list[Marker]:
    """Store checked imported markers together, provisional (I4): a block of references, one
    insert, and their `alerts.marker_raised` events chained in order under one lock."""
    user = signed_in(by)
    markers = []
    for (customer, marker), reference in zip(batch, next_references("MK", len(batch)), strict=True):
        marker.customer, marker.reference = customer, reference
        marker.created_by = marker.modified_by = user
        markers.append(marker)
    Marker.objects.bulk_create(markers)
    record_all(
        [
            Entry("alerts.marker_raised", by, target=marker, payload=payload(marker, incidents=""))
            for marker in markers
        ]
    )
    return markers


# Still standing: a marker of the same kind here means a rule links to it, not a second one.
STANDING = (Marker.Status.PROVISIONAL, Marker.Status.VERIFIED, Marker.Status.LIVE)


def rule_handling(category: MarkerCategory, rule: MarkerRule, incident: Incident) -> str:
    """What frontline staff are told until a manager verifies the marker and writes their own."""
    return category.handling or (
        f"{rule.name} (incident {incident.reference}). Do not meet this person alone, "
        "and speak to your line manager before any contact."
    )


def propose_on_logging(sender: object, incident: Incident, by: Actor, **kwargs: object) -> None:
    """`incidents.signals.incident_logged`'s listener, in the transaction that logs it."""
    propose_mandatory_markers(incident, by=by)


@writes
def propose_mandatory_markers(incident: Incident, *, by: Actor) -> list[Marker]:
    """The markers the pack says are always noted for an incident like this one.

    Run in the transaction that logs the incident. Each mandatory rule the incident
    meets proposes a provisional marker of the rule's kind on the customer, resting on
    the incident, raised by Conduct for the officer who logged it, so it waits in the
    verifiers' queue. If the customer already has a marker of that kind standing, the
    incident is linked to it instead. An incident about someone not yet known, or
    outside the policy, proposes nothing.
    """
    customer = incident.customer
    if customer is None:
        return []
    pack = incident.policy_pack
    proposed: list[Marker] = []
    for rule in rules_met(incident, mandatory=True):
        kind = category_of(pack, rule.marker)
        standing = (
            Marker.objects.select_for_update()
            .filter(customer=customer, category=kind.id, status__in=STANDING)
            .order_by("pk")
            .first()
        )
        if standing is not None:
            standing.incidents.add(incident)
            audit(
                "alerts.incident_linked_by_rule",
                standing,
                by,
                incident=incident.reference,
                rule=rule.name,
            )
            proposed.append(standing)
            continue
        marker = raise_marker(
            by=by,
            category=kind.id,
            handling=rule_handling(kind, rule, incident),
            customer=customer,
            incidents=[incident],
        )
        marker.rule, marker.rule_name = rule.id, rule.name
        save(marker, by, "rule", "rule_name")
        audit(
            "alerts.marker_proposed_by_rule",
            marker,
            by,
            incident=incident.reference,
            rule=rule.name,
        )
        proposed.append(marker)
    return proposed


def locked(marker: Marker) -> Marker:
    """The row, locked, so two people acting at once cannot both move it."""
    return Marker.objects.select_for_update().get(pk=marker.pk)


def save(marker: Marker, by: Actor, *fields: str) -> Marker:
    marker.modified_by = signed_in(by)
    marker.save(update_fields=[*fields, "modified_by", "modified_at"])
    return marker


@writes
def verify_marker(marker: Marker, *, by: User) -> Marker:
    """A line manager checks the marker is accurate and rests on what it says (I4, first step)."""
    marker = locked(marker)
    check("verify_marker", by, marker)
    marker.status, marker.verified_at, marker.verified_by = (
        Marker.Status.VERIFIED,
        timezone.now(),
        by,
    )
    save(marker, by, "status", "verified_at", "verified_by")
    audit("alerts.marker_verified", marker, by)
    return marker


@writes
def approve_marker(marker: Marker, *, by: User) -> Marker:
    """Health and safety approve a verified marker, which makes it live (I4, second step)."""
    marker = locked(marker)
    check("approve_marker", by, marker)
    marker.status, marker.approved_at, marker.approved_by = Marker.Status.LIVE, timezone.now(), by
    save(marker, by, "status", "approved_at", "approved_by")
    audit("alerts.marker_approved", marker, by)
    events.publish("marker.live", marker)
    return marker


@writes
def record_told(marker: Marker, *, told_on: date, by: User) -> Marker:
    """The person was told in writing that the marker exists, why and how to challenge it (I2)."""
    marker = locked(marker)
    check("record_told", by, marker)
    if told_on > today():
        raise bad_answer("The date they were told must be today or in the past", "told_on")
    marker.told_on, marker.not_told_reason, marker.not_told_revisit_on = told_on, "", None
    save(marker, by, "told_on", "not_told_reason", "not_told_revisit_on")
    audit("alerts.person_told", marker, by, told_on=told_on.isoformat())
    return marker


@writes
def record_not_told(marker: Marker, *, reason: str, revisit_on: date, by: User) -> Marker:
    """Telling them would itself create a risk: the reason, and when that is looked at again (I2)."""
    marker = locked(marker)
    check("record_not_told", by, marker)
    if blank(reason):
        raise bad_answer("Enter why telling them would create a risk", "reason")
    if revisit_on <= today():
        raise bad_answer("The date to look at this again must be in the future", "revisit_on")
    marker.told_on, marker.not_told_reason, marker.not_told_revisit_on = (
        None,
        reason.strip(),
        revisit_on,
    )
    save(marker, by, "told_on", "not_told_reason", "not_told_revisit_on")
    audit("alerts.person_not_told", marker, by, revisit_on=revisit_on.isoformat())
    return marker


@writes
def review_marker(marker: Marker, *, by: User, notes: str, handling: str = "") -> Marker:
    """Keep a live marker for another review period; new handling instructions make a new version."""
    marker = locked(marker)
    check("review_marker", by, marker)
    if blank(notes):
        raise bad_answer("Enter what the review found", "notes")
    months = category_of(marker.policy_pack, marker.category).review_months
    marker.review_on = min(add_months(today(), months), marker.retain_until)
    marker.review_escalated_at, marker.occupier_recheck_since = None, None
    marker.reviewed_at = timezone.now()
    changed = not blank(handling) and handling.strip() != marker.handling
    if changed:
        marker.handling, marker.version = handling.strip(), marker.version + 1
    save(
        marker,
        by,
        "review_on",
        "review_escalated_at",
        "occupier_recheck_since",
        "reviewed_at",
        "handling",
        "version",
    )
    audit(
        "alerts.marker_reviewed",
        marker,
        by,
        next_review=marker.review_on.isoformat(),
        handling_changed=changed,
    )
    return marker


@writes
def withdraw_marker(marker: Marker, *, reason: str, by: User) -> Marker:
    """No longer needed, or wrong: the marker stops showing, the record and reason stay.

    Withdrawing is also how a provisional marker is turned down at verification, so a
    marker a mandatory rule proposed is never set aside without a recorded reason."""
    marker = locked(marker)
    check("withdraw_marker", by, marker)
    if blank(reason):
        raise bad_answer("Enter why the marker is withdrawn", "reason")
    if len(reason.strip()) > NOTE_LIMIT:
        raise bad_answer(
            f"Why the marker is withdrawn must be {NOTE_LIMIT:,} characters or fewer", "reason"
        )
    was_live = marker.status == Marker.Status.LIVE
    marker.status, marker.ended_on, marker.end_reason = (
        Marker.Status.WITHDRAWN,
        today(),
        reason.strip(),
    )
    save(marker, by, "status", "ended_on", "end_reason")
    # A marker the policy says is always noted: the trail says which rule was set aside.
    rule = {"rule": marker.rule_name} if marker.from_mandatory_rule else {}
    audit("alerts.marker_withdrawn", marker, by, reason=marker.end_reason, **rule)
    if was_live:
        events.publish("marker.ended", marker)
    return marker


@writes
def acknowledge_marker(marker: Marker, *, by: User, session_key: str) -> Acknowledgement:
    """This member of staff has read a high marker's handling instructions in this session."""
    acknowledgement, created = Acknowledgement.objects.get_or_create(
        marker=marker,
        version=marker.version,
        staff=by,
        session_key=session_key,
        defaults={"created_by": by, "modified_by": by},
    )
    if created:
        audit("alerts.marker_acknowledged", marker, by, version=marker.version)
    return acknowledgement


@writes
def read_restricted_detail(marker: Marker, *, by: User, purpose: str, detail: str) -> DetailRead:
    """Need to know: the reader says why before the detail shows, and the reading is kept (I3)."""
    refuse_if(
        not by.has_perm("alerts.view_restricted_detail", marker),
        "Only staff who need to know can read a marker’s restricted detail",
    )
    if purpose not in DetailRead.Purpose.values:
        raise bad_answer("Select why you need to read the detail", "purpose")
    if blank(detail):
        raise bad_answer("Enter what you need the detail for", "detail")
    read = DetailRead.objects.create(
        marker=marker,
        staff=by,
        purpose=purpose,
        detail=detail.strip(),
        created_by=by,
        modified_by=by,
    )
    audit("alerts.restricted_detail_read", marker, by, purpose=read.get_purpose_display())
    return read


@writes
def find_or_add_premises(
    *, line_1: str, postcode: str, by: Actor, line_2: str = "", town: str = "", uprn: str = ""
) -> Premises:
    """The premises at this address, added the first time a hazard is recorded there."""
    if blank(line_1):
        raise bad_answer("Enter the first line of the address", "line_1")
    code = addresses.postcode_or_blank(postcode)
    if not code:
        raise bad_answer("Enter a real postcode, like SW1A 1AA", "postcode")
    key, number = addresses.first_line(line_1), addresses.uprn_or_blank(uprn)
    if uprn.strip() and not number:
        raise bad_answer("Enter a UPRN of up to 12 digits", "uprn")
    found = (
        Premises.objects.filter(uprn=number)
        if number
        else Premises.objects.filter(postcode=code, line_1_key=key)
    )
    existing = found.first()
    if existing is not None:
        return existing
    user = signed_in(by)
    premises = Premises.objects.create(
        reference=next_reference("PR"),
        uprn=number,
        line_1=line_1.strip(),
        line_2=line_2.strip(),
        town=town.strip(),
        postcode=code,
        line_1_key=key,
        created_by=user,
        modified_by=user,
    )
    record(
        "alerts.premises_added",
        actor=by,
        target=premises,
        payload={"reference": premises.reference},
    )
    return premises


# Done by Conduct itself on schedule (tasks.py); `by` is None --------------------------------


@writes
def escalate_overdue_review(marker: Marker) -> bool:
    """Tell health and safety a live marker's review is overdue, once (stamped)."""
    marker = locked(marker)
    late = marker.review_on + ESCALATE_AFTER <= today()
    if marker.status != Marker.Status.LIVE or marker.review_escalated_at is not None or not late:
        return False
    marker.review_escalated_at = timezone.now()
    save(marker, None, "review_escalated_at")
    audit("alerts.review_escalated", marker, None, review_on=marker.review_on.isoformat())
    notifications.overdue_review_email.enqueue(marker.pk)
    return True


@writes
def expire_marker(marker: Marker) -> bool:
    """At the end of its retention period a marker ends and its restricted detail goes (I5)."""
    marker = locked(marker)
    if marker.retain_until > today() or marker.detail_removed_at is not None:
        return False
    was_live = marker.status == Marker.Status.LIVE
    if marker.status not in (Marker.Status.WITHDRAWN, Marker.Status.EXPIRED):
        marker.status, marker.ended_on = Marker.Status.EXPIRED, today()
        marker.end_reason = "The retention period for this kind of marker ended"
    marker.restricted_detail, marker.detail_removed_at = "", timezone.now()
    save(marker, None, "status", "ended_on", "end_reason", "restricted_detail", "detail_removed_at")
    audit("alerts.marker_expired", marker, None, retain_until=marker.retain_until.isoformat())
    if was_live:
        events.publish("marker.ended", marker)
    return True


def occupiers_since(marker: Marker) -> list[Address]:
    """Customers who moved in at the premises after the hazard was last approved or reviewed."""
    place = marker.premises
    assert place is not None
    checked = marker.reviewed_at or marker.approved_at or marker.created_at
    current = Address.objects.filter(is_current=True, created_at__gt=checked)
    nearby = (
        current.filter(uprn=place.uprn) if place.uprn else current.filter(postcode=place.postcode)
    )
    return [a for a in nearby if place.uprn or addresses.first_line(a.line_1) == place.line_1_key]


@writes
def flag_new_occupier(marker: Marker) -> bool:
    """Someone new lives at a hazard's address: it is re-checked at a review (I6), flagged once."""
    marker = locked(marker)
    if marker.occupier_recheck_since is not None or not occupiers_since(marker):
        return False
    marker.occupier_recheck_since = timezone.now()
    save(marker, None, "occupier_recheck_since")
    audit("alerts.new_occupier", marker, None)
    return True


@writes
def remove_unconfirmed_imports(*, older_than: timedelta) -> int:
    """Delete register files uploaded for import but never confirmed, older than the cut-off;
    audited with the count. Running again finds nothing more to do."""
    stale = uploads.unconfirmed(older_than=older_than)
    for path in stale:
        path.unlink(missing_ok=True)
    if stale:
        record("alerts.unconfirmed_imports_removed", actor=None, payload={"files": len(stale)})
    return len(stale)
