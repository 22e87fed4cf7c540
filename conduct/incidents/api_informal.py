"""The informal-stage actions in the JSON API, mounted under /api/v1/incidents.

Each endpoint is a thin door into conduct.incidents.informal with the same
permission checks as the web pages: scope incidents:write, then the acting
staff member's permission (403), then the status table (409 Conflict).
"""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.endpoints import acting_user
from conduct.api.idempotency import once
from conduct.api.problems import Problem
from conduct.api.schemas import Input
from conduct.core.moves import moves_open_to
from conduct.core.refusals import bad_answer
from conduct.incidents import (
    informal,
)
from conduct.incidents.escalation import desk as case_desk
from conduct.incidents.informal import Action
from conduct.incidents.models import Incident, InformalWarning

router = Router(tags=["incidents"])
WRITE = "incidents:write"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class ActionOut(Schema):
    reference: str
    status: str
    actions_open: list[str] = Field(
        description="What the acting staff member may do with the incident next"
    )
    case: str | None = Field(None, description="The case it was escalated to, if it was")


class NoFurtherActionIn(Input):
    reason: Text


class InformalWarningIn(Input):
    given_by: Literal["officer", "me"] = Field(
        description="The officer who logged the incident, or the staff member the token acts as"
    )
    given_at: datetime
    how: InformalWarning.How
    words_used: Text


class QuestionIn(Input):
    question: Text


class DetailIn(Input):
    detail: Text


class EscalationIn(Input):
    reason: Text
    case: str | None = Field(
        None,
        max_length=20,
        description="An open case for the same customer to add it to; a new case if absent",
    )


ERRORS: dict[int, Any] = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


def incident_for(request: HttpRequest, reference: str, permission: str) -> Incident:
    incident = get_object_or_404(Incident, reference=reference)
    if not request.user.has_perm(permission, incident):
        raise PermissionDenied("The staff member this token acts as may not act on this incident.")
    return incident


def act(
    request: HttpRequest, reference: str, action: Action, work: Callable[[Incident, User], Any]
) -> Status[dict[str, Any]]:
    """Check, run the service, and answer with where the incident stands; retries are safe."""
    incident = incident_for(request, reference, informal.permission_for(action))
    user = acting_user(request)

    def run() -> tuple[int, dict[str, Any]]:
        refused = informal.refusal(incident, action)
        if refused is not None:
            raise informal.not_now(refused)
        result = work(incident, user)
        case = result.reference if action == Action.ESCALATE else None
        return 200, answer(incident, user, case)

    return Status(*once(request, run))


def answer(incident: Incident, user: User, case: str | None) -> dict[str, Any]:
    incident.refresh_from_db()
    return {
        "reference": incident.reference,
        "status": incident.status,
        "actions_open": [
            informal.ACTION_OF[move.name].value for move in moves_open_to(user, incident)
        ],
        "case": case,
    }


@router.post(
    "/{reference}/no-further-action", response={200: ActionOut, **ERRORS}, auth=scoped(WRITE)
)
def no_further_action(request: HttpRequest, reference: str, body: NoFurtherActionIn) -> Status[Any]:
    """Close the incident with no further action, saying why (line manager or case officer)."""
    return act(
        request,
        reference,
        Action.NO_FURTHER_ACTION,
        lambda incident, by: informal.close_with_no_further_action(
            incident, reason=body.reason, by=by
        ),
    )


@router.post(
    "/{reference}/informal-warning", response={200: ActionOut, **ERRORS}, auth=scoped(WRITE)
)
def informal_warning(request: HttpRequest, reference: str, body: InformalWarningIn) -> Status[Any]:
    """Record an informal warning given to the customer (the incident needs a known customer)."""

    def work(incident: Incident, by: User) -> Any:
        given_by = incident.created_by if body.given_by == "officer" else by
        return informal.record_informal_warning(
            incident,
            given_by=given_by or by,
            given_at=body.given_at,
            how=body.how,
            words_used=body.words_used,
            by=by,
        )

    return act(request, reference, Action.INFORMAL_WARNING, work)


@router.post(
    "/{reference}/more-detail-requests", response={200: ActionOut, **ERRORS}, auth=scoped(WRITE)
)
def more_detail_request(request: HttpRequest, reference: str, body: QuestionIn) -> Status[Any]:
    """Ask the officer who logged the incident for more detail."""
    return act(
        request,
        reference,
        Action.REQUEST_MORE_DETAIL,
        lambda incident, by: informal.request_more_detail(incident, question=body.question, by=by),
    )


@router.post("/{reference}/detail", response={200: ActionOut, **ERRORS}, auth=scoped(WRITE))
def detail(request: HttpRequest, reference: str, body: DetailIn) -> Status[Any]:
    """The officer who logged the incident answers a request for more detail."""
    return act(
        request,
        reference,
        Action.ADD_DETAIL,
        lambda incident, by: informal.add_detail(incident, detail=body.detail, by=by),
    )


@router.post("/{reference}/escalation", response={200: ActionOut, **ERRORS}, auth=scoped(WRITE))
def escalation(request: HttpRequest, reference: str, body: EscalationIn) -> Status[Any]:
    """Escalate the incident to a case: a new one, or an open case for the same customer."""

    def work(incident: Incident, by: User) -> Any:
        case = None
        if body.case:
            case = case_desk().open_case(incident.customer, body.case)
            if case is None:
                raise bad_answer(f"There is no open case {body.case} for this customer")
        return informal.escalate_to_case(incident, reason=body.reason, case=case, by=by)

    return act(request, reference, Action.ESCALATE, work)
