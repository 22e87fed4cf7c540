"""Markers and premises for tests, made through the same services staff use."""

from datetime import date
from typing import Any

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts import disclosures, services, sharing
from conduct.alerts.models import Marker, Premises
from conduct.customers.models import Customer
from conduct.incidents.tests import factories as incident_factories
from conduct.policy.models import PolicyPack

SECRET = "He keeps a knife in the glovebox; disclosed by his sister on 2 May."
HANDLING = "Meet in pairs in an interview room near the exit. Do not visit alone."


def in_force() -> PolicyPack:
    pack = PolicyPack.objects.filter(is_active=True).first()
    return pack or incident_factories.model_pack()


def raiser() -> User:
    return staff_member(Role.FRONTLINE_OFFICER)


def customer(**names: Any) -> Customer:
    return incident_factories.customer(**names)


def person_marker(
    who: Customer | None = None, *, by: User | None = None, **overrides: Any
) -> Marker:
    """A provisional threats marker resting on an incident about the customer."""
    in_force()
    by = by or raiser()
    who = who or customer()
    incident = incident_factories.incident(by, customer=who, unknown_person_description="")
    fields: dict[str, Any] = {
        "category": "threats",
        "handling": HANDLING,
        "restricted_detail": SECRET,
        "customer": who,
        "incidents": [incident],
        **overrides,
    }
    return services.raise_marker(by=by, **fields)


def premises(**overrides: Any) -> Premises:
    address = {"line_1": "14 Mill Lane", "postcode": "NN1 1AA", "uprn": "", **overrides}
    return services.find_or_add_premises(by=None, **address)


def premises_marker(place: Premises | None = None, **overrides: Any) -> Marker:
    in_force()
    fields: dict[str, Any] = {
        "category": "dangerous-animals",
        "handling": "Two large dogs. Phone ahead so they are shut away before you arrive.",
        "identified_risk": "Officer was bitten at the gate on a visit in March.",
        "premises": place or premises(),
        **overrides,
    }
    return services.raise_marker(by=raiser(), **fields)


def make_live(marker: Marker) -> Marker:
    """Verified by a line manager and approved by health and safety."""
    marker = services.verify_marker(marker, by=staff_member(Role.LINE_MANAGER))
    return services.approve_marker(marker, by=staff_member(Role.HEALTH_AND_SAFETY_OFFICER))


def live_person_marker(who: Customer | None = None, **overrides: Any) -> Marker:
    return make_live(person_marker(who, **overrides))


def on(day: str) -> date:
    return date.fromisoformat(day)


def reference_of(marker: Marker) -> str:
    """The reference of the customer a person marker is on."""
    assert marker.customer is not None
    return marker.customer.reference


def choices(**overrides: Any) -> sharing.Choices:
    """A police disclosure for a joint visit, the minimum unless overridden."""
    answers: dict[str, Any] = {
        "organisation": "Northamptonshire Police",
        "organisation_kind": "police",
        "recipient_name": "PC Dana Holt",
        "recipient_contact": "dana.holt@police.example",
        "necessity": "Joint visit on 4 March about the threats to the repairs team.",
        "lawful_basis": "crime-prevention",
        **overrides,
    }
    return sharing.Choices(**answers)


def disclosure(marker: Marker | None = None, *, by: User | None = None, **overrides: Any) -> Any:
    """A live marker shared with the police by a health and safety officer."""
    marker = marker or live_person_marker()
    by = by or staff_member(Role.HEALTH_AND_SAFETY_OFFICER)
    return disclosures.disclose_marker(marker, choices=choices(**overrides), by=by)
