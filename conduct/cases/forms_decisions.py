"""Forms for the decision moves, built from the case's policy pack.

The decision form's choices (members, outcomes, behaviour categories,
restriction types and their typed details) come from the pack in force for
the case, so each council's page asks exactly what its policy asks.
"""

from typing import Any

from django import forms

from conduct.accounts.models import User
from conduct.cases import workflow
from conduct.cases.decisions import (
    REQUIRED_TEXT,
    FormalWarningTerms,
    RestrictionTerms,
    outcomes_offered,
)
from conduct.cases.models import Case, DisabilityLink, Outcome, Restriction
from conduct.core.forms import Branches, GovUKForm, PeriodForm
from conduct.customers.models import CouncilService
from conduct.policy.schema import Parameter, PolicyPackFile

YES_NO = [("yes", "Yes"), ("no", "No")]


def text(label: str, hint: str = "", *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=hint, required=required, widget=forms.Textarea(attrs={"rows": 4})
    )


def seat_choices(case: Case, body_id: str) -> list[tuple[str, str]]:
    """Active staff who may sit on the body for this case: its roles, and its posts where the
    pack names them, each with the post they would act in ("Dana Morgan, Service lead")."""
    pack = case.policy_pack.file
    people = User.objects.filter(is_active=True, groups__isnull=False).distinct()
    choices = []
    for person in people.order_by("full_name"):
        seats = workflow.seats_for(pack, body_id, person, case)
        names = [post.name for seat in seats if seat.post and (post := pack.post(seat.post))]
        if seats:
            choices.append((str(person.pk), ", ".join([person.full_name, *names])))
    return choices


def all_staff_choices() -> list[tuple[str, str]]:
    people = User.objects.filter(is_active=True, groups__isnull=False).distinct()
    return [("", "Select a member of staff")] + [
        (str(p.pk), p.full_name) for p in people.order_by("full_name")
    ]


def staff_or_inbox_choices() -> list[tuple[str, str]]:
    """Staff, then each service's generic inbox (by its address): West Lindsey 15.2."""
    services = CouncilService.objects.filter(is_active=True).exclude(generic_inbox="")
    inboxes = [(s.generic_inbox, f"{s.name} inbox ({s.generic_inbox})") for s in services]
    staff = all_staff_choices()
    return [("", "Select a member of staff or a generic inbox"), *staff[1:], *inboxes]


class ReasonForm(GovUKForm):
    reason = text("Reason")


class ConfirmForm(GovUKForm):
    """A move that needs no answers: the button is the answer."""


class InvestigationForm(GovUKForm):
    evidence_reviewed = text("Evidence reviewed", "Incident reports, recordings, letters, emails")
    other_services_involved = text("Other services involved", required=False)
    known_to_social_care = forms.BooleanField(label="Known to social care", required=False)
    known_to_mental_health_services = forms.BooleanField(
        label="Known to mental health services", required=False
    )
    cross_service_notes = text("What other services told you", required=False)
    underlying_causes = text(
        "Underlying causes considered",
        "Unmet communication or support needs, disability, or other reasons for the behaviour",
    )
    adjustments_considered = text("Reasonable adjustments considered")
    complaint_handled_properly = forms.ChoiceField(
        label="Was the underlying complaint handled properly?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the underlying complaint was handled properly"},
    )
    significant_new_information = forms.BooleanField(
        label="There is significant new information", required=False
    )
    more_specific_route = text(
        "A more specific route", "An appeal, a tribunal or another route", required=False
    )
    health_and_safety_findings = text("Health and safety findings", required=False)

    def answers(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["complaint_handled_properly"] = data["complaint_handled_properly"] == "yes"
        return data


class RecordsForm(GovUKForm):
    """The records every decision carries (A2, A5, A6, A9, D5)."""

    RECORDS = (
        "reasons",
        "disability_link",
        "equality_act_reasoning",
        "human_rights_reasoning",
        "staff_wellbeing",
        "mandatory_services_stay_open",
        "protected_routes_stay_open",
    )
    # As _records.html asks them.
    RECORDS_PAGE = ("behaviour_categories", *RECORDS)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.pack: PolicyPackFile = case.policy_pack.file
        self.fields.update(records_fields(self.pack))
        self.fields["behaviour_categories"].error_messages["required"] = (
            "Select the behaviour category"
        )
        for name, message in REQUIRED_TEXT.items():
            self.fields[name].error_messages["required"] = message

    def records(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in [*self.RECORDS, "behaviour_categories"]}


def records_fields(pack: PolicyPackFile) -> dict[str, forms.Field]:
    return {
        "behaviour_categories": forms.MultipleChoiceField(
            label="Behaviour category",
            choices=[(c.id, c.name) for c in pack.behaviour.categories],
            widget=forms.CheckboxSelectMultiple,
        ),
        "reasons": text(
            "Reasons for the decision",
            "The reasons in this case, in your own words: not only a template choice",
        ),
        "disability_link": forms.ChoiceField(
            label="Does the behaviour arise from a disability?",
            choices=DisabilityLink.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select whether the behaviour arises from a disability"},
        ),
        "equality_act_reasoning": text(
            "Equality Act reasoning",
            "If the behaviour arises from a disability, why this is a proportionate means to a "
            "legitimate aim; which reasonable adjustments were considered",
        ),
        "human_rights_reasoning": text(
            "Human rights and proportionality",
            "Why this is the least restrictive option that works, and its impact on the customer",
        ),
        "staff_wellbeing": text("Impact on staff wellbeing"),
        "mandatory_services_stay_open": forms.BooleanField(
            label="Mandatory services stay open to the customer",
            required=False,
        ),
        "protected_routes_stay_open": forms.BooleanField(
            label="New complaints, payments, repairs, safeguarding reports, statutory services, "
            "the Ombudsman and subject access requests stay open",
            required=False,
        ),
    }


def parameter_field(parameter: Parameter) -> forms.Field:
    """A form field for one of the pack's typed restriction details."""
    common: dict[str, Any] = {
        "label": parameter.label,
        "help_text": parameter.hint or "",
        "required": False,
    }
    if parameter.type == "integer":
        return forms.IntegerField(min_value=1, widget=forms.TextInput, **common)
    if parameter.type == "officer":
        return forms.ChoiceField(choices=all_staff_choices(), **common)
    if parameter.type == "officer_or_inbox":
        return forms.ChoiceField(choices=staff_or_inbox_choices(), **common)
    if parameter.type == "choice":
        choices = [(c, c) for c in parameter.choices]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if parameter.type == "boolean":
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if parameter.type == "duration":
        common["help_text"] = common["help_text"] or "For example, 30 minutes or 1 week"
    if parameter.type == "time_window":
        common["help_text"] = common["help_text"] or "For example, Monday to Friday, 10:00 to 12:00"
    return forms.CharField(**common)


def parameter_name(type_id: str, name: str) -> str:
    return f"p__{type_id}__{name}"


class RestrictionFieldsMixin(RecordsForm):
    """One restriction's terms: its type, typed details, scope, services and review."""

    def add_restriction_fields(self) -> None:
        pack = self.pack
        types = [(t.id, t.name) for t in pack.restrictions.types]
        representatives = [("", "The customer")] + [
            (str(r.pk), f"{r.name} (representative)")
            for r in self.case.customer.representatives.filter(withdrawn_on__isnull=True)
        ]
        self.fields.update(
            {
                "restriction_type": forms.ChoiceField(
                    label="Restriction type",
                    choices=types,
                    required=False,
                    widget=forms.RadioSelect,
                ),
                "restricted_person": forms.ChoiceField(
                    label="Who is restricted",
                    choices=representatives,
                    required=False,
                    help_text="Restricting a representative leaves the customer’s own access open",
                ),
                "scope": forms.ChoiceField(
                    label="Scope",
                    choices=Restriction.Scope.choices,
                    widget=forms.RadioSelect,
                    required=False,
                    initial=Restriction.Scope.SERVICES,
                ),
                "services": forms.ModelMultipleChoiceField(
                    label="Services covered",
                    queryset=CouncilService.objects.filter(is_active=True).order_by("name"),
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                ),
                "whole_council_reason": text(
                    "Why the whole council is covered",
                    "Several services are affected, or the risk to staff is significant",
                    required=False,
                ),
                "review_in_months": forms.IntegerField(
                    label="Review after, in months",
                    help_text=f"This policy reviews after {pack.review.interval_months} months "
                    f"and allows at most {pack.review.longest_interval_months}",
                    min_value=1,
                    required=False,
                    widget=forms.TextInput,
                ),
                "adjustment_resolution": text(
                    "How the restriction still meets the customer’s agreed adjustments",
                    required=False,
                ),
            }
        )
        for rtype in pack.restrictions.types:
            for parameter in rtype.parameters:
                self.fields[parameter_name(rtype.id, parameter.name)] = parameter_field(parameter)

    # The restriction's own questions, in page order; each type's details and each scope's
    # follow-on question show under the choice (restriction_branches).
    RESTRICTION = (
        "restriction_type",
        "restricted_person",
        "scope",
        "review_in_months",
        "adjustment_resolution",
    )

    def restriction_branches(self) -> Branches:
        """Each restriction type asks its own details; named services ask which, the whole
        council asks why."""
        branches: Branches = {
            ("restriction_type", t.id): [parameter_name(t.id, p.name) for p in t.parameters]
            for t in self.pack.restrictions.types
            if t.parameters
        }
        branches[("scope", Restriction.Scope.SERVICES)] = ["services"]
        branches[("scope", Restriction.Scope.WHOLE_COUNCIL)] = ["whole_council_reason"]
        return branches

    def restriction_terms(self) -> list[RestrictionTerms]:
        type_id = self.cleaned_data.get("restriction_type") or ""
        if not type_id:
            return []
        rtype = self.pack.restriction_type(type_id)
        parameters = {}
        for parameter in rtype.parameters if rtype else []:
            value = self.cleaned_data.get(parameter_name(type_id, parameter.name))
            if value in (None, ""):
                continue
            parameters[parameter.name] = (value == "yes") if parameter.type == "boolean" else value
        person = self.cleaned_data.get("restricted_person")
        return [
            RestrictionTerms(
                type=type_id,
                parameters=parameters,
                scope=self.cleaned_data.get("scope") or Restriction.Scope.SERVICES,
                services=list(self.cleaned_data.get("services") or []),
                representative=self.case.customer.representatives.filter(pk=person).first()
                if person
                else None,
                review_in_months=self.cleaned_data.get("review_in_months"),
                whole_council_reason=self.cleaned_data.get("whole_council_reason") or "",
                adjustment_resolution=self.cleaned_data.get("adjustment_resolution") or "",
            )
        ]


class DecisionForm(RestrictionFieldsMixin):
    """The whole decision on one page: who decided, the outcome and its terms, the records."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        pack = self.pack
        offered = outcomes_offered(pack)
        names = {o.id: o.name for o in pack.outcomes.available}
        body = pack.decision_body(workflow.deciding_body_id(pack))
        self.fields.update(
            {
                "members": forms.MultipleChoiceField(
                    label=f"Members of the {body.name if body else 'decision body'} who decided",
                    choices=seat_choices(case, workflow.deciding_body_id(pack)),
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"required": "Select the members who decided"},
                ),
                "declaration": forms.BooleanField(
                    label="I and the members named took no part in the incidents or the escalation",
                    error_messages={"required": "Confirm that no member took part"},
                ),
                "outcome": forms.ChoiceField(
                    label="Outcome",
                    choices=[(o, names.get(o, Outcome(o).label)) for o in offered],
                    widget=forms.RadioSelect,
                    error_messages={"required": "Select an outcome"},
                ),
                "other_resolution": text(
                    "Other resolution",
                    "Adjustments, a meeting, mediation or another way of contact",
                    required=False,
                ),
                "legal_advice": text("Legal advice", required=False),
                "restriction_legal_advice": text(
                    "Legal advice",
                    "Needed for a restriction this policy says needs legal advice first",
                    required=False,
                ),
                "equality_assessment": text(
                    "Equality assessment",
                    "Needed for a restriction this policy says needs one",
                    required=False,
                ),
                "warning_behaviour": text(
                    "Behaviour named in the warning", "And the change asked for", required=False
                ),
                "single_point_of_contact": forms.ChoiceField(
                    label="Single point of contact", choices=all_staff_choices(), required=False
                ),
                "monitoring_months": forms.IntegerField(
                    label="Monitoring period, in months",
                    min_value=1,
                    max_value=24,
                    required=False,
                    widget=forms.TextInput,
                ),
            }
        )
        self.add_restriction_fields()
        self.order_fields(
            [*self.in_page_order(["members", "declaration", "outcome"]), *self.RECORDS_PAGE]
        )

    def branches(self) -> Branches:
        """Each outcome asks only what it needs."""
        return {
            ("outcome", Outcome.OTHER_RESOLUTION): ["other_resolution"],
            ("outcome", Outcome.FORMAL_WARNING): [
                "warning_behaviour",
                "single_point_of_contact",
                "monitoring_months",
            ],
            ("outcome", Outcome.RESTRICTION): [
                *self.RESTRICTION,
                "restriction_legal_advice",
                "equality_assessment",
            ],
            ("outcome", Outcome.FURTHER_ACTION): ["legal_advice"],
            **self.restriction_branches(),
        }

    def members(self) -> list[User]:
        return list(User.objects.filter(pk__in=self.cleaned_data["members"]))

    def warning_terms(self) -> FormalWarningTerms | None:
        if self.cleaned_data["outcome"] != Outcome.FORMAL_WARNING:
            return None
        contact = User.objects.filter(pk=self.cleaned_data.get("single_point_of_contact") or 0)
        return FormalWarningTerms(
            behaviour=self.cleaned_data.get("warning_behaviour") or "",
            single_point_of_contact=contact.first(),  # type: ignore[arg-type]
            monitoring_months=self.cleaned_data.get("monitoring_months"),
        )

    def answers(self) -> dict[str, Any]:
        outcome = self.cleaned_data["outcome"]
        return {
            **self.records(),
            "members": self.members(),
            "outcome": outcome,
            "other_resolution": self.asked_text("other_resolution"),
            "legal_advice": self.asked_text("legal_advice")
            or self.asked_text("restriction_legal_advice"),
            "equality_assessment": self.asked_text("equality_assessment"),
            "formal_warning": self.warning_terms(),
            "restrictions": self.restriction_terms() if outcome == Outcome.RESTRICTION else [],
        }


class ImmediateForm(RestrictionFieldsMixin):
    """Restricting at once, on one of the pack's serious grounds (C2)."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        grounds = [(g.id, g.name) for g in self.pack.immediate_restriction.grounds]
        self.fields["ground"] = forms.ChoiceField(
            label="Ground for restricting at once",
            choices=grounds,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the ground for restricting at once"},
        )
        self.add_restriction_fields()
        self.fields["restriction_type"].required = True
        self.fields["restriction_type"].error_messages["required"] = "Select a restriction type"
        self.order_fields([*self.in_page_order(["ground", *self.RESTRICTION]), *self.RECORDS_PAGE])

    def branches(self) -> Branches:
        return self.restriction_branches()

    def answers(self) -> dict[str, Any]:
        return {
            **self.records(),
            "ground": self.cleaned_data["ground"],
            "restrictions": self.restriction_terms(),
        }


class RatificationForm(RecordsForm):
    """The ratifying body confirms the immediate restriction, or it lapses."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        del self.fields["behaviour_categories"]
        pack = self.pack
        body_id = pack.immediate_restriction.ratified_by
        body = pack.decision_body(body_id)
        self.fields["members"] = forms.MultipleChoiceField(
            label=f"Members of the {body.name if body else 'decision body'} who decided",
            choices=seat_choices(self.case, body_id),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Select the members who decided"},
        )
        self.fields["declaration"] = forms.BooleanField(
            label="I and the members named took no part in the incidents or the escalation",
            error_messages={"required": "Confirm that no member took part"},
        )
        self.fields["confirm"] = forms.ChoiceField(
            label="Do you confirm the restriction?",
            choices=[("yes", "Yes, it continues"), ("no", "No, it ends now")],
            widget=forms.RadioSelect,
            error_messages={"required": "Select whether you confirm the restriction"},
        )
        self.order_fields(["members", "declaration", "confirm", *self.RECORDS])

    def answers(self) -> dict[str, Any]:
        records = {name: self.cleaned_data[name] for name in self.RECORDS}
        return {
            **records,
            "members": list(User.objects.filter(pk__in=self.cleaned_data["members"])),
            "confirm": self.cleaned_data["confirm"] == "yes",
        }


class PackPeriodForm(PeriodForm):
    """The period the decision pack's contact frequency covers, when the case's own is not wanted."""
