"""The incidents routes of the JSON API: thin doors into the same services and rules as the pages.

Each endpoint checks the token's scope, then the acting member of staff's permission
(403), then the service's own rules (422 for a bad answer, 409 once an incident has
been acted on and can no longer change).
"""

import hashlib
import uuid
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from pydantic import AwareDatetime, StringConstraints

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.endpoints import acting_user
from conduct.api.idempotency import key_of, once
from conduct.api.moves import MoveOut, moves_out
from conduct.api.schemas import MAX_OFFSET, Input, PathId
from conduct.core.audit import record_read
from conduct.core.refusals import Refusal, bad_answer
from conduct.customers.models import CouncilService
from conduct.customers.search import reference_key
from conduct.incidents import coverage, evidence, queries, services
from conduct.incidents.api_informal import router as informal_router
from conduct.incidents.forms import customer_by_reference
from conduct.incidents.models import (
    Affected,
    Channel,
    Evidence,
    Incident,
    Injury,
    PhysicalViolence,
)

router = Router(tags=["incidents"])

Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Words = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=150)]  # Customer's

MAX_PAGE = MAX_OFFSET // 200  # so the page's offset stays within what the databases take


class NewCustomerIn(Input):
    given_names: Name = ""
    family_name: Name = ""
    date_of_birth: date | None = None
    address_line_1: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    postcode: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] = ""


class IncidentIn(Input):
    """An incident as an integration reports it. Name the customer one of three ways:
    `customer` (a reference on Conduct), `new_customer`, or `unknown_person_description`."""

    occurred_at: AwareDatetime
    location: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    channel: Channel
    service: str = Field(max_length=80, description="The service's slug in the service catalogue")
    customer: str | None = Field(
        None, max_length=20, description="A customer reference, like C-000123"
    )
    new_customer: NewCustomerIn | None = None
    unknown_person_description: Words = ""
    staff_affected: list[str] = Field([], description="Email addresses of staff affected")
    other_staff_affected: Line = ""
    affected: list[Affected] = Field(
        min_length=1, max_length=5, description="Who the behaviour was directed at, by kind"
    )
    physical_violence: PhysicalViolence = Field(
        description="Whether physical violence was used, threatened, or neither ('none')"
    )
    abuse_or_harassment: bool = Field(
        description="Whether there was violence, abuse or harassment, spoken, written or online"
    )
    behaviour_categories: list[str] = Field(min_length=1, description="Category ids in the pack")
    behaviour_examples: list[str] = []
    what_happened: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    words_used: Words = ""
    immediate_actions: list[str] = Field([], description="Staff action ids in the pack")
    police_called: bool = False
    crime_reference: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] = ""
    injury: Injury = Injury.NONE
    witnesses: Words = ""
    safeguarding_concern: bool = False
    safeguarding_detail: Words = ""
    support_offered: Words = ""


class IncidentCorrection(Input):
    """What the officer who logged an incident may still correct while it is open."""

    location: Annotated[str, StringConstraints(max_length=200)] | None = None
    words_used: Words | None = None
    witnesses: Words | None = None
    support_offered: Words | None = None


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


class NarrativeOut(Schema):
    what_happened: str
    words_used: str
    witnesses: str
    safeguarding_detail: str


class IncidentSummaryOut(Schema):
    reference: str
    status: str
    occurred_at: datetime
    location: str
    channel: str
    service: str
    customer: str | None
    behaviour_categories: list[str]
    injury: str
    riddor_report_due: date | None
    safeguarding_concern: bool
    logged_by: str | None
    logged_at: datetime


class IncidentOut(IncidentSummaryOut):
    unknown_person_description: str
    staff_affected: list[str]
    other_staff_affected: str
    affected: list[str]
    physical_violence: str
    abuse_or_harassment: bool
    within_policy: bool = Field(
        description="False when the pack does not cover anyone affected: it cannot go up the ladder"
    )
    behaviour_examples: list[str]
    immediate_actions: list[str]
    police_called: bool
    crime_reference: str
    support_offered: str
    policy_pack: str
    evidence: list[EvidenceOut]
    narrative: NarrativeOut | None = Field(
        description="Only for staff allowed to read what happened; each read is recorded"
    )
    moves: list[MoveOut] = Field(
        description="The informal-stage moves the acting staff member may make now"
    )


class IncidentPage(Schema):
    items: list[IncidentSummaryOut]
    page: int
    total: int
    next_page: int | None


class IncidentFilters(Input):
    status: Incident.Status | None = None
    service: str | None = Field(None, max_length=80, description="A service slug")
    channel: Channel | None = None
    customer: str | None = Field(None, max_length=20, description="A customer reference")
    occurred_from: date | None = None
    occurred_to: date | None = None
    logged_by_me: bool = False
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(50, ge=1, le=200)


# Reading ------------------------------------------------------------------------------


def summary(incident: Incident) -> dict[str, Any]:
    return {
        "reference": incident.reference,
        "status": incident.status,
        "occurred_at": incident.occurred_at,
        "location": incident.location,
        "channel": incident.channel,
        "service": incident.service.slug,
        "customer": incident.customer.reference if incident.customer else None,
        "behaviour_categories": incident.behaviour_categories,
        "injury": incident.injury,
        "riddor_report_due": incident.riddor_report_due,
        "safeguarding_concern": incident.safeguarding_concern,
        "logged_by": incident.created_by.email if incident.created_by else None,
        "logged_at": incident.created_at,
    }


def full(
    incident: Incident, person: User, *, narrative: bool, safeguarding: bool = True
) -> dict[str, Any]:
    """The incident; `safeguarding` False blanks the safeguarding detail (customers.view_safeguarding).
    The logger's own answers come back whole when they log or correct it."""
    return {
        **summary(incident),
        "unknown_person_description": incident.unknown_person_description,
        "staff_affected": [member.email for member in incident.staff_affected.all()],
        "other_staff_affected": incident.other_staff_affected,
        "affected": incident.affected,
        "physical_violence": incident.physical_violence,
        "abuse_or_harassment": incident.abuse_or_harassment,
        "within_policy": not coverage.is_outside_policy(incident),
        "behaviour_examples": incident.behaviour_examples,
        "immediate_actions": incident.immediate_actions,
        "police_called": incident.police_called,
        "crime_reference": incident.crime_reference,
        "support_offered": incident.support_offered,
        "policy_pack": str(incident.policy_pack),
        "evidence": [evidence_out(item) for item in incident.evidence.order_by("created_at")],
        "narrative": narrative_of(incident, safeguarding) if narrative else None,
        "moves": moves_out(person, incident),
    }


def narrative_of(incident: Incident, safeguarding: bool) -> dict[str, str]:
    return {
        "what_happened": incident.what_happened,
        "words_used": incident.words_used,
        "witnesses": incident.witnesses,
        "safeguarding_detail": incident.safeguarding_detail if safeguarding else "",
    }


def evidence_out(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.pk,
        "name": item.original_name,
        "content_type": item.content_type,
        "size": item.size,
        "sha256": item.sha256,
    }


def allowed(request: HttpRequest, permission: str, incident: Incident | None = None) -> User:
    user = acting_user(request)
    if not user.has_perm(permission, incident):
        raise PermissionDenied(f"The staff member this token acts as needs {permission}.")
    return user


def incident_for(request: HttpRequest, reference: str, permission: str) -> Incident:
    incident = get_object_or_404(Incident, reference=reference)
    allowed(request, permission, incident)
    return incident


# Logging ------------------------------------------------------------------------------


@router.post("", response={201: IncidentOut}, auth=scoped("incidents:write"))
def log_incident(request: HttpRequest, payload: IncidentIn) -> Status[Any]:
    """Log an incident (permission incidents.log_incident). Send `Idempotency-Key` so a
    retry logs it once; evidence files follow with POST /{reference}/evidence."""
    user = allowed(request, "incidents.log_incident")
    # The whole key as a fixed-length digest: keys sharing their first characters differ.
    key = hashlib.sha256((key_of(request) or uuid.uuid4().hex).encode()).hexdigest()
    answers = answers_from(payload)

    def work() -> tuple[int, Any]:
        incident = services.log_incident(by=user, submission_key=f"api:{user.pk}:{key}", **answers)
        return 201, IncidentOut(**full(incident, user, narrative=True)).model_dump(mode="json")

    return Status(*once(request, work))


def answers_from(payload: IncidentIn) -> dict[str, Any]:
    """The payload with references and emails turned into the records they name."""
    data = payload.dict(exclude={"service", "customer", "new_customer", "staff_affected"})
    new = payload.new_customer
    return {
        **data,
        "service": service_by_slug(payload.service),
        "customer": customer_named(payload.customer),
        "new_customer": services.NewCustomer(**new.dict()) if new else None,
        "staff_affected": staff_by_email(payload.staff_affected),
    }


def service_by_slug(slug: str) -> CouncilService:
    service = CouncilService.objects.filter(slug=slug, is_active=True).first()
    if service is None:
        raise bad_answer(f"{slug} is not a service in the catalogue", "service")
    return service


def customer_named(reference: str | None) -> Any:
    if reference is None:
        return None
    customer = customer_by_reference(reference)
    if customer is None:
        raise bad_answer(f"{reference} is not a customer on Conduct", "customer")
    return customer


def staff_by_email(emails: list[str]) -> list[User]:
    members = list(User.objects.filter(email__in=[e.strip().lower() for e in emails]))
    unknown = sorted({e.strip().lower() for e in emails} - {m.email for m in members})
    if unknown:
        raise bad_answer(f"{', '.join(unknown)} is not a member of staff", "staff_affected")
    return members


# Listing, reading, correcting ------------------------------------------------------------


@router.get("", response=IncidentPage, auth=scoped("incidents:read"))
def list_incidents(request: HttpRequest, filters: Query[IncidentFilters]) -> dict[str, Any]:
    """Incidents the acting member of staff may see, newest first, a page at a time."""
    user = allowed(request, "incidents.list_incidents")
    incidents = filtered(queries.visible_to(user), filters, user).order_by("-occurred_at", "-pk")
    start = (filters.page - 1) * filters.page_size
    items = list(incidents[start : start + filters.page_size + 1])
    more = len(items) > filters.page_size
    return {
        "items": [summary(i) for i in items[: filters.page_size]],
        "page": filters.page,
        "total": incidents.count(),
        "next_page": filters.page + 1 if more else None,
    }


def filtered(incidents: Any, filters: IncidentFilters, user: User) -> Any:
    exact = {
        "status": filters.status,
        "service__slug": filters.service,
        "channel": filters.channel,
        "customer__reference": reference_key(filters.customer) if filters.customer else None,
    }
    incidents = incidents.filter(**{k: v for k, v in exact.items() if v is not None})
    if filters.occurred_from:
        incidents = incidents.filter(occurred_at__gte=start_of(filters.occurred_from))
    if filters.occurred_to:
        incidents = incidents.filter(occurred_at__lt=start_of(filters.occurred_to, days=1))
    return incidents.filter(created_by=user) if filters.logged_by_me else incidents


def start_of(day: date, days: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=days), time.min))


@router.get("/{reference}", response=IncidentOut, auth=scoped("incidents:read"))
def read_incident(request: HttpRequest, reference: str) -> dict[str, Any]:
    """One incident. `narrative` is filled only with incidents.view_narrative, and recorded."""
    incident = incident_for(request, reference, "incidents.view_incident")
    user = acting_user(request)
    can_read = user.has_perm("incidents.view_narrative", incident)
    if can_read:
        record_read(request, "incidents.narrative_viewed", incident, reference=reference)
    safeguarding = user.has_perm("customers.view_safeguarding", incident.customer)
    return full(incident, user, narrative=can_read, safeguarding=safeguarding)


@router.patch("/{reference}", response=IncidentOut, auth=scoped("incidents:write"))
def correct_incident(
    request: HttpRequest, reference: str, payload: IncidentCorrection
) -> dict[str, Any]:
    """Correct where it happened, the words used, the witnesses or the support offered
    (only the officer who logged it, only while it is new or more detail was asked for)."""
    incident = incident_for(request, reference, "incidents.correct_incident")
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    user = acting_user(request)
    incident = services.correct_incident(incident, by=user, **changes)
    return full(incident, user, narrative=True)


# Evidence -------------------------------------------------------------------------------


@router.post(
    "/{reference}/evidence", response={201: list[EvidenceOut]}, auth=scoped("incidents:write")
)
def add_evidence(
    request: HttpRequest, reference: str, files: File[list[UploadedFile]]
) -> Status[Any]:
    """Add files (multipart, field `files`) to an open incident: all of them or none.
    Files are accepted by what they contain: PDF, image, audio, video, email or text."""
    incident = incident_for(request, reference, "incidents.add_evidence")
    try:
        added = services.add_evidence(incident, by=acting_user(request), uploads=files)
    except Refusal as refusal:
        # The service names the page's field; here the files come in the field `files`.
        raise refusal.naming({"evidence": "files"}) from refusal
    return Status(201, [evidence_out(item) for item in added])


@router.get("/{reference}/evidence/{evidence_id}", auth=scoped("incidents:read"))
def download_evidence(request: HttpRequest, reference: str, evidence_id: PathId) -> FileResponse:
    """The file itself (permission incidents.download_evidence); each download is recorded."""
    incident = incident_for(request, reference, "incidents.download_evidence")
    item = get_object_or_404(Evidence, pk=evidence_id, incident=incident)
    record_read(
        request,
        "incidents.evidence_downloaded",
        item,
        reference=reference,
        name=item.original_name,
        sha256=item.sha256,
    )
    return evidence.download(item)


# The informal stage's actions live under the same address (conduct/incidents/api_informal.py).
router.add_router("", informal_router)
