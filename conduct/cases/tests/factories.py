"""Incidents and cases for tests, made through the same services staff use."""

from datetime import datetime, timedelta
from itertools import count

from django.conf import settings
from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.models import Case
from conduct.cases.services import open_case
from conduct.customers.models import CouncilService, Customer
from conduct.customers.services import create_customer
from conduct.incidents.models import Incident
from conduct.incidents.services import log_incident
from conduct.policy.models import PolicyPack
from conduct.policy.services import load_policy_pack

_numbers = count(1)


def model_pack() -> PolicyPack:
    """The model policy pack, in force."""
    return load_policy_pack(settings.POLICY_DIR / "model.toml", by=None, activate=True)


def council_service(name: str = "Housing", *, is_mandatory: bool = True) -> CouncilService:
    slug = name.lower().replace(" ", "-")
    service, _ = CouncilService.objects.get_or_create(
        slug=slug, defaults={"name": name, "is_mandatory": is_mandatory}
    )
    return service


def customer(given_names: str = "Sam", family_name: str = "Example") -> Customer:
    return create_customer(by=None, given_names=given_names, family_name=family_name)


def incident(
    by: User,
    *,
    about: Customer | None = None,
    unknown: str = "",
    occurred_at: datetime | None = None,
    staff_affected: list[User] | None = None,
) -> Incident:
    """An incident logged by `by` under the model pack, about a customer (made if not given)."""
    model_pack()
    if about is None and not unknown:
        about = customer()
    return log_incident(
        by=by,
        submission_key=f"test-{next(_numbers)}",
        occurred_at=occurred_at or timezone.now() - timedelta(hours=2),
        location="Civic Centre reception",
        channel="in-person",
        service=council_service(),
        customer=about,
        unknown_person_description=unknown,
        staff_affected=staff_affected if staff_affected is not None else [by],
        behaviour_categories=["aggressive-or-abusive"],
        what_happened="Shouted at the officer and refused to leave.",
        words_used="You lot are useless.",
    )


def case(by: User, *, about: Customer | None = None) -> Case:
    """An open case holding one incident."""
    first = incident(by, about=about)
    assert first.customer is not None
    return open_case(first.customer, incidents=[first], reason="Repeated abuse", by=by)
