"""The questions on the visit pages; the rules themselves are in services.py."""

import re
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from conduct.accounts.models import User
from conduct.core.forms import GovUKDateField, GovUKForm
from conduct.customers.models import Customer
from conduct.visits import services
from conduct.visits.models import CheckIn

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*([ap]m)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """`14:30`, `14.30` or `2:30pm`; None when it is not a time."""
    found = TIME.match(text)
    if not found:
        return None
    hour, minute = int(found[1]), int(found[2])
    if found[3]:
        hour = hour % 12 + (12 if found[3].lower() == "pm" else 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def staff_choices(blank: str) -> list[tuple[str, str]]:
    people = User.objects.filter(is_active=True, groups__isnull=False).distinct()
    return [("", blank)] + [
        (str(p.pk), f"{p.full_name} ({p.job_title})" if p.job_title else p.full_name)
        for p in people.order_by("full_name")
    ]


class PlanForm(GovUKForm):
    customer = forms.CharField(
        label="Customer reference (optional)",
        required=False,
        max_length=20,
        help_text="For example, C-000012. Leave the address blank to visit them at their current address",
    )
    line_1 = forms.CharField(label="First line of the address", required=False, max_length=200)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    uprn = forms.CharField(label="UPRN (optional)", required=False, max_length=14)
    starts_on = GovUKDateField(label="Date of the visit")
    starts_time = forms.CharField(
        label="Time you will arrive",
        max_length=8,
        help_text="For example, 10:30 or 2:15pm",
        error_messages={"required": "Enter the time you will arrive"},
    )
    expected_minutes = forms.IntegerField(
        label="How long will the visit take, in minutes?",
        min_value=5,
        max_value=720,
        error_messages={"required": "Enter how long the visit will take"},
    )
    check_in_times = forms.CharField(
        label="Check-in times (optional)",
        required=False,
        help_text="Times you have agreed to check in, separated by commas, like 10:45, 11:15",
    )
    check_in_every = forms.IntegerField(
        label="Or check in every so many minutes (optional)",
        required=False,
        min_value=5,
        max_value=240,
        help_text="Counted from when you say you have arrived",
    )
    check_in_with = forms.ChoiceField(
        label="Who will you check in with?",
        help_text="A named colleague or your line manager, who is not going on the visit",
        error_messages={"required": "Select who you will check in with"},
    )
    second_officer = forms.ChoiceField(label="Second officer (optional)", required=False)
    handling_read = forms.BooleanField(
        label="I have read the handling instructions for this visit", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, blank in (("check_in_with", "Select a colleague"), ("second_officer", "Nobody")):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = staff_choices(blank)

    def clean_customer(self) -> Customer | None:
        reference = str(self.cleaned_data.get("customer") or "").strip().upper()
        if not reference:
            return None
        found = Customer.objects.filter(reference=reference, merged_into__isnull=True).first()
        if found is None:
            raise forms.ValidationError("Enter the reference of a customer on Conduct")
        return found

    def clean_starts_time(self) -> time:
        found = parse_time(str(self.cleaned_data.get("starts_time", "")))
        if found is None:
            raise forms.ValidationError("Enter the time like 10:30 or 2:15pm")
        return found

    def clean_check_in_times(self) -> list[time]:
        text = str(self.cleaned_data.get("check_in_times") or "")
        parts = [part for part in re.split(r"[,;]", text) if part.strip()]
        found = [parse_time(part) for part in parts]
        if None in found:
            raise forms.ValidationError("Enter each check-in time like 10:45, separated by commas")
        return [t for t in found if t is not None]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agreed = data.get("check_in_times") or data.get("check_in_every")
        if not agreed and not self.has_error("check_in_times"):
            self.add_error(
                "check_in_times", "Enter the check-in times, or how often you will check in"
            )
        return data

    def at(self, moment: time) -> datetime:
        day = self.cleaned_data["starts_on"]
        return timezone.make_aware(datetime.combine(day, moment))

    def plan(self) -> services.Plan:
        data = self.cleaned_data
        starts = self.at(data["starts_time"])
        times = tuple(
            self.at(t) + (timedelta(days=1) if self.at(t) < starts else timedelta())
            for t in data["check_in_times"]
        )
        second = data.get("second_officer")
        return services.Plan(
            check_in_with=User.objects.get(pk=data["check_in_with"]),
            starts_at=starts,
            expected_minutes=data["expected_minutes"],
            customer=data.get("customer"),
            line_1=data.get("line_1") or "",
            postcode=data.get("postcode") or "",
            uprn=data.get("uprn") or "",
            check_in_times=times,
            check_in_every=data.get("check_in_every"),
            second_officer=User.objects.get(pk=second) if second else None,
            handling_read=bool(data.get("handling_read")),
        )


class ResolveForm(GovUKForm):
    how = forms.ChoiceField(
        label="How do you know the officer is safe?",
        choices=CheckIn.Resolution.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you know the officer is safe"},
    )
    note = forms.CharField(
        label="Who confirmed it, and anything else to record",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, spoke to Sam at 10:52; their phone had been on silent",
    )


class CancelForm(GovUKForm):
    reason = forms.CharField(
        label="Why is the visit cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the visit is cancelled"},
    )
