"""The decision pack's contact frequency (conduct/cases/decision_pack.py): contacts per week by
channel and by service, each service's normal range and the contacts flagged against the
customer's restrictions in the pack's period. Contacts owns the log, so it builds the
section; cases asks for it through `read_contact_frequency_with`, set in ContactsConfig.ready.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.decision_pack import Period, restriction_name, text
from conduct.cases.models import Case
from conduct.contacts import frequency
from conduct.contacts.models import Breach, Contact
from conduct.contacts.presenters import frequency_evidence
from conduct.customers.models import Customer

NO_SERVICE = "No service recorded"


@dataclass(frozen=True)
class ServiceWeek:
    starts: date
    counts: tuple[int, ...]  # in the order of ContactFrequency.services

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class BreachItem:
    at: datetime
    restriction: str
    what: str


@dataclass(frozen=True)
class ContactFrequency:
    evidence: frequency.Evidence
    chart: str  # the SVG contacts.frequency draws, the same as on the case's pages
    services: tuple[str, ...]
    by_service: tuple[ServiceWeek, ...]
    breaches: tuple[BreachItem, ...]


def contact_frequency(case: Case, period: Period) -> ContactFrequency:
    """Contacts per week by channel and by service, the services' normal ranges, the breaches
    (the decision pack's section, set in ContactsConfig.ready)."""
    customer = case.customer
    found = frequency.evidence(customer, period.start, period.end)
    services, weeks = weeks_by_service(customer, period)
    return ContactFrequency(
        evidence=found,
        chart=str(frequency.chart(found)),
        services=services,
        by_service=weeks,
        breaches=breach_items(case, period),
    )


def weeks_by_service(
    customer: Customer, period: Period
) -> tuple[tuple[str, ...], tuple[ServiceWeek, ...]]:
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    rows = Contact.objects.filter(
        customer=customer, occurred_at__range=frequency.bounds(period.start, period.end)
    ).values_list("occurred_at", "service__name")
    for occurred_at, service in rows:
        counts[frequency.monday(timezone.localdate(occurred_at))][service or NO_SERVICE] += 1
    services = tuple(sorted({name for week in counts.values() for name in week}))
    weeks = tuple(
        ServiceWeek(day, tuple(counts[day][name] for name in services))
        for day in frequency.week_starts(period.start, period.end)
    )
    return services, weeks


def breach_items(case: Case, period: Period) -> tuple[BreachItem, ...]:
    """Contacts flagged against any of the customer's restrictions in the period."""
    pack = case.policy_pack.file
    found = (
        Breach.objects.filter(
            restriction__customer=case.customer,
            contact__occurred_at__range=frequency.bounds(period.start, period.end),
        )
        .select_related("contact", "restriction")
        .order_by("contact__occurred_at", "pk")
    )
    return tuple(
        BreachItem(
            timezone.localtime(b.contact.occurred_at),
            restriction_name(pack, b.restriction.type),
            f"{b.get_kind_display()}. {text(b.detail)}",
        )
        for b in found
    )


def contact_evidence(case: Case, person: User) -> dict[str, Any]:
    """Contact frequency for the decision body to read before deciding, if they may see it
    (the decision and ratification pages, through cases.decision_pack.show_evidence_with)."""
    if not person.has_perm("contacts.view_frequency", case):
        return {}
    return {"contact_evidence": frequency_evidence(case.customer)}
