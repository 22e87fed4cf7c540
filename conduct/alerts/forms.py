"""The questions on the register's pages; the rules themselves are in services.py."""

from typing import Any

from django import forms

from conduct.alerts.models import DetailRead, LawfulBasis, Marker, PartnerKind, Severity
from conduct.core.forms import Branches, GovUKDateField, GovUKForm
from conduct.core.text import NOTE_LIMIT
from conduct.incidents.models import Incident
from conduct.policy.schema import PolicyPackFile

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def category_choices(pack: PolicyPackFile, subject: str) -> list[tuple[str, str]]:
    return [
        (c.id, f"{c.name} ({c.code})") for c in pack.markers.categories if c.applies_to == subject
    ]


class MarkerForm(GovUKForm):
    """What every marker needs: its kind, how serious, and what staff must do."""

    category = forms.ChoiceField(label="Kind of marker", widget=forms.RadioSelect)
    severity = forms.ChoiceField(
        label="How serious is it?",
        choices=[("", "As the policy sets for this kind of marker"), *Severity.choices],
        required=False,
        help_text=(
            "“High, must be acknowledged” makes staff confirm they have read the handling "
            "instructions before the record opens"
        ),
    )
    handling = forms.CharField(
        label="Handling instructions for frontline staff",
        help_text="Everyone who deals with them sees this. Say what to do, not what happened",
        widget=TEXTAREA,
        error_messages={"required": "Enter the handling instructions for frontline staff"},
    )
    restricted_detail = forms.CharField(
        label="Restricted detail (optional)",
        help_text="Only staff who need to know can read this, and each read is logged",
        widget=TEXTAREA,
        required=False,
    )

    def __init__(self, *args: Any, pack: PolicyPackFile, subject: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = category_choices(pack, subject)
        field.error_messages["required"] = "Select the kind of marker"


class PersonMarkerForm(MarkerForm):
    incidents = forms.MultipleChoiceField(
        label="Incidents the marker rests on",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the incident the marker rests on"},
    )

    def __init__(self, *args: Any, incidents: list[Incident], **kwargs: Any) -> None:
        super().__init__(*args, subject="person", **kwargs)
        field = self.fields["incidents"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (i.reference, f"{i.reference}, {i.occurred_at:%-d %B %Y}, {i.location}")
            for i in incidents
        ]
        self.order_fields(["incidents"])


class PremisesMarkerForm(MarkerForm):
    line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={"required": "Enter the first line of the address"},
    )
    line_2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=200)
    town = forms.CharField(label="Town or city (optional)", required=False, max_length=100)
    postcode = forms.CharField(
        label="Postcode", max_length=20, error_messages={"required": "Enter the postcode"}
    )
    uprn = forms.CharField(
        label="UPRN (optional)",
        required=False,
        max_length=14,
        help_text="The unique property reference number, if you know it",
    )
    identified_risk = forms.CharField(
        label="What was seen at the address",
        widget=TEXTAREA,
        help_text="For example, two large dogs loose in the garden on 3 March",
        error_messages={"required": "Enter the risk that was seen at the address"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, subject="premises", **kwargs)
        self.order_fields(["line_1", "line_2", "town", "postcode", "uprn", "identified_risk"])


class TellingForm(GovUKForm):
    told = forms.ChoiceField(
        label="Has the person been told about the marker in writing?",
        choices=[("yes", "Yes"), ("no", "No, telling them would itself create a risk")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person has been told"},
    )
    told_on = GovUKDateField(label="Date they were told", past=True, required=False)
    reason = forms.CharField(
        label="Why telling them would create a risk", widget=TEXTAREA, required=False
    )
    revisit_on = GovUKDateField(label="Date to look at this again", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("told") == "yes" and not data.get("told_on"):
            self.add_error("told_on", "Enter the date they were told")
        if data.get("told") == "no" and not data.get("revisit_on"):
            self.add_error("revisit_on", "Enter the date to look at this again")
        return data


class ReviewForm(GovUKForm):
    notes = forms.CharField(
        label="What did the review find?",
        widget=TEXTAREA,
        error_messages={"required": "Enter what the review found"},
    )
    handling = forms.CharField(
        label="Handling instructions for frontline staff",
        widget=TEXTAREA,
        help_text="Change them if they should change; staff will be asked to acknowledge a high marker again",
        error_messages={"required": "Enter the handling instructions for frontline staff"},
    )


class WithdrawForm(GovUKForm):
    reason = forms.CharField(
        label="Why is the marker withdrawn?",
        widget=TEXTAREA,
        max_length=NOTE_LIMIT,
        error_messages={"required": "Enter why the marker is withdrawn"},
    )


class PurposeForm(GovUKForm):
    purpose = forms.ChoiceField(
        label="Why do you need to read the restricted detail?",
        choices=DetailRead.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need to read the detail"},
    )
    detail = forms.CharField(
        label="What is it for?",
        help_text="For example, the visit or case it is for. This is kept with your name",
        widget=TEXTAREA,
        error_messages={"required": "Enter what you need the detail for"},
    )


class FilterForm(GovUKForm):
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *Marker.Status.choices], required=False
    )
    subject = forms.ChoiceField(
        label="Person or premises",
        choices=[("", "Both"), ("person", "Person"), ("premises", "Premises")],
        required=False,
    )
    category = forms.ChoiceField(label="Kind of marker", required=False)

    def __init__(self, *args: Any, pack: PolicyPackFile | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        known = [(c.id, c.name) for c in pack.markers.categories] if pack else []
        field.choices = [("", "Any kind"), *known]


class DisclosureForm(GovUKForm):
    """Sharing a marker with a partner: to whom, why, on what basis, and whether detail goes (I7)."""

    organisation = forms.CharField(
        label="Organisation",
        max_length=200,
        help_text="For example, Northamptonshire Police or Acme Repairs Ltd",
        error_messages={"required": "Enter the name of the organisation"},
    )
    organisation_kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=PartnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of organisation"},
    )
    recipient_name = forms.CharField(
        label="Name of the person you are sharing it with",
        max_length=200,
        error_messages={"required": "Enter the name of the person you are sharing it with"},
    )
    recipient_contact = forms.CharField(
        label="How to reach them",
        max_length=300,
        help_text="An email address, phone number or postal address",
        error_messages={
            "required": "Enter how to reach them, such as an email address or phone number"
        },
    )
    necessity = forms.CharField(
        label="Why is sharing the marker necessary?",
        widget=TEXTAREA,
        help_text="Say what they need it for, such as a repair visit on 4 March. This is kept",
        error_messages={"required": "Enter why sharing the marker is necessary"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis for sharing"},
    )
    include_detail = forms.BooleanField(
        label="Share the restricted detail too",
        required=False,
        help_text="Only if they cannot keep people safe without it",
    )
    detail_justification = forms.CharField(
        label="Why must the restricted detail be shared too?",
        widget=TEXTAREA,
        required=False,
    )

    def __init__(self, *args: Any, detail_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not detail_allowed:
            del self.fields["include_detail"], self.fields["detail_justification"]

    def branches(self) -> Branches:
        """Sharing the restricted detail asks why, under the box."""
        return {("include_detail", "on"): ["detail_justification"]} if self.asks_detail else {}

    @property
    def asks_detail(self) -> bool:
        return "include_detail" in self.fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("include_detail") and not str(data.get("detail_justification", "")).strip():
            self.add_error(
                "detail_justification", "Enter why the restricted detail must be shared too"
            )
        return data


class DisclosureFilterForm(GovUKForm):
    shared_from = GovUKDateField(label="Shared on or after", required=False)
    shared_to = GovUKDateField(label="Shared on or before", required=False)
    organisation = forms.CharField(label="Organisation", required=False, max_length=200)
