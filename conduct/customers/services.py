"""Every change to customer records, each audited.

Each function takes the acting member of staff as `by` (None when Conduct
itself acts, as the demo loader does), runs in one transaction and writes its
audit event there, with the customer as the target so the change shows on the
customer's timeline. Bad input is refused (`refused`, core's Refusal) naming the
field, which forms show against the field and the API returns as a problem.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from conduct.accounts.models import User
from conduct.core.audit import Entry, record, record_all
from conduct.core.references import next_reference, next_references
from conduct.core.refusals import Refusal, bad_answer, refuse_answers
from conduct.core.transactions import writes
from conduct.customers import normalise
from conduct.customers.merging import check_merge, locked_pair, move_linked_items
from conduct.customers.models import (
    Address,
    Adjustment,
    Alias,
    CouncilService,
    Customer,
    EmailAddress,
    EqualityMonitoring,
    HouseholdLink,
    PhoneNumber,
    Representative,
    SafeguardingNote,
    ServiceReceived,
    SocialMediaHandle,
)
from conduct.customers.signals import details_of, tell_details_changed

Actor = User | Any | None
CUSTOMER_DATA = "invalid-customer-data"  # the API's problem type for refused customer answers

DETAIL_FIELDS = (
    "given_names",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "no_fixed_abode",
    "collection_point",
)


def signed_in(by: Actor) -> User | None:
    """The member of staff to stamp on a row: None for Conduct itself."""
    return by if by is not None and by.is_authenticated else None


def stamps(by: Actor) -> dict[str, User | None]:
    user = signed_in(by)
    return {"created_by": user, "modified_by": user}


def refused(field: str, message: str) -> Refusal:
    """An answer about a customer that the rules do not accept."""
    return bad_answer(message, field, problem=CUSTOMER_DATA)


def normalised(field: str, convert: Any, value: str) -> str:
    """The normal form of a value, or a refusal naming the field."""
    try:
        return str(convert(value))
    except ValueError as error:
        raise refused(field, str(error)) from error


def check_details(details: dict[str, Any]) -> None:
    """The rules on a customer's own details, with messages staff can act on."""
    errors: dict[str, str] = {}
    if not details["given_names"] and not details["family_name"]:
        errors["family_name"] = "Enter the customer’s name"
    if details["no_fixed_abode"] and not details["collection_point"]:
        errors["collection_point"] = "Enter where letters can be collected"
    born = details["date_of_birth"]
    if born is not None and born > timezone.localdate():
        errors["date_of_birth"] = "Date of birth must be in the past"
    refuse_answers(errors, problem=CUSTOMER_DATA)


def cleaned_details(**details: Any) -> dict[str, Any]:
    text = {k: str(v).strip() for k, v in details.items() if isinstance(v, str)}
    result = {**details, **text}
    result["no_fixed_abode"] = bool(details.get("no_fixed_abode"))
    if not result["no_fixed_abode"]:
        result["collection_point"] = ""
    check_details(result)
    return result


@writes
def create_customer(
    *,
    by: Actor,
    given_names: str = "",
    family_name: str = "",
    preferred_name: str = "",
    date_of_birth: date | None = None,
    address_line_1: str = "",
    postcode: str = "",
    no_fixed_abode: bool = False,
    collection_point: str = "",
    address_line_2: str = "",
    town: str = "",
    uprn: str = "",
    phone: str = "",
    email: str = "",
    external_reference: str = "",
) -> Customer:
    """Add a customer. Callers offer likely duplicates first; this only creates.

    `external_reference` is the council's own reference for them (an imported register's)."""
    details = cleaned_details(
        given_names=given_names,
        family_name=family_name,
        preferred_name=preferred_name,
        date_of_birth=date_of_birth,
        no_fixed_abode=no_fixed_abode,
        collection_point=collection_point,
    )
    customer = Customer.objects.create(
        reference=next_reference("C"),
        external_reference=external_reference,
        **details,
        **stamps(by),
    )
    if address_line_1 or postcode:
        _create_address(customer, address_line_1, address_line_2, town, postcode, uprn, by)
    if phone:
        _create_phone(customer, phone, "", by)
    if email:
        _create_email(customer, email, by)
    tell_details_changed(customer.pk)
    record(
        "customers.customer_created",
        actor=by,
        target=customer,
        payload={"reference": customer.reference},
    )
    return customer


@dataclass(frozen=True)
class NewCustomer:
    """One customer to add in a batch (an imported register's row): `create_customer`'s answers."""

    given_names: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    uprn: str = ""
    phone: str = ""
    email: str = ""
    external_reference: str = ""


@dataclass
class Unsaved:
    """A new customer and their contact details, checked and ready to store (not yet stored)."""

    customer: Customer
    items: list[Address | PhoneNumber | EmailAddress] = dataclasses.field(default_factory=list)


def checked_new_customer(new: NewCustomer, *, by: Actor) -> Unsaved:
    """The records `create_customer` would store for these answers, or its refusal; nothing
    is written, so a batch can set a refused row aside before it writes the others."""
    details = cleaned_details(
        given_names=new.given_names,
        family_name=new.family_name,
        preferred_name="",
        date_of_birth=new.date_of_birth,
        no_fixed_abode=False,
        collection_point="",
    )
    unsaved = Unsaved(Customer(external_reference=new.external_reference, **details, **stamps(by)))
    if new.address_line_1 or new.postcode:
        if not new.address_line_1.strip():
            raise refused("line_1", "Enter the first line of the address")
        unsaved.items.append(
            Address(
                line_1=new.address_line_1.strip(),
                line_2=new.address_line_2.strip(),
                town=new.town.strip(),
                postcode=normalised("postcode", normalise.postcode, new.postcode)
                if new.postcode.strip()
                else "",
                uprn=normalised("uprn", normalise.uprn, new.uprn) if new.uprn.strip() else "",
                **stamps(by),
            )
        )
    if new.phone:
        number = normalised("number", normalise.phone, new.phone)
        unsaved.items.append(PhoneNumber(number=number, label="", **stamps(by)))
    if new.email:
        unsaved.items.append(EmailAddress(email=checked_email(new.email), **stamps(by)))
    return unsaved


@writes
def create_customers(batch: list[Unsaved], *, by: Actor) -> list[Customer]:
    """Add checked customers together, in one transaction: what `create_customer` does for
    each, with a block of references, one insert a table, one `details_changed` for them all
    (the screening index is rebuilt for the batch at once) and their audit events chained
    in order under one lock of the chain."""
    references = next_references("C", len(batch))
    customers = [unsaved.customer for unsaved in batch]
    for customer, reference in zip(customers, references, strict=True):
        customer.reference = reference
    Customer.objects.bulk_create(customers)
    by_kind: dict[type[Model], list[Model]] = {}
    for unsaved in batch:
        for item in unsaved.items:
            item.customer = unsaved.customer
            by_kind.setdefault(type(item), []).append(item)
    for kind, items in by_kind.items():
        kind._default_manager.bulk_create(items)
    if customers:
        tell_details_changed(
            *(customer.pk for customer in customers),
            details=[details_of(unsaved.customer, unsaved.items) for unsaved in batch],
        )
    record_all(
        [
            Entry(
                "customers.customer_created",
                by,
                target=customer,
                payload={"reference": customer.reference},
            )
            for customer in customers
        ]
    )
    return customers


@writes
def update_customer_details(customer: Customer, *, by: Actor, **changes: Any) -> Customer:
    """Change names, date of birth or no fixed abode; the audit names the fields, not the values."""
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not a customer detail: {', '.join(sorted(unknown))}")
    current = {field: getattr(customer, field) for field in DETAIL_FIELDS}
    details = cleaned_details(**{**current, **changes})
    changed = sorted(field for field in DETAIL_FIELDS if details[field] != current[field])
    for field in changed:
        setattr(customer, field, details[field])
    customer.modified_by = signed_in(by)
    customer.save()
    tell_details_changed(customer.pk)
    record(
        "customers.details_changed",
        actor=by,
        target=customer,
        payload={"reference": customer.reference, "fields": ", ".join(changed) or "nothing"},
    )
    return customer


def audit_item(verb: str, customer: Customer, item: Model, by: Actor, **payload: Any) -> None:
    """Audit a change to something linked to the customer, on the customer's timeline."""
    record(
        verb,
        actor=by,
        target=customer,
        payload={"reference": customer.reference, "item_id": item.pk, **payload},
    )


@writes
def add_alias(customer: Customer, *, name: str, by: Actor) -> Alias:
    """Another name the customer uses, so searches find them by it."""
    if not name.strip():
        raise refused("name", "Enter the other name")
    alias = Alias.objects.create(customer=customer, name=name.strip(), **stamps(by))
    tell_details_changed(customer.pk)
    audit_item("customers.alias_added", customer, alias, by)
    return alias


def _create_address(
    customer: Customer, line_1: str, line_2: str, town: str, postcode: str, uprn: str, by: Actor
) -> Address:
    if not line_1.strip():
        raise refused("line_1", "Enter the first line of the address")
    Address.objects.filter(customer=customer, is_current=True).update(is_current=False)
    return Address.objects.create(
        customer=customer,
        line_1=line_1.strip(),
        line_2=line_2.strip(),
        town=town.strip(),
        postcode=normalised("postcode", normalise.postcode, postcode) if postcode.strip() else "",
        uprn=normalised("uprn", normalise.uprn, uprn) if uprn.strip() else "",
        **stamps(by),
    )


@writes
def add_address(
    customer: Customer,
    *,
    line_1: str,
    postcode: str = "",
    line_2: str = "",
    town: str = "",
    uprn: str = "",
    by: Actor,
) -> Address:
    """A new current address; the customer has moved, so earlier ones stop being current."""
    address = _create_address(customer, line_1, line_2, town, postcode, uprn, by)
    tell_details_changed(customer.pk)
    audit_item("customers.address_added", customer, address, by, postcode=address.postcode)
    return address


@writes
def end_address(address: Address, *, by: Actor) -> Address:
    """The customer no longer lives there; the address stays on the record."""
    address.is_current = False
    address.modified_by = signed_in(by)
    address.save(update_fields=["is_current", "modified_by", "modified_at"])
    audit_item("customers.address_ended", address.customer, address, by)
    return address


def _create_phone(customer: Customer, number: str, label: str, by: Actor) -> PhoneNumber:
    return PhoneNumber.objects.create(
        customer=customer,
        number=normalised("number", normalise.phone, number),
        label=label.strip(),
        **stamps(by),
    )


@writes
def add_phone_number(customer: Customer, *, number: str, label: str = "", by: Actor) -> PhoneNumber:
    """Stored in E.164 so any way of writing the number finds the customer."""
    phone = _create_phone(customer, number, label, by)
    tell_details_changed(customer.pk)
    audit_item("customers.phone_number_added", customer, phone, by)
    return phone


def checked_email(email: str) -> str:
    """The address in its stored form (lower case), or a refusal naming the field."""
    value = normalise.email(email)
    try:
        validate_email(value)
    except ValidationError as error:
        raise refused(
            "email", "Enter an email address in the correct format, like name@example.com"
        ) from error
    return value


def _create_email(customer: Customer, email: str, by: Actor) -> EmailAddress:
    return EmailAddress.objects.create(customer=customer, email=checked_email(email), **stamps(by))


@writes
def add_email_address(customer: Customer, *, email: str, by: Actor) -> EmailAddress:
    """Stored in lower case so it matches whatever case it arrives in."""
    address = _create_email(customer, email, by)
    tell_details_changed(customer.pk)
    audit_item("customers.email_address_added", customer, address, by)
    return address


@writes
def add_social_media_handle(
    customer: Customer, *, platform: str, handle: str, by: Actor
) -> SocialMediaHandle:
    """Where the customer posts or messages from; stored without the @."""
    if not platform.strip():
        raise refused("platform", "Enter the platform, like Facebook or X")
    item = SocialMediaHandle.objects.create(
        customer=customer,
        platform=platform.strip(),
        handle=normalised("handle", normalise.handle, handle),
        **stamps(by),
    )
    audit_item("customers.social_media_handle_added", customer, item, by)
    return item


@writes
def link_household_member(
    customer: Customer, member: Customer, *, relationship: str = "", by: Actor
) -> HouseholdLink:
    """Two customers who live together, linked once and read from either side."""
    if customer.pk == member.pk:
        raise refused("member", "A customer cannot be in their own household twice")
    if HouseholdLink.objects.filter(customer=member, member=customer).exists() or (
        HouseholdLink.objects.filter(customer=customer, member=member).exists()
    ):
        raise refused("member", f"{member} is already linked to this customer")
    link = HouseholdLink.objects.create(
        customer=customer, member=member, relationship=relationship.strip(), **stamps(by)
    )
    audit_item("customers.household_member_linked", customer, link, by, member=member.reference)
    return link


def check_dates(first: date, review: date, first_field: str) -> None:
    errors = {}
    if first > timezone.localdate():
        errors[first_field] = "The date must be today or in the past"
    if review < first:
        errors["review_on"] = "The review date must be on or after the date it was given"
    refuse_answers(errors, problem=CUSTOMER_DATA)


@writes
def add_representative(
    customer: Customer,
    *,
    name: str,
    kind: str,
    lawful_basis: str,
    given_on: date,
    review_on: date,
    by: Actor,
    organisation: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    basis_detail: str = "",
    coercive_control_concern: bool = False,
) -> Representative:
    """Someone who acts for the customer, with the basis for it and a date to review it (G1, G3)."""
    if not name.strip():
        raise refused("name", "Enter the representative’s name")
    if kind not in Representative.Kind.values:
        raise refused("kind", "Select who the representative is")
    if lawful_basis not in Representative.LawfulBasis.values:
        raise refused("lawful_basis", "Select the lawful basis")
    check_dates(given_on, review_on, "given_on")
    representative = Representative.objects.create(
        customer=customer,
        name=name.strip(),
        kind=kind,
        organisation=organisation.strip(),
        email=normalise.email(email),
        phone=normalised("phone", normalise.phone, phone) if phone.strip() else "",
        address=address.strip(),
        lawful_basis=lawful_basis,
        basis_detail=basis_detail.strip(),
        given_on=given_on,
        review_on=review_on,
        coercive_control_concern=coercive_control_concern,
        **stamps(by),
    )
    audit_item("customers.representative_added", customer, representative, by, kind=kind)
    return representative


@writes
def withdraw_consent(
    representative: Representative, *, reason: str, by: Actor, on: date | None = None
) -> Representative:
    """The customer no longer wants them to act; the record stays, marked withdrawn."""
    if representative.withdrawn_on is not None:
        raise refused("reason", "Consent has already been withdrawn")
    if not reason.strip():
        raise refused("reason", "Enter why consent was withdrawn")
    representative.withdrawn_on = on or timezone.localdate()
    representative.withdrawn_reason = reason.strip()
    representative.modified_by = signed_in(by)
    representative.save()
    audit_item("customers.consent_withdrawn", representative.customer, representative, by)
    return representative


@writes
def flag_coercive_control(representative: Representative, *, by: Actor) -> Representative:
    """Staff worry the representative may be controlling the customer (G3)."""
    representative.coercive_control_concern = True
    representative.modified_by = signed_in(by)
    representative.save()
    audit_item("customers.coercive_control_flagged", representative.customer, representative, by)
    return representative


@writes
def add_adjustment(
    customer: Customer,
    *,
    kind: str,
    agreed_on: date,
    review_on: date,
    by: Actor,
    detail: str = "",
) -> Adjustment:
    """A reasonable adjustment or communication need, agreed and due for review."""
    if kind not in Adjustment.Kind.values:
        raise refused("kind", "Select the adjustment")
    needs_detail = (
        Adjustment.Kind.INTERPRETER,
        Adjustment.Kind.PREFERRED_CHANNEL,
        Adjustment.Kind.OTHER,
    )
    if kind in needs_detail and not detail.strip():
        raise refused("detail", "Enter the detail, such as the language or channel")
    check_dates(agreed_on, review_on, "agreed_on")
    adjustment = Adjustment.objects.create(
        customer=customer,
        kind=kind,
        detail=detail.strip(),
        agreed_on=agreed_on,
        review_on=review_on,
        **stamps(by),
    )
    audit_item("customers.adjustment_added", customer, adjustment, by, kind=kind)
    return adjustment


@writes
def end_adjustment(adjustment: Adjustment, *, by: Actor, on: date | None = None) -> Adjustment:
    """The adjustment is no longer needed; it stays on the record with its end date."""
    if adjustment.ended_on is not None:
        raise refused("ended_on", "This adjustment has already ended")
    adjustment.ended_on = on or timezone.localdate()
    adjustment.modified_by = signed_in(by)
    adjustment.save()
    audit_item("customers.adjustment_ended", adjustment.customer, adjustment, by)
    return adjustment


@writes
def record_service_received(
    customer: Customer, *, service: CouncilService, by: Actor, since: date | None = None
) -> ServiceReceived:
    """A service the customer gets; mandatory ones must stay reachable whatever happens."""
    if not service.is_active:
        raise refused("service", "Select a service that is still offered")
    if ServiceReceived.objects.filter(customer=customer, service=service).exists():
        raise refused("service", f"The customer already receives {service}")
    received = ServiceReceived.objects.create(
        customer=customer, service=service, since=since, **stamps(by)
    )
    audit_item("customers.service_recorded", customer, received, by, service=service.name)
    return received


@writes
def add_safeguarding_note(customer: Customer, *, note: str, by: Actor) -> SafeguardingNote:
    """A concern for the customer's safety or others'; the audit holds no text of it."""
    if not note.strip():
        raise refused("note", "Enter the safeguarding concern")
    item = SafeguardingNote.objects.create(customer=customer, note=note.strip(), **stamps(by))
    audit_item("customers.safeguarding_note_added", customer, item, by)
    return item


EQUALITY_FIELDS = (
    "age_band",
    "disability",
    "ethnicity",
    "sex",
    "gender_reassignment",
    "religion_or_belief",
    "sexual_orientation",
    "marriage_or_civil_partnership",
    "pregnancy_or_maternity",
)


@writes
def record_equality_monitoring(
    customer: Customer, *, given_on: date, by: Actor, **answers: str
) -> EqualityMonitoring:
    """What the customer chose to tell us (H2); replaces earlier answers. Values never reach the audit."""
    unknown = set(answers) - set(EQUALITY_FIELDS)
    if unknown:
        raise TypeError(f"Not an equality question: {', '.join(sorted(unknown))}")
    if given_on > timezone.localdate():
        raise refused("given_on", "The date must be today or in the past")
    values = {field: answers.get(field, "").strip() for field in EQUALITY_FIELDS}
    monitoring, _ = EqualityMonitoring.objects.update_or_create(
        customer=customer,
        defaults={**values, "given_on": given_on, "modified_by": signed_in(by)},
        create_defaults={**values, "given_on": given_on, **stamps(by)},
    )
    audit_item("customers.equality_data_recorded", customer, monitoring, by)
    return monitoring


@writes
def add_council_service(
    *, name: str, is_mandatory: bool, by: Actor, description: str = "", generic_inbox: str = ""
) -> CouncilService:
    """An entry in the service catalogue, with its generic inbox if it has one."""
    if not name.strip():
        raise refused("name", "Enter the name of the service")
    if CouncilService.objects.filter(name__iexact=name.strip()).exists():
        raise refused("name", "That service is already in the catalogue")
    service = CouncilService.objects.create(
        name=name.strip(),
        slug=slugify(name)[:80],
        is_mandatory=is_mandatory,
        description=description.strip(),
        generic_inbox=generic_inbox.strip().lower(),
        **stamps(by),
    )
    record("customers.service_added", actor=by, target=service, payload={"name": service.name})
    return service


@writes
def set_service_contacts(
    service: CouncilService, *, contacts: list[User], mailbox: str, by: Actor
) -> CouncilService:
    """Who is told when a restriction covers this service: staff, a mailbox, or both."""
    mailbox = mailbox.strip().lower()
    if mailbox:
        try:
            validate_email(mailbox)
        except ValidationError as error:
            raise refused("mailbox", "Enter an email address like team@council.gov.uk") from error
    locked = CouncilService.objects.select_for_update().get(pk=service.pk)
    locked.mailbox, locked.modified_by = mailbox, signed_in(by)
    locked.save(update_fields=["mailbox", "modified_by", "modified_at"])
    locked.contacts.set(contacts)
    names = sorted(str(person) for person in contacts)
    record(
        "customers.service_contacts_set",
        actor=by,
        target=locked,
        payload={
            "name": locked.name,
            "contacts": ", ".join(names) or "nobody",
            "mailbox": mailbox or "none",
        },
    )
    return locked


@writes
def merge_customers(keep: Customer, duplicate: Customer, *, reason: str, by: Actor) -> Customer:
    """Move everything linked to the duplicate onto the record kept; the duplicate points at it.

    Nothing is deleted: the few items the kept record already has (the same
    service, the same household link, its own equality answers) stay on the
    merged record, which anyone can still open.
    """
    keep, duplicate = locked_pair(keep, duplicate)
    check_merge(keep, duplicate, reason)
    moved = move_linked_items(keep, duplicate)
    duplicate.merged_into, duplicate.merged_at = keep, timezone.now()
    duplicate.modified_by = signed_in(by)
    duplicate.save()
    tell_details_changed(keep.pk, duplicate.pk)
    payload = {"reference": keep.reference, "duplicate": duplicate.reference, "reason": reason}
    record("customers.customers_merged", actor=by, target=keep, payload={**payload, "moved": moved})
    record("customers.merged_into", actor=by, target=duplicate, payload=payload)
    return keep
