"""Customers, restrictions and emails for the contacts tests, made through the real services."""

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from itertools import count
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases.models import Restriction
from conduct.cases.tests import factories as cases
from conduct.contacts import ingestion, parsing
from conduct.contacts.models import Message
from conduct.customers.models import Customer
from conduct.customers.services import create_customer

_numbers = count(1)
HOUSING = ingestion.Mailbox("housing", "housing")


def customer(email: str = "") -> Customer:
    n = next(_numbers)
    cases.council_service()  # the housing mailbox's service
    return create_customer(
        by=None,
        given_names="Robin",
        family_name=f"Writer{n}",
        email=email or f"robin{n}@example.org",
    )


def restrict(customer: Customer, type: str, **parameters: Any) -> Restriction:
    """A live restriction of the model pack on the customer, decided by a panel, housing only."""
    manager, officer = staff_member(Role.LINE_MANAGER), staff_member(Role.CASE_OFFICER)
    case = cases.investigated(cases.warned_case(manager, about=customer), officer)
    decision = cases.restricted(case, cases.panel(), type=type, parameters=parameters)
    return decision.restrictions.get()


def named_officer(customer: Customer) -> tuple[Restriction, User]:
    officer = staff_member(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)
    return restrict(customer, "named-officer", officer=officer.pk), officer


def email(
    sender: str,
    body: str = "I am writing again about the repairs to my kitchen.",
    *,
    subject: str = "My kitchen",
    name: str = "Robin Writer",
    html: str = "",
    attachments: list[tuple[str, bytes, str]] | None = None,
    to: str = "housing@council.example",
    sent: datetime | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = f"{name} <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent or timezone.now())
    message["Message-ID"] = make_msgid(domain="example.org")
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for name_, data, mime in attachments or []:
        main, sub = mime.split("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name_)
    return message.as_bytes()


def receive(raw: bytes, mailbox: ingestion.Mailbox = HOUSING) -> Message:
    return ingestion.store_message(raw, parsing.parse(raw), mailbox)
