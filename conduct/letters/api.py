"""The letters routes of the JSON API, mounted at /api/v1/letters.

Each endpoint checks the token's scope, then the acting staff member's
permission, the same as the pages (letters.view_letters, letters.download_letter).
Downloads are audited and checked against the SHA-256 taken at issue.
"""

from datetime import datetime
from http import HTTPStatus
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.endpoints import acting_user
from conduct.api.idempotency import once
from conduct.api.moves import MoveOut, moves_out
from conduct.api.problems import ApiProblemError, Problem
from conduct.api.schemas import Input, PathId
from conduct.cases.models import Appeal, Case, Decision, Review
from conduct.core.audit import record
from conduct.core.stored_files import TamperedFileError
from conduct.customers.models import Customer
from conduct.incidents.models import InformalWarning
from conduct.letters import queries, services, tasks
from conduct.letters.models import IssuedLetter, Letter, LetterBatch

router = Router(tags=["Letters"])
READ, WRITE = "letters:read", "letters:write"
ERRORS: dict[int, Any] = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


class FileChangedError(ApiProblemError):
    status = HTTPStatus.CONFLICT
    slug = "letter-file-changed"
    title = "The stored file no longer matches the one issued"


def allowed(request: HttpRequest, permission: str, subject: Any = None) -> User:
    user = acting_user(request)
    if not user.has_perm(permission, subject):
        raise PermissionDenied(f"The staff member this token acts as needs {permission}.")
    return user


class FileOut(Schema):
    kind: str
    sha256: str
    url: str


class LetterOut(Schema):
    reference: str
    letter_type: str
    status: str
    customer: str
    case: str | None
    recipient: str
    format: str
    template_version: int
    held_reason: str
    approved_at: datetime | None
    issued_at: datetime | None
    route: str | None
    delivered_at: datetime | None
    files: list[FileOut]


class LetterQuery(Input):
    case: str | None = Field(None, max_length=20)
    customer: str | None = Field(None, max_length=20)
    status: Literal["draft", "held", "approved", "issued", "superseded"] | None = None


def files_of(issued: IssuedLetter | None, reference: str) -> list[FileOut]:
    if issued is None:
        return []
    return [
        FileOut(kind=kind, sha256=digest, url=f"/api/v1/letters/{reference}/files/{kind}")
        for kind, (_, digest) in issued.files().items()
    ]


def letter_out(letter: Letter) -> LetterOut:
    issued = IssuedLetter.objects.filter(letter=letter).first()
    delivery = issued.deliveries.first() if issued else None
    return LetterOut(
        reference=letter.reference,
        letter_type=letter.letter_type,
        status=letter.status,
        customer=letter.customer.reference,
        case=letter.case.reference if letter.case else None,
        recipient=letter.recipient,
        format=letter.format,
        template_version=letter.template.version,
        held_reason=letter.held_reason,
        approved_at=letter.approved_at,
        issued_at=issued.issued_at if issued else None,
        route=issued.route if issued else None,
        delivered_at=delivery.at if delivery else None,
        files=files_of(issued, letter.reference),
    )


class BatchOut(Schema):
    id: int | None = Field(description="The batch's id; null when there was nothing to write")
    kind: str
    total: int
    done: int
    started_at: datetime | None
    finished_at: datetime | None
    letters: list[str] = Field(description="References of the letters drafted so far")


def batch_out(batch: LetterBatch | None) -> dict[str, Any]:
    if batch is None:
        nothing = BatchOut(
            id=None,
            kind=LetterBatch.Kind.REVIEW_OUTCOMES,
            total=0,
            done=0,
            started_at=None,
            finished_at=None,
            letters=[],
        )
        return nothing.model_dump(mode="json")
    return BatchOut(
        id=batch.pk,
        kind=batch.kind,
        total=batch.total,
        done=batch.done,
        started_at=batch.started_at,
        finished_at=batch.finished_at,
        letters=[letter.reference for letter in batch.letters.order_by("pk")],
    ).model_dump(mode="json")


# Before "/{reference}": Django gives an address to the first pattern that matches it.
@router.post("/batches", response={200: BatchOut, 202: BatchOut, **ERRORS}, auth=scoped(WRITE))
def start_batch(request: HttpRequest) -> Status[Any]:
    """Start drafting every review outcome letter still to write, in the background
    (letters.run_batches): 202 with the batch to poll, or 200 with no id when none is waiting."""
    user = allowed(request, "letters.run_batches")

    def work() -> tuple[int, Any]:
        batch = services.start_batch(by=user)
        if batch is None:
            return 200, batch_out(None)
        tasks.run_batch.enqueue(batch.pk)
        return 202, batch_out(batch)

    return Status(*once(request, work))


@router.get("/batches/{batch_id}", response={200: BatchOut, **ERRORS}, auth=scoped(READ))
def get_batch(request: HttpRequest, batch_id: PathId) -> Status[Any]:
    """How far a batch has got, and the letters it has drafted (letters.run_batches)."""
    allowed(request, "letters.run_batches")
    return Status(200, batch_out(get_object_or_404(LetterBatch, pk=batch_id)))


@router.get("/", response={200: list[LetterOut], **ERRORS}, auth=scoped(READ))
def list_letters(request: HttpRequest, filters: Query[LetterQuery]) -> list[LetterOut]:
    """Letters, newest first, by case, customer or status (letters.view_letters)."""
    allowed(request, "letters.view_letters")
    found = queries.letters(
        status=filters.status or "", case=filters.case or "", customer=filters.customer or ""
    ).select_related("template")[:500]
    return [letter_out(letter) for letter in found]


class LetterDetailOut(LetterOut):
    moves: list[MoveOut] = Field(description="What the acting staff member may do next")


@router.get("/{reference}", response={200: LetterDetailOut, **ERRORS}, auth=scoped(READ))
def get_letter(request: HttpRequest, reference: str) -> LetterDetailOut:
    """One letter with its status, route, delivery and files, and the moves open to the acting
    staff member (letters.view_letter)."""
    letter = get_object_or_404(Letter, reference=reference)
    user = allowed(request, "letters.view_letter", letter)
    answer = {**letter_out(letter).model_dump(), "moves": moves_out(user, letter)}
    return LetterDetailOut.model_validate(answer)


@router.get("/{reference}/files/{kind}", response={200: None, **ERRORS}, auth=scoped(READ))
def download(
    request: HttpRequest, reference: str, kind: Literal["pdf", "docx", "txt"]
) -> HttpResponse:
    """An issued letter's file, as stored at issue (letters.download_letter); audited."""
    issued = get_object_or_404(
        IssuedLetter.objects.select_related("letter__case"), letter__reference=reference
    )
    user = allowed(request, "letters.download_letter", issued.letter)
    try:
        path, data = services.verified_file(issued, kind)
    except TamperedFileError as error:
        raise FileChangedError(f"{error}: the administrator must be told.") from error
    record(
        "letters.letter_downloaded",
        actor=user,
        target=issued.letter,
        payload={"reference": reference, "kind": kind, "path": request.path},
    )
    response = HttpResponse(data, content_type=services.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response


# Writes: every web action, through the same services and permissions ---------------------------


class DraftIn(Input):
    letter_type: str = Field(
        max_length=100, description="The pack's letter type id, such as restriction"
    )
    case: str | None = Field(None, max_length=20, description="The case reference")
    customer: str | None = Field(
        None, max_length=20, description="The customer reference, for a marker notice"
    )
    decision: int | None = None
    review: int | None = None
    appeal: int | None = None
    informal_warning: int | None = None
    marker: int | None = None
    representative: int | None = Field(None, description="Write to this representative instead")


class IssueIn(Input):
    route: Literal["post", "email", "reception", "hand"]
    email: str = Field("", max_length=254)
    delivered_by: str = Field(
        "", max_length=254, description="Email of the staff member who delivered it by hand"
    )


class HandOverIn(Input):
    note: str = Field("", max_length=300)


def draft_of(payload: DraftIn) -> services.Draft:
    """The draft the payload names, each id found within the case (404 otherwise)."""
    case = get_object_or_404(Case, reference=payload.case) if payload.case else None
    customer = get_object_or_404(Customer, reference=payload.customer) if payload.customer else None
    customer = customer or (case.customer if case else None)
    found: dict[str, Any] = {}
    for name, model in SOURCES.items():
        pk = getattr(payload, name)
        if pk is not None:
            found[name] = get_object_or_404(model(case), pk=pk)
    if payload.representative is not None and customer is not None:
        found["representative"] = get_object_or_404(
            customer.representatives, pk=payload.representative
        )
    if "review" in found:
        found.setdefault("decision", found["review"].restriction.decision)
    if "appeal" in found:
        found.setdefault("decision", found["appeal"].decision)
    marker = found.pop("marker", None)
    return services.Draft(
        payload.letter_type, case=case, customer=customer, marker_id=marker and marker.pk, **found
    )


SOURCES: dict[str, Any] = {
    "decision": lambda case: Decision.objects.filter(case=case),
    "review": lambda case: Review.objects.filter(restriction__case=case),
    "appeal": lambda case: Appeal.objects.filter(case=case),
    "informal_warning": lambda case: InformalWarning.objects.filter(customer__cases=case),
    "marker": lambda case: services.marker_model().objects.all(),
}


@router.post("/", response={201: LetterOut, **ERRORS}, auth=scoped(WRITE))
def draft_letter(request: HttpRequest, payload: DraftIn) -> Status[Any]:
    """Draft a letter answering a decision, review, appeal, warning or marker (letters.draft_letter)."""
    user = allowed(request, "letters.draft_letter")
    draft = draft_of(payload)

    def work() -> tuple[int, Any]:
        return 201, letter_out(services.draft_letter(draft, by=user)).model_dump(mode="json")

    return Status(*once(request, work))


@router.post("/{reference}/approve", response={200: LetterOut, **ERRORS}, auth=scoped(WRITE))
def approve_letter(request: HttpRequest, reference: str) -> Status[Any]:
    """Approve, once the check passes; 409 names what is missing (letters.approve_letter)."""
    user = allowed(request, "letters.approve_letter")
    letter = get_object_or_404(Letter, reference=reference)

    def work() -> tuple[int, Any]:
        return 200, letter_out(services.approve_letter(letter, by=user)).model_dump(mode="json")

    return Status(*once(request, work))


@router.post("/{reference}/issue", response={200: LetterOut, **ERRORS}, auth=scoped(WRITE))
def issue_letter(request: HttpRequest, reference: str, payload: IssueIn) -> Status[Any]:
    """Issue by a route; a second call is refused with 409, so it sends once (letters.issue_letter)."""
    user = allowed(request, "letters.issue_letter")
    letter = get_object_or_404(Letter, reference=reference)
    courier = User.objects.filter(email__iexact=payload.delivered_by, is_active=True).first()
    issue = services.Issue(payload.route, payload.email, courier)

    def work() -> tuple[int, Any]:
        done = services.issue_letter(letter, issue, by=user)
        return 200, letter_out(done.letter).model_dump(mode="json")

    return Status(*once(request, work))


@router.post("/{reference}/hand-over", response={200: LetterOut, **ERRORS}, auth=scoped(WRITE))
def hand_over_letter(request: HttpRequest, reference: str, payload: HandOverIn) -> Status[Any]:
    """Record that a letter held at reception was handed over (letters.hand_over_letter)."""
    user = allowed(request, "letters.hand_over_letter")
    issued = get_object_or_404(IssuedLetter, letter__reference=reference)

    def work() -> tuple[int, Any]:
        services.hand_over_letter(issued, by=user, note=payload.note)
        return 200, letter_out(issued.letter).model_dump(mode="json")

    return Status(*once(request, work))


class SupersedeIn(Input):
    reason: str = Field(min_length=1, max_length=10000, description="Why the letter is replaced")


@router.post("/{reference}/replacement", response={201: LetterOut, **ERRORS}, auth=scoped(WRITE))
def supersede_letter(request: HttpRequest, reference: str, payload: SupersedeIn) -> Status[Any]:
    """Replace the letter with a new draft; the old one stays, marked superseded, never changed
    (letters.issue_letter). Answers with the new draft; 409 if it was already replaced."""
    user = allowed(request, "letters.issue_letter")
    letter = get_object_or_404(Letter, reference=reference)

    def work() -> tuple[int, Any]:
        draft = services.supersede_letter(letter, by=user, reason=payload.reason)
        return 201, letter_out(draft).model_dump(mode="json")

    return Status(*once(request, work))
