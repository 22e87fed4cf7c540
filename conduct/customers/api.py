"""The customers routes of the JSON API: the same services and permissions as the web pages.

Reading needs a token with `customers:read`, changing one with `customers:write`;
the staff member the token acts as needs the same permission a page would ask for.
"""

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status

from conduct.api.auth import scoped
from conduct.api.idempotency import once
from conduct.api.problems import Problem, problem_response
from conduct.core.audit import record
from conduct.core.refusals import bad_answer
from conduct.customers import normalise, search, services
from conduct.customers.models import Customer, EqualityMonitoring
from conduct.customers.schemas import (
    AddressIn,
    AddressOut,
    AdjustmentIn,
    AdjustmentOut,
    CreatedCustomerOut,
    CustomerIn,
    CustomerOut,
    CustomerPage,
    CustomerPatch,
    CustomerQuery,
    EmailIn,
    EmailOut,
    EqualityOut,
    PhoneIn,
    PhoneOut,
    RepresentativeIn,
    RepresentativeOut,
    SafeguardingNoteOut,
)

router = Router(tags=["customers"])

READ = scoped("customers:read")
WRITE = scoped("customers:write")


def allowed(request: HttpRequest, permission: str, customer: Customer | None = None) -> None:
    if not request.user.has_perm(permission, customer):
        raise PermissionDenied(f"The staff member this token acts as needs {permission}.")


def customer_or_404(reference: str) -> Customer:
    customer = Customer.objects.filter(reference=reference).first()
    if customer is None:
        raise Http404
    return customer


def customer_body(customer: Customer, request: HttpRequest) -> dict[str, Any]:
    """The full record, with sensitive parts only for staff allowed them; those reads are audited."""
    body = CustomerOut.from_orm(customer).model_dump(mode="json")
    shown = []
    if request.user.has_perm("customers.view_safeguarding", customer):
        notes = customer.safeguarding_notes.order_by("-created_at")
        body["safeguarding_notes"] = [
            SafeguardingNoteOut.from_orm(n).model_dump(mode="json") for n in notes
        ]
        shown += ["safeguarding notes"] if notes else []
    if request.user.has_perm("customers.view_equality_data", customer):
        monitoring = EqualityMonitoring.objects.filter(customer=customer).first()
        body["equality_monitoring"] = (
            EqualityOut.from_orm(monitoring).model_dump(mode="json") if monitoring else None
        )
        shown += ["equality monitoring answers"] if monitoring else []
    if shown:
        payload = {
            "path": request.path,
            "reference": customer.reference,
            "shown": " and ".join(shown),
        }
        record(
            "customers.customer_read_by_api", actor=request.user, target=customer, payload=payload
        )
    return body


def customer_filters(query: CustomerQuery) -> Any:
    customers = search.find_customers(query.q) if query.q.strip() else search.live_customers()
    if query.postcode:
        customers = customers.filter(
            addresses__postcode=services.normalised("postcode", normalise.postcode, query.postcode)
        )
    if query.date_of_birth:
        customers = customers.filter(date_of_birth=query.date_of_birth)
    if query.phone:
        customers = customers.filter(
            phone_numbers__number=services.normalised("phone", normalise.phone, query.phone)
        )
    if query.email:
        customers = customers.filter(email_addresses__email=normalise.email(query.email))
    return customers.distinct().order_by("family_name", "given_names", "reference")


@router.get("", response=CustomerPage, auth=READ)
def list_customers(request: HttpRequest, query: Query[CustomerQuery]) -> dict[str, Any]:
    """Find customers (permission customers.find_customer). `q` searches everything; the
    other filters narrow by one identifier each, in any format. Merged records are left out."""
    allowed(request, "customers.find_customer")
    customers = customer_filters(query)
    count = customers.count()
    items = list(customers.select_related("merged_into")[query.offset : query.offset + query.limit])
    more = query.offset + query.limit < count
    return {
        "items": items,
        "count": count,
        "next_offset": query.offset + query.limit if more else None,
    }


def duplicates_of(data: CustomerIn) -> list[dict[str, Any]]:
    candidates = search.likely_duplicates(
        given_names=data.given_names,
        family_name=data.family_name,
        date_of_birth=data.date_of_birth,
        postcode=data.address.postcode if data.address else "",
        email=data.email,
        phone=data.phone,
    )
    return [
        {"reference": c.customer.reference, "name": c.customer.full_name, "reasons": c.reasons}
        for c in candidates
    ]


def create_from(request: HttpRequest, data: CustomerIn) -> tuple[int, Any]:
    duplicates = duplicates_of(data)
    if duplicates and data.if_no_duplicates:
        return HTTPStatus.CONFLICT, {"likely_duplicates": duplicates}
    address = data.address.dict() if data.address else {}
    names = data.dict(include={"given_names", "family_name", "preferred_name", "date_of_birth"})
    contact = data.dict(include={"phone", "email", "no_fixed_abode", "collection_point"})
    customer = services.create_customer(
        by=request.user,
        **names,
        **contact,
        address_line_1=address.get("line_1", ""),
        address_line_2=address.get("line_2", ""),
        town=address.get("town", ""),
        postcode=address.get("postcode", ""),
        uprn=address.get("uprn", ""),
    )
    return HTTPStatus.CREATED, {**customer_body(customer, request), "likely_duplicates": duplicates}


@router.post("", response={201: CreatedCustomerOut, 409: Problem}, auth=WRITE)
def create_customer(request: HttpRequest, data: CustomerIn) -> Any:
    """Add a customer (permission customers.add_customer). Send an `Idempotency-Key` so a retry
    never adds the same person twice. Likely duplicates (same family name and date of birth, same
    postcode and a similar name, same email or phone) are listed in `likely_duplicates`; with
    `if_no_duplicates: true` the customer is not added when there are any, and the answer is 409."""
    allowed(request, "customers.add_customer")
    status, body = once(request, lambda: create_from(request, data))
    if status == HTTPStatus.CONFLICT:
        return problem_response(
            status,
            "Likely duplicates exist; check them, then send again without if_no_duplicates.",
            slug="likely-duplicates",
            title="This may be a customer Conduct already has",
            **body,
        )
    return Status(status, body)


@router.get("/{reference}", response=CustomerOut, auth=READ)
def read_customer(request: HttpRequest, reference: str) -> dict[str, Any]:
    """One customer (permission customers.view_customer). Safeguarding notes and equality
    monitoring are included only for staff with those permissions, and that read is audited."""
    allowed(request, "customers.view_customer")
    customer = customer_or_404(reference)
    allowed(request, "customers.view_customer", customer)
    return customer_body(customer, request)


def changeable(request: HttpRequest, reference: str) -> Customer:
    allowed(request, "customers.change_customer")
    customer = customer_or_404(reference)
    allowed(request, "customers.change_customer", customer)
    if customer.merged_into is not None:
        raise bad_answer(
            f"{reference} was merged into {customer.merged_into.reference}: change that record",
            problem=services.CUSTOMER_DATA,
        )
    return customer


@router.patch("/{reference}", response=CustomerOut, auth=WRITE)
def update_customer(request: HttpRequest, reference: str, data: CustomerPatch) -> dict[str, Any]:
    """Change names, date of birth, or no fixed abode and collection point (permission
    customers.change_customer). Only the fields sent change."""
    customer = changeable(request, reference)
    changes = data.dict(exclude_unset=True)
    services.update_customer_details(customer, by=request.user, **changes)
    return customer_body(customer, request)


def add_item(
    request: HttpRequest, reference: str, out: type[Schema], add: Callable[[Customer], Any]
) -> Status:
    customer = changeable(request, reference)

    def work() -> tuple[int, Any]:
        return HTTPStatus.CREATED, out.from_orm(add(customer)).model_dump(mode="json")

    return Status(*once(request, work))


@router.post("/{reference}/addresses", response={201: AddressOut}, auth=WRITE)
def add_address(request: HttpRequest, reference: str, data: AddressIn) -> Status:
    """A new current address; earlier ones stop being current (customers.change_customer)."""
    return add_item(
        request,
        reference,
        AddressOut,
        lambda c: services.add_address(c, by=request.user, **data.dict()),
    )


@router.post("/{reference}/phone-numbers", response={201: PhoneOut}, auth=WRITE)
def add_phone_number(request: HttpRequest, reference: str, data: PhoneIn) -> Status:
    """A phone number in any format, stored in E.164 (customers.change_customer)."""
    return add_item(
        request,
        reference,
        PhoneOut,
        lambda c: services.add_phone_number(c, by=request.user, **data.dict()),
    )


@router.post("/{reference}/email-addresses", response={201: EmailOut}, auth=WRITE)
def add_email_address(request: HttpRequest, reference: str, data: EmailIn) -> Status:
    """An email address, stored in lower case (customers.change_customer)."""
    return add_item(
        request,
        reference,
        EmailOut,
        lambda c: services.add_email_address(c, by=request.user, **data.dict()),
    )


@router.post("/{reference}/adjustments", response={201: AdjustmentOut}, auth=WRITE)
def add_adjustment(request: HttpRequest, reference: str, data: AdjustmentIn) -> Status:
    """A reasonable adjustment or communication need with its review date (customers.change_customer)."""
    return add_item(
        request,
        reference,
        AdjustmentOut,
        lambda c: services.add_adjustment(c, by=request.user, **data.dict()),
    )


@router.post("/{reference}/representatives", response={201: RepresentativeOut}, auth=WRITE)
def add_representative(request: HttpRequest, reference: str, data: RepresentativeIn) -> Status:
    """Someone who acts for the customer, with the lawful basis and a review date (customers.change_customer)."""
    return add_item(
        request,
        reference,
        RepresentativeOut,
        lambda c: services.add_representative(c, by=request.user, **data.dict()),
    )


from conduct.customers import api_items  # noqa: E402, F401  its routes join this router
