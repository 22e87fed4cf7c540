"""Appeals against a decision: lodged in the pack's window, heard by someone who took no part.

Staff lodge an appeal on the customer's behalf. The pack says how many working
days the customer has (counted with its nation's bank holidays), who hears it
and how soon. The appeals officer must have had no part in the decision, the
incidents or the escalation (E1, E2); whatever the outcome, the customer is
told how to go to the Ombudsman (E3, F2).
"""

from datetime import date
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases import workflow
from conduct.cases.models import (
    Appeal,
    Case,
    CustomerMustBeTold,
    Decision,
    FormalWarning,
    Notification,
    Restriction,
)
from conduct.cases.notifications import notify_teams
from conduct.cases.reviews import apply_terms
from conduct.core import events
from conduct.core.audit import record
from conduct.core.refusals import Refusal
from conduct.core.transactions import writes
from conduct.core.working_days import add_working_days
from conduct.incidents.models import IncidentAction
from conduct.policy.schema import PolicyPackFile


def pack_for(decision: Decision) -> PolicyPackFile:
    return decision.policy_pack.file


def told_in_writing_on(decision: Decision) -> date | None:
    """The day the customer was first told the decision in writing (its letter issued)."""
    told = (
        CustomerMustBeTold.objects.filter(decision=decision, fulfilled_at__isnull=False)
        .order_by("fulfilled_at")
        .values_list("fulfilled_at", flat=True)
        .first()
    )
    return timezone.localdate(told) if told else None


def last_day_to_appeal(decision: Decision, *, told_on: date | None = None) -> date:
    """The pack's window, counted from the day the customer is told the decision (the letter's
    date), never from before the decision: a letter written weeks after the decision must
    still give the customer the whole window. Without a letter, from the decision."""
    pack = pack_for(decision)
    decided_on = timezone.localdate(decision.decided_at)
    told = told_on or told_in_writing_on(decision)
    start = max(decided_on, told) if told else decided_on
    return add_working_days(start, pack.appeal.window_working_days, pack.calendar.working_days)


def day(value: date) -> str:
    return value.strftime("%-d %B %Y")


@writes
def lodge_appeal(
    case: Case, decision: Decision, *, by: User, received_on: date, grounds: str
) -> Appeal:
    """Record an appeal received in time; set the last day to lodge it and the target to decide."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    workflow.check("lodge_appeal", by, locked)
    if decision.case_id != locked.pk:
        raise Refusal("The decision appealed against is on another case")
    if received_on > timezone.localdate():
        raise Refusal("The date the appeal was received must be today or in the past")
    if not grounds.strip():
        raise Refusal("Enter the grounds of the appeal")
    if decision.appeals.filter(decided_at__isnull=True).exists():
        raise Refusal("There is already an appeal against this decision waiting")
    pack = pack_for(decision)
    lodge_by = last_day_to_appeal(decision)
    if received_on > lodge_by:
        raise Refusal(
            f"The appeal was received on {day(received_on)}, after the last day to appeal, "
            f"{day(lodge_by)} ({pack.appeal.window_working_days} working days after the "
            f"{'customer was told' if told_in_writing_on(decision) else 'decision'})"
        )
    decide_by = add_working_days(
        received_on, pack.appeal.decision_working_days, pack.calendar.working_days
    )
    appeal = Appeal.objects.create(
        decision=decision,
        case=locked,
        received_on=received_on,
        grounds=grounds.strip(),
        lodge_by=lodge_by,
        decide_by=decide_by,
        created_by=by,
        modified_by=by,
    )
    record(
        "cases.appeal_lodged",
        actor=by,
        target=appeal,
        payload={"reference": locked.reference, "received_on": received_on, "decide_by": decide_by},
    )
    return appeal


# Who took part --------------------------------------------------------------------------------


def involvement(appeal: Appeal, person: User) -> str | None:
    """Why this person took part in what is appealed, in a sentence; None if they did not."""
    case, name = appeal.case, person.get_full_name()
    if (
        case.decisions.filter(members__member=person).exists()
        or case.decisions.filter(created_by=person).exists()
    ):
        return f"{name} took part in the decision, so cannot hear the appeal"
    incidents = case.incidents.all()
    if incidents.filter(created_by=person).exists():
        return f"{name} logged an incident in this case, so cannot hear the appeal"
    if incidents.filter(staff_affected=person).exists():
        return f"{name} was affected by an incident in this case, so cannot hear the appeal"
    escalated = IncidentAction.objects.filter(
        incident__in=incidents, kind=IncidentAction.Kind.ESCALATED, created_by=person
    ).exists()
    if escalated or case.created_by_id == person.pk:
        return f"{name} escalated this case, so cannot hear the appeal"
    return None


def check_officer(appeal: Appeal, officer: User) -> str:
    """Refuse an officer who may not hear the appeal; the post they hear it in ("" if none)."""
    pack = pack_for(appeal.decision)
    if not {role.value for role in officer.roles} & workflow.appeal_deciders(pack):
        raise Refusal(
            f"{officer.get_full_name()} does not hold a role that hears appeals under this policy"
        )
    seats = workflow.seats_for(pack, pack.appeal.decided_by, officer, appeal.case)
    if not seats:
        posts = workflow.body_posts(pack, pack.appeal.decided_by)
        raise Refusal(
            f"{officer.get_full_name()} does not hold the post: "
            + workflow.lower_first(workflow.only_posts(posts, "hear the appeal"))
        )
    if pack.appeal.decider_must_be_uninvolved:
        reason = involvement(appeal, officer)
        if reason:
            raise Refusal(reason)
    return seats[0].post or ""


@writes
def assign_appeals_officer(appeal: Appeal, *, by: User, officer: User) -> Appeal:
    """Ask an uninvolved appeals officer to hear the appeal."""
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if locked.decided_at is not None:
        raise Refusal("The appeal has already been decided")
    check_officer(locked, officer)
    locked.appeals_officer, locked.modified_by = officer, by
    locked.save(update_fields=["appeals_officer", "modified_by", "modified_at"])
    record(
        "cases.appeals_officer_assigned",
        actor=by,
        target=locked,
        payload={"reference": locked.case.reference, "officer": officer.get_full_name()},
    )
    return locked


# Deciding ---------------------------------------------------------------------------------------

NOT_DECLARED = "Confirm that you were not involved in the decision, the incidents or the escalation"


@writes
def decide_appeal(
    appeal: Appeal,
    *,
    by: User,
    outcome: str,
    reasons: str,
    declared_not_involved: bool,
    varied_terms: dict[int, dict[str, Any]] | None = None,
) -> Appeal:
    """Confirm, vary or quash the decision; signpost the Ombudsman; the customer must be told.

    The officer declares they took no part in the decision, the incidents or the escalation
    (E1, E2); the declaration's time is kept with the appeal.
    """
    locked = Appeal.objects.select_for_update().select_related("decision", "case").get(pk=appeal.pk)
    workflow.check("decide_appeal", by, locked)
    pack = pack_for(locked.decision)
    check_answers(locked, by, pack, outcome, reasons)
    if not declared_not_involved:
        raise Refusal(NOT_DECLARED)
    post = check_officer(locked, by)
    if outcome == Appeal.Outcome.QUASH:
        quash(locked.decision, by=by)
    if outcome == Appeal.Outcome.VARY:
        vary(locked.decision, pack, varied_terms or {}, by=by)
    locked.appeals_officer, locked.decided_at = by, timezone.now()
    locked.declared_not_involved_at = locked.decided_at
    locked.outcome, locked.reasons, locked.modified_by = outcome, reasons.strip(), by
    locked.post = post
    locked.post_name = next((p.name for p in pack.posts if p.id == post), "")
    locked.ombudsman_signposted = list(pack.ombudsman.signpost)
    locked.save()
    CustomerMustBeTold.objects.create(
        case=locked.case, about=CustomerMustBeTold.About.APPEAL, appeal=locked, created_by=by
    )
    events.publish("appeal.decided", locked)
    record(
        "cases.appeal_decided",
        actor=by,
        target=locked,
        payload={
            "reference": locked.case.reference,
            "outcome": locked.get_outcome_display().lower(),
            "late": is_late(locked),
            "ombudsman": locked.ombudsman_signposted,
            "declared_not_involved": True,
        },
    )
    return locked


def check_answers(
    appeal: Appeal, by: User, pack: PolicyPackFile, outcome: str, reasons: str
) -> None:
    if outcome not in pack.appeal.outcomes:
        raise Refusal("Select an outcome this policy allows for an appeal")
    if not reasons.strip():
        raise Refusal("Enter the reasons for the appeal decision")
    if appeal.appeals_officer_id not in (None, by.pk):
        raise Refusal(
            f"This appeal is to be heard by {appeal.appeals_officer.get_full_name()}"  # type: ignore[union-attr]
        )


def quash(decision: Decision, *, by: User) -> None:
    """End the decision's live restrictions and warning: quashed on appeal."""
    now = timezone.now()
    for restriction in decision.restrictions.select_for_update().filter(
        status=Restriction.Status.ACTIVE
    ):
        restriction.status, restriction.ended_at = Restriction.Status.QUASHED, now
        restriction.review_on, restriction.modified_by = None, by
        restriction.save()
        notify_teams(restriction, Notification.Event.ENDED, by=by)
        events.publish("restriction.lifted", restriction)
    FormalWarning.objects.filter(decision=decision, status=FormalWarning.Status.ACTIVE).update(
        status=FormalWarning.Status.QUASHED, modified_by=by, modified_at=now
    )


def vary(
    decision: Decision, pack: PolicyPackFile, terms: dict[int, dict[str, Any]], *, by: User
) -> None:
    """New terms for the named restrictions of the decision (restriction id → terms)."""
    live = decision.restrictions.select_for_update().filter(status=Restriction.Status.ACTIVE)
    for restriction in live.filter(pk__in=list(terms)):
        apply_terms(restriction, pack, terms[restriction.pk])
        restriction.modified_by = by
        restriction.save()
        notify_teams(restriction, Notification.Event.CHANGED, by=by)
        events.publish("restriction.varied", restriction)


def is_late(appeal: Appeal) -> bool:
    """Decided after the pack's target, or still waiting past it."""
    decided_on = timezone.localdate(appeal.decided_at) if appeal.decided_at else None
    return (decided_on or timezone.localdate()) > appeal.decide_by
