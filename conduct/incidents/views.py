"""Logging an incident and reading it: thin doors into services, guarded by rules.py."""

from typing import Any, cast

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from conduct.accounts.models import User
from conduct.api.problems import problem_response
from conduct.core.actions import show_refusal
from conduct.core.audit import record_read
from conduct.core.moves import moves_open_to
from conduct.core.permissions import per_request, requires
from conduct.core.refusals import Refusal
from conduct.customers.identity import about_customer, through
from conduct.customers.presenters import with_customer_address
from conduct.incidents import (
    evidence,
    history,
    informal,
    lookup,
    presenters,
    queries,
    services,
    waiting,
)
from conduct.incidents.forms import LogIncidentForm, current_adjustments
from conduct.incidents.models import Evidence, Incident
from conduct.policy.services import active_pack

# Where a rule the service checks shows on the form.
FORM_FIELD_FOR = {
    "occurred_at": "occurred_day",
    "customer": "customer_reference",
    "new_customer": "new_given_names",
    "new_customer.given_names": "new_given_names",
    "new_customer.family_name": "new_family_name",
    "new_customer.date_of_birth": "dob_day",
    "new_customer.line_1": "new_address_line_1",
    "new_customer.postcode": "new_postcode",
}


@per_request
def incident_at(request: HttpRequest, reference: str, **kwargs: Any) -> Incident:
    related = ("customer", "service", "created_by", "policy_pack")
    found = Incident.objects.select_related(*related).prefetch_related("staff_affected")
    return get_object_or_404(with_customer_address(found), reference=reference)


def staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@requires("incidents.log_incident")
def log_incident(request: HttpRequest) -> HttpResponse:
    """One page an officer fills in straight after the event; a double click logs it once."""
    pack = active_pack()
    if pack is None:
        return TemplateResponse(request, "incidents/no_pack.html", {})
    if request.method != "POST":
        customer = request.GET.get("customer", "")
        form = LogIncidentForm.blank(pack=pack.file, user=staff(request), customer=customer)
        return show_form(request, form)
    if request.POST.get("find") == "customer":
        kept = LogIncidentForm.kept(request.POST, pack=pack.file, user=staff(request))
        return show_found(request, kept)
    form = LogIncidentForm(request.POST, request.FILES, pack=pack.file, user=staff(request))
    if not form.is_valid():
        return show_form(request, form)
    key = f"form:{request.user.pk}:{form.cleaned_data['submission_key'][:60]}"
    try:
        incident = services.log_incident(
            by=staff(request), submission_key=key, **form.service_answers()
        )
    except Refusal as refusal:
        show_refusal(form, refusal.naming(FORM_FIELD_FOR))
        return show_form(request, form)
    return redirect("incidents:logged", incident.reference)


def show_form(request: HttpRequest, form: LogIncidentForm, **extra: Any) -> HttpResponse:
    customer = form.chosen_customer
    context = {
        "form": form,
        "categories": form.pack.behaviour.categories,
        "customer": customer,
        "adjustments": current_adjustments(customer) if customer else [],
        **extra,
    }
    return TemplateResponse(request, "incidents/log.html", context)


def show_found(request: HttpRequest, form: LogIncidentForm) -> HttpResponse:
    """Without JavaScript: the same page, every answer kept, the customers found as radios."""
    text = str(form.initial.get("customer_search", ""))
    try:
        found = lookup.find_for_incident(text, by=staff(request))
    except Refusal as problem:
        form.cleaned_data = {}  # unchecked answers kept; only the search box is wrong
        form.add_error("customer_search", str(problem))
        return show_form(request, form)
    return show_form(request, form, found=found, searched=True)


@requires("incidents.log_incident")
def find_customer(request: HttpRequest) -> HttpResponse:
    """As the officer types on the log page: who the customer may be, to recognise them by.
    The log page's own permission; bounded; each search logged as screening is."""
    try:
        found = lookup.find_for_incident(request.GET.get("q", ""), by=staff(request))
    except Refusal as problem:
        return problem_response(400, str(problem))
    return JsonResponse({"results": [customer.as_json() for customer in found]})


@requires("incidents.view_incident", obj=incident_at)
@about_customer(through(incident_at))
def logged(request: HttpRequest, reference: str) -> HttpResponse:
    """The confirmation, and what to do now if the officer raised a safeguarding concern."""
    incident = incident_at(request, reference)
    context = {
        "incident": incident,
        "manager": incident.created_by.line_manager if incident.created_by else None,
        "respond_by": waiting.respond_by(incident),
        "working_days": incident.policy_pack.file.line_manager_respond_within(),
    }
    return TemplateResponse(request, "incidents/logged.html", context)


@requires("incidents.view_incident", obj=incident_at)
@about_customer(through(incident_at))
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The incident. Its narrative shows only to those who need it, and each read is recorded."""
    incident = incident_at(request, reference)
    user = request.user
    can_read = user.has_perm("incidents.view_narrative", incident)
    if can_read:
        record_read(request, "incidents.narrative_viewed", incident, reference=reference)
    context = {
        "incident": incident,
        "summary_rows": presenters.summary_rows(incident),
        "outside_policy": presenters.outside_policy(incident),
        "marker_notes": presenters.marker_notes(incident),
        "narrative_rows": presenters.narrative_rows(
            incident, safeguarding=user.has_perm("customers.view_safeguarding", incident.customer)
        )
        if can_read
        else [],
        "evidence_rows": presenters.evidence_rows(
            incident, can_download=user.has_perm("incidents.download_evidence", incident)
        ),
        "actions": incident.actions.select_related("created_by"),
        "warnings": incident.informal_warnings.select_related("given_by"),
        "when": presenters.when,
        "history_rows": history.rows(request, history.customer_history(incident))
        if user.has_perm("incidents.view_customer_history", incident)
        else None,
        "informal_actions": moves_open_to(staff(request), incident),
        "informal_question": informal.latest_question(incident),
    }
    return TemplateResponse(request, "incidents/detail.html", context)


@requires("incidents.download_evidence", obj=incident_at)
def download_evidence(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """The file as it was uploaded, always as a download, each one recorded."""
    item = get_object_or_404(Evidence, pk=pk, incident__reference=reference)
    record_read(
        request,
        "incidents.evidence_downloaded",
        item,
        reference=reference,
        name=item.original_name,
        sha256=item.sha256,
    )
    # A streamed file; core's View type names HttpResponse, which Django treats the same.
    return cast(HttpResponse, evidence.download(item))


@requires("incidents.log_incident")
def mine(request: HttpRequest) -> HttpResponse:
    """The incidents this officer logged, newest first."""
    incidents = queries.logged_by(staff(request))[:200]
    context = {"incidents": incidents, "when": presenters.when}
    return TemplateResponse(request, "incidents/mine.html", context)
