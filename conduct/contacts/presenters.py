"""What the contacts pages show: an email as GOV.UK summary list rows, and contact-frequency evidence."""

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from conduct.contacts import frequency
from conduct.contacts.models import Message, Reading
from conduct.customers.models import Customer

# The period the evidence covers unless someone asks for another.
EVIDENCE_WEEKS = 12


def row(key: str, value: str) -> dict[str, Any]:
    return {"key": {"text": key}, "value": {"text": value}}


def customer_row(message: Message) -> dict[str, Any]:
    if message.customer is None:
        return row("Customer", "Not matched: link it to a customer")
    link = format_html(
        '<a class="govuk-link" href="{}">{} ({})</a>',
        reverse("customers:detail", args=[message.customer.reference]),
        message.customer.full_name,
        message.customer.reference,
    )
    return {"key": {"text": "Customer"}, "value": {"html": link}}


def acknowledgement(message: Message) -> str:
    if message.acknowledged_at:
        return f"Sent {message.acknowledged_at:%-d %B %Y}"
    return "Sent automatically" if message.acknowledge else "None: nothing is sent to the customer"


def likeness(message: Message) -> str:
    if not message.nearest_id:
        return "No similar earlier email"
    return f"{round(message.similarity * 100)}% like the closest earlier email"


def reading_text(reading: Reading) -> str:
    who = reading.signed_off_by.get_full_name() if reading.signed_off_by else ""
    reason = f": {reading.reason}" if reading.reason else ""
    return f"{reading.get_outcome_display()}, signed off by {who} on {reading.signed_off_at:%-d %B %Y}{reason}"


def message_rows(message: Message, reading: Reading | None) -> list[dict[str, Any]]:
    route = message.get_route_display() + (
        f". {message.route_reason}" if message.route_reason else ""
    )
    routed_to = message.assigned_to.get_full_name() if message.assigned_to else ""
    rows = [
        row("From", message.from_address),
        customer_row(message),
        row("Route", route),
        row("Routed to", routed_to or message.inbox or "The service’s inbox"),
        row("Acknowledgement", acknowledgement(message)),
        row("Like an earlier email", likeness(message)),
    ]
    if reading is not None and reading.signed_off_at is not None:
        rows.append(row("Read and filed", reading_text(reading)))
    return rows


def frequency_evidence(
    customer: Customer, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """Contacts per week, the chart and each service's normal range, for the frequency page and
    the decision page (contacts/_frequency_evidence.html draws them); the last 12 weeks by default."""
    end = end or timezone.localdate()
    start = start or end - timedelta(weeks=EVIDENCE_WEEKS)
    found = frequency.evidence(customer, start, end)
    return {"evidence": found, "chart": frequency.chart(found)}
