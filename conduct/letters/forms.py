"""The questions on the letters pages; the rules are in services.py, which the views call."""

from typing import Any, cast

from django import forms

from conduct.accounts.models import User
from conduct.cases.models import Case, Review
from conduct.core.forms import Branches, GovUKForm
from conduct.core.text import DOCUMENT_LIMIT
from conduct.customers.models import Customer
from conduct.incidents.models import InformalWarning
from conduct.letters import services
from conduct.letters.models import Letter, Route
from conduct.policy.schema import PolicyPackFile

Choice = tuple[str, str]


def day(value: Any) -> str:
    return value.strftime("%-d %B %Y")


def decision_sources(case: Case, types: dict[str, str]) -> list[Choice]:
    found = []
    for d in case.decisions.order_by("-decided_at"):
        kind = "immediate-restriction" if d.immediate else d.outcome
        kind = "restriction" if d.ratifies_id else kind
        if kind in types:
            found.append(
                (f"{kind}:decision:{d.pk}", f"{types[kind]}: decision of {day(d.decided_at)}")
            )
    return found


def review_sources(case: Case, types: dict[str, str]) -> list[Choice]:
    if "review-outcome" not in types:
        return []
    done = Review.objects.filter(restriction__case=case, completed_at__isnull=False)
    return [
        (
            f"review-outcome:review:{r.pk}",
            f"{types['review-outcome']}: {r.get_outcome_display().lower()}, {day(r.completed_at)}",
        )
        for r in done.order_by("-completed_at")
    ]


def appeal_sources(case: Case, types: dict[str, str]) -> list[Choice]:
    found = []
    for a in case.appeals.order_by("-received_on"):
        if "appeal-acknowledgement" in types:
            label = f"{types['appeal-acknowledgement']}: received {day(a.received_on)}"
            found.append((f"appeal-acknowledgement:appeal:{a.pk}", label))
        if a.decided_at and "appeal-outcome" in types:
            label = f"{types['appeal-outcome']}: {a.get_outcome_display().lower()}"
            found.append((f"appeal-outcome:appeal:{a.pk}", label))
    return found


def informal_sources(case: Case, types: dict[str, str]) -> list[Choice]:
    if "informal-warning" not in types:
        return []
    warnings = InformalWarning.objects.filter(incident__in=case.incidents.all())
    return [
        (
            f"informal-warning:informal_warning:{w.pk}",
            f"{types['informal-warning']}: given {day(w.given_at)}",
        )
        for w in warnings.order_by("-given_at")
    ]


def case_sources(case: Case, pack: PolicyPackFile) -> list[Choice]:
    """What a letter on this case could answer, as `type:kind:id` choices, newest first."""
    types = {t.id: t.name for t in pack.letters.types}
    return [
        *decision_sources(case, types),
        *review_sources(case, types),
        *appeal_sources(case, types),
        *informal_sources(case, types),
    ]


def recipients(customer: Customer) -> list[Choice]:
    choices = [("customer", f"{customer.full_name} (the customer)")]
    for rep in customer.representatives.filter(withdrawn_on__isnull=True).order_by("name"):
        choices.append(
            (str(rep.pk), f"{rep.name}, {rep.get_kind_display().lower()}, acting for them")
        )
    return choices


def choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class DraftForm(GovUKForm):
    source = forms.ChoiceField(
        label="What is the letter about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the letter is about"},
    )
    recipient = forms.ChoiceField(
        label="Who is it to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the letter is to"},
        help_text="Representatives are listed only while their consent or lawful basis stands",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        choice(self, "source").choices = case_sources(case, case.policy_pack.file)
        choice(self, "recipient").choices = recipients(case.customer)
        self.fields["recipient"].initial = "customer"

    def draft(self) -> services.Draft:
        letter_type, kind, pk = self.cleaned_data["source"].split(":")
        model: dict[str, Any] = {
            "decision": self.case.decisions,
            "review": Review.objects.filter(restriction__case=self.case),
            "appeal": self.case.appeals,
            "informal_warning": InformalWarning.objects.filter(customer=self.case.customer),
        }
        found = model[kind].get(pk=int(pk))
        rep = self.cleaned_data["recipient"]
        representative = (
            None if rep == "customer" else self.case.customer.representatives.get(pk=int(rep))
        )
        extra: dict[str, Any] = {kind: found}
        if kind in ("review", "appeal"):
            extra["decision"] = found.restriction.decision if kind == "review" else found.decision
        return services.Draft(
            letter_type=letter_type, case=self.case, representative=representative, **extra
        )


class MarkerNoticeForm(GovUKForm):
    """Who a warning marker notice goes to: the customer, or a representative acting for them."""

    recipient = forms.ChoiceField(
        label="Who is it to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the letter is to"},
        help_text="Representatives are listed only while their consent or lawful basis stands",
    )

    def __init__(self, *args: Any, marker: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marker = marker
        choice(self, "recipient").choices = recipients(marker.customer)
        self.fields["recipient"].initial = "customer"

    def draft(self) -> services.Draft:
        rep = self.cleaned_data["recipient"]
        customer = self.marker.customer
        representative = None if rep == "customer" else customer.representatives.get(pk=int(rep))
        return services.Draft(
            letter_type="marker-notice",
            customer=customer,
            marker_id=self.marker.pk,
            representative=representative,
        )


class IssueForm(GovUKForm):
    route = forms.ChoiceField(
        label="How will the letter be sent?",
        choices=Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the letter will be sent"},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    delivered_by = forms.ChoiceField(label="Who delivered it by hand?", required=False)

    def branches(self) -> Branches:
        """Email asks the address; hand delivery asks who took it."""
        return {("route", Route.EMAIL): ["email"], ("route", Route.HAND): ["delivered_by"]}

    def __init__(self, *args: Any, letter: Letter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipient = services.context_of(letter).recipient
        self.fields["email"].initial = recipient.email
        self.fields["route"].initial = services.preferred_route(letter)
        staff = (
            User.objects.filter(is_active=True, groups__isnull=False)
            .distinct()
            .order_by("full_name")
        )
        choice(self, "delivered_by").choices = [("", "Choose someone")] + [
            (str(p.pk), p.get_full_name()) for p in staff
        ]

    def issue(self) -> services.Issue:
        who = self.cleaned_data.get("delivered_by") if self.asked("delivered_by") else None
        return services.Issue(
            route=self.cleaned_data["route"],
            email=(self.cleaned_data.get("email") or "") if self.asked("email") else "",
            delivered_by=User.objects.filter(pk=int(who)).first() if who else None,
        )


class HandOverForm(GovUKForm):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="For example, how you checked it was them",
    )


class SupersedeForm(GovUKForm):
    reason = forms.CharField(
        label="Why is the letter being replaced?",
        widget=forms.Textarea,
        error_messages={"required": "Enter why the letter is being replaced"},
    )


class TemplateForm(GovUKForm):
    source = forms.CharField(
        label="Template",
        max_length=DOCUMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
        error_messages={"required": "Enter the template"},
        help_text="HTML with Jinja. Each element the policy requires must stay in: the check "
        "before approval names any that is missing",
    )
    change_note = forms.CharField(
        label="What changed", max_length=300, error_messages={"required": "Enter what changed"}
    )


APPROVER = ""  # the choice meaning: the decision maker who approves the letter signs it


class SignatoriesForm(GovUKForm):
    """For each type of letter the policy in force writes: the post that signs it."""

    def __init__(
        self,
        *args: Any,
        types: list[Choice],
        posts: list[Choice],
        chosen: dict[str, str],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        choices = [(APPROVER, "The decision maker who approves the letter"), *posts]
        for letter_type, name in types:
            self.fields[letter_type] = forms.ChoiceField(
                label=name, choices=choices, required=False, initial=chosen.get(letter_type, "")
            )
