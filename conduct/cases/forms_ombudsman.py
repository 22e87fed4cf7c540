"""The questions on the Ombudsman referral pages; the rules are in cases/ombudsman.py, which the
views call, so a refused answer shows on its question with every answer kept."""

from typing import Any

from django import forms

from conduct.cases.models import (
    OMBUDSMAN_REFERENCE_LIMIT,
    Appeal,
    Case,
    Decision,
    OmbudsmanOutcome,
    OmbudsmanReferral,
)
from conduct.cases.ombudsman import ombudsmen_for, outcome_in_words
from conduct.core.forms import GovUKDateField, GovUKForm
from conduct.core.text import NOTE_LIMIT
from conduct.policy.schema import OMBUDSMAN_NAMES

EXAMPLE = "For example, 27 3 2026"


def past_date(label: str, noun: str, *, required: bool = True) -> GovUKDateField:
    return GovUKDateField(label=label, noun=noun, past=True, required=required, help_text=EXAMPLE)


def reference_field() -> forms.CharField:
    return forms.CharField(
        label="The Ombudsman’s reference (optional)",
        required=False,
        max_length=OMBUDSMAN_REFERENCE_LIMIT,
        help_text="It is on the Ombudsman’s letters and emails",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )


class ReferralForm(GovUKForm):
    ombudsman = forms.ChoiceField(
        label="Which Ombudsman did the customer go to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select which Ombudsman the customer went to"},
    )
    about = forms.ChoiceField(
        label="What is the referral about?", widget=forms.RadioSelect, required=False
    )
    referred_on = past_date(
        "When did the customer go to the Ombudsman? (optional)",
        "The date the customer went to the Ombudsman",
        required=False,
    )
    heard_on = past_date("When did the council hear of it?", "The date the council heard")
    reference = reference_field()

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["ombudsman"].choices = [  # type: ignore[attr-defined]
            (name, OMBUDSMAN_NAMES[name]) for name in ombudsmen_for(case)
        ]
        about = [("", "The case as a whole")]
        about += [
            (
                f"decision-{d.pk}",
                f"The decision: {d.get_outcome_display()}, {d.decided_at:%-d %B %Y}",
            )
            for d in case.decisions.order_by("-decided_at")
        ]
        about += [
            (f"appeal-{a.pk}", f"The appeal received {a.received_on:%-d %B %Y}")
            for a in case.appeals.order_by("-received_on")
        ]
        self.fields["about"].choices = about  # type: ignore[attr-defined]
        self.fields["about"].initial = ""
        if len(about) == 1:  # nothing decided or appealed yet: the case as a whole
            del self.fields["about"]

    def decision(self) -> Decision | None:
        kind, _, pk = self.cleaned_data.get("about", "").partition("-")
        return self.case.decisions.get(pk=pk) if kind == "decision" else None

    def appeal(self) -> Appeal | None:
        kind, _, pk = self.cleaned_data.get("about", "").partition("-")
        return self.case.appeals.get(pk=pk) if kind == "appeal" else None


class EnquiryForm(GovUKForm):
    received_on = past_date("When did the enquiry arrive?", "The date the enquiry was received")
    respond_by = GovUKDateField(
        label="When must the council respond by? (optional)",
        noun="The date to respond by",
        required=False,
        help_text=EXAMPLE,
    )
    question = forms.CharField(
        label="What did the Ombudsman ask for?",
        max_length=NOTE_LIMIT,
        widget=forms.Textarea,
        error_messages={"required": "Enter what the Ombudsman asked"},
    )
    reference = reference_field()

    def __init__(self, *args: Any, referral: OmbudsmanReferral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if referral.reference:
            del self.fields["reference"]


class ResponseForm(GovUKForm):
    responded_on = past_date("When did the council respond?", "The date the council responded")


class OutcomeForm(GovUKForm):
    outcome = forms.ChoiceField(
        label="What did the Ombudsman decide?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the Ombudsman decided"},
    )
    outcome_on = past_date("When did the Ombudsman decide?", "The date of the outcome")
    remedy = forms.CharField(
        label="What remedy did the Ombudsman ask for? (optional)",
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea,
        help_text="Only when the complaint was upheld in full or in part: an apology, a "
        "payment, a fresh decision",
    )
    reference = reference_field()

    def __init__(self, *args: Any, referral: OmbudsmanReferral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [  # type: ignore[attr-defined]
            (value, outcome_in_words(referral.ombudsman, value))
            for value in OmbudsmanOutcome.values
        ]
        if referral.reference:
            del self.fields["reference"]


class RemedyDoneForm(GovUKForm):
    done_on = past_date("When was the remedy done?", "The date the remedy was done")
