"""The subject access API, mounted at /api/v1/subject-access-requests (J3).

Each endpoint is a thin door into the same service as the pages (dataprotection/services.py):
scope first, then the acting staff member's permission (403), then the service's rules (409
for a move not open now, 422 naming each refused answer). Every POST honours Idempotency-Key.
"""

from datetime import date, datetime
from http import HTTPStatus
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.endpoints import acting_user
from conduct.api.idempotency import once
from conduct.api.moves import MoveOut, moves_out
from conduct.api.problems import ApiProblemError, Problem
from conduct.api.schemas import Input, PathId
from conduct.core.audit import record_read
from conduct.core.refusals import bad_answer
from conduct.core.stored_files import TamperedFileError
from conduct.core.text import LINE_LIMIT, NOTE_LIMIT
from conduct.customers.models import Customer
from conduct.dataprotection import services
from conduct.dataprotection.files import read_bundle_file
from conduct.dataprotection.models import Bundle, SubjectAccessRequest

router = Router(tags=["Subject access requests"])
READ, WRITE, BUNDLE = "subject-access:read", "subject-access:write", "subject-access:bundle"
VIEW, HANDLE = (
    "dataprotection.view_subject_access_requests",
    "dataprotection.handle_subject_access_requests",
)
ERRORS: dict[int, Any] = {403: Problem, 404: Problem, 409: Problem, 422: Problem}
ChannelId = Literal["email", "letter", "phone", "in-person", "web-form", "social-media"]
ChoiceId = Literal["unredact", "withhold", "include"]


class BundleChangedError(ApiProblemError):
    status = HTTPStatus.CONFLICT
    slug = "bundle-file-changed"
    title = "The stored bundle no longer matches the one built"


def allowed(request: HttpRequest, permission: str) -> User:
    user = acting_user(request)
    if not user.has_perm(permission):
        raise PermissionDenied(f"The staff member this token acts as needs {permission}.")
    return user


def note(description: str, default: str | None = None) -> Any:
    if default is None:
        return Field(min_length=1, max_length=NOTE_LIMIT, description=description)
    return Field(default, max_length=NOTE_LIMIT, description=description)


class SubjectAccessRequestIn(Input):
    customer: str = Field(max_length=12, description="The customer's reference, such as C-000123")
    received_on: date
    channel: ChannelId
    identity_check: str = note("How the requester's identity was checked so far", "")
    representative_name: str = Field("", max_length=LINE_LIMIT)
    representative_authority: str = note("Their authority to act for the person", "")
    notes: str = note("Anything else to note", "")


class IdentityConfirmedIn(Input):
    how: str = note("How the requester's identity was confirmed")
    evidence_received_on: date | None = Field(
        None, description="When proof of identity arrived, if it had to be asked for"
    )


class DeadlineExtensionIn(Input):
    months: Literal[1, 2] = Field(description="The extension in all: one or two further months")
    reason: str = note("Why the request needs longer")


class RequestWithdrawnIn(Input):
    reason: str = note("How the person withdrew the request")


class BundleItemDecisionIn(Input):
    choice: ChoiceId
    reason: str = note("Why; for a withheld item, the exemption")


class BundleItemOut(Schema):
    key: str
    section: str
    title: str
    at: str
    treatment: Literal["disclosed", "redacted", "withheld"]
    reason: str = Field(description="The exemption withheld under, or a reviewer's reason")
    files: int


class BundleOut(Schema):
    id: int
    status: str
    sections_done: int
    sections_total: int
    pdf_sha256: str
    zip_sha256: str
    finished_at: datetime | None
    released_at: datetime | None
    items: list[BundleItemOut] | None = Field(description="Only for those who may read the bundle")


class SubjectAccessRequestOut(Schema):
    reference: str
    status: str
    customer: str
    received_on: date
    channel: str
    identity_check: str
    clock_starts_on: date
    due_on: date
    extended_by_months: int
    extension_reason: str
    representative_name: str
    released_at: datetime | None
    bundle: BundleOut | None = Field(description="The latest bundle built, if any")
    moves: list[MoveOut] = Field(description="What the acting staff member may do next")


def bundle_out(bundle: Bundle, person: User) -> dict[str, Any]:
    reads = person.has_perm("dataprotection.read_bundle")
    items = [{**item, "files": int(item["files"])} for item in bundle.items] if reads else None
    return BundleOut(
        id=bundle.pk,
        status=bundle.status,
        sections_done=bundle.sections_done,
        sections_total=bundle.sections_total,
        pdf_sha256=bundle.pdf_sha256,
        zip_sha256=bundle.zip_sha256,
        finished_at=bundle.finished_at,
        released_at=bundle.released_at,
        items=[BundleItemOut(**item) for item in items] if items is not None else None,
    ).model_dump(mode="json")


def request_out(sar: SubjectAccessRequest, person: User, *, detail: bool = True) -> dict[str, Any]:
    bundle = sar.bundles.order_by("-created_at", "-pk").first() if detail else None
    return {
        "reference": sar.reference,
        "status": sar.status,
        "customer": sar.customer.reference,
        "received_on": sar.received_on.isoformat(),
        "channel": sar.channel,
        "identity_check": sar.identity_check,
        "clock_starts_on": sar.clock_starts_on.isoformat(),
        "due_on": sar.due_on.isoformat(),
        "extended_by_months": sar.extended_by_months,
        "extension_reason": sar.extension_reason,
        "representative_name": sar.representative_name,
        "released_at": sar.released_at.isoformat() if sar.released_at else None,
        "bundle": bundle_out(bundle, person) if bundle else None,
        "moves": moves_out(person, sar),
    }


def the_request(reference: str) -> SubjectAccessRequest:
    return get_object_or_404(
        SubjectAccessRequest.objects.select_related("customer"), reference=reference
    )


@router.get("", response={200: list[SubjectAccessRequestOut], **ERRORS}, auth=scoped(READ))
def list_subject_access_requests(
    request: HttpRequest, status: SubjectAccessRequest.Status | None = None
) -> Status[Any]:
    """Requests by deadline, soonest first, optionally of one status."""
    user = allowed(request, VIEW)
    found = SubjectAccessRequest.objects.select_related("customer").order_by("due_on", "pk")
    if status is not None:
        found = found.filter(status=status)
    return Status(200, [request_out(sar, user, detail=False) for sar in found[:500]])


@router.post("", response={201: SubjectAccessRequestOut, **ERRORS}, auth=scoped(WRITE))
def log_subject_access_request(
    request: HttpRequest, payload: SubjectAccessRequestIn
) -> Status[Any]:
    """Log a request as it arrived; its deadline is counted as the ICO counts it."""
    user = allowed(request, HANDLE)

    def work() -> tuple[int, Any]:
        answers = payload.model_dump()
        reference = answers.pop("customer").strip().upper()
        customer = Customer.objects.filter(reference=reference, merged_into=None).first()
        if customer is None:
            raise bad_answer("Enter the reference of a customer Conduct holds", "customer")
        sar = services.log_subject_access_request(customer, by=user, **answers)
        return 201, request_out(sar, user)

    return Status(*once(request, work))


@router.get("/{reference}", response={200: SubjectAccessRequestOut, **ERRORS}, auth=scoped(READ))
def read_subject_access_request(request: HttpRequest, reference: str) -> Status[Any]:
    """The request, its deadline, the latest bundle and the moves open; the reading is audited."""
    user = allowed(request, VIEW)
    sar = the_request(reference)
    record_read(request, "dataprotection.subject_access_request_viewed", sar, reference=reference)
    return Status(200, request_out(sar, user))


def move(request: HttpRequest, reference: str, act: Any) -> Status[Any]:
    """A move on the request by the data protection officer, answered with the request."""
    user = allowed(request, HANDLE)
    sar = the_request(reference)

    def work() -> tuple[int, Any]:
        act(sar, user)
        return 200, request_out(the_request(reference), user)

    return Status(*once(request, work))


@router.post(
    "/{reference}/identity", response={200: SubjectAccessRequestOut, **ERRORS}, auth=scoped(WRITE)
)
def confirm_identity(
    request: HttpRequest, reference: str, payload: IdentityConfirmedIn
) -> Status[Any]:
    """Record how the requester's identity was confirmed (the clock restarts when proof came)."""
    return move(
        request,
        reference,
        lambda sar, by: services.confirm_identity(sar, by=by, **payload.model_dump()),
    )


@router.post(
    "/{reference}/extension", response={200: SubjectAccessRequestOut, **ERRORS}, auth=scoped(WRITE)
)
def extend_deadline(
    request: HttpRequest, reference: str, payload: DeadlineExtensionIn
) -> Status[Any]:
    """Extend the deadline by one or two further months in all, with the reason."""
    return move(
        request,
        reference,
        lambda sar, by: services.extend_subject_access_deadline(sar, by=by, **payload.model_dump()),
    )


@router.post(
    "/{reference}/bundles", response={200: SubjectAccessRequestOut, **ERRORS}, auth=scoped(WRITE)
)
def build_bundle(request: HttpRequest, reference: str) -> Status[Any]:
    """Queue the job that builds the bundle; read the request to follow its progress."""
    return move(
        request, reference, lambda sar, by: services.build_subject_access_bundle(sar, by=by)
    )


@router.post(
    "/{reference}/items/{key}/decision",
    response={200: SubjectAccessRequestOut, **ERRORS},
    auth=scoped(WRITE),
)
def decide_item(
    request: HttpRequest, reference: str, key: str, payload: BundleItemDecisionIn
) -> Status[Any]:
    """Un-redact an item, withhold it under an exemption, or include one withheld by default."""
    return move(
        request,
        reference,
        lambda sar, by: services.decide_bundle_item(
            sar, item_key=key, by=by, **payload.model_dump()
        ),
    )


@router.post(
    "/{reference}/release", response={200: SubjectAccessRequestOut, **ERRORS}, auth=scoped(WRITE)
)
def release_bundle(request: HttpRequest, reference: str) -> Status[Any]:
    """Record that the latest bundle, built after every decision, was sent to the person."""
    return move(
        request, reference, lambda sar, by: services.release_subject_access_bundle(sar, by=by)
    )


@router.post(
    "/{reference}/withdrawal", response={200: SubjectAccessRequestOut, **ERRORS}, auth=scoped(WRITE)
)
def withdraw_request(
    request: HttpRequest, reference: str, payload: RequestWithdrawnIn
) -> Status[Any]:
    """Record that the person withdrew the request."""
    return move(
        request,
        reference,
        lambda sar, by: services.withdraw_subject_access_request(
            sar, by=by, **payload.model_dump()
        ),
    )


@router.get(
    "/{reference}/bundles/{bundle_id}/{kind}",
    response={200: None, **ERRORS},
    auth=scoped(BUNDLE),
    openapi_extra={
        "responses": {
            "200": {
                "description": "The bundle as a PDF, or the ZIP of JSON and files",
                "content": {"application/pdf": {}, "application/zip": {}},
            }
        }
    },
)
def download_bundle(
    request: HttpRequest, reference: str, bundle_id: PathId, kind: Literal["pdf", "zip"]
) -> HttpResponse:
    """The bundle's PDF or ZIP, checked against its SHA-256; the download is audited."""
    allowed(request, "dataprotection.read_bundle")
    sar = the_request(reference)
    bundle = get_object_or_404(Bundle, request=sar, pk=bundle_id, status=Bundle.Status.READY)
    path, digest = (
        (bundle.pdf_path, bundle.pdf_sha256)
        if kind == "pdf"
        else (bundle.zip_path, bundle.zip_sha256)
    )
    try:
        data = read_bundle_file(path, digest)
    except TamperedFileError as error:
        raise BundleChangedError(f"{error}: the administrator must be told.") from error
    record_read(
        request,
        "dataprotection.subject_access_bundle_downloaded",
        sar,
        reference=reference,
        format=kind,
        sha256=digest,
    )
    response = HttpResponse(
        data, content_type="application/pdf" if kind == "pdf" else "application/zip"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{reference}-bundle-{bundle_id}.{kind}"'
    )
    return response
