"""The questions on the review and appeal pages; the rules themselves are in reviews.py and
appeals.py, which the views call."""

from typing import Any

from django import forms

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.cases.models import Appeal, Case, Decision, Restriction, Review
from conduct.cases.reviews import MOST_INCIDENTS_NOT_RECORDED
from conduct.cases.workflow import appeal_deciders
from conduct.core.forms import Branches, GovUKDateField, GovUKForm
from conduct.core.text import NOTE_LIMIT
from conduct.policy.schema import Parameter, PolicyPackFile

YES_NO = [("yes", "Yes"), ("no", "No")]


def term_field(parameter: Parameter, current: Any) -> forms.Field:
    """A field for one of the restriction type's details, filled with its current value."""
    common: dict[str, Any] = {
        "label": parameter.label,
        "required": False,
        "help_text": parameter.hint or "",
        "initial": current,
    }
    if parameter.type == "integer":
        return forms.IntegerField(**common)
    if parameter.type == "choice":
        choices = [("", "Choose one"), *[(c, c) for c in parameter.choices]]
        return forms.ChoiceField(choices=choices, **common)
    if parameter.type == "officer":
        staff = User.objects.filter(is_active=True, groups__isnull=False).distinct()
        choices = [("", "Choose someone")] + [(str(p.pk), p.get_full_name()) for p in staff]
        return forms.ChoiceField(choices=choices, **common)
    if parameter.type == "boolean":
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    return forms.CharField(**common)


# Which question asks the months to the next review, for each outcome that has one.
MONTHS_ASKED = {Review.Outcome.EXTEND: "extend_by_months", Review.Outcome.VARY: "vary_by_months"}


def months_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Months until the next review",
        required=False,
        min_value=1,
        max_value=120,
        error_messages={"invalid": "Months until the next review must be a whole number"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )


class ReviewForm(GovUKForm):
    """The review: what happened since, then the outcome; extending asks for the months, varying
    for the months and the new terms (each under its choice)."""

    outcome = forms.ChoiceField(
        label="What is the outcome of the review?",
        choices=Review.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the review"},
    )
    incidents_not_recorded = forms.IntegerField(
        label="Incidents not recorded in Conduct",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        min_value=0,
        max_value=MOST_INCIDENTS_NOT_RECORDED,
        help_text="Incidents you know of that are not listed above, for example ones recorded "
        "on another system. Leave blank if there are none",
        error_messages={
            "invalid": "Incidents not recorded in Conduct must be a whole number",
            "min_value": "Incidents not recorded in Conduct must be 0 or more",
            "max_value": f"Incidents not recorded in Conduct must be {MOST_INCIDENTS_NOT_RECORDED} "
            "or fewer",
        },
    )
    incidents_note = forms.CharField(
        label="What happened in those incidents",
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="When, what the customer did, and where it is recorded",
    )
    extend_by_months = months_field()
    vary_by_months = months_field()
    reasons = forms.CharField(
        label="Reasons",
        required=False,
        widget=forms.Textarea,
        help_text="Needed to extend or vary: what the customer has done since, and why it "
        "is still needed",
    )

    def __init__(self, *args: Any, restriction: Restriction, pack: PolicyPackFile, **kw: Any):
        super().__init__(*args, **kw)
        self.pack_type = pack.restriction_type(restriction.type)
        self.fields["extend_by_months"].help_text = (
            f"Up to {pack.review.longest_interval_months} months under this policy; "
            f"usually {pack.review.extension_months}"
        )
        months = self.fields["extend_by_months"].help_text
        self.fields["vary_by_months"].help_text = months
        for parameter in self.pack_type.parameters if self.pack_type else []:
            current = restriction.parameters.get(parameter.name)
            if parameter.type == "boolean" and current is not None:
                current = "yes" if current else "no"
            self.fields[f"term_{parameter.name}"] = term_field(parameter, current)
        top = ["incidents_not_recorded", "incidents_note", "outcome", "reasons"]
        self.order_fields(self.in_page_order(top))

    def branches(self) -> Branches:
        terms = [name for name in self.fields if name.startswith("term_")]
        return {
            ("outcome", Review.Outcome.EXTEND): ["extend_by_months"],
            ("outcome", Review.Outcome.VARY): ["vary_by_months", *terms],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("incidents_not_recorded") and not (data.get("incidents_note") or "").strip():
            self.add_error(
                "incidents_note", "Say what happened in the incidents not recorded in Conduct"
            )
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        outcome = data["outcome"]
        answers: dict[str, Any] = {
            "outcome": outcome,
            "incidents_not_recorded": data.get("incidents_not_recorded") or 0,
            "incidents_note": data.get("incidents_note") or "",
            "reasons": data["reasons"],
            "extend_by_months": data.get(MONTHS_ASKED.get(outcome, "")),
        }
        if outcome == Review.Outcome.VARY:
            answers["varied_terms"] = {"parameters": self.terms()}
        return answers

    def terms(self) -> dict[str, Any]:
        terms: dict[str, Any] = {}
        for parameter in self.pack_type.parameters if self.pack_type else []:
            value = self.cleaned_data.get(f"term_{parameter.name}")
            if parameter.type == "boolean" and value:
                value = value == "yes"
            if value not in (None, ""):
                terms[parameter.name] = value
        return terms


class LodgeAppealForm(GovUKForm):
    decision = forms.ChoiceField(
        label="Which decision is the customer appealing against?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision appealed against"},
    )
    received_on = GovUKDateField(
        label="When was the appeal received?",
        noun="The date the appeal was received",
        past=True,
        help_text="For example, 27 3 2026",
    )
    grounds = forms.CharField(
        label="The customer’s grounds of appeal",
        widget=forms.Textarea,
        error_messages={"required": "Enter the grounds of the appeal"},
    )

    def __init__(self, *args: Any, case: Case, **kw: Any):
        super().__init__(*args, **kw)
        decisions = case.decisions.order_by("-decided_at")
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            (str(d.pk), f"{d.get_outcome_display()}, decided {d.decided_at:%-d %B %Y}")
            for d in decisions
        ]
        if len(decisions) == 1:
            self.fields["decision"].initial = str(decisions[0].pk)


class AssignOfficerForm(GovUKForm):
    officer = forms.ChoiceField(
        label="Who will hear the appeal?",
        help_text="They must have taken no part in the decision, the incidents or the escalation",
        error_messages={"required": "Select who will hear the appeal"},
    )

    def __init__(self, *args: Any, appeal: Appeal, pack: PolicyPackFile, **kw: Any):
        super().__init__(*args, **kw)
        groups = [Role(role).group_name for role in appeal_deciders(pack)]
        people = User.objects.filter(is_active=True, groups__name__in=groups).distinct()
        self.fields["officer"].choices = [("", "Choose someone")] + [  # type: ignore[attr-defined]
            (str(person.pk), person.get_full_name()) for person in people.order_by("full_name")
        ]

    def chosen_officer(self) -> User:
        return User.objects.get(pk=self.cleaned_data["officer"])


class DecideAppealForm(GovUKForm):
    outcome = forms.ChoiceField(
        label="What is your decision on the appeal?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select your decision on the appeal"},
    )
    reasons = forms.CharField(
        label="Reasons for your decision",
        widget=forms.Textarea,
        error_messages={"required": "Enter the reasons for your decision"},
    )
    declared_not_involved = forms.BooleanField(
        label="I was not involved in the decision, the incidents or the escalation",
        error_messages={
            "required": "Confirm that you were not involved in the decision, the incidents "
            "or the escalation"
        },
    )

    def __init__(self, *args: Any, pack: PolicyPackFile, decision: Decision, **kw: Any):
        super().__init__(*args, **kw)
        labels = dict(Appeal.Outcome.choices)
        self.fields["outcome"].choices = [  # type: ignore[attr-defined]
            (o, labels[o]) for o in pack.appeal.outcomes
        ]
        # To vary the decision, each live restriction's details, filled with what they are now.
        self.restrictions = list(decision.restrictions.filter(status=Restriction.Status.ACTIVE))
        self.pack_types = {r.pk: pack.restriction_type(r.type) for r in self.restrictions}
        for restriction in self.restrictions:
            pack_type = self.pack_types[restriction.pk]
            for parameter in pack_type.parameters if pack_type else []:
                current = restriction.parameters.get(parameter.name)
                if parameter.type == "boolean" and current is not None:
                    current = "yes" if current else "no"
                field = term_field(parameter, current)
                field.label = f"{parameter.label} ({restriction_label(restriction, pack)})"
                field.required = False  # checked by decide_appeal, and only when varying
                self.fields[f"term_{restriction.pk}_{parameter.name}"] = field
        self.order_fields(self.in_page_order(["outcome", "reasons", "declared_not_involved"]))

    def branches(self) -> Branches:
        """Varying the decision asks for the restrictions' new details."""
        terms = [name for name in self.fields if name.startswith("term_")]
        return {("outcome", Appeal.Outcome.VARY): terms} if terms else {}

    def varied_terms(self) -> dict[int, dict[str, Any]]:
        """restriction id → its new details, for decide_appeal's vary."""
        varied: dict[int, dict[str, Any]] = {}
        for restriction in self.restrictions:
            pack_type = self.pack_types[restriction.pk]
            terms: dict[str, Any] = {}
            for parameter in pack_type.parameters if pack_type else []:
                value = self.cleaned_data.get(f"term_{restriction.pk}_{parameter.name}")
                if parameter.type == "boolean" and value:
                    value = value == "yes"
                if value not in (None, ""):
                    terms[parameter.name] = value
            varied[restriction.pk] = {"parameters": terms}
        return varied


def restriction_label(restriction: Restriction, pack: PolicyPackFile) -> str:
    pack_type = pack.restriction_type(restriction.type)
    return pack_type.name if pack_type else restriction.type
