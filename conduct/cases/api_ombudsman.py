"""The Ombudsman referral routes of the cases API, mounted under /api/v1/cases by cases/api.py.

Each endpoint is a thin door into the same service as the page (cases/ombudsman.py): scope
first, then the acting staff member's permission (403), then the service's rules (409 for a
move not open now, 422 naming each refused answer). Every POST honours Idempotency-Key.
"""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from conduct.api.auth import scoped
from conduct.api.idempotency import once
from conduct.api.moves import MoveOut, moves_out
from conduct.api.schemas import Input, PathId
from conduct.cases import ombudsman
from conduct.cases.api_reviews import ERRORS, READ, WRITE, allowed
from conduct.cases.models import (
    OMBUDSMAN_REFERENCE_LIMIT,
    Case,
    OmbudsmanEnquiry,
    OmbudsmanReferral,
)
from conduct.core.audit import record_read
from conduct.core.text import NOTE_LIMIT

router = Router(tags=["Cases"])
VIEW, RECORD = "cases.view_ombudsman_referrals", "cases.record_ombudsman_referral"
OmbudsmanId = Literal["lgsco", "housing-ombudsman", "spso", "psow"]
OutcomeId = Literal[
    "upheld",
    "partly-upheld",
    "not-upheld",
    "premature",
    "outside-jurisdiction",
    "closed-after-initial-enquiries",
    "withdrawn",
]


def reference_field() -> Any:
    return Field("", max_length=OMBUDSMAN_REFERENCE_LIMIT, description="The Ombudsman’s own")


class ReferralIn(Input):
    ombudsman: OmbudsmanId
    heard_on: date = Field(description="When the council heard of the referral")
    referred_on: date | None = Field(None, description="When the customer went, if known")
    reference: str = reference_field()
    decision: int | None = Field(None, description="The id of the decision it is about, if one")
    appeal: int | None = Field(None, description="The id of the appeal it is about, if one")


class EnquiryIn(Input):
    received_on: date
    respond_by: date | None = None
    question: str = Field(max_length=NOTE_LIMIT, description="What the Ombudsman asked for")
    reference: str = reference_field()


class ResponseIn(Input):
    responded_on: date


class OutcomeIn(Input):
    outcome: OutcomeId
    outcome_on: date
    remedy: str = Field(
        "", max_length=NOTE_LIMIT, description="Only for an upheld or partly upheld complaint"
    )
    reference: str = reference_field()


class RemedyDoneIn(Input):
    done_on: date


class EnquiryOut(Schema):
    id: int
    received_on: date
    respond_by: date | None
    responded_on: date | None
    question: str


class ReferralOut(Schema):
    id: int
    case: str
    ombudsman: str
    ombudsman_name: str
    decision: int | None
    appeal: int | None
    referred_on: date | None
    heard_on: date
    reference: str
    outcome: str = Field(description="Blank until the Ombudsman decides")
    outcome_in_words: str = Field(description="As staff read it, in the Ombudsman’s own words")
    outcome_on: date | None
    remedy: str
    remedy_done_on: date | None
    enquiries: list[EnquiryOut]
    moves: list[MoveOut] = Field(description="What the acting staff member may do next")


def referral_out(referral: OmbudsmanReferral, person: Any) -> dict[str, Any]:
    referral = OmbudsmanReferral.objects.select_related("case").get(pk=referral.pk)
    return ReferralOut(
        id=referral.pk,
        case=referral.case.reference,
        ombudsman=referral.ombudsman,
        ombudsman_name=ombudsman.ombudsman_name(referral),
        decision=referral.decision_id,
        appeal=referral.appeal_id,
        referred_on=referral.referred_on,
        heard_on=referral.heard_on,
        reference=referral.reference,
        outcome=referral.outcome,
        outcome_in_words=ombudsman.outcome_in_words(referral.ombudsman, referral.outcome),
        outcome_on=referral.outcome_on,
        remedy=referral.remedy,
        remedy_done_on=referral.remedy_done_on,
        enquiries=[EnquiryOut.model_validate(e) for e in referral.enquiries.all()],
        moves=[MoveOut(**move) for move in moves_out(person, referral)],
    ).model_dump(mode="json")


def the_referral(referral_id: int) -> OmbudsmanReferral:
    return get_object_or_404(OmbudsmanReferral.objects.select_related("case"), pk=referral_id)


# Reading ---------------------------------------------------------------------------------------


@router.get(
    "/{reference}/ombudsman-referrals",
    response={200: list[ReferralOut], **ERRORS},
    auth=scoped(READ),
)
def list_ombudsman_referrals(request: HttpRequest, reference: str) -> Status[Any]:
    """The case's referrals to an Ombudsman, newest first (cases.view_ombudsman_referrals)."""
    case = get_object_or_404(Case, reference=reference)
    user = allowed(request, VIEW, case)
    found = case.ombudsman_referrals.all()
    return Status(200, [referral_out(referral, user) for referral in found])


@router.get(
    "/ombudsman-referrals/{referral_id}",
    response={200: ReferralOut, **ERRORS},
    auth=scoped(READ),
)
def read_ombudsman_referral(request: HttpRequest, referral_id: PathId) -> Status[Any]:
    """One referral with its enquiries, outcome and the moves open; the reading is audited."""
    referral = the_referral(referral_id)
    user = allowed(request, VIEW, referral.case)
    name = ombudsman.ombudsman_name(referral)
    reference = referral.case.reference
    verb = "cases.ombudsman_referral_viewed"
    record_read(request, verb, referral, reference=reference, ombudsman=name)
    return Status(200, referral_out(referral, user))


# Recording -------------------------------------------------------------------------------------


@router.post(
    "/{reference}/ombudsman-referrals",
    response={201: ReferralOut, **ERRORS},
    auth=scoped(WRITE),
)
def record_ombudsman_referral(
    request: HttpRequest, reference: str, payload: ReferralIn
) -> Status[Any]:
    """Record that the customer went to an Ombudsman (cases.record_ombudsman_referral)."""
    case = get_object_or_404(Case, reference=reference)
    user = allowed(request, RECORD, case)
    decision = get_object_or_404(case.decisions, pk=payload.decision) if payload.decision else None
    appeal = get_object_or_404(case.appeals, pk=payload.appeal) if payload.appeal else None

    def work() -> tuple[int, Any]:
        referral = ombudsman.record_ombudsman_referral(
            case,
            by=user,
            ombudsman=payload.ombudsman,
            heard_on=payload.heard_on,
            referred_on=payload.referred_on,
            reference=payload.reference,
            decision=decision,
            appeal=appeal,
        )
        return 201, referral_out(referral, user)

    return Status(*once(request, work))


@router.post(
    "/ombudsman-referrals/{referral_id}/enquiries",
    response={201: ReferralOut, **ERRORS},
    auth=scoped(WRITE),
)
def record_ombudsman_enquiry(
    request: HttpRequest, referral_id: PathId, payload: EnquiryIn
) -> Status[Any]:
    """Record an enquiry from the Ombudsman; 409 once it has decided."""
    referral = the_referral(referral_id)
    user = allowed(request, RECORD, referral.case)

    def work() -> tuple[int, Any]:
        ombudsman.record_ombudsman_enquiry(referral, by=user, **payload.dict())
        return 201, referral_out(referral, user)

    return Status(*once(request, work))


@router.post(
    "/ombudsman-enquiries/{enquiry_id}/response",
    response={200: ReferralOut, **ERRORS},
    auth=scoped(WRITE),
)
def record_enquiry_response(
    request: HttpRequest, enquiry_id: PathId, payload: ResponseIn
) -> Status[Any]:
    """Record the day the council answered an enquiry; 409 if already recorded."""
    enquiry = get_object_or_404(
        OmbudsmanEnquiry.objects.select_related("referral__case"), pk=enquiry_id
    )
    user = allowed(request, RECORD, enquiry.referral.case)

    def work() -> tuple[int, Any]:
        ombudsman.record_enquiry_response(enquiry, by=user, responded_on=payload.responded_on)
        return 200, referral_out(enquiry.referral, user)

    return Status(*once(request, work))


@router.post(
    "/ombudsman-referrals/{referral_id}/outcome",
    response={200: ReferralOut, **ERRORS},
    auth=scoped(WRITE),
)
def record_ombudsman_outcome(
    request: HttpRequest, referral_id: PathId, payload: OutcomeIn
) -> Status[Any]:
    """Record what the Ombudsman decided; a remedy only if it upheld the complaint."""
    referral = the_referral(referral_id)
    user = allowed(request, RECORD, referral.case)

    def work() -> tuple[int, Any]:
        decided = ombudsman.record_ombudsman_outcome(referral, by=user, **payload.dict())
        return 200, referral_out(decided, user)

    return Status(*once(request, work))


@router.post(
    "/ombudsman-referrals/{referral_id}/remedy-done",
    response={200: ReferralOut, **ERRORS},
    auth=scoped(WRITE),
)
def record_remedy_done(
    request: HttpRequest, referral_id: PathId, payload: RemedyDoneIn
) -> Status[Any]:
    """Record the day the council did the remedy the Ombudsman asked for."""
    referral = the_referral(referral_id)
    user = allowed(request, RECORD, referral.case)

    def work() -> tuple[int, Any]:
        done = ombudsman.record_remedy_done(referral, by=user, done_on=payload.done_on)
        return 200, referral_out(done, user)

    return Status(*once(request, work))
