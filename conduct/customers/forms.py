"""The questions staff answer about a customer, in GOV.UK wording.

Fields normalise what is typed (postcodes, phone numbers) so a page shows the
problem at once; the services check the same rules again for the API.
"""

from typing import Any

from django import forms
from django.utils import timezone

from conduct.accounts.models import User
from conduct.core.forms import GovUKDateField, GovUKForm
from conduct.customers import normalise
from conduct.customers.models import Adjustment, CouncilService, Representative
from conduct.customers.services import EQUALITY_FIELDS


class NormalisedField(forms.CharField):
    """A text field whose value is put in its normal form, or refused with the normaliser's message."""

    def __init__(self, *args: Any, normaliser: Any, **kwargs: Any) -> None:
        self.normaliser = normaliser
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if text in self.empty_values:
            return text
        try:
            return self.normaliser(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


def text(label: str, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, **kwargs)


def long_text(label: str, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea, **kwargs)


def postcode_field() -> NormalisedField:
    return NormalisedField(label="Postcode", required=False, normaliser=normalise.postcode)


def phone_field(label: str = "Phone number", required: bool = False) -> NormalisedField:
    return NormalisedField(label=label, required=required, normaliser=normalise.phone)


def check_no_fixed_abode(form: forms.Form, data: dict[str, Any]) -> None:
    if data.get("no_fixed_abode") and not data.get("collection_point"):
        form.add_error("collection_point", "Enter where letters can be collected")


def check_has_a_name(form: forms.Form, data: dict[str, Any]) -> None:
    if not data.get("given_names") and not data.get("family_name"):
        form.add_error("family_name", "Enter the customer’s name")


class FindForm(GovUKForm):
    q = text(
        "Name, reference, date of birth, postcode, UPRN, phone, email or social media handle",
        required=True,
        max_length=200,
        error_messages={"required": "Enter something to search for"},
    )


class DetailsForm(GovUKForm):
    given_names = text("Given names", max_length=150)
    family_name = text("Family name", max_length=150)
    preferred_name = text(
        "Preferred name", max_length=150, help_text="What the customer likes to be called"
    )
    date_of_birth = GovUKDateField(label="Date of birth", required=False, past=True)
    no_fixed_abode = forms.BooleanField(label="The customer has no fixed abode", required=False)
    collection_point = text(
        "Where letters can be collected",
        max_length=200,
        help_text="For example, Customer services reception, Guildhall",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_has_a_name(self, data)
        check_no_fixed_abode(self, data)
        if data.get("date_of_birth") and data["date_of_birth"] > timezone.localdate():
            self.add_error("date_of_birth", "Date of birth must be in the past")
        return data


class CustomerForm(DetailsForm):
    address_line_1 = text("Address line 1", max_length=200)
    address_line_2 = text("Address line 2", max_length=200)
    town = text("Town or city", max_length=100)
    postcode = postcode_field()
    uprn = NormalisedField(
        label="UPRN", required=False, normaliser=normalise.uprn, help_text="Up to 12 digits"
    )
    phone = phone_field()
    email = forms.EmailField(label="Email address", required=False)

    field_order = [
        "given_names",
        "family_name",
        "preferred_name",
        "date_of_birth",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "uprn",
        "no_fixed_abode",
        "collection_point",
        "phone",
        "email",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("postcode") or data.get("uprn")) and not data.get("address_line_1"):
            self.add_error("address_line_1", "Enter the first line of the address")
        return data


class AliasForm(GovUKForm):
    name = text(
        "Other name",
        required=True,
        max_length=300,
        help_text="A previous name, nickname or spelling",
    )


class AddressForm(GovUKForm):
    line_1 = text("Address line 1", required=True, max_length=200)
    line_2 = text("Address line 2", max_length=200)
    town = text("Town or city", max_length=100)
    postcode = postcode_field()
    uprn = NormalisedField(
        label="UPRN", required=False, normaliser=normalise.uprn, help_text="Up to 12 digits"
    )


class PhoneForm(GovUKForm):
    number = phone_field(required=True)
    label = text("Label", max_length=50, help_text="For example, mobile or work")


class EmailForm(GovUKForm):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class SocialMediaForm(GovUKForm):
    platform = text(
        "Platform", required=True, max_length=50, help_text="For example, Facebook, X or Instagram"
    )
    handle = NormalisedField(label="Handle", max_length=100, normaliser=normalise.handle)


class HouseholdForm(GovUKForm):
    member = text(
        "Reference of the household member",
        required=True,
        help_text="The customer reference, like C-000123",
        error_messages={"required": "Enter the reference of the household member"},
    )
    relationship = text(
        "Relationship", max_length=100, help_text="For example, partner, son or lodger"
    )


class RepresentativeForm(GovUKForm):
    name = text(
        "Name",
        required=True,
        max_length=200,
        error_messages={"required": "Enter the representative’s name"},
    )
    kind = forms.ChoiceField(
        label="Who they are",
        choices=Representative.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the representative is"},
    )
    organisation = text("Organisation", max_length=200)
    email = forms.EmailField(label="Email address", required=False)
    phone = phone_field()
    address = long_text("Address")
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=Representative.LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis"},
    )
    basis_detail = long_text("Detail of the basis", help_text="For example, how consent was given")
    given_on = GovUKDateField(label="Date consent or authority was given", past=True)
    review_on = GovUKDateField(label="Date to review it")
    coercive_control_concern = forms.BooleanField(
        label="Staff are worried this person may be controlling the customer", required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_review_after(self, data, "given_on")
        return data


def check_review_after(form: forms.Form, data: dict[str, Any], first: str) -> None:
    if data.get(first) and data[first] > timezone.localdate():
        form.add_error(first, "The date must be today or in the past")
    if data.get(first) and data.get("review_on") and data["review_on"] < data[first]:
        form.add_error("review_on", "The review date must be on or after the date it was given")


class WithdrawConsentForm(GovUKForm):
    reason = long_text(
        "Why consent was withdrawn",
        required=True,
        error_messages={"required": "Enter why consent was withdrawn"},
    )


class AdjustmentForm(GovUKForm):
    kind = forms.ChoiceField(
        label="Adjustment or communication need",
        choices=Adjustment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the adjustment"},
    )
    detail = long_text("Detail", help_text="For example, the language or the way of contact")
    agreed_on = GovUKDateField(label="Date agreed", past=True)
    review_on = GovUKDateField(label="Date to review it")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_review_after(self, data, "agreed_on")
        needs_detail = {"interpreter", "preferred-channel", "other"}
        if data.get("kind") in needs_detail and not data.get("detail"):
            self.add_error("detail", "Enter the detail, such as the language or channel")
        return data


class ServiceForm(GovUKForm):
    service = forms.ModelChoiceField(
        label="Service",
        queryset=CouncilService.objects.filter(is_active=True),
        empty_label="Select a service",
        error_messages={"required": "Select a service"},
    )
    since = GovUKDateField(label="Receiving it since", required=False, past=True)


class SafeguardingNoteForm(GovUKForm):
    note = long_text(
        "Safeguarding concern",
        required=True,
        help_text="What the concern is and what was done about it",
        error_messages={"required": "Enter the safeguarding concern"},
    )


PREFER_NOT = [("", "Not given"), ("Prefer not to say", "Prefer not to say")]
EQUALITY_CHOICES: dict[str, list[str]] = {
    "age_band": [
        "Under 18",
        "18 to 24",
        "25 to 34",
        "35 to 44",
        "45 to 54",
        "55 to 64",
        "65 to 74",
        "75 or over",
    ],
    "disability": ["Yes", "No"],
    "sex": ["Female", "Male"],
    "gender_reassignment": ["Yes", "No"],
    "marriage_or_civil_partnership": ["Married", "In a civil partnership", "Neither"],
    "pregnancy_or_maternity": ["Yes", "No"],
}
EQUALITY_LABELS = {
    "age_band": "Age",
    "disability": "Disability",
    "ethnicity": "Ethnic group",
    "sex": "Sex",
    "gender_reassignment": "Gender identity different from sex registered at birth",
    "religion_or_belief": "Religion or belief",
    "sexual_orientation": "Sexual orientation",
    "marriage_or_civil_partnership": "Marriage or civil partnership",
    "pregnancy_or_maternity": "Pregnant or on maternity leave",
}


def equality_field(name: str) -> forms.Field:
    options = EQUALITY_CHOICES.get(name)
    if options is None:
        return text(EQUALITY_LABELS[name], help_text="Leave blank if not given")
    choices = PREFER_NOT[:1] + [(o, o) for o in options] + PREFER_NOT[1:]
    return forms.ChoiceField(label=EQUALITY_LABELS[name], choices=choices, required=False)


class EqualityForm(GovUKForm):
    given_on = GovUKDateField(label="Date the customer gave these answers", past=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in EQUALITY_FIELDS:
            self.fields[name] = equality_field(name)


class MergeChooseForm(GovUKForm):
    duplicate = text(
        "Reference of the duplicate record",
        required=True,
        help_text="Its linked items move to this record, like C-000123",
        error_messages={"required": "Enter the reference of the duplicate record"},
    )


class MergeConfirmForm(GovUKForm):
    reason = long_text(
        "Why these are the same customer",
        required=True,
        error_messages={"required": "Enter why these are the same customer"},
    )


class CouncilServiceForm(GovUKForm):
    name = text("Name of the service", required=True, max_length=150)
    is_mandatory = forms.TypedChoiceField(
        label="Is it a mandatory (statutory) service?",
        choices=[("yes", "Yes, mandatory"), ("no", "No, discretionary")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the service is mandatory"},
    )
    description = long_text("Description")
    generic_inbox = forms.EmailField(
        label="Generic inbox (optional)",
        help_text="The service’s shared email address, if a restriction may send contact there "
        "instead of to a named officer",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like housing@council.gov.uk"
        },
    )


class ServiceContactsForm(GovUKForm):
    """Who is told when a restriction covers a service: staff, a shared mailbox, or both."""

    contacts = forms.ModelMultipleChoiceField(
        label="Staff told about restrictions on this service",
        help_text="Select everyone who should be told. Leave empty if only the mailbox is told.",
        queryset=User.objects.filter(is_active=True).order_by("full_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mailbox = forms.EmailField(
        label="Mailbox told about restrictions (optional)",
        help_text="A shared staff address such as housing-team@council.gov.uk. This is not the "
        "generic inbox customers may be asked to write to",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like team@council.gov.uk"},
    )
