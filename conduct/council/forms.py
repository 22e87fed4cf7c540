"""The council details page's form: every field the council sets once, and the logo."""

from typing import Any

from django import forms

from conduct.core.forms import GovUKDateField, GovUKForm
from conduct.core.uploads import BoundedFileField

# The logo is shown on every letter; PNG and JPEG are what WeasyPrint and every browser draw.
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}

# (heading, fields) in the order the page asks them.
GROUPS = (
    ("Who the council is", ("name", "address", "logo")),
    (
        "How customers contact the council",
        ("phone", "email", "website", "appeals_address", "appeals_email"),
    ),
    ("Data protection", ("dpo_email", "dpo_phone", "ico_registration")),
    ("Help for council staff", ("service_desk_email", "service_desk_phone")),
    (
        "Accessibility statement",
        (
            "accessibility_prepared_on",
            "accessibility_reviewed_on",
            "accessibility_problems",
            "accessibility_manual_checks",
        ),
    ),
)


def text_field(
    label: str, hint: str = "", *, required: bool = False, size: int = 200
) -> forms.CharField:
    return forms.CharField(label=label, help_text=hint, required=required, max_length=size)


def area_field(label: str, hint: str = "", *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, help_text=hint, required=required, widget=forms.Textarea)


def email_field(label: str, hint: str = "") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        help_text=hint,
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )


class CouncilDetailsForm(GovUKForm):
    """What letters and the footer pages say about the council."""

    name = text_field("Council name", "As it appears at the top of every letter", required=True)
    address = area_field(
        "Postal address", "Put each line of the address on a new line", required=True
    )
    logo = BoundedFileField(
        label="Logo (optional)",
        help_text="A PNG or JPEG image, printed at the top of every letter. "
        "Leave this empty to keep the logo you have",
        required=False,
        limit_setting="COUNCIL_LOGO_MAX_BYTES",
    )
    phone = text_field("Phone number", "The number customers call", size=40)
    email = email_field("Email address", "The address customers write to")
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a website address in the correct format"},
    )
    appeals_address = area_field(
        "Postal address for appeals",
        "Only if appeals go somewhere other than the postal address. "
        "Put each line of the address on a new line",
    )
    appeals_email = email_field(
        "Email address for appeals", "Only if appeals go somewhere other than the email address"
    )
    dpo_email = email_field(
        "Data protection officer’s email address", "Shown in the privacy notice"
    )
    dpo_phone = text_field("Data protection officer’s phone number", size=40)
    ico_registration = text_field(
        "ICO registration number",
        "The council’s entry in the ICO’s register of fee payers",
        size=20,
    )
    service_desk_email = email_field(
        "Service desk email address", "Where council staff ask for help using Conduct"
    )
    service_desk_phone = text_field("Service desk phone number", size=40)
    accessibility_prepared_on = GovUKDateField(
        label="Date the accessibility statement was prepared",
        help_text="For example, 1 12 2026",
        required=False,
        past=True,
    )
    accessibility_reviewed_on = GovUKDateField(
        label="Date the accessibility statement was last reviewed",
        help_text="For example, 1 12 2026",
        required=False,
        past=True,
    )
    accessibility_problems = area_field(
        "Known accessibility problems",
        "Anything the council knows does not meet the accessibility regulations, one a line. "
        "Leave empty if there are none",
    )
    accessibility_manual_checks = area_field(
        "Accessibility checks made by hand",
        "How the council checked the service by hand, one a line, with when: for example, "
        "with a keyboard only, with a screen reader, zoomed to 400%. Leave empty if none",
    )

    def clean_logo(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        data = upload.read()
        kind = next((t for magic, t in LOGO_TYPES.items() if data.startswith(magic)), None)
        if kind is None:
            raise forms.ValidationError("The selected file must be a PNG or JPEG")
        return data, kind

    def groups(self) -> list[tuple[str, list[Any]]]:
        return [(heading, [self[name] for name in names]) for heading, names in GROUPS]

    def details(self) -> dict[str, Any]:
        """The values to save, text trimmed, without the logo."""
        values = {k: v for k, v in self.cleaned_data.items() if k != "logo"}
        return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
