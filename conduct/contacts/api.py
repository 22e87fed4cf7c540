"""The contacts routes of the JSON API, mounted under /api/v1/contacts.

Thin doors into the same services as the pages: scope first, then the acting
staff member's permission (403), then the service's rules (409 or 422).
Writes honour Idempotency-Key.
"""

from datetime import datetime
from http import HTTPStatus
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.endpoints import acting_user
from conduct.api.idempotency import once
from conduct.api.moves import MoveOut, moves_out
from conduct.api.problems import ApiProblemError, Problem
from conduct.api.schemas import Input, PathId
from conduct.contacts import ingestion, queries, services
from conduct.contacts.models import Channel, Contact, Hint, Message, Reading
from conduct.core.audit import record_read
from conduct.core.refusals import Refusal
from conduct.customers.models import CouncilService, Customer

router = Router(tags=["Contacts"])
READ, WRITE = "contacts:read", "contacts:write"
ERRORS: dict[int, Any] = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


class InvalidError(ApiProblemError):
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    slug = "contacts-invalid"
    title = "Some answers need changing"


class NotAnEmailTypeError(ApiProblemError):
    status = HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    slug = "unsupported-media-type"
    title = "Send the email as message/rfc822"


class EmailTooBigError(ApiProblemError):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    slug = "email-too-big"
    title = "The email is too big"


class ContactIn(Input):
    channel: Literal["email", "letter", "phone", "visit", "social-media", "online-form"]
    subject: str = Field(min_length=1, max_length=300)
    service: str | None = Field(None, max_length=80, description="The service's slug")
    occurred_at: datetime | None = Field(None, description="Now, if not given")
    minutes: int | None = Field(None, ge=1, le=600)
    notes: str = Field("", max_length=10000)


class ContactOut(Schema):
    id: int
    customer: str
    channel: str
    service: str | None
    subject: str
    occurred_at: datetime
    officer: str | None
    breaches: list[str]


class HintOut(Schema):
    id: int
    kind: str
    seen_at: datetime | None
    note: str
    moves: list[MoveOut] = Field(description="What the acting staff member may do next")


class MessageOut(Schema):
    id: int
    customer: str | None
    from_address: str
    subject: str
    received_at: datetime
    route: str
    route_reason: str
    routed_to: str | None
    acknowledge: bool
    similarity: float
    new_sentences: int
    hints: list[str]
    hint_records: list[HintOut] = Field(description="Each hint with its id, to mark it seen")
    reading_due_at: datetime | None
    signed_off_at: datetime | None
    moves: list[MoveOut] = Field(
        description="What the acting staff member may do next with its reading"
    )


class EmailReceivedOut(Schema):
    id: int = Field(description="The stored email's id: GET /contacts/messages/{id} reads it")
    customer: str | None = Field(description="The customer matched, or null: link it by hand")
    representative: int | None = Field(description="The representative it came from, if any")
    route: str = Field(description="normal, named-officer or read-and-file")
    routed_to: str | None = Field(description="Email of the officer it was routed to, if any")
    acknowledge: bool = Field(
        description="Whether an acknowledgement is sent (never under read and file)"
    )
    stored_before: bool = Field(description="True when this Message-ID was already stored")


class HintSeenIn(Input):
    note: str = Field("", max_length=10000, description="What was decided, if anything")


class SignOffIn(Input):
    outcome: Literal["nothing-new", "new-issue", "safeguarding"]
    reason: str = Field("", max_length=10000)


class LinkIn(Input):
    customer: str = Field(min_length=1, max_length=20, description="The customer's reference")
    add_address: bool = Field(
        False, description="Add the sender's address to the customer, so their next email matches"
    )


def allowed(request: HttpRequest, permission: str, subject: Any = None) -> User:
    user = acting_user(request)
    if not user.has_perm(permission, subject):
        raise PermissionDenied(f"The staff member this token acts as needs {permission}.")
    return user


def contact_out(item: Contact) -> dict[str, Any]:
    return ContactOut(
        id=item.pk,
        customer=item.customer.reference,
        channel=item.channel,
        service=item.service.slug if item.service else None,
        subject=item.subject,
        occurred_at=item.occurred_at,
        officer=item.officer.email if item.officer else None,
        breaches=[b.kind for b in item.breaches.all()],
    ).model_dump(mode="json")


def moves_of(person: User, subject: Any) -> list[MoveOut]:
    return [MoveOut(**move) for move in moves_out(person, subject)]


def hint_out(person: User, hint: Hint) -> HintOut:
    return HintOut(
        id=hint.pk,
        kind=hint.kind,
        seen_at=hint.seen_at,
        note=hint.note,
        moves=moves_of(person, hint),
    )


def message_out(person: User, item: Message) -> dict[str, Any]:
    reading = Reading.objects.filter(message=item).first()
    return MessageOut(
        id=item.pk,
        customer=item.customer.reference if item.customer else None,
        from_address=item.from_address,
        subject=item.subject,
        received_at=item.received_at,
        route=item.route,
        route_reason=item.route_reason,
        routed_to=item.assigned_to.email if item.assigned_to else None,
        acknowledge=item.acknowledge,
        similarity=item.similarity,
        new_sentences=len(item.new_sentences),
        hints=[hint.kind for hint in item.hints.all()],
        hint_records=[hint_out(person, hint) for hint in item.hints.order_by("pk")],
        reading_due_at=reading.due_at if reading else None,
        signed_off_at=reading.signed_off_at if reading else None,
        moves=moves_of(person, reading) if reading else [],
    ).model_dump(mode="json")


@router.get("/customers/{reference}", response={200: list[ContactOut], **ERRORS}, auth=scoped(READ))
def list_contacts(request: HttpRequest, reference: str) -> Status[Any]:
    """The customer's contacts, newest first (contacts.view_contacts)."""
    customer = get_object_or_404(Customer, reference=reference)
    allowed(request, "contacts.view_contacts", customer)
    rows = customer.contacts.select_related("service", "officer").prefetch_related("breaches")
    return Status(200, [contact_out(item) for item in rows[:500]])


@router.post("/customers/{reference}", response={201: ContactOut, **ERRORS}, auth=scoped(WRITE))
def log_contact(request: HttpRequest, reference: str, payload: ContactIn) -> Status[Any]:
    """Log a contact handled by the acting staff member (contacts.log_contact)."""
    customer = get_object_or_404(Customer, reference=reference)
    user = allowed(request, "contacts.log_contact", customer)
    service = get_object_or_404(CouncilService, slug=payload.service) if payload.service else None

    def work() -> tuple[int, Any]:
        contact = services.log_contact(
            customer,
            by=user,
            channel=Channel(payload.channel),
            subject=payload.subject,
            service=service,
            occurred_at=payload.occurred_at,
            minutes=payload.minutes,
            notes=payload.notes,
        )
        return 201, contact_out(contact)

    return Status(*once(request, work))


@router.get("/messages/{message_id}", response={200: MessageOut, **ERRORS}, auth=scoped(READ))
def read_message(request: HttpRequest, message_id: PathId) -> Status[Any]:
    """One email with its route, hints and reading (contacts.read_email); the read is audited."""
    message = get_object_or_404(Message, pk=message_id)
    user = allowed(request, "contacts.read_email", message)
    record_read(request, "contacts.message_viewed", message, subject=message.subject)
    return Status(200, message_out(user, message))


@router.get("/readings", response={200: list[MessageOut], **ERRORS}, auth=scoped(READ))
def readings_waiting(request: HttpRequest) -> Status[Any]:
    """Read-and-file emails waiting to be read and signed off (contacts.view_reading_queue)."""
    user = allowed(request, "contacts.view_reading_queue")
    waiting = queries.readings_waiting(user)[:500]
    return Status(200, [message_out(user, reading.message) for reading in waiting])


@router.post(
    "/messages/{message_id}/sign-off", response={200: MessageOut, **ERRORS}, auth=scoped(WRITE)
)
def sign_off(request: HttpRequest, message_id: PathId, payload: SignOffIn) -> Status[Any]:
    """Sign off a read-and-file email: nothing new, or escalated with the reason (D4)."""
    reading = get_object_or_404(Reading, message_id=message_id)
    user = allowed(request, "contacts.sign_off_reading", reading)

    def work() -> tuple[int, Any]:
        services.sign_off_reading(reading, by=user, outcome=payload.outcome, reason=payload.reason)
        return 200, message_out(user, reading.message)

    return Status(*once(request, work))


@router.post(
    "/messages/{message_id}/link", response={200: MessageOut, **ERRORS}, auth=scoped(WRITE)
)
def link_message(request: HttpRequest, message_id: PathId, payload: LinkIn) -> Status[Any]:
    """Link an unmatched sender's email to a customer; it is then routed by their restrictions."""
    message = get_object_or_404(Message, pk=message_id)
    user = allowed(request, "contacts.link_message", message)
    customer = get_object_or_404(Customer, reference=payload.customer)

    def work() -> tuple[int, Any]:
        linked = services.link_message_to_customer(
            message, customer, by=user, add_address=payload.add_address
        )
        return 200, message_out(user, linked)

    return Status(*once(request, work))


RFC822 = "message/rfc822"
EMAIL_BODY = {
    "requestBody": {
        "required": True,
        "description": "The email exactly as received (an .eml file), at most EMAIL_FILE_MAX_MB",
        "content": {RFC822: {"schema": {"type": "string", "format": "binary"}}},
    }
}


def raw_email(request: HttpRequest) -> bytes:
    """The body, if it is sent as an email and is within the limit the upload page has."""
    if request.content_type != RFC822:
        raise NotAnEmailTypeError(f"Send the email as the body, with Content-Type: {RFC822}.")
    limit = settings.EMAIL_FILE_MAX_BYTES
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
        raise EmailTooBigError(f"The email must be smaller than {limit // (1024 * 1024)} MB.")
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise EmailTooBigError(f"The email must be smaller than {limit // (1024 * 1024)} MB.")
    return raw


@router.post(
    "/emails",
    response={200: EmailReceivedOut, 201: EmailReceivedOut, 413: Problem, 415: Problem, **ERRORS},
    auth=scoped(WRITE),
    openapi_extra=EMAIL_BODY,
)
def add_email(request: HttpRequest) -> Status[Any]:
    """An email a customer sent someone directly, as the raw RFC 822 message: stored once by its
    Message-ID, matched, routed and acknowledged as the restriction says, exactly as a polled
    mailbox's are (contacts.add_email). 201 when stored now; 200 with the stored one if sent
    before. The arrival is in the audit trail with who sent it in."""
    user = allowed(request, "contacts.add_email")
    raw = raw_email(request)
    try:
        message, new = ingestion.import_email(raw, by=user, field_name="body", needs_sender=True)
    except Refusal as refusal:
        if refusal.field != "body":
            raise
        raise InvalidError(
            "The body could not be read as an email with a From address."
        ) from refusal
    answer = EmailReceivedOut(
        id=message.pk,
        customer=message.customer.reference if message.customer else None,
        representative=message.representative_id,
        route=message.route,
        routed_to=message.assigned_to.email if message.assigned_to else None,
        acknowledge=message.acknowledge,
        stored_before=not new,
    )
    return Status(201 if new else 200, answer.model_dump(mode="json"))


@router.post("/hints/{hint_id}/seen", response={200: HintOut, **ERRORS}, auth=scoped(WRITE))
def hint_seen(request: HttpRequest, hint_id: PathId, payload: HintSeenIn) -> Status[Any]:
    """Mark a hint seen (a possible protected route, threat or self-harm), with what was decided
    (contacts.mark_hint_seen); 409 if someone already has."""
    hint = get_object_or_404(Hint, pk=hint_id)
    user = allowed(request, "contacts.mark_hint_seen")

    def work() -> tuple[int, Any]:
        seen = services.mark_hint_seen(hint, by=user, note=payload.note)
        return 200, hint_out(user, seen).model_dump(mode="json")

    return Status(*once(request, work))
