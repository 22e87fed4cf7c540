"""The questions a line manager answers at the informal stage, one GOV.UK question page each."""

import re
from datetime import date, datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone

from conduct.accounts.models import User
from conduct.core.forms import GovUKDateField, GovUKForm
from conduct.incidents.models import Incident, InformalWarning

NEW_CASE = "new"
TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(am|pm)?\s*$", re.IGNORECASE)


def text_answer(label: str, required: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": required},
        max_length=5000,
    )


class NoFurtherActionForm(GovUKForm):
    reason = text_answer(
        "Why is no further action needed?",
        "Enter why no further action is needed",
        "The officer and auditors will see this.",
    )


class RequestMoreDetailForm(GovUKForm):
    question = text_answer(
        "What do you need to know?",
        "Enter what you need to know",
        "The officer who logged the incident will see this on their incident.",
    )


class AddDetailForm(GovUKForm):
    detail = text_answer("Your answer", "Enter the detail your line manager asked for")


class EscalateForm(GovUKForm):
    case = forms.ChoiceField(
        label="Which case should this incident go to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a case, or open a new one"},
    )
    reason = text_answer(
        "Why are you escalating this incident?",
        "Enter why you are escalating this incident",
        "For example, the behaviour carried on after an informal warning.",
    )

    def __init__(self, *args: Any, open_cases: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open_cases = {case.reference: case for case in open_cases}
        if not open_cases:
            del self.fields["case"]
            return
        choices = [(ref, f"Add it to case {ref}") for ref in self.open_cases]
        cast(forms.ChoiceField, self.fields["case"]).choices = [
            *choices,
            (NEW_CASE, "Open a new case"),
        ]

    def chosen_case(self) -> Any:
        return self.open_cases.get(self.cleaned_data.get("case", NEW_CASE))


class InformalWarningForm(GovUKForm):
    """Who warned the customer, when, how and in what words. The date is a GOV.UK date input."""

    given_by = forms.ChoiceField(
        label="Who gave the warning?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who gave the warning"},
    )
    given_on = GovUKDateField(
        label="When was it given?",
        noun="The date the warning was given",
        past=True,
        error_messages={"required": "Enter the date the warning was given"},
    )
    given_at_time = forms.CharField(
        label="Time",
        help_text="Use the 24-hour clock, for example 14:30",
        required=False,
    )
    how = forms.ChoiceField(
        label="How was the warning given?",
        widget=forms.RadioSelect,
        choices=InformalWarning.How.choices,
        error_messages={"required": "Select how the warning was given"},
    )
    words_used = text_answer(
        "What was the customer told?",
        "Enter what the customer was told",
        "The words used, as near as you can remember them.",
    )

    def __init__(self, *args: Any, incident: Incident, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.incident, self.by = incident, by
        officer = incident.created_by
        choices = [("me", f"You ({by})")]
        if officer is not None and officer.pk != by.pk:
            choices.insert(0, ("officer", f"The officer who logged it ({officer})"))
        cast(forms.ChoiceField, self.fields["given_by"]).choices = choices

    def given_by_user(self) -> User:
        return self.incident.created_by if self.cleaned_data["given_by"] == "officer" else self.by  # type: ignore[return-value]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = self._date(data.get("given_on"))
        moment = self._time(data)
        if day is None or moment is None:
            return data
        given_at = timezone.make_aware(datetime.combine(day, moment))
        if given_at > timezone.now():
            self.add_error("given_at_time", "The time the warning was given must be in the past")
        data["given_at"] = given_at
        return data

    def _date(self, day: date | None) -> date | None:
        problem = self._date_problem(day) if day is not None else None
        if problem:
            self.add_error("given_on", problem)
            return None
        return day

    def _date_problem(self, day: date) -> str | None:
        if day < timezone.localdate(self.incident.occurred_at):
            return "The date the warning was given must be on or after the day of the incident"
        return None

    def _time(self, data: dict[str, Any]) -> time | None:
        problem, moment = parse_time(str(data.get("given_at_time") or ""))
        if problem:
            self.add_error("given_at_time", problem)
        return moment


def parse_time(text: str) -> tuple[str | None, time | None]:
    """`14:30`, `9.05` or `2:30pm`, or the message saying what is wrong."""
    if not text.strip():
        return "Enter the time the warning was given", None
    match = TIME.match(text)
    if not match:
        return "Enter a real time, for example 14:30", None
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return "Enter a real time, for example 14:30", None
    return None, time(hour, minute)
