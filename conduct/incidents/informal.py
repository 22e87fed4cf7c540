"""The informal stage (journey step 3): what a line manager does about a logged incident.

Which actions an incident's status allows, and who may take them, is declared once,
as moves on core's engine (`conduct/core/moves.py`); the views, the API and the
incident page offer what `moves_open_to` returns. Each action is a verb-named
function that locks the incident, checks its move, writes one IncidentAction row,
moves the status and records its audit event, all in one transaction.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any, cast

from django.utils import timezone

from conduct.accounts.models import User
from conduct.core.audit import record
from conduct.core.moves import (
    Move,
    Permission,
    Workflow,
    blocked,
    check_open,
    declare,
    lower_first,
    states,
)
from conduct.core.refusals import Refusal, bad_answer
from conduct.core.transactions import writes
from conduct.customers.models import Customer
from conduct.incidents import coverage, escalation
from conduct.incidents.models import Incident, IncidentAction, InformalWarning

Status = Incident.Status
Kind = IncidentAction.Kind


def not_now(reason: str) -> Refusal:
    """The action is not open to the incident as it stands (its status, or no known customer)."""
    return Refusal(reason, problem="not-allowed-now")


class Action(StrEnum):
    """The actions as the API names them."""

    NO_FURTHER_ACTION = "no-further-action"
    INFORMAL_WARNING = "informal-warning"
    REQUEST_MORE_DETAIL = "request-more-detail"
    ADD_DETAIL = "add-detail"
    ESCALATE = "escalate"


CUSTOMER_NEEDED = "The person involved is not known yet. Add the customer to the incident first"

# Where the incident stands, for the sentence refusing a move its status does not allow.
AS_IT_STANDS: dict[str, str] = {
    Status.NEW: "This incident is waiting for review",
    Status.MORE_DETAIL_REQUESTED: "More detail has been asked for and not given yet",
    Status.INFORMAL_WARNING: "An informal warning has already been recorded for this incident",
    Status.NO_FURTHER_ACTION: "This incident was closed with no further action",
    Status.ESCALATED: "This incident has already been escalated to a case",
}


def not_from_here(move: Move, incident: Incident) -> str:
    return f"{AS_IT_STANDS[incident.status]}, so you cannot {lower_first(move.label)} now"


def inside_policy(incident: Incident) -> str | None:
    """A step on the pack's ladder: closed to an incident the policy does not cover."""
    if coverage.is_outside_policy(incident):
        return coverage.outside_policy_sentence(incident.policy_pack.file)
    return None


def customer_known(incident: Incident) -> str | None:
    return CUSTOMER_NEEDED if incident.customer_id is None else None


ACTING = Permission(
    "incidents.act_on_incident",
    "Only the line manager of the officer who logged this incident, or a case officer, can do this",
)
ANSWERING = Permission(
    "incidents.add_detail", "Only the officer who logged this incident can add the detail asked for"
)
LADDER = (inside_policy, customer_known)

# In the order to offer them. Closed statuses (no further action, escalated) offer nothing;
# a warning that did not work is the usual reason to go up the ladder.
MOVES = (
    Move(
        "add_detail",
        "Add the detail asked for",
        Incident,
        states(Status.MORE_DETAIL_REQUESTED),
        Status.NEW,
        ANSWERING,
        page="incidents:add_detail",
    ),
    Move(
        "record_informal_warning",
        "Record an informal warning",
        Incident,
        states(Status.NEW),
        Status.INFORMAL_WARNING,
        ACTING,
        LADDER,
        page="incidents:informal_warning",
    ),
    Move(
        "escalate_to_case",
        "Escalate to a case",
        Incident,
        states(Status.NEW, Status.MORE_DETAIL_REQUESTED, Status.INFORMAL_WARNING),
        Status.ESCALATED,
        ACTING,
        LADDER,
        page="incidents:escalate",
    ),
    Move(
        "request_more_detail",
        "Ask for more detail",
        Incident,
        states(Status.NEW),
        Status.MORE_DETAIL_REQUESTED,
        ACTING,
        page="incidents:request_more_detail",
    ),
    Move(
        "close_with_no_further_action",
        "No further action",
        Incident,
        states(Status.NEW, Status.MORE_DETAIL_REQUESTED),
        Status.NO_FURTHER_ACTION,
        ACTING,
        page="incidents:no_further_action",
    ),
)
INFORMAL = declare(Workflow(Incident, MOVES, not_now=not_from_here, problem="not-allowed-now"))

# The API's name for each move, and back.
ACTION_OF: dict[str, Action] = {
    "add_detail": Action.ADD_DETAIL,
    "record_informal_warning": Action.INFORMAL_WARNING,
    "escalate_to_case": Action.ESCALATE,
    "request_more_detail": Action.REQUEST_MORE_DETAIL,
    "close_with_no_further_action": Action.NO_FURTHER_ACTION,
}
MOVE_OF: dict[Action, Move] = {ACTION_OF[move.name]: move for move in MOVES}


def permission_for(action: Action) -> str:
    """The object permission a person needs to take the action (the door checks it first)."""
    return cast(Permission, MOVE_OF[action].who).name


def refusal(incident: Incident, action: Action) -> str | None:
    """Why this action is not open to the incident now, whoever asks, or None if it is."""
    return blocked(MOVE_OF[action], incident)


def is_open(incident: Incident, action: Action) -> bool:
    return refusal(incident, action) is None


def _take(incident: Incident, action: Action) -> Incident:
    """Lock the incident and check the move is still open (a double click finds it is not).
    Who may take it is checked by the page and the API before they call the service."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    check_open(MOVE_OF[action].name, locked)
    return locked


def _act(incident: Incident, action: Action, note: str, *, by: User) -> IncidentAction:
    """Write the action row and move the incident to the status the action leads to."""
    done = IncidentAction.objects.create(
        incident=incident, kind=action_kind(action), note=note, created_by=by, modified_by=by
    )
    incident.status = str(MOVE_OF[action].target)
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
    """The incident's customer; its move's guard has checked there is one, this tells the type checker."""
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
def escalate_to_case(incident: Incident, *, reason: str, by: User, case: Any = None) -> Any:
    """Send the incident up the ladder: into a new case, or into an open case for the same
    customer. The case it is now part of (the cases app takes it: `escalation.into_case`)."""
    reason = _required(reason, "Enter why you are escalating this incident")
    locked = _take(incident, Action.ESCALATE)
    customer = known_customer(locked)
    case = escalation.into_case(locked, customer, reason=reason, by=by, case=case)
    _act(locked, Action.ESCALATE, reason, by=by)
    record(
        "incidents.escalated",
        actor=by,
        target=locked,
        payload={"reference": locked.reference, "case": case.reference},
    )
    _refresh(incident, locked)
    return case
