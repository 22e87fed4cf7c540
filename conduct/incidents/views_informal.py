"""The line manager's queue and the informal-stage action pages: thin doors into informal.py."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from conduct.accounts.models import User
from conduct.core.actions import show_refusal
from conduct.core.forms import GovUKForm
from conduct.core.permissions import requires
from conduct.core.refusals import Refusal
from conduct.customers.identity import about_customer, through
from conduct.incidents import escalation, informal
from conduct.incidents import forms_informal as forms
from conduct.incidents.informal import Action
from conduct.incidents.models import Incident
from conduct.incidents.queries import COUNT_DAYS, recent_counts, team_incidents
from conduct.incidents.waiting import Waiting, waiting
from conduct.policy.queries import attach_packs
from conduct.policy.services import active_pack


def the_incident(request: HttpRequest, reference: str, **kwargs: Any) -> Incident:
    """The incident in the address, fetched once per request (the permission check needs it)."""
    cached = getattr(request, "_informal_incident", None)
    if cached is None or cached.reference != reference:
        cached = get_object_or_404(
            Incident.objects.select_related("customer", "created_by", "service"),
            reference=reference,
        )
        request._informal_incident = cached  # type: ignore[attr-defined]
    return cached


def incident_page(incident: Incident) -> str:
    return reverse("incidents:detail", args=[incident.reference])


@requires("incidents.review_team_incidents")
def team(request: HttpRequest) -> HttpResponse:
    """The line manager's queue: new incidents for their team, with each customer's recent count."""
    incidents = attach_packs(team_incidents(request.user))  # type: ignore[arg-type]
    counts = recent_counts(incidents)
    today = timezone.localdate()
    waits = {incident.pk: waiting(incident, today) for incident in incidents}
    # Overdue first (packs may allow different times), then the longest waiting.
    incidents.sort(key=lambda incident: not waits[incident.pk].overdue)
    rows = [queue_row(incident, counts, waits[incident.pk]) for incident in incidents]
    return TemplateResponse(
        request,
        "incidents/informal/team.html",
        {
            "title": "Your team’s incidents",
            "rows": rows,
            "count_days": COUNT_DAYS,
            "respond_within": respond_within(),
        },
    )


def respond_within() -> str:
    """The time the policy in force allows the line manager, as the queue explains it."""
    pack = active_pack()
    if pack is None:
        return ""
    days = pack.file.line_manager_respond_within()
    return f"{days} working day{'' if days == 1 else 's'} from the day it was logged"


def waited(wait: Waiting) -> Any:
    """How long it has waited, with a red Overdue tag past the pack's time for the manager."""
    if not wait.overdue:
        return format_html("{}", wait.age)
    return format_html(
        '{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>'
        '<span class="govuk-visually-hidden">: due by {}</span>',
        wait.age,
        f"{wait.respond_by.day} {wait.respond_by:%B %Y}",
    )


def queue_row(incident: Incident, counts: dict[int, int], wait: Waiting) -> list[dict[str, Any]]:
    customer = incident.customer.full_name if incident.customer else "Not known"
    recent = str(counts.get(incident.customer_id, 0)) if incident.customer_id else "–"
    when = timezone.localtime(incident.occurred_at).strftime("%-d %b %Y %H:%M")
    link = format_html(
        '<a class="govuk-link" href="{}">{}</a>', incident_page(incident), incident.reference
    )
    colour = "blue" if incident.status == Incident.Status.NEW else "yellow"
    return [
        {"html": link},
        {"html": waited(wait)},
        {"text": when},
        {"text": customer},
        {"text": recent, "format": "numeric"},
        {"text": str(incident.created_by or "")},
        {
            "html": format_html(
                '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
                colour,
                incident.get_status_display(),
            )
        },
    ]


Perform = Callable[[Incident, Any, User], str]


def action_page(
    request: HttpRequest,
    reference: str,
    action: Action,
    form: GovUKForm,
    perform: Perform,
    *,
    template: str = "incidents/informal/action.html",
    **context: Any,
) -> HttpResponse:
    """Show the question, or take the action and go back to the incident with a banner."""
    incident = the_incident(request, reference)
    refused = informal.refusal(incident, action)
    if refused is not None:
        return refuse(request, incident, refused)
    if request.method == "POST" and form.is_valid():
        try:
            banner = perform(incident, form, request.user)  # type: ignore[arg-type]
        except Refusal as refusal:
            if refusal.conflict:  # someone may have acted a moment ago: back to the incident
                return refuse(request, incident, refusal.message)
            show_refusal(form, refusal)
        else:
            messages.success(request, banner)
            return redirect(incident_page(incident))
    move = informal.MOVE_OF[action]
    return TemplateResponse(
        request,
        template,
        {
            "title": move.label,
            "form": form,
            "incident": incident,
            "summary": summary_rows(incident),
            "back": incident_page(incident),
            **context,
        },
    )


def refuse(request: HttpRequest, incident: Incident, reason: str) -> HttpResponseRedirect:
    """Back to the incident, saying why (someone else may have acted a moment ago)."""
    messages.info(request, f"{reason}.")
    return redirect(incident_page(incident))


def summary_rows(incident: Incident) -> list[dict[str, Any]]:
    """What the page is about, without the narrative (that is read, and audited, on the incident page)."""
    when = timezone.localtime(incident.occurred_at).strftime("%-d %B %Y at %H:%M")
    who = incident.customer.full_name if incident.customer else "Not known"
    return [
        {"key": {"text": "Incident"}, "value": {"text": incident.reference}},
        {"key": {"text": "Customer"}, "value": {"text": who}},
        {"key": {"text": "When"}, "value": {"text": when}},
        {"key": {"text": "Service"}, "value": {"text": str(incident.service)}},
        {"key": {"text": "Logged by"}, "value": {"text": str(incident.created_by or "")}},
    ]


def posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@requires("incidents.act_on_incident", obj=the_incident)
@about_customer(through(the_incident))
def no_further_action(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(incident: Incident, form: Any, by: User) -> str:
        informal.close_with_no_further_action(incident, reason=form.cleaned_data["reason"], by=by)
        return f"Incident {incident.reference} closed with no further action"

    form = forms.NoFurtherActionForm(posted(request))
    return action_page(request, reference, Action.NO_FURTHER_ACTION, form, perform)


@requires("incidents.act_on_incident", obj=the_incident)
@about_customer(through(the_incident))
def request_more_detail(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(incident: Incident, form: Any, by: User) -> str:
        informal.request_more_detail(incident, question=form.cleaned_data["question"], by=by)
        return f"You asked {incident.created_by} for more detail"

    form = forms.RequestMoreDetailForm(posted(request))
    return action_page(request, reference, Action.REQUEST_MORE_DETAIL, form, perform)


@requires("incidents.add_detail", obj=the_incident)
@about_customer(through(the_incident))
def add_detail(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(incident: Incident, form: Any, by: User) -> str:
        informal.add_detail(incident, detail=form.cleaned_data["detail"], by=by)
        return "Your answer has been sent to your line manager"

    incident = the_incident(request, reference)
    question = informal.latest_question(incident)
    form = forms.AddDetailForm(posted(request))
    return action_page(
        request,
        reference,
        Action.ADD_DETAIL,
        form,
        perform,
        template="incidents/informal/add_detail.html",
        question=question,
    )


@requires("incidents.act_on_incident", obj=the_incident)
@about_customer(through(the_incident))
def informal_warning(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(incident: Incident, form: Any, by: User) -> str:
        informal.record_informal_warning(
            incident,
            given_by=form.given_by_user(),
            given_at=form.cleaned_data["given_at"],
            how=form.cleaned_data["how"],
            words_used=form.cleaned_data["words_used"],
            by=by,
        )
        return f"Informal warning recorded for {incident.customer}"

    incident = the_incident(request, reference)
    form = forms.InformalWarningForm(posted(request), incident=incident, by=request.user)  # type: ignore[arg-type]
    return action_page(
        request,
        reference,
        Action.INFORMAL_WARNING,
        form,
        perform,
        template="incidents/informal/warning.html",
    )


@requires("incidents.act_on_incident", obj=the_incident)
@about_customer(through(the_incident))
def escalate(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(incident: Incident, form: Any, by: User) -> str:
        case = informal.escalate_to_case(
            incident, reason=form.cleaned_data["reason"], case=form.chosen_case(), by=by
        )
        return f"Incident {incident.reference} escalated to case {case.reference}"

    incident = the_incident(request, reference)
    form = forms.EscalateForm(
        posted(request), open_cases=escalation.desk().open_cases(incident.customer)
    )
    return action_page(request, reference, Action.ESCALATE, form, perform)
