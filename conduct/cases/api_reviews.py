"""The reviews, appeals, register and notifications routes of the cases API.

Mounted under /api/v1/cases by cases/api.py. Each endpoint is a thin door into
the same service function as the page: scope first, then the acting staff
member's permission (403), then the workflow's rules (409, with its reason).
Create endpoints honour Idempotency-Key.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.endpoints import acting_user
from conduct.api.idempotency import once
from conduct.api.problems import Problem
from conduct.api.schemas import Input, PathId
from conduct.cases import appeals, notifications, register, reviews
from conduct.cases.models import Appeal, Case, Notification, Restriction
from conduct.core.audit import record_read

router = Router(tags=["Cases"])
READ, WRITE = "cases:read", "cases:write"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10000)]
ERRORS: dict[int, Any] = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


def allowed(request: HttpRequest, permission: str, subject: Any = None) -> User:
    user = acting_user(request)
    if not user.has_perm(permission, subject):
        raise PermissionDenied(f"The staff member this token acts as needs {permission}.")
    return user


# Schemas ---------------------------------------------------------------------------------------


class TermsIn(Input):
    parameters: dict[str, Any] = Field(default_factory=dict, description="The type's details")
    scope: Restriction.Scope | None = None


class RestrictionReviewIn(Input):
    outcome: Literal["lift", "extend", "vary"]
    incidents_not_recorded: int = Field(
        0,
        ge=0,
        le=100,
        description="Incidents the decider knows of that Conduct holds no record of; Conduct "
        "counts the incidents it holds since the decision or the last review itself",
    )
    incidents_note: str = Field(
        "", max_length=5000, description="What happened in the incidents not recorded in Conduct"
    )
    reasons: str = Field("", max_length=10000)
    extend_by_months: int | None = Field(None, ge=0, le=120)
    varied_terms: TermsIn | None = None


class ReviewedRestrictionOut(Schema):
    id: int
    case: str
    type: str
    status: str
    parameters: dict[str, Any]
    scope: str
    starts_on: date
    review_on: date | None
    must_end_by: date
    ended_at: datetime | None


class AppealIn(Input):
    decision: int = Field(description="The id of the decision appealed against")
    received_on: date
    grounds: Text


class OfficerIn(Input):
    officer: str = Field(
        max_length=254, description="Email of the appeals officer who will hear it"
    )


class AppealDecisionIn(Input):
    outcome: Literal["confirm", "vary", "quash"]
    reasons: Text
    declared_not_involved: bool = Field(
        description="The appeals officer declares they were not involved in the decision, the "
        "incidents or the escalation; must be true"
    )
    varied_terms: dict[int, TermsIn] = Field(
        default_factory=dict, description="Restriction id → new terms, for a varied decision"
    )


class AppealOut(Schema):
    id: int
    case: str
    decision: int
    received_on: date
    lodge_by: date
    decide_by: date
    appeals_officer: str | None
    post_name: str = Field("", description="The post the appeals officer decided in, if any")
    decided_at: datetime | None
    outcome: str
    reasons: str
    ombudsman_signposted: list[str]
    late: bool


class EntryOut(Schema):
    kind: str
    reference: str
    customer: str
    customer_reference: str
    what: str
    status: str
    services: list[str]
    decision_body: str
    pack: str
    version: str
    due_on: date | None
    overdue: bool
    customer_must_be_told: bool
    flags: list[str]
    id: int = Field(description="The warning's, restriction's, review's or appeal's own id")
    decision: int = Field(description="The id of the decision it comes from")
    restriction: int | None = Field(description="The restriction's id, for a restriction or review")


class RegisterQuery(Input):
    kind: Literal["warning", "restriction", "review", "appeal"] | None = None
    status: str | None = Field(None, max_length=100)
    service: str | None = Field(None, max_length=100)
    due: Literal["due", "overdue"] | None = None
    body: str | None = Field(None, max_length=100)
    pack: str | None = Field(None, max_length=100)
    version: str | None = Field(None, max_length=100)
    type: str | None = Field(None, max_length=100, description="The pack's restriction type id")
    ratification: Literal["awaiting"] | None = None
    told: Literal["no"] | None = None


class NotificationOut(Schema):
    id: int
    team: str
    event: str
    case: str
    restriction: int
    created_at: datetime
    emailed_at: datetime | None
    seen_at: datetime | None


def restriction_out(item: Restriction) -> dict[str, Any]:
    item.refresh_from_db()
    return ReviewedRestrictionOut(
        id=item.pk,
        case=item.case.reference,
        type=item.type,
        status=item.status,
        parameters=item.parameters,
        scope=item.scope,
        starts_on=item.starts_on,
        review_on=item.review_on,
        must_end_by=item.must_end_by,
        ended_at=item.ended_at,
    ).model_dump(mode="json")


def appeal_out(item: Appeal) -> dict[str, Any]:
    return AppealOut(
        id=item.pk,
        case=item.case.reference,
        decision=item.decision_id,
        received_on=item.received_on,
        lodge_by=item.lodge_by,
        decide_by=item.decide_by,
        appeals_officer=item.appeals_officer.email if item.appeals_officer else None,
        post_name=item.post_name,
        decided_at=item.decided_at,
        outcome=item.outcome,
        reasons=item.reasons,
        ombudsman_signposted=item.ombudsman_signposted,
        late=appeals.is_late(item),
    ).model_dump(mode="json")


def terms(given: TermsIn | None) -> dict[str, Any] | None:
    return given.model_dump(exclude_none=True) if given else None


# Endpoints ---------------------------------------------------------------------------------------


@router.post(
    "/restrictions/{restriction_id}/review",
    response={200: ReviewedRestrictionOut, **ERRORS},
    auth=scoped(WRITE),
)
def complete_review(
    request: HttpRequest, restriction_id: PathId, payload: RestrictionReviewIn
) -> Status[Any]:
    """Complete the restriction's open review: lift, extend or vary (permission
    cases.complete_review; the pack's deciding body)."""
    restriction = get_object_or_404(Restriction, pk=restriction_id)
    user = allowed(request, "cases.complete_review", restriction)

    def work() -> tuple[int, Any]:
        answers = payload.dict(exclude={"varied_terms"})
        reviews.complete_review(
            restriction, by=user, varied_terms=terms(payload.varied_terms), **answers
        )
        return 200, restriction_out(restriction)

    return Status(*once(request, work))


@router.post("/{reference}/appeals", response={201: AppealOut, **ERRORS}, auth=scoped(WRITE))
def lodge_appeal(request: HttpRequest, reference: str, payload: AppealIn) -> Status[Any]:
    """Record an appeal on the customer's behalf, within the pack's window (cases.lodge_appeal)."""
    case = get_object_or_404(Case, reference=reference)
    user = allowed(request, "cases.lodge_appeal", case)
    decision = get_object_or_404(case.decisions, pk=payload.decision)

    def work() -> tuple[int, Any]:
        appeal = appeals.lodge_appeal(
            case, decision, by=user, received_on=payload.received_on, grounds=payload.grounds
        )
        return 201, appeal_out(appeal)

    return Status(*once(request, work))


@router.post(
    "/appeals/{appeal_id}/officer", response={200: AppealOut, **ERRORS}, auth=scoped(WRITE)
)
def assign_appeals_officer(
    request: HttpRequest, appeal_id: PathId, payload: OfficerIn
) -> Status[Any]:
    """Choose the appeals officer; refused if they took any part (cases.assign_appeals_officer)."""
    appeal = get_object_or_404(Appeal, pk=appeal_id)
    user = allowed(request, "cases.assign_appeals_officer", appeal)
    officer = get_object_or_404(User, email__iexact=payload.officer, is_active=True)

    def work() -> tuple[int, Any]:
        return 200, appeal_out(appeals.assign_appeals_officer(appeal, by=user, officer=officer))

    return Status(*once(request, work))


@router.post(
    "/appeals/{appeal_id}/decision", response={200: AppealOut, **ERRORS}, auth=scoped(WRITE)
)
def decide_appeal(
    request: HttpRequest, appeal_id: PathId, payload: AppealDecisionIn
) -> Status[Any]:
    """Confirm, vary or quash; the Ombudsman is signposted (cases.decide_appeal)."""
    appeal = get_object_or_404(Appeal, pk=appeal_id)
    user = allowed(request, "cases.decide_appeal", appeal)
    varied = {pk: t.model_dump(exclude_none=True) for pk, t in payload.varied_terms.items()}

    def work() -> tuple[int, Any]:
        decided = appeals.decide_appeal(
            appeal,
            by=user,
            outcome=payload.outcome,
            reasons=payload.reasons,
            declared_not_involved=payload.declared_not_involved,
            varied_terms=varied,
        )
        return 200, appeal_out(decided)

    return Status(*once(request, work))


@router.get("/register/entries", response={200: list[EntryOut], **ERRORS}, auth=scoped(READ))
def central_register(request: HttpRequest, query: Query[RegisterQuery]) -> Status[Any]:
    """The central register, filtered as on the page (cases.view_register); each read audited."""
    allowed(request, "cases.view_register")
    filters = register.Filters(**{k: v or "" for k, v in query.dict().items()})
    record_read(request, "cases.register_viewed", None, filters=filters.chosen())
    return Status(200, [entry.as_dict() for entry in register.entries(filters)])


def notification_out(row: Notification) -> dict[str, Any]:
    return {
        "id": row.pk,
        "team": row.team,
        "event": row.event,
        "case": row.restriction.case.reference,
        "restriction": row.restriction_id,
        "created_at": row.created_at,
        "emailed_at": row.emailed_at,
        "seen_at": row.seen_at,
    }


@router.get(
    "/notifications/mine", response={200: list[NotificationOut], **ERRORS}, auth=scoped(READ)
)
def team_notifications(request: HttpRequest) -> Status[Any]:
    """Notifications for the teams the acting staff member belongs to."""
    user = allowed(request, "cases.view_notifications")
    rows = notifications.notifications_for(user)
    return Status(200, [notification_out(row) for row in rows])


@router.post(
    "/notifications/{notification_id}/seen",
    response={200: NotificationOut, **ERRORS},
    auth=scoped(WRITE),
)
def notification_seen(request: HttpRequest, notification_id: PathId) -> Status[Any]:
    """Mark a team notification seen, for everyone in the team (cases.view_notifications; 409,
    as on the page, for a team the acting staff member is not in)."""
    user = allowed(request, "cases.view_notifications")
    row = get_object_or_404(Notification, pk=notification_id)

    def work() -> tuple[int, Any]:
        seen = notifications.mark_notification_seen(row, by=user)
        return 200, notification_out(Notification.objects.get(pk=seen.pk))

    return Status(*once(request, work))
