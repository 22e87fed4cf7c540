"""The shapes of customers in the JSON API.

Resolvers read the ORM object; when Ninja validates a body already built as a
dict (the API adds the sensitive parts for staff allowed them), each takes the
dict's value as it is.
"""

from datetime import date, datetime
from typing import Any

from django.db.models import Q
from ninja import Field, Schema

from conduct.api.schemas import MAX_OFFSET, Input
from conduct.core.text import NOTE_LIMIT
from conduct.customers.models import Customer, HouseholdLink

NAME_LIMIT = 150  # Customer.given_names, family_name and preferred_name
EMAIL_LIMIT = 254  # the longest address SMTP allows; EmailField's own limit


class AddressIn(Input):
    line_1: str = Field(min_length=1, max_length=200)
    line_2: str = Field("", max_length=200)
    town: str = Field("", max_length=100)
    postcode: str = Field("", max_length=20, description="Any spacing or case; stored as SW1A 1AA")
    uprn: str = Field("", max_length=12)


class AddressOut(Schema):
    id: int
    line_1: str
    line_2: str
    town: str
    postcode: str
    uprn: str
    is_current: bool


class PhoneIn(Input):
    number: str = Field(
        max_length=40, description="Any format; stored in E.164, like +447700900123"
    )
    label: str = Field("", max_length=50)


class PhoneOut(Schema):
    id: int
    number: str
    label: str


class EmailIn(Input):
    email: str = Field(max_length=EMAIL_LIMIT)


class EmailOut(Schema):
    id: int
    email: str


class HandleOut(Schema):
    platform: str
    handle: str


class AdjustmentIn(Input):
    kind: str = Field(
        max_length=30,
        description="large-print, easy-read, preferred-channel, interpreter, advocate, hearing-loop or other",
    )
    detail: str = Field("", max_length=NOTE_LIMIT)
    agreed_on: date
    review_on: date


class AdjustmentOut(Schema):
    id: int
    kind: str
    detail: str
    agreed_on: date
    review_on: date
    ended_on: date | None


class RepresentativeIn(Input):
    name: str = Field(max_length=200)
    kind: str = Field(
        max_length=20, description="friend, family, advocate, solicitor, councillor or other"
    )
    lawful_basis: str = Field(max_length=30)
    given_on: date
    review_on: date
    organisation: str = Field("", max_length=200)
    email: str = Field("", max_length=EMAIL_LIMIT)
    phone: str = Field("", max_length=40)
    address: str = Field("", max_length=NOTE_LIMIT)
    basis_detail: str = Field("", max_length=NOTE_LIMIT)
    coercive_control_concern: bool = False


class RepresentativeOut(Schema):
    id: int
    name: str
    kind: str
    organisation: str
    email: str
    phone: str
    lawful_basis: str
    given_on: date
    review_on: date
    withdrawn_on: date | None
    coercive_control_concern: bool


class ServiceOut(Schema):
    name: str
    is_mandatory: bool
    since: date | None

    @staticmethod
    def resolve_name(received: Any) -> str:
        if isinstance(received, dict):
            return received["name"]
        return str(received.service.name)

    @staticmethod
    def resolve_is_mandatory(received: Any) -> bool:
        if isinstance(received, dict):
            return received["is_mandatory"]
        return bool(received.service.is_mandatory)


class SafeguardingNoteOut(Schema):
    note: str
    is_active: bool
    created_at: datetime


class EqualityOut(Schema):
    age_band: str
    disability: str
    ethnicity: str
    sex: str
    gender_reassignment: str
    religion_or_belief: str
    sexual_orientation: str
    marriage_or_civil_partnership: str
    pregnancy_or_maternity: str
    given_on: date


class CustomerSummary(Schema):
    reference: str
    given_names: str
    family_name: str
    preferred_name: str
    date_of_birth: date | None
    no_fixed_abode: bool
    collection_point: str
    merged_into: str | None = Field(None, description="The record this one was merged into")

    @staticmethod
    def resolve_merged_into(customer: Customer) -> str | None:
        if isinstance(customer, dict):
            return customer["merged_into"]
        return customer.merged_into.reference if customer.merged_into else None


class CustomerOut(CustomerSummary):
    aliases: list[str]
    addresses: list[AddressOut]
    phone_numbers: list[PhoneOut]
    email_addresses: list[EmailOut]
    social_media: list[HandleOut]
    representatives: list[RepresentativeOut]
    adjustments: list[AdjustmentOut]
    services_received: list[ServiceOut]
    household: list[str] = Field(description="References of linked household members")
    safeguarding_notes: list[SafeguardingNoteOut] | None = Field(
        None, description="Only for staff who may see safeguarding notes; otherwise null"
    )
    equality_monitoring: EqualityOut | None = Field(
        None, description="Only for staff who may see equality data; otherwise null"
    )

    @staticmethod
    def resolve_aliases(customer: Customer) -> list[str]:
        if isinstance(customer, dict):
            return customer["aliases"]
        return [alias.name for alias in customer.aliases.all()]

    @staticmethod
    def resolve_household(customer: Customer) -> list[str]:
        if isinstance(customer, dict):
            return customer["household"]
        links = HouseholdLink.objects.filter(Q(customer=customer) | Q(member=customer))
        return sorted(
            (link.member if link.customer_id == customer.pk else link.customer).reference
            for link in links.select_related("customer", "member")
        )

    @staticmethod
    def resolve_safeguarding_notes(customer: Customer) -> None:
        if isinstance(customer, dict):
            return customer["safeguarding_notes"]
        return None  # filled in by customer_body for staff who may see them

    @staticmethod
    def resolve_equality_monitoring(customer: Customer) -> None:
        if isinstance(customer, dict):
            return customer["equality_monitoring"]
        return None  # filled in by customer_body for staff who may see it


class DuplicateOut(Schema):
    reference: str
    name: str
    reasons: list[str]


class CreatedCustomerOut(CustomerOut):
    likely_duplicates: list[DuplicateOut]


class CustomerIn(Input):
    given_names: str = Field("", max_length=NAME_LIMIT)
    family_name: str = Field("", max_length=NAME_LIMIT)
    preferred_name: str = Field("", max_length=NAME_LIMIT)
    date_of_birth: date | None = None
    address: AddressIn | None = None
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=EMAIL_LIMIT)
    no_fixed_abode: bool = False
    collection_point: str = Field("", max_length=200)
    if_no_duplicates: bool = Field(
        False,
        description=(
            "If true and likely duplicates exist, nothing is created and the answer is a 409 "
            "problem listing them in likely_duplicates. If false (the default) the customer is "
            "created and any likely duplicates are listed in the 201 answer for a person to check."
        ),
    )


class CustomerPatch(Input):
    """Only the fields sent change. A name is never null: send "" to clear it, or leave it out."""

    # Typed without None so an explicit null is refused; the None default only means "not sent".
    given_names: str = Field(None, max_length=NAME_LIMIT)  # type: ignore[assignment]
    family_name: str = Field(None, max_length=NAME_LIMIT)  # type: ignore[assignment]
    preferred_name: str = Field(None, max_length=NAME_LIMIT)  # type: ignore[assignment]
    date_of_birth: date | None = Field(None, description="null clears it")
    no_fixed_abode: bool = Field(None)  # type: ignore[assignment]
    collection_point: str = Field(None, max_length=200)  # type: ignore[assignment]


class CustomerPage(Schema):
    items: list[CustomerSummary]
    count: int
    next_offset: int | None = Field(
        description="Pass as `offset` for the next page; null on the last"
    )


class CustomerQuery(Input):
    q: str = Field(
        "",
        max_length=200,
        description="Anything: name, reference, date of birth, postcode, UPRN, phone, email, handle",
    )
    postcode: str = Field("", max_length=20)
    date_of_birth: date | None = None
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=EMAIL_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(50, ge=1, le=200)
