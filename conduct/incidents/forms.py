"""The incident form: one page, grouped as an officer remembers what happened."""

import uuid
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from conduct.accounts.models import User
from conduct.core.forms import DATE_PARTS, GovUKForm, Params, component_for, parse_date_parts
from conduct.customers import normalise
from conduct.customers.models import Adjustment, CouncilService, Customer
from conduct.customers.search import reference_key
from conduct.incidents import evidence
from conduct.incidents.models import Affected, Channel, Injury, PhysicalViolence
from conduct.incidents.services import NewCustomer
from conduct.policy.presenters import curly_quotes
from conduct.policy.schema import BehaviourCategory, PolicyPackFile

YES_NO = [("yes", "Yes"), ("no", "No")]
WHO = [
    ("existing", "A customer already on Conduct"),
    ("new", "Someone new"),
    ("unknown", "I do not know who they are"),
]
TIME_PARTS = ("hour", "minute")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked as evidence, not by Django's own rules."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


def text(label: str, *, required: str | None = None, hint: str = "", **kwargs: Any) -> Any:
    """A text answer; `required` is its message when it must be given."""
    messages = {"required": required} if required else {}
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(required),
        error_messages=messages,
        **kwargs,
    )


def long_text(label: str, **kwargs: Any) -> Any:
    return text(label, widget=forms.Textarea(attrs={"rows": 4}), **kwargs)


def radios(label: str, choices: Any, required: str, **kwargs: Any) -> Any:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required},
        **kwargs,
    )


def part(label: str) -> Any:
    return forms.CharField(label=label, required=False, max_length=4)


class DateProblemError(ValueError):
    pass


def parse_date(parts: dict[str, str], noun: str) -> date | None:
    """A date from day, month and year boxes (None if all are empty), in GOV.UK's words."""
    if not any(parts.get(name) for name in DATE_PARTS):
        return None
    try:
        return parse_date_parts(parts, noun)
    except forms.ValidationError as error:
        raise DateProblemError(error.messages[0]) from error


def parse_time(parts: dict[str, str], noun: str) -> time | None:
    missing = [name for name in TIME_PARTS if not parts[name]]
    if len(missing) == len(TIME_PARTS):
        return None
    if missing:
        article = {"hour": "an hour", "minute": "a minute"}
        raise DateProblemError(f"{noun} must include {article[missing[0]]}")
    try:
        return time(int(parts["hour"]), int(parts["minute"]))
    except ValueError as error:
        raise DateProblemError(f"{noun} must be a real time, like 14 30") from error


def staff_choices(user: User) -> QuerySet[User]:
    """The officer, their line manager and the people they work with: the likely choices."""
    near = Q(pk=user.pk)
    if user.line_manager_id:
        near |= Q(pk=user.line_manager_id) | Q(line_manager_id=user.line_manager_id)
    near |= Q(line_manager=user)
    return User.objects.filter(near, is_active=True).order_by("full_name")


def is_multiple(field: forms.Field) -> bool:
    return bool(getattr(field.widget, "allow_multiple_selected", False))


def customer_by_reference(reference: str) -> Customer | None:
    found = Customer.objects.filter(reference=reference_key(reference)).first()
    while found is not None and found.merged_into_id is not None:
        found = found.merged_into
    return found


class LogIncidentForm(GovUKForm):
    # The order the questions come on the page, so the error summary lists them in it.
    field_order = [
        "submission_key", "occurred_day", "occurred_month", "occurred_year", "occurred_hour",
        "occurred_minute", "location", "channel", "service", "who", "customer_search",
        "customer_choice", "customer_reference", "new_given_names", "new_family_name",
        "dob_day", "dob_month", "dob_year", "new_address_line_1", "new_postcode",
        "unknown_description", "affected", "staff_affected", "other_staff_affected",
        "behaviour_categories", "behaviour_examples", "physical_violence",
        "abuse_or_harassment", "what_happened", "words_used", "immediate_actions",
        "police_called", "crime_reference", "injury", "witnesses", "evidence",
        "safeguarding_concern", "safeguarding_detail", "support_offered",
    ]  # fmt: skip
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    occurred_day = part("Day")
    occurred_month = part("Month")
    occurred_year = part("Year")
    occurred_hour = part("Hour")
    occurred_minute = part("Minute")
    location = text(
        "Where did it happen?",
        required="Enter where it happened",
        hint="For example, main reception, or the address of a home visit",
        max_length=200,
    )
    channel = radios(
        "How was the contact made?", Channel.choices, "Select how the contact was made"
    )
    service = forms.ModelChoiceField(
        label="Which service was it about?",
        queryset=CouncilService.objects.filter(is_active=True),
        empty_label="Choose a service",
        error_messages={"required": "Select the service it was about"},
    )
    who = radios("Who was the customer?", WHO, "Select who the customer was")
    customer_search = text(
        "Find the customer",
        hint="Type their full name, their family name and date of birth, or the first line "
        "of their address",
        max_length=100,
    )
    customer_choice = forms.CharField(required=False, max_length=12)
    customer_reference = text(
        "Or enter their customer reference", hint="For example, C-000123", max_length=12
    )
    new_given_names = text("Given names", max_length=150)
    new_family_name = text("Family name", max_length=150)
    dob_day = part("Day")
    dob_month = part("Month")
    dob_year = part("Year")
    new_address_line_1 = text("First line of address (optional)", max_length=200)
    new_postcode = text("Postcode (optional)", max_length=10)
    unknown_description = long_text(
        "Describe the person",
        hint="For example, what they look like, a name they gave, or a vehicle they used",
    )
    staff_affected = forms.ModelMultipleChoiceField(
        label="Which staff were affected?",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_staff_affected = text(
        "Anyone else affected (optional)",
        hint="Names of other staff, contractors or members of the public",
        max_length=300,
    )
    affected = forms.MultipleChoiceField(
        label="Who was the behaviour directed at?",
        choices=Affected.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who the behaviour was directed at"},
    )
    physical_violence = radios(
        "Was physical violence used or threatened?",
        PhysicalViolence.choices,
        "Select whether physical violence was used or threatened",
        help_text="Including pushing, spitting or throwing things, or a threat to do so",
    )
    abuse_or_harassment = radios(
        "Was there abuse or harassment?",
        YES_NO,
        "Select whether there was abuse or harassment",
        help_text="Spoken, written or online, including threats, intimidation or stalking",
    )
    behaviour_categories = forms.MultipleChoiceField(
        label="What kind of behaviour was it?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one kind of behaviour"},
    )
    behaviour_examples = forms.MultipleChoiceField(required=False)
    what_happened = long_text("What happened?", required="Enter what happened")
    words_used = long_text(
        "Exact words used (optional)",
        hint="What they said or wrote, word for word, including any swearing or threats",
    )
    immediate_actions = forms.MultipleChoiceField(
        label="What did you do at the time? (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    police_called = forms.BooleanField(label="The police were called", required=False)
    crime_reference = text("Crime reference number (optional)", max_length=50)
    injury = radios(
        "Was anyone hurt?",
        Injury.choices,
        "Select whether anyone was hurt",
        initial=Injury.NONE,
        help_text=(
            "Injuries to staff from violence may need reporting to the Health and Safety "
            "Executive under RIDDOR. A death or specified injury is reported without delay, "
            "more than 7 days off normal work within 15 days. More than 3 days is recorded."
        ),
    )
    witnesses = long_text(
        "Witnesses (optional)",
        hint="Names and how to contact them, and any CCTV or call recording references",
    )
    evidence = MultipleFileField(
        label="Evidence files (optional)",
        required=False,
        help_text="PDF, image, audio, video, email or text files. You can choose more than one.",
    )
    safeguarding_concern = forms.BooleanField(
        label="I am worried about the customer’s safety or someone else’s",
        required=False,
        help_text="For example, the customer threatened to harm themselves or someone else",
    )
    safeguarding_detail = long_text("What worried you?")
    support_offered = long_text(
        "What support have you been offered? (optional)",
        hint="For example, a talk with your manager, counselling, or time away from your desk",
    )

    def __init__(self, *args: Any, pack: PolicyPackFile, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pack, self.user = pack, user
        categories = pack.behaviour.categories
        # Packs are typed with straight quotes; the labels print curly ones (GOV.UK style).
        self.choose("behaviour_categories", [(c.id, curly_quotes(c.name)) for c in categories])
        self.choose(
            "behaviour_examples", [(e, curly_quotes(e)) for c in categories for e in c.examples]
        )
        actions = pack.staff_actions.actions
        self.choose("immediate_actions", [(a.id, curly_quotes(a.name)) for a in actions])
        staff = self.fields["staff_affected"]
        staff.queryset = staff_choices(user)  # type: ignore[attr-defined]
        staff.label_from_instance = self.staff_label  # type: ignore[attr-defined]

    @classmethod
    def blank(cls, *, pack: PolicyPackFile, user: User, customer: str = "") -> "LogIncidentForm":
        """A new form: a fresh token, today's date, the officer among the staff affected."""
        today = timezone.localdate()
        initial: dict[str, Any] = {
            "submission_key": uuid.uuid4().hex,
            "occurred_day": today.day,
            "occurred_month": today.month,
            "occurred_year": today.year,
            "staff_affected": [user.pk],
            "affected": [Affected.STAFF],
            "injury": Injury.NONE,
        }
        if customer:
            initial.update(who="existing", customer_reference=customer)
        return cls(initial=initial, pack=pack, user=user)

    @classmethod
    def kept(cls, data: Any, *, pack: PolicyPackFile, user: User) -> "LogIncidentForm":
        """The answers so far, shown again unchecked: the officer asked to find the customer
        before finishing, so nothing is wrong yet."""
        form = cls(pack=pack, user=user)
        form.initial = {
            name: data.getlist(name) if is_multiple(field) else data.get(name)
            for name, field in form.fields.items()
            if name in data
        }
        return form

    def choose(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def staff_label(self, member: User) -> str:
        return f"Me ({member.full_name})" if member.pk == self.user.pk else member.full_name

    # Checking ---------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_when(data)
        self.check_who(data)
        self.check_follow_up(data)
        self.check_examples(data)
        return data

    def check_when(self, data: dict[str, Any]) -> None:
        noun = "The date it happened"
        try:
            day = parse_date(self.parts("occurred", DATE_PARTS), noun)
            at = parse_time(self.parts("occurred", TIME_PARTS), "The time it happened")
        except DateProblemError as problem:
            self.add_error(self.first_part_with_problem(str(problem)), str(problem))
            return
        if day is None:
            self.add_error("occurred_day", "Enter the date it happened")
        elif at is None:
            self.add_error("occurred_hour", "Enter the time it happened")
        elif day > timezone.localdate():
            self.add_error("occurred_day", "The date it happened must be today or in the past")
        else:
            self.check_not_future(data, timezone.make_aware(datetime.combine(day, at)))

    def check_not_future(self, data: dict[str, Any], occurred_at: datetime) -> None:
        if occurred_at > timezone.now():
            self.add_error("occurred_hour", "The time it happened must be in the past")
        else:
            data["occurred_at"] = occurred_at

    def first_part_with_problem(self, message: str) -> str:
        if message.startswith("The time"):
            return "occurred_hour"
        return "occurred_year" if message.startswith("Year") else "occurred_day"

    def parts(self, prefix: str, names: tuple[str, ...]) -> dict[str, str]:
        return {name: str(self.data.get(f"{prefix}_{name}", "")).strip() for name in names}

    def check_who(self, data: dict[str, Any]) -> None:
        who = data.get("who")
        if who == "existing":
            self.check_existing(data)
        elif who == "new":
            self.check_new(data)
        elif who == "unknown" and not data.get("unknown_description", "").strip():
            self.add_error("unknown_description", "Describe the person")

    def check_existing(self, data: dict[str, Any]) -> None:
        reference = data.get("customer_choice") or data.get("customer_reference", "")
        if not reference.strip():
            self.add_error(
                "customer_search",
                "Find the customer by their name, date of birth or address, or enter their "
                "customer reference",
            )
            return
        data["customer"] = customer_by_reference(reference)
        if data["customer"] is None:
            self.add_error(
                "customer_reference", "Enter a customer reference that is on Conduct, like C-000123"
            )

    def check_new(self, data: dict[str, Any]) -> None:
        if not (data.get("new_given_names", "").strip() or data.get("new_family_name", "").strip()):
            self.add_error("new_given_names", "Enter the person’s name")
        born = self.check_date_of_birth()
        postcode = self.check_postcode(data.get("new_postcode", ""))
        line_1 = data.get("new_address_line_1", "").strip()
        if postcode and not line_1:
            self.add_error("new_address_line_1", "Enter the first line of the address")
        if not self.errors:
            data["new_customer"] = NewCustomer(
                data["new_given_names"], data["new_family_name"], born, postcode, line_1
            )

    def check_date_of_birth(self) -> date | None:
        try:
            born = parse_date(self.parts("dob", DATE_PARTS), "Date of birth")
        except DateProblemError as problem:
            self.add_error("dob_day", str(problem))
            return None
        if born is not None and born >= timezone.localdate():
            self.add_error("dob_day", "Date of birth must be in the past")
        return born

    def check_postcode(self, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return normalise.postcode(value)
        except ValueError as error:
            self.add_error("new_postcode", str(error))
            return ""

    def check_follow_up(self, data: dict[str, Any]) -> None:
        data["police_called"] = bool(data.get("police_called"))
        if not data["police_called"]:
            data["crime_reference"] = ""
        data["safeguarding_concern"] = bool(data.get("safeguarding_concern"))
        if data["safeguarding_concern"] and not data.get("safeguarding_detail", "").strip():
            self.add_error("safeguarding_detail", "Enter what worried you")

    def check_examples(self, data: dict[str, Any]) -> None:
        """Keep only the examples shown under a kind of behaviour the officer chose."""
        chosen = set(data.get("behaviour_categories") or [])
        shown = {e for c in self.pack.behaviour.categories if c.id in chosen for e in c.examples}
        data["behaviour_examples"] = [e for e in data.get("behaviour_examples", []) if e in shown]

    def clean_evidence(self) -> list[Any]:
        files = self.cleaned_data.get("evidence") or []
        problems = evidence.problems(files)
        if problems:
            raise forms.ValidationError(problems)
        return files

    def full_clean(self) -> None:
        super().full_clean()
        chosen = self.files.getlist("evidence") if self.files else []
        if self.errors and chosen and "evidence" not in self.errors:
            self.add_error(
                "evidence",
                "Choose the evidence files again: files are not kept when there is a problem",
            )

    def service_answers(self) -> dict[str, Any]:
        """The checked answers as log_incident takes them."""
        data = self.cleaned_data
        who = data["who"]
        keys = [
            "occurred_at", "location", "channel", "service", "staff_affected",
            "other_staff_affected", "behaviour_categories", "behaviour_examples",
            "what_happened", "words_used", "immediate_actions", "police_called",
            "crime_reference", "injury", "witnesses", "safeguarding_concern",
            "safeguarding_detail", "support_offered", "affected", "physical_violence",
        ]  # fmt: skip
        return {
            **{key: data[key] for key in keys},
            "abuse_or_harassment": data["abuse_or_harassment"] == "yes",
            "customer": data.get("customer") if who == "existing" else None,
            "new_customer": data.get("new_customer") if who == "new" else None,
            "unknown_person_description": data["unknown_description"] if who == "unknown" else "",
            "evidence": data.get("evidence") or [],
        }

    # Showing ----------------------------------------------------------------

    def component(
        self, name: str, *, reveals: dict[str, Any] | None = None, **params: Any
    ) -> Params:
        """Parameters for a field's GOV.UK radios or checkboxes, with conditional reveals."""
        _, result = component_for(self[name], params)
        for item in result["items"]:
            html = (reveals or {}).get(item["value"])
            if html:
                item["conditional"] = {"html": html}
        return result

    def date_input(self, prefix: str, parts: tuple[str, ...], legend: str, hint: str) -> Params:
        """Parameters for a GOV.UK date input built from several text fields."""
        errors = [str(e) for name in parts for e in self[f"{prefix}_{name}"].errors]
        items: list[Params] = [
            {
                "id": self[f"{prefix}_{name}"].auto_id,
                "name": self[f"{prefix}_{name}"].html_name,
                "label": self.fields[f"{prefix}_{name}"].label,
                "value": self[f"{prefix}_{name}"].value() or "",
                "classes": "govuk-input--width-4" if name == "year" else "govuk-input--width-2",
            }
            for name in parts
        ]
        if errors:
            for item in items:
                item["classes"] += " govuk-input--error"
        params: Params = {
            "id": f"{prefix}-{parts[0]}-group",
            "fieldset": {"legend": {"text": legend, "classes": "govuk-fieldset__legend--s"}},
            "hint": {"text": hint},
            "items": items,
        }
        if errors:
            params["errorMessage"] = {"text": " ".join(errors)}
        return params

    def examples_of(self, category: BehaviourCategory) -> Params:
        chosen = [str(v) for v in (self["behaviour_examples"].value() or [])]
        return {
            "name": "behaviour_examples",
            "idPrefix": f"examples-{category.id}",
            "classes": "govuk-checkboxes--small",
            "fieldset": {
                "legend": {
                    "text": "Which of these? (optional)",
                    "classes": "govuk-fieldset__legend--s",
                }
            },
            "items": [
                {"value": example, "text": curly_quotes(example), "checked": example in chosen}
                for example in category.examples
            ],
        }

    @property
    def chosen_customer(self) -> Customer | None:
        reference = self["customer_choice"].value() or self["customer_reference"].value()
        return customer_by_reference(str(reference)) if reference else None


def current_adjustments(customer: Customer) -> QuerySet[Adjustment]:
    return customer.adjustments.filter(ended_on__isnull=True)
