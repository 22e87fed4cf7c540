"""Contacts that may break a restriction's terms, flagged on the case as evidence (never acted on).

A flag is a fact for the decision body to weigh at review (A10): the system
never warns, restricts or refuses anyone because of one. Each restriction type
is checked only for what its terms say.

Emails are checked too. Set times apply to every channel, judged by when the
customer sent the email (its Date header, unless that is after it arrived: a
mailbox polled late must not make an email sent in time look late). Under a
named-officer restriction an email that came from a mailbox or a saved file
is judged by whom it was addressed to: any To or Cc address other than the
named officer's or the inbox the restriction names is flagged. An email logged
by hand is judged like a call, by who received it.
"""

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.models import Restriction
from conduct.cases.restrictions import DURATION, TIME_RANGE
from conduct.contacts.models import Breach, Channel, Contact, Message
from conduct.contacts.routing import applying

SPOKEN = {Channel.PHONE, Channel.VISIT}
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
DAY_RANGE = re.compile(r"(" + "|".join(DAYS) + r")\w*\s*(?:to|-|–)\s*(" + "|".join(DAYS) + r")")
PERIOD_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30}

Finding = tuple[str, str] | None


def allowed_days(text: str) -> set[int]:
    """`Monday to Friday, 10:00 to 12:00` → {0..4}; no days named means every day."""
    lowered = text.lower()
    if found := DAY_RANGE.search(lowered):
        start, end = DAYS.index(found.group(1)), DAYS.index(found.group(2))
        return (
            set(range(start, end + 1))
            if start <= end
            else set(range(start, 7)) | set(range(end + 1))
        )
    named = {i for i, day in enumerate(DAYS) if day in lowered}
    return named or set(range(7))


def message_of(contact: Contact) -> Message | None:
    """The email behind an email contact (the one being stored, if it is); None for one logged by hand."""
    if contact.channel != Channel.EMAIL:
        return None
    if Contact.message.related.is_cached(contact):
        return getattr(contact, "message", None)
    return Message.objects.filter(contact=contact).first()


def sent_at(contact: Contact) -> datetime:
    """When the customer made contact: an email's Date, unless it claims to be later than arrival."""
    message = message_of(contact)
    if message is None or message.sent_at is None or message.sent_at > message.received_at:
        return contact.occurred_at
    return message.sent_at


def outside_times(contact: Contact, terms: dict[str, object]) -> Finding:
    text = str(terms.get("times", ""))
    window = TIME_RANGE.search(text)
    if window is None:
        return None
    at = timezone.localtime(sent_at(contact))
    start_h, start_m, end_h, end_m = (int(part) for part in window.groups())
    inside = (start_h, start_m) <= (at.hour, at.minute) < (end_h, end_m)
    if inside and at.weekday() in allowed_days(text):
        return None
    return Breach.Kind.OUTSIDE_TIMES, f"At {at:%A %-d %B %Y, %H:%M}; permitted: {text}."


def period_start(contact: Contact, terms: dict[str, object]) -> datetime:
    found = DURATION.match(str(terms.get("period") or "1 week"))
    days = int(found.group(1)) * PERIOD_DAYS[found.group(2)] if found else 7
    return contact.occurred_at - timedelta(days=days)


def too_many_calls(contact: Contact, terms: dict[str, object]) -> Finding:
    most = terms.get("most_calls")
    if contact.channel != Channel.PHONE or not isinstance(most, int):
        return None
    calls = Contact.objects.filter(
        customer_id=contact.customer_id,
        channel=Channel.PHONE,
        occurred_at__gt=period_start(contact, terms),
        occurred_at__lte=contact.occurred_at,
    ).count()
    if calls <= most:
        return None
    return (
        Breach.Kind.TOO_MANY_CALLS,
        f"Call {calls} in {terms.get('period') or '1 week'}; allowed {most}.",
    )


def call_too_long(contact: Contact, terms: dict[str, object]) -> Finding:
    longest = terms.get("longest_call_minutes")
    if contact.channel != Channel.PHONE or not isinstance(longest, int) or not contact.minutes:
        return None
    if contact.minutes <= longest:
        return None
    return Breach.Kind.CALL_TOO_LONG, f"A {contact.minutes} minute call; allowed {longest} minutes."


def building_access(contact: Contact, terms: dict[str, object]) -> Finding:
    if contact.channel != Channel.VISIT:
        return None
    return Breach.Kind.BUILDING_ACCESS, (
        f"A visit; access to {terms.get('buildings', 'the buildings')}: {terms.get('access', '')}."
    )


def named_addresses(terms: dict[str, object]) -> set[str]:
    """The addresses the customer may write to: the named officer's, and the inbox named."""
    officer = terms.get("officer")
    officers = User.objects.filter(pk=officer) if isinstance(officer, int) else User.objects.none()
    found = set(officers.values_list("email", flat=True))
    return {a.strip().lower() for a in found | {str(terms.get("inbox") or "")} if a.strip()}


def email_not_to_named_officer(message: Message, terms: dict[str, object]) -> Finding:
    others = [a for a in message.recipients if a not in named_addresses(terms)]
    if not others:
        return None
    inbox = f" or {terms['inbox']}" if terms.get("inbox") else ""
    return Breach.Kind.NOT_NAMED_OFFICER, (
        f"An email to {', '.join(others)}; contact is through the named officer{inbox}."
    )


def not_named_officer(contact: Contact, terms: dict[str, object]) -> Finding:
    if (message := message_of(contact)) is not None:
        return email_not_to_named_officer(message, terms)
    officer = terms.get("officer")
    received = SPOKEN | {Channel.EMAIL}
    if contact.channel not in received or contact.officer_id in (None, officer):
        return None
    return Breach.Kind.NOT_NAMED_OFFICER, "Handled by someone other than the named officer."


def not_written(contact: Contact, terms: dict[str, object]) -> Finding:
    if contact.channel not in SPOKEN:
        return None
    return (
        Breach.Kind.NOT_WRITTEN,
        f"A {contact.get_channel_display().lower()}; written contact only.",
    )


def not_third_party(contact: Contact, terms: dict[str, object]) -> Finding:
    if contact.representative_id is not None:
        return None
    return Breach.Kind.NOT_THIRD_PARTY, (
        f"From the customer directly; contact is through {terms.get('third_party', 'a third party')}."
    )


CHECKS: dict[str, list[Callable[[Contact, dict[str, object]], Finding]]] = {
    "set-times": [outside_times],
    "limited-calls": [too_many_calls, call_too_long],
    "building-access": [building_access],
    "named-officer": [not_named_officer],
    "written-only": [not_written],
    "third-party": [not_third_party],
}


def found(contact: Contact, restriction: Restriction) -> list[Breach]:
    """The breaches of one restriction's terms, not yet saved: ingestion works them out before
    its write transaction, for a contact and email built in memory."""
    findings = (test(contact, restriction.parameters) for test in CHECKS.get(restriction.type, []))
    return [
        Breach(
            contact=contact,
            restriction=restriction,
            case_id=restriction.case_id,
            kind=kind,
            detail=detail,
        )
        for kind, detail in (finding for finding in findings if finding is not None)
    ]


def check(contact: Contact, restriction: Restriction) -> list[Breach]:
    return [
        Breach.objects.get_or_create(
            contact=contact,
            restriction=restriction,
            kind=breach.kind,
            defaults={"case_id": breach.case_id, "detail": breach.detail},
        )[0]
        for breach in found(contact, restriction)
    ]


def flag_breaches(contact: Contact, restrictions: list[Restriction] | None = None) -> list[Breach]:
    """Every restriction term this contact may break, recorded once on the restriction's case."""
    if restrictions is None:
        restrictions = applying(contact.customer, contact.representative, contact.service)
    return [breach for restriction in restrictions for breach in check(contact, restriction)]
