"""The questions on the contacts pages; the rules are in services.py, which the views call."""

import re
from datetime import datetime
from typing import cast

from django import forms
from django.utils import timezone

from conduct.contacts.models import Channel, Reading
from conduct.core.forms import GovUKForm
from conduct.core.uploads import BoundedFileField
from conduct.customers.models import CouncilService, Customer

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class ContactForm(GovUKForm):
    """A call or visit logged in a few seconds: the defaults are now and the person logging it."""

    channel = forms.ChoiceField(
        label="How did they make contact?",
        choices=Channel.choices,
        initial=Channel.PHONE,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the customer made contact"},
    )
    subject = forms.CharField(
        label="What was it about?",
        max_length=300,
        error_messages={"required": "Enter what the contact was about"},
    )
    service = forms.ModelChoiceField(
        label="Service", queryset=CouncilService.objects.filter(is_active=True), required=False
    )
    time = forms.CharField(
        label="Time today, if not now",
        help_text="For example, 14:30. Leave blank for now.",
        required=False,
        max_length=5,
    )
    minutes = forms.IntegerField(
        label="Length of call, in minutes",
        required=False,
        min_value=1,
        max_value=600,
        error_messages={"invalid": "Length of call must be a whole number of minutes"},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_time(self) -> datetime | None:
        text = self.cleaned_data["time"]
        if not text:
            return None
        found = TIME.match(text)
        if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
            raise forms.ValidationError("Enter a time like 14:30")
        hour, minute = int(found.group(1)), int(found.group(2))
        return timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)


class SignOffForm(GovUKForm):
    outcome = forms.ChoiceField(
        label="What did reading it find?",
        choices=Reading.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the reading found"},
    )
    reason = forms.CharField(
        label="Why is it escalated?",
        help_text="Needed if it raises a new issue or a safeguarding concern.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class HintSeenForm(GovUKForm):
    note = forms.CharField(
        label="What did you decide?", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EmailFileForm(GovUKForm):
    file = BoundedFileField(
        limit_setting="EMAIL_FILE_MAX_BYTES",
        label="Email saved as a file",
        help_text="An .eml file, or an Outlook .msg file.",
        error_messages={"required": "Select an email file"},
    )


class LinkMessageForm(GovUKForm):
    """Which of the customers found sent the email, and whether to keep the sender's address."""

    customer = forms.ChoiceField(
        label="Which customer is it from?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the customer the email is from",
            "invalid_choice": "Select the customer the email is from",
        },
    )
    add_address = forms.BooleanField(
        label="Add the sender’s address to the customer’s email addresses, so their next email is matched",
        required=False,
    )

    def __init__(self, data: object = None, *, found: list[Customer]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["customer"]).choices = [
            (item.reference, f"{item.full_name} ({item.reference})") for item in found
        ]
