"""The informal stage (journey step 3): what a line manager does about a logged incident.

Which actions an incident's status allows is declared once, in `ALLOWED`; the
views, the API and the incident page ask it what to offer. Each action is a
verb-named function that locks the incident, checks the table, writes one
IncidentAction row, moves the status and records its audit event, all in one
transaction.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases import services as cases
from conduct.cases.models import Case
from conduct.core.audit import record
from conduct.core.refusals import Refusal, bad_answer
from conduct.core.transactions import writes
from conduct.customers.models import Customer
from conduct.incidents import coverage
from conduct.incidents.models import Incident, IncidentAction, InformalWarning

Status = Incident.Status
Kind = IncidentAction.Kind


def not_now(reason: str) -> Refusal:
    """The action is not open to the incident as it stands (its status, or no known customer)."""
    return Refusal(reason, problem="not-allowed-now")


class Action(StrEnum):
    NO_FURTHER_ACTION = "no-further-action"
    INFORMAL_WARNING = "informal-warning"
    REQUEST_MORE_DETAIL = "request-more-detail"
    ADD_DETAIL = "add-detail"
    ESCALATE = "escalate"


@dataclass(frozen=True)
class ActionSpec:
    """How an action reads, who may take it, and where it leaves the incident."""

    action: Action
    label: str
    url_name: str
    permission: str
    moves_to: str
    needs_customer: bool = False
    # A step on the pack's ladder: closed to an incident the policy does not cover.
    on_the_ladder: bool = False


SPECS: dict[Action, ActionSpec] = {
    spec.action: spec
    for spec in (
        ActionSpec(
            Action.INFORMAL_WARNING,
            "Record an informal warning",
            "incidents:informal_warning",
            "incidents.act_on_incident",
            Status.INFORMAL_WARNING,
            needs_customer=True,
            on_the_ladder=True,
        ),
        ActionSpec(
            Action.ESCALATE,
            "Escalate to a case",
            "incidents:escalate",
            "incidents.act_on_incident",
            Status.ESCALATED,
            needs_customer=True,
            on_the_ladder=True,
        ),
        ActionSpec(
            Action.REQUEST_MORE_DETAIL,
            "Ask for more detail",
            "incidents:request_more_detail",
            "incidents.act_on_incident",
            Status.MORE_DETAIL_REQUESTED,
        ),
        ActionSpec(
            Action.NO_FURTHER_ACTION,
            "No further action",
            "incidents:no_further_action",
            "incidents.act_on_incident",
            Status.NO_FURTHER_ACTION,
        ),
        ActionSpec(
            Action.ADD_DETAIL,
            "Add the detail asked for",
            "incidents:add_detail",
            "incidents.add_detail",
            Status.NEW,
        ),
    )
}

# The one table: from each status, the actions open. Closed statuses offer nothing.
ALLOWED: dict[str, tuple[Action, ...]] = {
    Status.NEW: (
        Action.INFORMAL_WARNING,
        Action.ESCALATE,
        Action.REQUEST_MORE_DETAIL,
        Action.NO_FURTHER_ACTION,
    ),
    Status.MORE_DETAIL_REQUESTED: (Action.ADD_DETAIL, Action.ESCALATE, Action.NO_FURTHER_ACTION),
    # A warning that did not work is the usual reason to go up the ladder.
    Status.INFORMAL_WARNING: (Action.ESCALATE,),
    Status.NO_FURTHER_ACTION: (),
    Status.ESCALATED: (),
}

REFUSALS: dict[str, str] = {
    Status.NEW: "This incident is waiting for review",
    Status.MORE_DETAIL_REQUESTED: "More detail has been asked for and not given yet",
    Status.INFORMAL_WARNING: "An informal warning has already been recorded for this incident",
    Status.NO_FURTHER_ACTION: "This incident was closed with no further action",
    Status.ESCALATED: "This incident has already been escalated to a case",
}

CUSTOMER_NEEDED = "The person involved is not known yet. Add the customer to the incident first"


def refusal(incident: Incident, action: Action) -> str | None:
    """Why this action is not open to the incident now, or None if it is."""
    if action not in ALLOWED.get(incident.status, ()):
        verb = SPECS[action].label[:1].lower() + SPECS[action].label[1:]
        return f"{REFUSALS[incident.status]}, so you cannot {verb} now"
    if SPECS[action].on_the_ladder and coverage.is_outside_policy(incident):
        return coverage.outside_policy_sentence(incident.policy_pack.file)
    if SPECS[action].needs_customer and incident.customer_id is None:
        return CUSTOMER_NEEDED
    return None


def is_open(incident: Incident, action: Action) -> bool:
    return refusal(incident, action) is None


def actions_open_to(user: User, incident: Incident) -> list[ActionSpec]:
    """The actions this person may take on the incident now, in the order to offer them."""
    return [
        SPECS[action]
        for action in ALLOWED.get(incident.status, ())
        if is_open(incident, action) and user.has_perm(SPECS[action].permission, incident)
    ]


def _take(incident: Incident, action: Action) -> Incident:
    """Lock the incident and check the action is still open (a double click finds it is not)."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    reason = refusal(locked, action)
    if reason is not None:
        raise not_now(reason)
    return locked


def _act(incident: Incident, action: Action, note: str, *, by: User) -> IncidentAction:
    """Write the action row and move the incident to the status the action leads to."""
    done = IncidentAction.objects.create(
        incident=incident, kind=action_kind(action), note=note, created_by=by, modified_by=by
    )
    incident.status = SPECS[action].moves_to
    incident.modified_by = by
    incident.save(update_fields=["status", "modified_at", "modified_by"])
    return done


def action_kind(action: Action) -> str:
    return {
        Action.NO_FURTHER_ACTION: Kind.NO_FURTHER_ACTION,
        Action.INFORMAL_WARNING: Kind.INFORMAL_WARNING,
        Action.REQUEST_MORE_DETAIL: Kind.MORE_DETAIL_REQUESTED,
        Action.ADD_DETAIL: Kind.DETAIL_ADDED,
        Action.ESCALATE: Kind.ESCALATED,
    }[action]


def _required(text: str, message: str) -> str:
    text = text.strip()
    if not text:
        raise bad_answer(message)
    return text


def known_customer(incident: Incident) -> Customer:
    """The incident's customer; refusal() has checked there is one, this tells the type checker."""
    if incident.customer is None:
        raise not_now(CUSTOMER_NEEDED)
    return incident.customer


def _refresh(original: Incident, locked: Incident) -> None:
    original.status, original.modified_at = locked.status, locked.modified_at


@writes
def close_with_no_further_action(incident: Incident, *, reason: str, by: User) -> IncidentAction:
    """Close an incident that needs nothing more, saying why (nothing is deleted)."""
    reason = _required(reason, "Enter why no further action is needed")
    locked = _take(incident, Action.NO_FURTHER_ACTION)
    done = _act(locked, Action.NO_FURTHER_ACTION, reason, by=by)
    record(
        "incidents.closed_with_no_further_action",
        actor=by,
        target=locked,
        payload={"reference": locked.reference},
    )
    _refresh(incident, locked)
    return done


def check_warning_answers(
    incident: Incident, *, given_by: User, given_at: datetime, by: User
) -> None:
    """The warning came from the officer who logged it or the person recording it, and is not in the future."""
    if given_by.pk not in (incident.created_by_id, by.pk):
        raise bad_answer("Select who gave the warning: the officer who logged it, or you")
    if given_at > timezone.now():
        raise bad_answer("The time the warning was given must be in the past")
    if timezone.localdate(given_at) < timezone.localdate(incident.occurred_at):
        raise bad_answer("The warning must have been given on or after the day of the incident")


@writes
def record_informal_warning(
    incident: Incident,
    *,
    given_by: User,
    given_at: datetime,
    how: str,
    words_used: str,
    by: User,
) -> InformalWarning:
    """Record that the customer was told their behaviour is unacceptable (the informal stage)."""
    words_used = _required(words_used, "Enter the words used to warn the customer")
    if how not in InformalWarning.How.values:
        raise bad_answer("Select how the warning was given")
    locked = _take(incident, Action.INFORMAL_WARNING)
    customer = known_customer(locked)
    check_warning_answers(locked, given_by=given_by, given_at=given_at, by=by)
    warning = InformalWarning.objects.create(
        incident=locked,
        customer=customer,
        given_by=given_by,
        given_at=given_at,
        how=how,
        words_used=words_used,
        created_by=by,
        modified_by=by,
    )
    _act(locked, Action.INFORMAL_WARNING, words_used, by=by)
    record(
        "incidents.informal_warning_recorded",
        actor=by,
        target=locked,
        payload={"reference": locked.reference, "given_by": given_by.email, "how": how},
    )
    _refresh(incident, locked)
    return warning


@writes
def request_more_detail(incident: Incident, *, question: str, by: User) -> IncidentAction:
    """Ask the officer who logged the incident for more before deciding; it shows on their incidents."""
    question = _required(question, "Enter what you need to know")
    locked = _take(incident, Action.REQUEST_MORE_DETAIL)
    done = _act(locked, Action.REQUEST_MORE_DETAIL, question, by=by)
    record(
        "incidents.more_detail_requested",
        actor=by,
        target=locked,
        payload={"reference": locked.reference},
    )
    _refresh(incident, locked)
    return done


@writes
def add_detail(incident: Incident, *, detail: str, by: User) -> IncidentAction:
    """The officer answers; the incident goes back to their line manager as new."""
    detail = _required(detail, "Enter the detail your line manager asked for")
    locked = _take(incident, Action.ADD_DETAIL)
    done = _act(locked, Action.ADD_DETAIL, detail, by=by)
    record(
        "incidents.detail_added", actor=by, target=locked, payload={"reference": locked.reference}
    )
    _refresh(incident, locked)
    return done


def latest_question(incident: Incident) -> IncidentAction | None:
    """The request for more detail the officer has still to answer, if any."""
    if incident.status != Status.MORE_DETAIL_REQUESTED:
        return None
    return (
        incident.actions.filter(kind=Kind.MORE_DETAIL_REQUESTED)
        .order_by("-created_at", "-pk")
        .first()
    )


@writes
def escalate_to_case(
    incident: Incident, *, reason: str, by: User, case: Case | None = None
) -> Case:
    """Send the incident up the ladder: into a new case, or into an open case for the same customer."""
    reason = _required(reason, "Enter why you are escalating this incident")
    locked = _take(incident, Action.ESCALATE)
    customer = known_customer(locked)
    if case is None:
        case = cases.open_case(customer, incidents=[locked], reason=reason, by=by)
    else:
        cases.add_incident_to_case(case, locked, by=by)
    _act(locked, Action.ESCALATE, reason, by=by)
    record(
        "incidents.escalated",
        actor=by,
        target=locked,
        payload={"reference": locked.reference, "case": case.reference},
    )
    _refresh(incident, locked)
    return case
