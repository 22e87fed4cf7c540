"""The rest of a customer's record through the API, as the customer's pages change it.

Other names, social media handles, household members, services received and safeguarding
notes added; addresses and adjustments ended; a representative's consent withdrawn; equality
monitoring answers recorded; a duplicate record merged. Each on
the customers router (mounted under /api/v1/customers), with the page's permission: the same
service functions, which write the audit events.
"""

from datetime import date
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from conduct.api.idempotency import once
from conduct.api.schemas import Input, PathId
from conduct.core.refusals import bad_answer, refuse_answers
from conduct.core.text import NOTE_LIMIT
from conduct.customers import search, services
from conduct.customers.api import (
    WRITE,
    allowed,
    changeable,
    customer_body,
    customer_or_404,
    router,
)
from conduct.customers.forms import EQUALITY_CHOICES, PREFER_NOT
from conduct.customers.models import CouncilService, Customer
from conduct.customers.schemas import (
    AddressOut,
    AdjustmentOut,
    CustomerOut,
    HandleOut,
    RepresentativeOut,
    SafeguardingNoteOut,
    ServiceOut,
)


class AliasIn(Input):
    name: str = Field(min_length=1, max_length=200, description="Another name the customer uses")


class AliasOut(Schema):
    name: str


class HandleIn(Input):
    platform: str = Field(min_length=1, max_length=50, description="Such as Facebook or X")
    handle: str = Field(min_length=1, max_length=100)


class HouseholdIn(Input):
    member: str = Field(min_length=1, max_length=20, description="The other customer's reference")
    relationship: str = Field("", max_length=100)


class HouseholdOut(Schema):
    customer: str
    member: str
    relationship: str


class ServiceIn(Input):
    service: str = Field(max_length=80, description="The service's slug in the service catalogue")
    since: date | None = None


class NoteIn(Input):
    note: str = Field(min_length=1, max_length=NOTE_LIMIT)


class ReasonIn(Input):
    reason: str = Field(min_length=1, max_length=NOTE_LIMIT)


def done(request: HttpRequest, status: int, out: type[Schema], work: Any) -> Status:
    """The service's result, once per Idempotency-Key."""
    return Status(*once(request, lambda: (status, out.from_orm(work()).model_dump(mode="json"))))


@router.post("/{reference}/aliases", response={201: AliasOut}, auth=WRITE)
def add_alias(request: HttpRequest, reference: str, data: AliasIn) -> Status:
    """Another name the customer uses, so searches find them by it (customers.change_customer)."""
    customer = changeable(request, reference)
    return done(
        request,
        201,
        AliasOut,
        lambda: services.add_alias(customer, by=request.user, name=data.name),
    )


@router.post("/{reference}/addresses/{address_id}/end", response={200: AddressOut}, auth=WRITE)
def end_address(request: HttpRequest, reference: str, address_id: PathId) -> Status:
    """The customer no longer lives there; the address stays on the record."""
    customer = changeable(request, reference)
    address = get_object_or_404(customer.addresses, pk=address_id)
    return done(request, 200, AddressOut, lambda: services.end_address(address, by=request.user))


@router.post("/{reference}/social-media", response={201: HandleOut}, auth=WRITE)
def add_social_media_handle(request: HttpRequest, reference: str, data: HandleIn) -> Status:
    """Where the customer posts or messages from; stored without the @ (customers.change_customer)."""
    customer = changeable(request, reference)
    return done(
        request,
        201,
        HandleOut,
        lambda: services.add_social_media_handle(customer, by=request.user, **data.dict()),
    )


@router.post("/{reference}/household", response={201: HouseholdOut}, auth=WRITE)
def link_household_member(request: HttpRequest, reference: str, data: HouseholdIn) -> Status:
    """Link another customer who lives with this one (customers.change_customer)."""
    customer = changeable(request, reference)
    member: Customer = customer_or_404(data.member)

    def work() -> dict[str, Any]:
        link = services.link_household_member(
            customer, member, relationship=data.relationship, by=request.user
        )
        return {
            "customer": customer.reference,
            "member": member.reference,
            "relationship": link.relationship,
        }

    return done(request, 201, HouseholdOut, work)


@router.post(
    "/{reference}/representatives/{representative_id}/consent-withdrawal",
    response={200: RepresentativeOut},
    auth=WRITE,
)
def withdraw_consent(
    request: HttpRequest, reference: str, representative_id: PathId, data: ReasonIn
) -> Status:
    """The customer no longer wants them to act; the record stays, marked withdrawn."""
    customer = changeable(request, reference)
    representative = get_object_or_404(customer.representatives, pk=representative_id)
    return done(
        request,
        200,
        RepresentativeOut,
        lambda: services.withdraw_consent(representative, reason=data.reason, by=request.user),
    )


@router.post(
    "/{reference}/adjustments/{adjustment_id}/end", response={200: AdjustmentOut}, auth=WRITE
)
def end_adjustment(request: HttpRequest, reference: str, adjustment_id: PathId) -> Status:
    """The adjustment is no longer needed; it stays on the record with its end date."""
    customer = changeable(request, reference)
    adjustment = get_object_or_404(customer.adjustments, pk=adjustment_id)
    return done(
        request, 200, AdjustmentOut, lambda: services.end_adjustment(adjustment, by=request.user)
    )


@router.post("/{reference}/services", response={201: ServiceOut}, auth=WRITE)
def record_service(request: HttpRequest, reference: str, data: ServiceIn) -> Status:
    """A service the customer gets; mandatory ones stay reachable whatever is decided."""
    customer = changeable(request, reference)
    service = get_object_or_404(CouncilService, slug=data.service)
    return done(
        request,
        201,
        ServiceOut,
        lambda: services.record_service_received(
            customer, service=service, since=data.since, by=request.user
        ),
    )


@router.post("/{reference}/safeguarding-notes", response={201: SafeguardingNoteOut}, auth=WRITE)
def add_safeguarding_note(request: HttpRequest, reference: str, data: NoteIn) -> Status:
    """A concern for the customer's safety or others' (customers.add_safeguarding_note); the
    audit trail holds no text of it."""
    customer = customer_or_404(reference)
    allowed(request, "customers.add_safeguarding_note", customer)
    return done(
        request,
        HTTPStatus.CREATED,
        SafeguardingNoteOut,
        lambda: services.add_safeguarding_note(customer, note=data.note, by=request.user),
    )


class EqualityIn(Input):
    """The equality monitoring answers the customer chose to give (H2); blank when not given."""

    given_on: date
    age_band: str = Field("", max_length=100)
    disability: str = Field("", max_length=100)
    ethnicity: str = Field("", max_length=100)
    sex: str = Field("", max_length=100)
    gender_reassignment: str = Field("", max_length=100)
    religion_or_belief: str = Field("", max_length=100)
    sexual_orientation: str = Field("", max_length=100)
    marriage_or_civil_partnership: str = Field("", max_length=100)
    pregnancy_or_maternity: str = Field("", max_length=100)


class EqualityRecordedOut(Schema):
    customer: str
    given_on: date


class MergeIn(Input):
    duplicate: str = Field(min_length=1, max_length=20, description="The duplicate's reference")
    reason: str = Field(min_length=1, max_length=NOTE_LIMIT, description="Why they are the same")


def equality_problems(data: EqualityIn) -> dict[str, str]:
    """The answers the page's radios would not offer, each with the page's choices."""
    wrong = {}
    for name, options in EQUALITY_CHOICES.items():
        value = getattr(data, name)
        allowed_values = {"", *options, *(value for value, _ in PREFER_NOT)}
        if value not in allowed_values:
            wrong[name] = "Choose one of: " + ", ".join([*options, PREFER_NOT[1][0]])
    return wrong


@router.post("/{reference}/equality", response={201: EqualityRecordedOut}, auth=WRITE)
def record_equality(request: HttpRequest, reference: str, data: EqualityIn) -> Status:
    """Record the customer's equality monitoring answers, replacing earlier ones
    (customers.record_equality_data). They are not answered back, as the page does not show them."""
    customer = customer_or_404(reference)
    allowed(request, "customers.record_equality_data", customer)
    if customer.merged_into is not None:
        raise bad_answer(
            f"{reference} was merged: record it on the kept record", problem=services.CUSTOMER_DATA
        )
    refuse_answers(equality_problems(data), problem=services.CUSTOMER_DATA)

    def work() -> dict[str, Any]:
        answers = data.dict(exclude={"given_on"})
        services.record_equality_monitoring(
            customer, given_on=data.given_on, by=request.user, **answers
        )
        return {"customer": customer.reference, "given_on": data.given_on}

    return done(request, 201, EqualityRecordedOut, work)


@router.post("/{reference}/merge", response={200: CustomerOut}, auth=WRITE)
def merge(request: HttpRequest, reference: str, data: MergeIn) -> Status:
    """Merge the duplicate record into this one, saying why (customers.merge_customers): its
    linked items move here and it points at this record. The page's two steps in one call."""
    keep = customer_or_404(reference)
    allowed(request, "customers.merge_customers", keep)
    duplicate = (
        search.live_customers().filter(reference=search.reference_key(data.duplicate)).first()
    )
    if keep.merged_into is not None or duplicate is None:
        raise services.refused("duplicate", "There is no customer with that reference")
    if duplicate.pk == keep.pk:
        raise services.refused("duplicate", "Enter the reference of a different customer")

    def work() -> tuple[int, Any]:
        kept = services.merge_customers(keep, duplicate, reason=data.reason, by=request.user)
        kept.refresh_from_db()
        return 200, customer_body(kept, request)

    return Status(*once(request, work))
