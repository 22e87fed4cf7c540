"""Customers for tests, added through the services staff use; incidents written directly."""

from datetime import date
from itertools import count
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.models import Case
from conduct.customers import services
from conduct.customers.models import CouncilService, Customer
from conduct.incidents.models import Channel, Incident, InformalWarning
from conduct.policy.models import PolicyPack
from conduct.policy.services import load_policy_pack
from conduct.policy.tests.factories import MODEL_PACK

_numbers = count(1)


def customer(**details: Any) -> Customer:
    """A customer with a name and date of birth unless told otherwise."""
    details.setdefault("given_names", "Alex")
    details.setdefault("family_name", f"Tester{next(_numbers)}")
    details.setdefault("date_of_birth", date(1980, 3, 27))
    return services.create_customer(by=details.pop("by", None), **details)


def council_service(
    name: str = "Housing options and homelessness", mandatory: bool = True
) -> CouncilService:
    found = CouncilService.objects.filter(name=name).first()
    return found or services.add_council_service(name=name, is_mandatory=mandatory, by=None)


def model_pack() -> PolicyPack:
    return load_policy_pack(MODEL_PACK, by=None)


def incident(for_customer: Customer, *, by: User | None = None, **fields: Any) -> Incident:
    """An incident row written with the ORM, as the incidents app would store it."""
    n = next(_numbers)
    values: dict[str, Any] = {
        "reference": f"INC-T{n:05d}",
        "submission_key": f"test-{n}",
        "occurred_at": timezone.now(),
        "location": "Reception, City Hall",
        "channel": Channel.PHONE,
        "service": council_service(),
        "customer": for_customer,
        "policy_pack": model_pack(),
        "behaviour_categories": ["aggressive-or-abusive"],
        "what_happened": "Shouted at the officer.",
        "created_by": by,
    }
    return Incident.objects.create(**{**values, **fields})


def informal_warning(of: Incident, given_by: User, **fields: Any) -> InformalWarning:
    values: dict[str, Any] = {
        "incident": of,
        "customer": of.customer,
        "given_by": given_by,
        "given_at": timezone.now(),
        "how": InformalWarning.How.PHONE,
        "words_used": "Told them this behaviour is not acceptable.",
    }
    return InformalWarning.objects.create(**{**values, **fields})


def case(for_customer: Customer, *incidents: Incident) -> Case:
    n = next(_numbers)
    opened = Case.objects.create(
        reference=f"CASE-T{n:05d}",
        customer=for_customer,
        reason="Persistent abuse on the phone.",
        policy_pack=model_pack(),
    )
    opened.incidents.set(incidents)
    return opened


def dated(name: str, typed: str) -> dict[str, str]:
    """A GOV.UK date input's answers: `dated("given_on", "1/1/2025")` gives the three boxes."""
    day, month, year = typed.split("/")
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}
