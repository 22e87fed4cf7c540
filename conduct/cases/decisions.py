"""The decision workflow's moves before review: investigate, decide, warn, restrict, ratify, close.

Each move is a verb-named function: it locks the case, asks the workflow
whether this person may make the move now (`workflow.check`), refuses answers
the policy or the law forbids with `Refusal` (a sentence
saying why), writes its rows and its audit event in one transaction. The
policy pack in force for the case says who decides, which outcomes and
restrictions exist, and how long before a review.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases import tasks, workflow
from conduct.cases.decision_pack_files import freeze_decision_pack
from conduct.cases.models import (
    Case,
    CustomerMustBeTold,
    Decision,
    DecisionMember,
    DisabilityLink,
    FormalWarning,
    Investigation,
    Notification,
    Outcome,
    Restriction,
)
from conduct.cases.notifications import notify_teams
from conduct.cases.restrictions import RestrictionTerms, impose_restriction, restriction_type
from conduct.cases.workflow import blank, lower_first, outcomes_offered, today
from conduct.core import events
from conduct.core.audit import record
from conduct.core.refusals import refuse_if
from conduct.core.transactions import writes
from conduct.core.working_days import add_months, add_working_days
from conduct.customers.models import Customer
from conduct.incidents.models import IncidentAction, InformalWarning
from conduct.policy.schema import PolicyPackFile

DEFAULT_MONITORING_MONTHS = 3  # C3: "commonly 3 months" where the pack says nothing


@dataclass
class FormalWarningTerms:
    """What a formal warning says and who watches it (C1, C3)."""

    behaviour: str
    single_point_of_contact: User
    monitoring_months: int | None = None


@dataclass
class Records:
    """The records every decision carries (A2, A3, A5, A6, A9, D5), whatever its outcome."""

    reasons: str
    disability_link: str
    equality_act_reasoning: str
    human_rights_reasoning: str
    staff_wellbeing: str
    mandatory_services_stay_open: bool
    protected_routes_stay_open: bool
    behaviour_categories: list[str] = field(default_factory=list)
    other_resolution: str = ""
    legal_advice: str = ""
    equality_assessment: str = ""


REQUIRED_TEXT = {
    "reasons": "Enter the reasons for the decision",
    "equality_act_reasoning": "Enter the Equality Act reasoning",
    "human_rights_reasoning": "Enter the human rights and proportionality reasoning",
    "staff_wellbeing": "Enter the impact on staff wellbeing",
}


# Small helpers ------------------------------------------------------------------------------


def locked(case: Case) -> Case:
    """The case, locked against a second submission made at the same moment."""
    return (
        Case.objects.select_for_update().select_related("policy_pack", "customer").get(pk=case.pk)
    )


def refresh(original: Case, changed: Case) -> None:
    original.status = changed.status
    original.ladder_step = changed.ladder_step
    original.closed_at = changed.closed_at


def save_case(case: Case, by: User, *fields: str) -> None:
    case.modified_by = by
    case.save(update_fields=[*fields, "modified_at", "modified_by"])


# Investigation -----------------------------------------------------------------------------


@writes
def start_investigation(case: Case, *, by: User) -> Case:
    """Open the investigation: the case officer gathers evidence before anyone decides (A8)."""
    current = locked(case)
    workflow.check("start_investigation", by, current)
    current.status = Case.Status.INVESTIGATING
    save_case(current, by, "status")
    record("cases.investigation_started", actor=by, target=current, payload=case_payload(current))
    refresh(case, current)
    return current


def case_payload(case: Case) -> dict[str, Any]:
    return {"reference": case.reference}


@writes
def record_investigation(
    case: Case,
    *,
    by: User,
    evidence_reviewed: str,
    underlying_causes: str,
    adjustments_considered: str,
    complaint_handled_properly: bool,
    other_services_involved: str = "",
    known_to_social_care: bool = False,
    known_to_mental_health_services: bool = False,
    cross_service_notes: str = "",
    significant_new_information: bool = False,
    more_specific_route: str = "",
    health_and_safety_findings: str = "",
) -> Investigation:
    """Record what was looked at, the cross-service check and the underlying causes (A4, A8)."""
    current = locked(case)
    workflow.check("record_investigation", by, current)
    refuse_if(blank(evidence_reviewed), "Enter the evidence reviewed")
    refuse_if(blank(underlying_causes), "Enter the underlying causes considered")
    refuse_if(blank(adjustments_considered), "Enter the reasonable adjustments considered")
    investigation = Investigation.objects.create(
        case=current,
        evidence_reviewed=evidence_reviewed.strip(),
        other_services_involved=other_services_involved.strip(),
        known_to_social_care=known_to_social_care,
        known_to_mental_health_services=known_to_mental_health_services,
        cross_service_notes=cross_service_notes.strip(),
        underlying_causes=underlying_causes.strip(),
        adjustments_considered=adjustments_considered.strip(),
        complaint_handled_properly=complaint_handled_properly,
        significant_new_information=significant_new_information,
        more_specific_route=more_specific_route.strip(),
        health_and_safety_findings=health_and_safety_findings.strip(),
        completed_at=timezone.now(),
        created_by=by,
        modified_by=by,
    )
    current.status = Case.Status.READY_FOR_DECISION
    save_case(current, by, "status")
    record("cases.investigation_recorded", actor=by, target=current, payload=case_payload(current))
    refresh(case, current)
    return investigation


# The ladder and closing --------------------------------------------------------------------


@writes
def move_up_the_ladder(case: Case, *, by: User, reason: str) -> Case:
    """Take the case to the pack's next ladder step (a service manager, an executive officer)."""
    current = locked(case)
    workflow.check("move_up_the_ladder", by, current)
    refuse_if(blank(reason), "Enter why the case is moving up the ladder")
    step = workflow.next_step(current)
    current.ladder_step = step.id
    save_case(current, by, "ladder_step")
    payload = {**case_payload(current), "step": step.name, "reason": reason.strip()}
    record("cases.moved_up_the_ladder", actor=by, target=current, payload=payload)
    refresh(case, current)
    return current


@writes
def close_case(case: Case, *, by: User, reason: str) -> Case:
    """Close a decided case once nothing is live; the reason is kept in the audit trail."""
    current = locked(case)
    workflow.check("close_case", by, current)
    refuse_if(blank(reason), "Enter why the case is being closed")
    current.status = Case.Status.CLOSED
    current.closed_at = timezone.now()
    save_case(current, by, "status", "closed_at")
    payload = {**case_payload(current), "reason": reason.strip()}
    record("cases.case_closed", actor=by, target=current, payload=payload)
    refresh(case, current)
    return current


# Who may decide (A7) -----------------------------------------------------------------------


def involvement(case: Case, person: User) -> str | None:
    """Why this person was involved in the case's incidents or escalation, or None."""
    name = person.full_name
    for incident in case.incidents.order_by("reference"):
        if incident.created_by_id == person.pk:
            return f"{name} logged incident {incident.reference} in this case, so cannot decide it"
        if incident.staff_affected.filter(pk=person.pk).exists():
            return f"{name} was affected by incident {incident.reference}, so cannot decide it"
        escalated = incident.actions.filter(kind=IncidentAction.Kind.ESCALATED, created_by=person)
        if escalated.exists():
            return f"{name} escalated incident {incident.reference}, so cannot decide it"
    if case.created_by_id == person.pk:
        return f"{name} escalated this case, so cannot decide it"
    return None


def check_prerequisites(case: Case, pack: PolicyPackFile, body_id: str) -> None:
    """What the pack says must come before its decision body decides.

    The case must have climbed the ladder to the step below the deciding body
    (ucb-2024-2028: a service manager or executive officer first), and where the
    pack asks for one, a Health and Safety investigation (West Lindsey 11.1, 12.2).
    """
    steps = pack.ladder.steps
    index = next((i for i, s in enumerate(steps) if s.decision_body == body_id), None)
    if index is None:
        return
    below = steps[index - 1] if index > 0 else None
    refuse_if(
        below is not None and workflow.current_step_index(case) < index - 1,
        f"Under this policy the case goes to {lower_first(below.name if below else '')} "
        "before it is decided: move it up the ladder first",
    )
    if "health-and-safety-investigation" not in steps[index].needs_first:
        return
    investigation = getattr(case, "investigation", None)
    refuse_if(
        investigation is None or blank(investigation.health_and_safety_findings),
        "This policy needs a Health and Safety investigation before the decision: "
        "record its findings in the investigation",
    )


def check_not_imposer(immediate: Decision, members: list[User]) -> None:
    """Ratifying is a fresh look: whoever imposed the restriction cannot confirm it."""
    for member in members:
        refuse_if(
            member.pk == immediate.created_by_id,
            f"{member.full_name} imposed the immediate restriction, so cannot ratify it",
        )


def check_members(case: Case, body_id: str, members: list[User], by: User) -> dict[int, str]:
    """The members are enough, each holds a role of the body (and its post, where the pack
    names one), none was involved, `by` is one. The post each member acts in, by their id."""
    pack = case.policy_pack.file
    body = pack.decision_body(body_id)
    assert body is not None  # the pack's references are checked when it is loaded
    unique = list({member.pk: member for member in members}.values())
    minimum = body.minimum_members
    refuse_if(
        len(unique) < minimum,
        f"The {body.name} needs at least {minimum} member{'s' if minimum > 1 else ''} to decide",
    )
    refuse_if(by.pk not in {m.pk for m in unique}, "You must be one of the members who decided")
    roles = workflow.body_roles(pack, body_id)
    acting: dict[int, str] = {}
    for member in unique:
        refuse_if(
            not {role.value for role in member.roles} & roles,
            f"{member.full_name} does not hold a role of the {body.name}",
        )
        acting[member.pk] = acting_post(case, body_id, member, taken=set(acting.values()))
        reason = involvement(case, member)
        refuse_if(reason is not None, reason or "")
    return acting


def acting_post(case: Case, body_id: str, member: User, *, taken: set[str]) -> str:
    """The post (the pack's id) the member sits in, "" where the body names none for their role;
    a member holding two of the body's posts takes one no one else has taken yet."""
    pack = case.policy_pack.file
    seats = workflow.seats_for(pack, body_id, member, case)
    refuse_if(
        not seats,
        f"{member.full_name} does not hold the post: "
        + lower_first(workflow.only_posts(workflow.body_posts(pack, body_id), "decide")),
    )
    posts = [seat.post or "" for seat in seats]
    return next((post for post in posts if post not in taken), posts[0])


def add_members(decision: Decision, members: list[User], posts: dict[int, str]) -> None:
    """The members who decided, each with the post they acted in, named as the pack names it."""
    pack = decision.policy_pack.file
    unique = {member.pk: member for member in members}.values()
    DecisionMember.objects.bulk_create(
        DecisionMember(
            decision=decision,
            member=member,
            declared_not_involved=True,
            post=posts.get(member.pk, ""),
            post_name=post_name(pack, posts.get(member.pk, "")),
        )
        for member in unique
    )


def post_name(pack: PolicyPackFile, post_id: str) -> str:
    post = pack.post(post_id) if post_id else None
    return post.name if post else ""


# The records (A2–A6, A9, D5) ---------------------------------------------------------------


def check_records(pack: PolicyPackFile, records: Records, outcome: str) -> None:
    """Refuse a decision missing any record the law and the Ombudsman expect, naming it."""
    for name, message in REQUIRED_TEXT.items():
        refuse_if(blank(getattr(records, name)), message)
    refuse_if(
        records.disability_link not in DisabilityLink.values,
        "Select whether the behaviour arises from a disability",
    )
    refuse_if(not records.behaviour_categories, "Select the behaviour category")
    known = {category.id for category in pack.behaviour.categories}
    for category in records.behaviour_categories:
        refuse_if(category not in known, f"“{category}” is not a behaviour category of this policy")
    refuse_if(
        not records.protected_routes_stay_open,
        "Confirm that complaints, payments, repairs, safeguarding, statutory services, "
        "the Ombudsman and subject access requests stay open",
    )
    refuse_if(
        not records.mandatory_services_stay_open and outcome != Outcome.FURTHER_ACTION,
        "Confirm that mandatory services stay open",
    )


def check_outcome(pack: PolicyPackFile, outcome: str, records: Records) -> None:
    """The outcome is one the deciding body's ladder step offers, with what it needs."""
    refuse_if(outcome not in Outcome.values, "Select an outcome")
    offered = outcomes_offered(pack)
    refuse_if(
        outcome not in offered, "This policy does not let the decision body choose that outcome"
    )
    refuse_if(
        outcome == Outcome.OTHER_RESOLUTION and blank(records.other_resolution),
        "Enter the other resolution: adjustments, a meeting, mediation or another way of contact",
    )
    refuse_if(
        outcome == Outcome.FURTHER_ACTION and blank(records.legal_advice),
        "Enter the legal advice: further action needs legal advice first",
    )


# Decisions ---------------------------------------------------------------------------------


@writes
def record_decision(
    case: Case,
    *,
    by: User,
    members: list[User],
    outcome: str,
    behaviour_categories: list[str],
    reasons: str,
    disability_link: str,
    equality_act_reasoning: str,
    human_rights_reasoning: str,
    staff_wellbeing: str,
    mandatory_services_stay_open: bool,
    protected_routes_stay_open: bool,
    other_resolution: str = "",
    legal_advice: str = "",
    equality_assessment: str = "",
    formal_warning: FormalWarningTerms | None = None,
    restrictions: list[RestrictionTerms] | None = None,
) -> Decision:
    """The decision body's decision, with every record A1–A10 asks for, and what follows from it."""
    current = locked(case)
    workflow.check("record_decision", by, current)
    pack = current.policy_pack.file
    records = Records(
        reasons=reasons,
        disability_link=disability_link,
        equality_act_reasoning=equality_act_reasoning,
        human_rights_reasoning=human_rights_reasoning,
        staff_wellbeing=staff_wellbeing,
        mandatory_services_stay_open=mandatory_services_stay_open,
        protected_routes_stay_open=protected_routes_stay_open,
        behaviour_categories=list(behaviour_categories),
        other_resolution=other_resolution,
        legal_advice=legal_advice,
        equality_assessment=equality_assessment,
    )
    body_id = workflow.deciding_body_id(pack)
    check_prerequisites(current, pack, body_id)
    posts = check_members(current, body_id, members, by)
    check_records(pack, records, outcome)
    check_outcome(pack, outcome, records)
    terms = list(restrictions or [])
    check_outcome_terms(current, outcome, formal_warning, terms)
    decision = create_decision(current, by, outcome, records, body_id=body_id)
    add_members(decision, members, posts)
    if formal_warning is not None:
        issue_formal_warning(decision, formal_warning, by=by)
    for each in terms:
        impose_restriction(
            decision,
            each,
            legal_advice=records.legal_advice,
            equality_assessment=records.equality_assessment,
            members=members,
            by=by,
        )
    return finish_decision(case, current, decision, by)


def check_outcome_terms(
    case: Case, outcome: str, warning: FormalWarningTerms | None, terms: list[RestrictionTerms]
) -> None:
    """Warning terms for a warning, restriction terms for a restriction, and nothing else (C1)."""
    refuse_if(outcome == Outcome.FORMAL_WARNING and warning is None, "Enter the warning’s terms")
    refuse_if(
        outcome != Outcome.FORMAL_WARNING and warning is not None,
        "Only a formal warning has warning terms",
    )
    refuse_if(outcome == Outcome.RESTRICTION and not terms, "Add at least one restriction")
    refuse_if(
        outcome != Outcome.RESTRICTION and bool(terms), "Only a restriction outcome restricts"
    )
    pack = case.policy_pack.file
    if outcome == Outcome.RESTRICTION and pack.ladder.warning_before_restriction:
        refuse_if(
            not has_been_warned(case.customer),
            f"This policy needs a warning before a restriction, and {case.customer.full_name} "
            "has not been warned. Restrict at once only on the policy’s serious grounds",
        )


def has_been_warned(customer: Customer) -> bool:
    """An informal warning was recorded, or a formal warning issued, to this customer (C1)."""
    informal = InformalWarning.objects.filter(customer=customer).exists()
    return informal or FormalWarning.objects.filter(customer=customer).exists()


def create_decision(
    case: Case, by: User, outcome: str, records: Records, *, body_id: str, **extra: Any
) -> Decision:
    """The decision row; it stores the pack and version in force for the case (A1)."""
    return Decision.objects.create(
        case=case,
        policy_pack=case.policy_pack,
        decision_body=body_id,
        decided_at=timezone.now(),
        outcome=outcome,
        behaviour_categories=records.behaviour_categories,
        reasons=records.reasons.strip(),
        disability_link=records.disability_link,
        equality_act_reasoning=records.equality_act_reasoning.strip(),
        human_rights_reasoning=records.human_rights_reasoning.strip(),
        staff_wellbeing=records.staff_wellbeing.strip(),
        mandatory_services_stay_open=records.mandatory_services_stay_open,
        protected_routes_stay_open=records.protected_routes_stay_open,
        other_resolution=records.other_resolution.strip(),
        legal_advice=records.legal_advice.strip(),
        equality_assessment=records.equality_assessment.strip(),
        created_by=by,
        modified_by=by,
        **extra,
    )


def finish_decision(original: Case, case: Case, decision: Decision, by: User) -> Decision:
    """Move the case on, note that the customer must be told (F4), and audit it."""
    case.status = Case.Status.DECIDED
    save_case(case, by, "status")
    must_tell(decision, CustomerMustBeTold.About.DECISION, by)
    record("cases.decision_recorded", actor=by, target=case, payload=decision_payload(decision))
    events.publish("decision.recorded", decision)
    freeze(decision, by)
    refresh(original, case)
    return decision


def freeze(decision: Decision, by: User) -> None:
    """Keep the decision pack as it stood now; its PDFs are written by a job queued in the same
    transaction, so a decision is never kept without it (J1)."""
    frozen = freeze_decision_pack(decision, by=by)
    tasks.store_frozen_decision_pack.enqueue(frozen.pk)


def must_tell(decision: Decision, about: str, by: User) -> CustomerMustBeTold:
    return CustomerMustBeTold.objects.create(
        case=decision.case, about=about, decision=decision, created_by=by, modified_by=by
    )


def decision_payload(decision: Decision) -> dict[str, Any]:
    return {
        "reference": decision.case.reference,
        "decision": decision.pk,
        "outcome": decision.outcome,
        "body": decision.decision_body,
        "pack": f"{decision.policy_pack.pack_id} {decision.policy_pack.version}",
        "members": ", ".join(sorted(member_text(m) for m in decision.members.all())),
    }


def member_text(member: DecisionMember) -> str:
    email = member.member.email
    return f"{email} as {member.post_name}" if member.post_name else email


# Formal warnings (C1, C3) ------------------------------------------------------------------


def issue_formal_warning(
    decision: Decision, terms: FormalWarningTerms, *, by: User
) -> FormalWarning:
    """A formal warning with its monitoring period and single point of contact."""
    pack = decision.case.policy_pack.file
    refuse_if(
        blank(terms.behaviour), "Enter the behaviour named in the warning and the change asked for"
    )
    contact = terms.single_point_of_contact
    refuse_if(
        contact is None or not contact.is_active or not contact.roles,
        "Select the single point of contact",
    )
    outcome = pack.outcome(Outcome.FORMAL_WARNING)
    months = terms.monitoring_months or (outcome and outcome.monitoring_months)
    months = months or DEFAULT_MONITORING_MONTHS
    refuse_if(months < 1 or months > 24, "Enter a monitoring period between 1 and 24 months")
    starts = today()
    warning = FormalWarning.objects.create(
        decision=decision,
        case=decision.case,
        customer=decision.case.customer,
        behaviour=terms.behaviour.strip(),
        monitoring_from=starts,
        monitoring_until=add_months(starts, months),
        single_point_of_contact=contact,
        created_by=by,
        modified_by=by,
    )
    record(
        "cases.formal_warning_issued",
        actor=by,
        target=decision.case,
        payload={"reference": decision.case.reference, "until": warning.monitoring_until},
    )
    events.publish("warning.issued", warning)
    return warning


# Immediate restrictions (C2) ---------------------------------------------------------------


IMMEDIATE_BODY = "immediate-restriction"


@writes
def impose_immediate_restriction(
    case: Case,
    *,
    by: User,
    ground: str,
    reasons: str,
    restrictions: list[RestrictionTerms],
    disability_link: str,
    equality_act_reasoning: str,
    human_rights_reasoning: str,
    staff_wellbeing: str,
    mandatory_services_stay_open: bool,
    protected_routes_stay_open: bool,
    behaviour_categories: list[str],
) -> Decision:
    """Restrict at once, without a warning, on one of the pack's serious grounds; to be ratified."""
    current = locked(case)
    workflow.check("impose_immediate_restriction", by, current)
    pack = current.policy_pack.file
    grounds = {g.id: g for g in pack.immediate_restriction.grounds}
    refuse_if(
        ground not in grounds,
        "Restricting at once is only possible on this policy’s serious grounds: "
        + "; ".join(g.name.lower() for g in grounds.values()),
    )
    records = Records(
        reasons=reasons,
        disability_link=disability_link,
        equality_act_reasoning=equality_act_reasoning,
        human_rights_reasoning=human_rights_reasoning,
        staff_wellbeing=staff_wellbeing,
        mandatory_services_stay_open=mandatory_services_stay_open,
        protected_routes_stay_open=protected_routes_stay_open,
        behaviour_categories=list(behaviour_categories),
    )
    check_records(pack, records, Outcome.RESTRICTION)
    refuse_if(not restrictions, "Add at least one restriction")
    for each in restrictions:
        rtype = restriction_type(pack, each.type)
        refuse_if(rtype.needs_higher_authority, f"“{rtype.name}” cannot be imposed at once")
    decision = create_decision(
        current,
        by,
        Outcome.RESTRICTION,
        records,
        body_id=IMMEDIATE_BODY,
        immediate=True,
        immediate_ground=ground,
    )
    ratify_by = add_working_days(
        today(), pack.immediate_restriction.ratify_within_working_days, pack.calendar.working_days
    )
    for each in restrictions:
        impose_restriction(
            decision,
            each,
            legal_advice=records.legal_advice,
            equality_assessment=records.equality_assessment,
            members=[by],
            by=by,
            ratify_by=ratify_by,
        )
    return finish_decision(case, current, decision, by)


def waiting_for_ratification(case: Case, decision_id: int | None = None) -> Decision:
    """The case's immediate decision still to be ratified (the one named, if given)."""
    waiting = case.decisions.filter(immediate=True, ratified_by__isnull=True)
    if decision_id is not None:
        waiting = waiting.filter(pk=decision_id)
    found = waiting.order_by("decided_at").first()
    refuse_if(found is None, "There is no immediate restriction waiting to be ratified")
    assert found is not None
    return found


@writes
def ratify_immediate_restriction(
    case: Case,
    immediate_decision: Decision,
    *,
    by: User,
    members: list[User],
    confirm: bool,
    reasons: str,
    disability_link: str,
    equality_act_reasoning: str,
    human_rights_reasoning: str,
    staff_wellbeing: str,
    mandatory_services_stay_open: bool,
    protected_routes_stay_open: bool,
) -> Decision:
    """The ratifying body confirms an immediate restriction, or it lapses at once (C2)."""
    current = locked(case)
    workflow.check("ratify_immediate_restriction", by, current)
    immediate = waiting_for_ratification(current, immediate_decision.pk)
    pack = current.policy_pack.file
    body_id = pack.immediate_restriction.ratified_by
    posts = check_members(current, body_id, members, by)
    check_not_imposer(immediate, members)
    records = Records(
        reasons=reasons,
        disability_link=disability_link,
        equality_act_reasoning=equality_act_reasoning,
        human_rights_reasoning=human_rights_reasoning,
        staff_wellbeing=staff_wellbeing,
        mandatory_services_stay_open=mandatory_services_stay_open,
        protected_routes_stay_open=protected_routes_stay_open,
        behaviour_categories=list(immediate.behaviour_categories),
    )
    outcome = Outcome.RESTRICTION if confirm else Outcome.NO_FURTHER_ACTION
    check_records(pack, records, outcome)
    decision = create_decision(current, by, outcome, records, body_id=body_id, ratifies=immediate)
    add_members(decision, members, posts)
    if confirm:
        immediate.restrictions.filter(status=Restriction.Status.ACTIVE).update(ratify_by=None)
        must_tell(decision, CustomerMustBeTold.About.RATIFICATION, by)
    else:
        lapse(immediate, by)
        must_tell(decision, CustomerMustBeTold.About.DECISION, by)
    verb = (
        "cases.immediate_restriction_ratified" if confirm else "cases.immediate_restriction_lapsed"
    )
    record(verb, actor=by, target=current, payload=decision_payload(decision))
    events.publish("decision.recorded", decision)
    freeze(decision, by)
    refresh(case, current)
    return decision


def lapse(immediate: Decision, by: User) -> None:
    """End an immediate decision's restrictions: the ratifying body did not confirm them."""
    for restriction in immediate.restrictions.filter(status=Restriction.Status.ACTIVE):
        restriction.status = Restriction.Status.LAPSED
        restriction.ended_at = timezone.now()
        restriction.modified_by = by
        restriction.save(update_fields=["status", "ended_at", "modified_at", "modified_by"])
        notify_teams(restriction, Notification.Event.ENDED, by=by)
        events.publish("restriction.lapsed", restriction)


def role_allows(name: str, person: User, case: Case) -> bool:
    """Whether the pack gives this person's role the move at all (else the door answers 403)."""
    return workflow.role_refusal(name, person, case) is None
