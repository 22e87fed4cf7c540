"""The questions a line manager answers at the informal stage, one GOV.UK question page each."""

import re
from datetime import date, datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.models import Case
from conduct.core.forms import GovUKForm
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

    def __init__(self, *args: Any, open_cases: list[Case], **kwargs: Any) -> None:
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

    def chosen_case(self) -> Case | None:
        return self.open_cases.get(self.cleaned_data.get("case", NEW_CASE))


class InformalWarningForm(GovUKForm):
    """Who warned the customer, when, how and in what words. The date is a GOV.UK date input."""

    given_by = forms.ChoiceField(
        label="Who gave the warning?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who gave the warning"},
    )
    given_on_day = forms.CharField(label="Day", required=False)
    given_on_month = forms.CharField(label="Month", required=False)
    given_on_year = forms.CharField(label="Year", required=False)
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
    DATE_PARTS = ("given_on_day", "given_on_month", "given_on_year")

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
        day = self._date(data)
        moment = self._time(data)
        if day is None or moment is None:
            return data
        given_at = timezone.make_aware(datetime.combine(day, moment))
        if given_at > timezone.now():
            self.add_error("given_at_time", "The time the warning was given must be in the past")
        data["given_at"] = given_at
        return data

    def _date(self, data: dict[str, Any]) -> date | None:
        parts = [str(data.get(name) or "").strip() for name in self.DATE_PARTS]
        problem, day = parse_date(parts)
        if problem is None and day is not None:
            problem = self._date_problem(day)
        if problem:
            self.add_error("given_on_day", problem)
            return None
        return day

    def _date_problem(self, day: date) -> str | None:
        if day > timezone.localdate():
            return "The date the warning was given must be today or in the past"
        if day < timezone.localdate(self.incident.occurred_at):
            return "The date the warning was given must be on or after the day of the incident"
        return None

    def _time(self, data: dict[str, Any]) -> time | None:
        problem, moment = parse_time(str(data.get("given_at_time") or ""))
        if problem:
            self.add_error("given_at_time", problem)
        return moment


def parse_date(parts: list[str]) -> tuple[str | None, date | None]:
    """A GOV.UK date input's day, month and year, or the message saying what is wrong."""
    if not any(parts):
        return "Enter the date the warning was given", None
    names = ("a day", "a month", "a year")
    missing = [name for name, part in zip(names, parts, strict=True) if not part]
    if missing:
        return f"The date the warning was given must include {' and '.join(missing)}", None
    try:
        d, m, y = (int(part) for part in parts)
        if y < 1000:
            raise ValueError
        return None, date(y, m, d)
    except ValueError:
        return "The date the warning was given must be a real date", None


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


def date_input(form: InformalWarningForm) -> dict[str, Any]:
    """Parameters for govukDateInput from the form's three date fields, with their error."""
    errors = form.errors.get("given_on_day")
    params: dict[str, Any] = {
        "id": "id_given_on",
        "fieldset": {
            "legend": {"text": "When was it given?", "classes": "govuk-fieldset__legend--m"}
        },
        "items": [
            {
                "id": f"id_{name}",
                "name": name,
                "label": form.fields[name].label,
                "value": form[name].value() or "",
                "classes": (
                    "govuk-input--width-4" if name.endswith("year") else "govuk-input--width-2"
                )
                + (" govuk-input--error" if errors else ""),
                "inputmode": "numeric",
            }
            for name in InformalWarningForm.DATE_PARTS
        ],
    }
    if errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in errors)}
    return params
