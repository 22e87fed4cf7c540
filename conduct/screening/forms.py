"""The questions on the screening and pre-visit pages; matching itself is in engine.py."""

from typing import Any

from django import forms

from conduct.core.forms import GovUKForm
from conduct.screening.engine import FIELDS, ScreeningQuery
from conduct.screening.models import ScreeningLog
from conduct.screening.services import VisitAddress

PURPOSES = [
    (ScreeningLog.Purpose.CALLER.value, "Someone is calling or visiting now"),
    (ScreeningLog.Purpose.CORRESPONDENCE.value, "A letter, email or other correspondence"),
    (ScreeningLog.Purpose.NEW_RECORD.value, "Before adding a new customer"),
]


def optional(label: str, hint: str = "", **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, help_text=hint, required=False, **kwargs)


class ScreeningForm(GovUKForm):
    purpose = forms.ChoiceField(
        label="Why are you screening?",
        choices=PURPOSES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are screening"},
    )
    name = optional(
        "Name", "Any order; a short form or a spelling they use is fine", max_length=200
    )
    date_of_birth = optional(
        "Date of birth", "For example, 27/3/1980, or just the year if that is all you have",
        max_length=20,
    )  # fmt: skip
    address = optional(
        "Address", "The first line is enough, for example 10 High Street", max_length=200
    )
    postcode = optional("Postcode", max_length=10)
    phone = optional("Phone number", max_length=30)
    email = optional("Email address", max_length=254)
    uprn = optional("UPRN", "The property’s unique reference number, if you have it", max_length=14)
    reference = optional(
        "Customer reference",
        "Conduct’s reference, such as C-000123, or the council’s own from another record",
        max_length=40,
    )

    def clean(self) -> dict[str, Any]:
        """At least one detail that can be read. A date of birth that cannot be is refused
        only when it is all there is: beside a name it is left out and the result says so."""
        cleaned = super().clean() or {}
        query = self.query()
        if self.is_bound and query.usable().is_empty():
            if query.unreadable():
                self.add_error(
                    "date_of_birth", "Enter a date of birth like 27/3/1980, or just the year"
                )
            else:
                raise forms.ValidationError("Enter at least one detail, such as a name or postcode")
        return cleaned

    def query(self) -> ScreeningQuery:
        data = getattr(self, "cleaned_data", {})
        return ScreeningQuery(**{name: str(data.get(name) or "") for name in FIELDS})


class VisitForm(GovUKForm):
    line_1 = optional(
        "First line of the address", "For example, Flat 2, 10 High Street", max_length=200
    )
    postcode = optional("Postcode", max_length=10)
    uprn = optional("UPRN", "The property’s unique reference number, if you have it", max_length=14)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        address = self.address()
        if not address.uprn.strip() and not (address.line_1.strip() and address.postcode.strip()):
            raise forms.ValidationError(
                "Enter the first line and postcode of the address, or its UPRN"
            )
        return cleaned

    def address(self) -> VisitAddress:
        data = getattr(self, "cleaned_data", {})
        return VisitAddress(
            line_1=str(data.get("line_1") or ""),
            postcode=str(data.get("postcode") or ""),
            uprn=str(data.get("uprn") or ""),
        )
