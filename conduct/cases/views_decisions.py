"""The decision moves' pages: thin doors into conduct.cases.decisions.

Each page needs `cases.view_case`; a role the pack does not give the move gets
a 403; a move the workflow does not allow now, or answers the policy refuses,
show in the GOV.UK error summary with every answer kept.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from conduct.accounts.models import User
from conduct.cases import decisions, forms_decisions, presenters, workflow
from conduct.cases.decision_pack import evidence_for
from conduct.cases.getters import the_case
from conduct.cases.models import Case
from conduct.core.actions import attempt
from conduct.core.forms import GovUKForm
from conduct.core.permissions import requires
from conduct.customers.identity import about_customer, through

Perform = Callable[[Case, Any, User], Any]
More = Callable[[Case, User], dict[str, Any]]


def build_form(form_class: type[GovUKForm], case: Case, data: Any = None) -> GovUKForm:
    needs_case = issubclass(form_class, forms_decisions.RecordsForm)
    return form_class(data, case=case) if needs_case else form_class(data)


def move_page(
    request: HttpRequest,
    reference: str,
    name: str,
    form_class: type[GovUKForm],
    perform: Perform,
    template: str = "cases/decisions/move.html",
    more: More | None = None,
) -> HttpResponse:
    """Ask the questions for one move; on a good answer make it and go back to the case."""
    case = the_case(request, reference)
    person: User = request.user  # type: ignore[assignment]
    if not decisions.role_allows(name, person, case):
        raise PermissionDenied("Your role cannot make this move under this policy")
    move = workflow.BY_NAME[name]
    form = build_form(form_class, case, request.POST if request.method == "POST" else None)
    refused = workflow.refusal(move, person, case)
    if not refused and request.method == "POST" and form.is_valid():
        attempt(form, lambda: perform(case, form, person))
        if not form.errors:
            return redirect("cases:detail", reference=case.reference)
    context = {"case": case, "form": form, "title": move.label, "move": move, "refused": refused}
    context["summary"] = presenters.summary_rows(case)
    context.update(more(case, person) if more else {})
    return TemplateResponse(request, template, context)


def contact_evidence(case: Case, person: User) -> dict[str, Any]:
    """The evidence for the decision body to read before deciding, that they may see."""
    return evidence_for(case, person)


@requires("cases.view_case", obj=the_case)
@about_customer(through(the_case))
def start_investigation(request: HttpRequest, reference: str) -> HttpResponse:
    """Confirm the investigation is starting."""
    return move_page(
        request,
        reference,
        "start_investigation",
        forms_decisions.ConfirmForm,
        lambda case, form, by: decisions.start_investigation(case, by=by),
    )


@requires("cases.view_case", obj=the_case)
@about_customer(through(the_case))
def record_investigation(request: HttpRequest, reference: str) -> HttpResponse:
    """What was looked at, the cross-service check and the underlying causes."""
    return move_page(
        request,
        reference,
        "record_investigation",
        forms_decisions.InvestigationForm,
        lambda case, form, by: decisions.record_investigation(case, by=by, **form.answers()),
    )


@requires("cases.view_case", obj=the_case)
@about_customer(through(the_case))
def move_up_the_ladder(request: HttpRequest, reference: str) -> HttpResponse:
    """Send the case to the pack's next ladder step."""
    return move_page(
        request,
        reference,
        "move_up_the_ladder",
        forms_decisions.ReasonForm,
        lambda case, form, by: decisions.move_up_the_ladder(
            case, by=by, reason=form.cleaned_data["reason"]
        ),
    )


@requires("cases.view_case", obj=the_case)
@about_customer(through(the_case))
def close_case(request: HttpRequest, reference: str) -> HttpResponse:
    """Close the case once nothing is live."""
    return move_page(
        request,
        reference,
        "close_case",
        forms_decisions.ReasonForm,
        lambda case, form, by: decisions.close_case(
            case, by=by, reason=form.cleaned_data["reason"]
        ),
    )


@requires("cases.view_case", obj=the_case)
@about_customer(through(the_case))
def record_decision(request: HttpRequest, reference: str) -> HttpResponse:
    """The decision body's decision, on one page."""
    return move_page(
        request,
        reference,
        "record_decision",
        forms_decisions.DecisionForm,
        lambda case, form, by: decisions.record_decision(case, by=by, **form.answers()),
        "cases/decisions/decision.html",
        contact_evidence,
    )


@requires("cases.view_case", obj=the_case)
@about_customer(through(the_case))
def impose_immediate_restriction(request: HttpRequest, reference: str) -> HttpResponse:
    """Restrict at once on one of the pack's serious grounds."""
    return move_page(
        request,
        reference,
        "impose_immediate_restriction",
        forms_decisions.ImmediateForm,
        lambda case, form, by: decisions.impose_immediate_restriction(
            case, by=by, **form.answers()
        ),
        "cases/decisions/immediate.html",
    )


def ratify(case: Case, form: Any, by: User) -> Any:
    waiting = decisions.waiting_for_ratification(case)
    return decisions.ratify_immediate_restriction(case, waiting, by=by, **form.answers())


@requires("cases.view_case", obj=the_case)
@about_customer(through(the_case))
def ratify_immediate_restriction(request: HttpRequest, reference: str) -> HttpResponse:
    """The ratifying body confirms the immediate restriction, or it lapses."""
    return move_page(
        request,
        reference,
        "ratify_immediate_restriction",
        forms_decisions.RatificationForm,
        ratify,
        "cases/decisions/ratify.html",
        contact_evidence,
    )
