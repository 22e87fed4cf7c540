"""The alert register's routes of the JSON API, mounted under /api/v1/alerts.

Each endpoint is a thin door into the same service as the page: scope first,
then the acting staff member's permission (403), then the service's rules (409
with its reason, or 422 with field errors). Responses carry handling
instructions, never the restricted detail: that is read only through the
`/detail` endpoint, which asks a purpose and logs the read like the page does.
Writes honour Idempotency-Key. Recording a disclosure (I7) answers with the FHIR R4 Flag
exactly as stored; listing disclosures never carries what was sent.
"""

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from conduct.accounts.models import User
from conduct.alerts import disclosures, services, sharing
from conduct.alerts.models import DetailRead, Disclosure, LawfulBasis, Marker, PartnerKind
from conduct.alerts.queries import visible_markers
from conduct.api.auth import scoped
from conduct.api.idempotency import once
from conduct.api.moves import MoveOut, moves_out
from conduct.api.problems import Problem
from conduct.api.schemas import Input
from conduct.cases.api_reviews import allowed
from conduct.core.audit import record_read
from conduct.core.refusals import bad_answer
from conduct.customers.models import Customer
from conduct.incidents.models import Incident

router = Router(tags=["alerts"])
READ, WRITE = "alerts:read", "alerts:write"
ERRORS: dict[int, Any] = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


# Schemas ---------------------------------------------------------------------------------------


class MarkerOut(Schema):
    """A marker as any member of staff may see it: no restricted detail."""

    reference: str
    status: str
    subject: Literal["person", "premises"]
    customer: str | None
    premises: str | None
    category: str
    category_name: str
    code: str
    severity: str
    handling: str
    version: int
    starts_on: date
    review_on: date
    retain_until: date
    told_on: date | None
    incidents: list[str]


class MarkerDetailOut(MarkerOut):
    moves: list[MoveOut] = Field(description="What the acting staff member may do next")


class MarkerIn(Input):
    category: str = Field(..., max_length=100)
    handling: str = Field(..., max_length=5000)
    restricted_detail: str = Field("", max_length=10000)
    severity: Literal["", "information", "warning", "high", "high-acknowledge"] = ""


class RaiseIn(MarkerIn):
    customer: str = Field(
        ..., max_length=20, description="The customer's reference, such as C-000012"
    )
    incidents: list[str] = Field(..., min_length=1, description="Incident references it rests on")


class PremisesRaiseIn(MarkerIn):
    line_1: str = Field(..., max_length=200)
    line_2: str = Field("", max_length=200)
    town: str = Field("", max_length=100)
    postcode: str = Field(..., max_length=10)
    uprn: str = Field("", max_length=12)
    identified_risk: str = Field(..., max_length=5000, description="What was seen at the address")


class WithdrawalIn(Input):
    reason: str = Field(..., max_length=5000)


class MarkerReviewIn(Input):
    notes: str = Field(..., max_length=5000)
    handling: str = Field("", max_length=5000)


class TellingIn(Input):
    told_on: date | None = None
    not_told_reason: str = Field("", max_length=5000)
    revisit_on: date | None = None


class PurposeIn(Input):
    purpose: Literal[tuple(DetailRead.Purpose.values)]  # type: ignore[valid-type]
    detail: str = Field(..., min_length=1, max_length=2000)


class DetailOut(Schema):
    reference: str
    restricted_detail: str


class Filters(Input):
    status: Marker.Status | None = None
    subject: Literal["person", "premises"] | None = None
    category: str | None = Field(None, max_length=100)
    customer: str | None = Field(None, max_length=20)


def marker_out(marker: Marker) -> dict[str, Any]:
    return MarkerOut(
        reference=marker.reference,
        status=marker.status,
        subject=marker.subject,  # type: ignore[arg-type]
        customer=marker.customer.reference if marker.customer else None,
        premises=marker.premises.reference if marker.premises else None,
        category=marker.category,
        category_name=marker.category_name,
        code=marker.code,
        severity=marker.severity,
        handling=marker.handling,
        version=marker.version,
        starts_on=marker.starts_on,
        review_on=marker.review_on,
        retain_until=marker.retain_until,
        told_on=marker.told_on,
        incidents=[i.reference for i in marker.incidents.all()],
    ).model_dump(mode="json")


def the_marker(reference: str) -> Marker:
    return get_object_or_404(
        Marker.objects.select_related("customer", "premises"), reference=reference
    )


# Endpoints -------------------------------------------------------------------------------------


@router.get("/markers", response={200: list[MarkerOut], **ERRORS}, auth=scoped(READ))
def list_markers(request: HttpRequest, filters: Query[Filters]) -> Any:
    """Markers, newest first, filtered like the register page (alerts.view_register); at most 200."""
    user = allowed(request, "alerts.view_register")
    chosen = filters.dict(exclude_none=True)
    if "customer" in chosen:
        chosen["customer__reference"] = chosen.pop("customer")
    markers = visible_markers(user).filter(**chosen).prefetch_related("incidents")
    return [marker_out(m) for m in markers[:200]]


@router.get("/markers/{reference}", response={200: MarkerDetailOut, **ERRORS}, auth=scoped(READ))
def get_marker(request: HttpRequest, reference: str) -> Any:
    """One marker with its handling instructions and the moves open to the acting staff
    member (alerts.view_marker)."""
    marker = the_marker(reference)
    user = allowed(request, "alerts.view_marker", marker)
    return {**marker_out(marker), "moves": moves_out(user, marker)}


@router.post("/markers/{reference}/detail", response={200: DetailOut, **ERRORS}, auth=scoped(READ))
def read_detail(request: HttpRequest, reference: str, payload: PurposeIn) -> Any:
    """The restricted detail, for staff who need to know, given a purpose; the read is logged."""
    marker = the_marker(reference)
    user = allowed(request, "alerts.view_restricted_detail", marker)

    services.read_restricted_detail(marker, by=user, purpose=payload.purpose, detail=payload.detail)
    return {"reference": marker.reference, "restricted_detail": marker.restricted_detail}


@router.post("/markers", response={201: MarkerOut, **ERRORS}, auth=scoped(WRITE))
def raise_marker(request: HttpRequest, payload: RaiseIn) -> Status[Any]:
    """Raise a provisional person marker resting on incidents (alerts.raise_marker)."""
    customer = get_object_or_404(Customer, reference=payload.customer)
    user = allowed(request, "alerts.raise_marker", customer)
    incidents = list(Incident.objects.filter(reference__in=payload.incidents))

    def work() -> tuple[int, Any]:
        if len(incidents) != len(set(payload.incidents)):
            raise bad_answer("Give the references of incidents on Conduct", "incidents")
        answers = payload.dict(exclude={"customer", "incidents"})
        marker = services.raise_marker(by=user, customer=customer, incidents=incidents, **answers)
        return 201, marker_out(marker)

    return Status(*once(request, work))


@router.post("/premises-markers", response={201: MarkerOut, **ERRORS}, auth=scoped(WRITE))
def raise_premises_marker(request: HttpRequest, payload: PremisesRaiseIn) -> Status[Any]:
    """Record a provisional hazard at an address, never on a person (alerts.raise_marker, I6)."""
    user = allowed(request, "alerts.raise_marker")
    address = payload.dict(include={"line_1", "line_2", "town", "postcode", "uprn"})

    def work() -> tuple[int, Any]:
        place = services.find_or_add_premises(by=user, **address)
        answers = payload.dict(exclude=set(address))
        return 201, marker_out(services.raise_marker(by=user, premises=place, **answers))

    return Status(*once(request, work))


def move(
    request: HttpRequest, reference: str, permission: str, action: Callable[[Marker, User], Marker]
) -> Status[Any]:
    marker = the_marker(reference)
    user = allowed(request, permission, marker)

    def work() -> tuple[int, Any]:
        return 200, marker_out(action(marker, user))

    return Status(*once(request, work))


@router.post("/markers/{reference}/verify", response={200: MarkerOut, **ERRORS}, auth=scoped(WRITE))
def verify(request: HttpRequest, reference: str) -> Status[Any]:
    """A line manager verifies a provisional marker (alerts.verify_marker)."""
    return move(
        request, reference, "alerts.verify_marker", lambda m, u: services.verify_marker(m, by=u)
    )


@router.post(
    "/markers/{reference}/approve", response={200: MarkerOut, **ERRORS}, auth=scoped(WRITE)
)
def approve(request: HttpRequest, reference: str) -> Status[Any]:
    """Health and safety approve a verified marker, which goes live (alerts.approve_marker)."""
    return move(
        request, reference, "alerts.approve_marker", lambda m, u: services.approve_marker(m, by=u)
    )


@router.post("/markers/{reference}/review", response={200: MarkerOut, **ERRORS}, auth=scoped(WRITE))
def review(request: HttpRequest, reference: str, payload: MarkerReviewIn) -> Status[Any]:
    """Keep a live marker for another period (alerts.review_marker)."""
    return move(
        request,
        reference,
        "alerts.review_marker",
        lambda m, u: services.review_marker(
            m, by=u, notes=payload.notes, handling=payload.handling
        ),
    )


@router.post(
    "/markers/{reference}/withdraw", response={200: MarkerOut, **ERRORS}, auth=scoped(WRITE)
)
def withdraw(request: HttpRequest, reference: str, payload: WithdrawalIn) -> Status[Any]:
    """Withdraw a marker with a reason (alerts.withdraw_marker)."""
    return move(
        request,
        reference,
        "alerts.withdraw_marker",
        lambda m, u: services.withdraw_marker(m, reason=payload.reason, by=u),
    )


@router.post(
    "/markers/{reference}/telling", response={200: MarkerOut, **ERRORS}, auth=scoped(WRITE)
)
def telling(request: HttpRequest, reference: str, payload: TellingIn) -> Status[Any]:
    """Record the date the person was told, or why not and when to revisit (alerts.record_telling)."""

    def act(marker: Marker, user: User) -> Marker:
        if payload.told_on is not None:
            return services.record_told(marker, told_on=payload.told_on, by=user)
        if payload.revisit_on is None:
            raise bad_answer("Give told_on, or not_told_reason and revisit_on", "revisit_on")
        return services.record_not_told(
            marker, reason=payload.not_told_reason, revisit_on=payload.revisit_on, by=user
        )

    return move(request, reference, "alerts.record_telling", act)


# Disclosures to partners (I7) ----------------------------------------------------------------


class DisclosureIn(Input):
    organisation: str = Field(..., max_length=200)
    organisation_kind: PartnerKind
    recipient_name: str = Field(..., max_length=200)
    recipient_contact: str = Field(..., max_length=300, description="Email, phone or address")
    necessity: str = Field(..., max_length=5000, description="Why sharing is necessary")
    lawful_basis: LawfulBasis
    include_detail: bool = Field(False, description="Share the restricted detail too")
    detail_justification: str = Field("", max_length=5000)


class DisclosureOut(Schema):
    """Who shared which marker with whom, when, why and on what basis; not what was sent."""

    reference: str
    marker: str
    shared_at: datetime
    shared_by: str
    organisation: str
    organisation_kind: str
    recipient_name: str
    recipient_contact: str
    necessity: str
    lawful_basis: str
    includes_detail: bool
    summary_pdf_sha256: str
    flag_json_sha256: str


class RecordedOut(Schema):
    disclosure: DisclosureOut
    flag: dict[str, Any] = Field(description="The FHIR R4 Flag resource, as stored and sent")


def disclosure_out(item: Disclosure) -> dict[str, Any]:
    return DisclosureOut(
        reference=item.reference,
        marker=item.marker.reference,
        shared_at=item.created_at,
        shared_by=str(item.created_by),
        organisation=item.organisation,
        organisation_kind=item.organisation_kind,
        recipient_name=item.recipient_name,
        recipient_contact=item.recipient_contact,
        necessity=item.necessity,
        lawful_basis=item.lawful_basis,
        includes_detail=item.includes_detail,
        summary_pdf_sha256=item.summary_pdf_sha256,
        flag_json_sha256=item.flag_json_sha256,
    ).model_dump(mode="json")


@router.get(
    "/markers/{reference}/disclosures",
    response={200: list[DisclosureOut], **ERRORS},
    auth=scoped(READ),
)
def list_disclosures(request: HttpRequest, reference: str) -> Any:
    """Every time this marker was shared with a partner, newest first (alerts.view_disclosures)."""
    marker = the_marker(reference)
    allowed(request, "alerts.view_disclosures", marker)
    record_read(request, "alerts.disclosures_listed", marker, marker=marker.reference)
    return [disclosure_out(item) for item in marker.disclosures.select_related("created_by")]


@router.post(
    "/markers/{reference}/disclosures",
    response={201: RecordedOut, **ERRORS},
    auth=scoped(WRITE),
)
def record_disclosure(request: HttpRequest, reference: str, payload: DisclosureIn) -> Status[Any]:
    """Record sharing a live marker with a partner; answers with the FHIR Flag sent (I7)."""
    marker = the_marker(reference)
    user = allowed(request, "alerts.disclose_marker", marker)

    def work() -> tuple[int, Any]:
        choices = sharing.Choices(**payload.dict())
        made = disclosures.disclose_marker(marker, choices=choices, by=user)
        flag = json.loads(bytes(made.flag_json))
        return 201, {"disclosure": disclosure_out(made), "flag": flag}

    return Status(*once(request, work))
