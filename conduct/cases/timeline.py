"""The cases on a customer's timeline (conduct/customers/timeline.py): cases fills the
timeline's hook in its AppConfig.ready."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from conduct.cases.models import Case
from conduct.customers.models import Customer
from conduct.customers.timeline import Entry, name_of
from conduct.policy.queries import attach_packs


def case_entries(customer: Customer, reader: Any = None) -> Iterable[Entry]:
    cases = Case.objects.filter(customer=customer).select_related("created_by")
    for case in attach_packs(cases):
        case.customer = customer  # each is the page's own customer
        yield Entry(
            label=f"Case {case.reference} opened",
            href=reverse("cases:detail", args=[case.reference]),
            target=case,
            at=case.created_at,
            by=name_of(case.created_by),
            text=f"For the decision body. Status: {case.get_status_display()}.",
        )
