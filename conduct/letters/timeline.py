"""The letters on a customer's timeline (conduct/customers/timeline.py): letters fills the
timeline's hook in its AppConfig.ready."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from conduct.customers.models import Customer
from conduct.customers.timeline import Entry, name_of
from conduct.letters.models import Letter


def letter_entries(customer: Customer, reader: Any = None) -> Iterable[Entry]:
    """Every letter drafted to the customer or their representative, and what became of it."""
    for letter in Letter.objects.filter(customer=customer).select_related("created_by", "case"):
        yield Entry(
            label=f"Letter {letter.reference}",
            href=reverse("letters:detail", args=[letter.reference]),
            target=letter,
            at=letter.created_at,
            by=name_of(letter.created_by),
            text=f"{letter.get_letter_type_display()}. Status: {letter.get_status_display()}.",
        )
