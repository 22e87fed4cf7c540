"""The questions on the subject access pages; the rules are in services.py, which the views
call, so a refused answer shows on its question with every answer kept."""

from django import forms

from conduct.core.forms import GovUKDateField, GovUKForm
from conduct.core.text import LINE_LIMIT, NOTE_LIMIT
from conduct.dataprotection.models import ItemDecision, SubjectAccessRequest

EXAMPLE = "For example, 27 3 2026"


def note(label: str, hint: str = "", *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=hint, required=required, max_length=NOTE_LIMIT, widget=forms.Textarea
    )


class LogRequestForm(GovUKForm):
    customer = forms.CharField(
        label="Customer reference",
        help_text="It starts with C-, for example C-000123. Find it on the customer’s page",
        max_length=12,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    received_on = GovUKDateField(
        label="When was the request received?",
        noun="The date the request was received",
        past=True,
        help_text=EXAMPLE,
    )
    channel = forms.ChoiceField(
        label="How did the request arrive?",
        choices=SubjectAccessRequest.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the request arrived"},
    )
    identity_check = note(
        "How has the requester’s identity been checked so far? (optional)",
        "For example, the email came from the address on their record. Only ask for proof if "
        "you have a reason to doubt who they are",
        required=False,
    )
    representative_name = forms.CharField(
        label="Name of anyone asking on the person’s behalf (optional)",
        required=False,
        max_length=LINE_LIMIT,
    )
    representative_authority = note(
        "Their authority to act for the person (optional)",
        "For example, a signed letter of authority or a lasting power of attorney, and how you "
        "checked it",
        required=False,
    )
    notes = note("Notes (optional)", required=False)


class ConfirmIdentityForm(GovUKForm):
    how = note(
        "How was the requester’s identity confirmed?",
        "For example, a passport seen at reception",
    )
    evidence_received_on = GovUKDateField(
        label="If you had to ask for proof of identity, when did it arrive? (optional)",
        noun="The date the proof arrived",
        past=True,
        required=False,
        help_text="The one-month deadline then counts from this day. " + EXAMPLE,
    )


class ExtendForm(GovUKForm):
    months = forms.TypedChoiceField(
        label="Extend the deadline by how long in all?",
        coerce=int,
        choices=[(1, "One month"), (2, "Two months")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how long to extend the deadline by"},
    )
    reason = note(
        "Why is the extension needed?",
        "The request must be complex, or the person has made several. Tell them why within the "
        "first month",
    )


class WithdrawForm(GovUKForm):
    reason = note("How did the person withdraw the request?")


class ConfirmForm(GovUKForm):
    """A page whose only answer is its button (build, release)."""


class DecideItemForm(GovUKForm):
    choice = forms.ChoiceField(
        label="What should the bundle do with this item?",
        choices=ItemDecision.Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what to do with the item"},
    )
    reason = note(
        "Why?",
        "For a withheld item, name the exemption, for example Data Protection Act 2018, "
        "Schedule 2, paragraph 2 (crime and taxation)",
    )
