"""The home visit routes of the JSON API, mounted under /api/v1/visits (I8).

The same services as the pages: scope first (`visits:read`, `visits:write`, and
`visits:check-in` for a lone-worker app or telephony that only taps arrived, safe and
left), then the acting staff member's permission (403), then the service's rules (409
with its reason, or 422 naming the field). Writes honour Idempotency-Key. A visit carries
its pre-visit check as the officer was shown it: handling and terms, never restricted detail.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.idempotency import once
from conduct.api.moves import MoveOut, moves_out
from conduct.api.problems import Problem
from conduct.api.schemas import Input
from conduct.cases.api_reviews import allowed
from conduct.core.refusals import bad_answer
from conduct.customers.models import Customer
from conduct.screening.services import Channel
from conduct.visits import queries, services
from conduct.visits.models import CheckIn, Visit

router = Router(tags=["visits"])
READ, WRITE, CHECK_IN = "visits:read", "visits:write", "visits:check-in"
ERRORS: dict[int, Any] = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


class PlanIn(Input):
    customer: str = Field(
        "", max_length=20, description="The customer's reference, such as C-000012"
    )
    line_1: str = Field("", max_length=200, description="Leave blank to use the customer's address")
    postcode: str = Field("", max_length=10)
    uprn: str = Field("", max_length=14)
    starts_at: datetime
    expected_minutes: int = Field(..., ge=5, le=720)
    check_in_times: list[datetime] = Field(default_factory=list)
    check_in_every: int | None = Field(None, ge=5, le=240, description="Minutes, from arrival")
    check_in_with: str = Field(
        ..., max_length=254, description="Email of the colleague the officer checks in with"
    )
    second_officer: str = Field(
        "", max_length=254, description="Email of the second officer, if one goes"
    )
    handling_read: bool = Field(False, description="The officer has read the handling instructions")


class CheckInOut(Schema):
    kind: str
    due_at: datetime
    done_at: datetime | None
    escalated_at: datetime | None
    escalated_again_at: datetime | None
    resolved_at: datetime | None
    resolution: str


class VisitOut(Schema):
    reference: str
    status: str
    officer: str
    second_officer: str | None
    check_in_with: str
    customer: str | None
    line_1: str
    postcode: str
    uprn: str
    starts_at: datetime
    expected_minutes: int
    check_in_every: int | None
    needs_second_officer: bool
    arrived_at: datetime | None
    last_check_in_at: datetime | None
    left_at: datetime | None
    pre_visit_check: dict[str, Any] = Field(description="What the check found, as shown")
    check_ins: list[CheckInOut]


class CancelIn(Input):
    reason: str = Field(min_length=1, max_length=5000, description="Why the visit is cancelled")


class ResolveIn(Input):
    how: CheckIn.Resolution
    note: str = Field("", max_length=5000)


def visit_out(visit: Visit) -> dict[str, Any]:
    return VisitOut(
        reference=visit.reference,
        status=visit.status,
        officer=visit.officer.email,
        second_officer=visit.second_officer.email if visit.second_officer else None,
        check_in_with=visit.check_in_with.email,
        customer=visit.customer.reference if visit.customer else None,
        line_1=visit.line_1,
        postcode=visit.postcode,
        uprn=visit.uprn,
        starts_at=visit.starts_at,
        expected_minutes=visit.expected_minutes,
        check_in_every=visit.check_in_every,
        needs_second_officer=visit.needs_second_officer,
        arrived_at=visit.arrived_at,
        last_check_in_at=visit.last_check_in_at,
        left_at=visit.left_at,
        pre_visit_check=visit.pre_visit_check,
        check_ins=[
            CheckInOut.model_validate(c, from_attributes=True) for c in visit.check_ins.all()
        ],
    ).model_dump(mode="json")


def aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def staff_by_email(email: str) -> User | None:
    return (
        User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if email.strip()
        else None
    )


def plan_from(payload: PlanIn) -> services.Plan:
    watcher = staff_by_email(payload.check_in_with)
    if watcher is None:
        raise bad_answer("Give the email of a member of staff", "check_in_with")
    customer = get_object_or_404(Customer, reference=payload.customer) if payload.customer else None
    return services.Plan(
        check_in_with=watcher,
        starts_at=aware(payload.starts_at),
        expected_minutes=payload.expected_minutes,
        customer=customer,
        line_1=payload.line_1,
        postcode=payload.postcode,
        uprn=payload.uprn,
        check_in_times=tuple(aware(t) for t in payload.check_in_times),
        check_in_every=payload.check_in_every,
        second_officer=staff_by_email(payload.second_officer),
        handling_read=payload.handling_read,
    )


def the_visit(reference: str) -> Visit:
    related = ("officer", "second_officer", "check_in_with", "customer")
    return get_object_or_404(Visit.objects.select_related(*related), reference=reference)


@router.post("", response={201: VisitOut, **ERRORS}, auth=scoped(WRITE))
def plan_visit(request: HttpRequest, payload: PlanIn) -> Status[Any]:
    """Plan a visit on a fresh pre-visit check (visits.plan_visit); 422 when a second officer
    is needed and none is given, or the handling is not confirmed as read."""
    user = allowed(request, "visits.plan_visit")

    def work() -> tuple[int, Any]:
        made = services.plan_visit(plan_from(payload), by=user, channel=Channel.API)
        return 201, visit_out(made)

    return Status(*once(request, work))


@router.get("/today", response={200: list[VisitOut], **ERRORS}, auth=scoped(READ))
def visits_today(request: HttpRequest) -> Any:
    """Visits starting today and any still open (visits.view_visits_today)."""
    allowed(request, "visits.view_visits_today")
    return [visit_out(v) for v in queries.visits_today()]


class VisitDetailOut(VisitOut):
    moves: list[MoveOut] = Field(description="What the acting staff member may do next")


@router.get("/{reference}", response={200: VisitDetailOut, **ERRORS}, auth=scoped(READ))
def get_visit(request: HttpRequest, reference: str) -> Any:
    """One visit with its check and check-ins, and the moves open to the acting staff member
    (visits.view_visit)."""
    visit = the_visit(reference)
    user = allowed(request, "visits.view_visit", visit)
    return {**visit_out(visit), "moves": moves_out(user, visit)}


def tap(request: HttpRequest, reference: str, action: Callable[..., Visit]) -> Status[Any]:
    visit = the_visit(reference)
    user = allowed(request, "visits.check_in", visit)

    def work() -> tuple[int, Any]:
        return 200, visit_out(action(visit, by=user))

    return Status(*once(request, work))


@router.post("/{reference}/arrival", response={200: VisitOut, **ERRORS}, auth=scoped(CHECK_IN))
def arrival(request: HttpRequest, reference: str) -> Status[Any]:
    """ "I have arrived", timestamped now (visits.check_in: the officers on the visit)."""
    return tap(request, reference, services.record_arrival)


@router.post("/{reference}/check-ins", response={200: VisitOut, **ERRORS}, auth=scoped(CHECK_IN))
def check_in(request: HttpRequest, reference: str) -> Status[Any]:
    """ "I am safe": every check-in due by now or within the grace period is done."""
    return tap(request, reference, services.check_in)


@router.post("/{reference}/leaving", response={200: VisitOut, **ERRORS}, auth=scoped(CHECK_IN))
def leaving(request: HttpRequest, reference: str) -> Status[Any]:
    """ "I have left": the visit is finished; refused once it has ended."""
    return tap(request, reference, services.record_leaving)


@router.post("/{reference}/resolution", response={200: VisitOut, **ERRORS}, auth=scoped(WRITE))
def resolve(request: HttpRequest, reference: str, payload: ResolveIn) -> Status[Any]:
    """Record who confirmed the officer is safe after a missed check-in, and how."""
    visit = the_visit(reference)
    user = allowed(request, "visits.resolve_missed_check_in", visit)

    def work() -> tuple[int, Any]:
        done = services.resolve_missed_check_in(visit, by=user, how=payload.how, note=payload.note)
        return 200, visit_out(done)

    return Status(*once(request, work))


@router.post("/{reference}/cancellation", response={200: VisitOut, **ERRORS}, auth=scoped(WRITE))
def cancel(request: HttpRequest, reference: str, payload: CancelIn) -> Status[Any]:
    """Cancel a visit nobody has arrived at: the officer, or a manager (visits.view_visit, as the
    page; the service refuses anyone else with 409)."""
    visit = the_visit(reference)
    user = allowed(request, "visits.view_visit", visit)

    def work() -> tuple[int, Any]:
        return 200, visit_out(services.cancel_visit(visit, by=user, reason=payload.reason))

    return Status(*once(request, work))
