"""Pages for the alert register: the list, a marker, raising, the two approvals, telling,
review, withdrawal, acknowledgement, the restricted detail behind its purpose question,
the access report and the premises page.

Thin doors into services.py: the permission gets a person to the page, the service checks
the rule, and its refusal shows as an error summary with the answers kept.
"""

from collections.abc import Callable
from typing import Any, cast

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from conduct.accounts.models import User
from conduct.alerts import acknowledgements, forms, presenters, queries, services
from conduct.alerts.models import DetailRead, Marker, Premises
from conduct.core.actions import action_page, attempt
from conduct.core.audit import record_read
from conduct.core.forms import GovUKForm
from conduct.core.permissions import per_request, requires
from conduct.customers.identity import customer_of
from conduct.customers.models import Customer
from conduct.customers.presenters import with_customer_address
from conduct.incidents.models import Incident
from conduct.policy.queries import pack_text
from conduct.policy.services import active_pack

FORM_PAGE = "alerts/form.html"


def person(request: HttpRequest) -> User:
    return cast(User, request.user)


@per_request
def the_marker(request: HttpRequest, reference: str, **kwargs: Any) -> Marker:
    markers = Marker.objects.select_related("customer", "premises", "policy_pack")
    markers = markers.defer(*pack_text())
    return get_object_or_404(with_customer_address(markers), reference=reference)


def the_customer(request: HttpRequest, reference: str, **kwargs: Any) -> Customer:
    """The customer in the address, only while their record is in use."""
    customer = customer_of(request, reference)
    if customer.merged_into_id is not None:
        raise Http404("That customer's record was merged into another")
    return customer


def posted(request: HttpRequest) -> Any:
    """The POST data, even when empty: a page with only a button still submits."""
    return request.POST if request.method == "POST" else None


def marker_page(marker: Marker) -> str:
    return reverse("alerts:marker", args=[marker.reference])


def on_marker(
    request: HttpRequest, marker: Marker, form: GovUKForm, act: Callable[[], Any], **context: Any
) -> HttpResponse:
    """An action on one marker: its form, then back to the marker with a banner."""
    then = marker_page(marker)
    return action_page(request, FORM_PAGE, form, act, then=then, marker=marker, **context)


# The register and a marker ---------------------------------------------------------------------


@requires("alerts.view_register")
def register(request: HttpRequest) -> HttpResponse:
    """Every marker, filtered by status, person or premises, and kind; newest first."""
    pack = active_pack()
    form = forms.FilterForm(request.GET or None, pack=pack.file if pack else None)
    markers = queries.visible_markers(request.user)
    if form.is_valid():
        chosen = {key: value for key, value in form.cleaned_data.items() if value}
        markers = markers.filter(**chosen)
    page = Paginator(markers, 50).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": presenters.register_rows(page.object_list),
        "filters": filters.urlencode(),
    }
    return TemplateResponse(request, "alerts/register.html", context)


@requires("alerts.view_marker", obj=the_marker)
def marker(request: HttpRequest, reference: str) -> HttpResponse:
    """The marker as everyone may see it; the restricted detail is one purpose question away."""
    found = the_marker(request, reference)
    context = {"marker": found, "page": presenters.MarkerPage.build(found, person(request))}
    return TemplateResponse(request, "alerts/marker.html", context)


# Raising -------------------------------------------------------------------------------------


def pack_file() -> Any:
    pack = active_pack()
    return pack.file if pack else None


@requires("alerts.raise_marker", obj=the_customer)
def raise_for_customer(request: HttpRequest, reference: str) -> HttpResponse:
    """A provisional person marker resting on the customer's incidents (I1)."""
    customer = the_customer(request, reference)
    pack = pack_file()
    if pack is None:
        return refused(
            request, "No policy pack is in force", reverse("customers:detail", args=[reference])
        )
    incidents = list(Incident.objects.filter(customer=customer).order_by("-occurred_at"))
    if not incidents:
        reason = f"A marker rests on an incident, and none is logged about {customer.full_name}. Log it first"
        return refused(request, reason, reverse("customers:detail", args=[reference]))
    chosen = [request.GET["incident"]] if request.GET.get("incident") else []
    form = forms.PersonMarkerForm(
        request.POST or None, pack=pack, incidents=incidents, initial={"incidents": chosen}
    )

    def act() -> Marker:
        data = form.cleaned_data
        return services.raise_marker(
            by=person(request),
            customer=customer,
            incidents=[i for i in incidents if i.reference in data["incidents"]],
            **marker_fields(data),
        )

    title = f"Raise a marker for {customer.full_name}"
    return action_page(
        request,
        FORM_PAGE,
        form,
        act,
        then=marker_page,
        title=title,
        done="Marker raised. A line manager must verify it",
        customer=customer,
    )


def marker_fields(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("category", "severity", "handling", "restricted_detail")
    return {key: data.get(key) or "" for key in keys}


@requires("alerts.raise_marker")
def raise_for_premises(request: HttpRequest) -> HttpResponse:
    """A provisional hazard at an address, whoever lives there (I6)."""
    pack = pack_file()
    if pack is None:
        return refused(request, "No policy pack is in force", reverse("alerts:register"))
    initial = {
        key: request.GET.get(key, "") for key in ("line_1", "line_2", "town", "postcode", "uprn")
    }
    form = forms.PremisesMarkerForm(request.POST or None, pack=pack, initial=initial)

    def act() -> Marker:
        data = form.cleaned_data
        address = {key: data[key] for key in ("line_1", "line_2", "town", "postcode", "uprn")}
        place = services.find_or_add_premises(by=person(request), **address)
        fields = marker_fields(data)
        return services.raise_marker(
            by=person(request), premises=place, identified_risk=data["identified_risk"], **fields
        )

    return action_page(
        request,
        FORM_PAGE,
        form,
        act,
        then=marker_page,
        title="Record a hazard at an address",
        done="Hazard recorded. A line manager must verify it",
    )


def refused(request: HttpRequest, reason: str, back: str) -> HttpResponse:
    return TemplateResponse(
        request, "alerts/refused.html", {"reason": reason, "back": back}, status=409
    )


# The two approvals (I4) -------------------------------------------------------------------------


def confirm(
    request: HttpRequest, marker: Marker, action: Callable[..., Marker], title: str, done: str
) -> HttpResponse:
    """A page with the marker and one button; refusals show on it."""
    form = GovUKForm(posted(request))
    return on_marker(
        request,
        marker,
        form,
        lambda: action(marker, by=person(request)),
        title=title,
        done=done,
        summary=presenters.summary_rows(marker),
        button=title,
    )


@requires("alerts.verify_marker", obj=the_marker)
def verify(request: HttpRequest, reference: str) -> HttpResponse:
    found = the_marker(request, reference)
    return confirm(
        request,
        found,
        services.verify_marker,
        "Verify the marker",
        "Marker verified. Health and safety must approve it",
    )


@requires("alerts.approve_marker", obj=the_marker)
def approve(request: HttpRequest, reference: str) -> HttpResponse:
    found = the_marker(request, reference)
    return confirm(
        request,
        found,
        services.approve_marker,
        "Approve the marker",
        "Marker approved. It is now live",
    )


# Telling, review, withdrawal --------------------------------------------------------------------


@requires("alerts.record_telling", obj=the_marker)
def telling(request: HttpRequest, reference: str) -> HttpResponse:
    """Whether the person was told in writing, or why not and when to look again (I2)."""
    found = the_marker(request, reference)
    form = forms.TellingForm(request.POST or None)

    def act() -> Marker:
        data = form.cleaned_data
        if data["told"] == "yes":
            return services.record_told(found, told_on=data["told_on"], by=person(request))
        return services.record_not_told(
            found, reason=data["reason"], revisit_on=data["revisit_on"], by=person(request)
        )

    return on_marker(
        request,
        found,
        form,
        act,
        title="Record whether the person was told",
        done="Saved",
    )


@requires("alerts.review_marker", obj=the_marker)
def review(request: HttpRequest, reference: str) -> HttpResponse:
    found = the_marker(request, reference)
    form = forms.ReviewForm(request.POST or None, initial={"handling": found.handling})

    def act() -> Marker:
        data = form.cleaned_data
        return services.review_marker(
            found, by=person(request), notes=data["notes"], handling=data["handling"]
        )

    return on_marker(
        request,
        found,
        form,
        act,
        title="Review the marker",
        done="Review recorded",
        summary=presenters.summary_rows(found),
    )


@requires("alerts.withdraw_marker", obj=the_marker)
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    found = the_marker(request, reference)
    form = forms.WithdrawForm(request.POST or None)

    def act() -> Marker:
        return services.withdraw_marker(
            found, reason=form.cleaned_data["reason"], by=person(request)
        )

    return on_marker(
        request,
        found,
        form,
        act,
        title="Withdraw the marker",
        done="Marker withdrawn",
        button="Withdraw the marker",
    )


# Acknowledgement and the restricted detail -------------------------------------------------------


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if target.startswith("/") and allowed else fallback


@requires("alerts.acknowledge_marker")
def acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    """The interstitial: a customer's page waits until each high marker is acknowledged."""
    customer = the_customer(request, reference)
    back = safe_next(request, reverse("customers:detail", args=[reference]))
    markers = acknowledgements.waiting(customer, request)
    if not markers:
        return redirect(back)
    form = GovUKForm(posted(request))
    if request.method == "POST" and form.is_valid():
        key = acknowledgements.session_key(request)
        for item in markers:
            services.acknowledge_marker(item, by=person(request), session_key=key)
        return redirect(back)
    context = {"customer": customer, "markers": markers, "form": form, "next": back}
    return TemplateResponse(request, "alerts/acknowledge.html", context)


@requires("alerts.view_restricted_detail", obj=the_marker)
def restricted_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """Need to know: the purpose first; the detail shows only on the answer, which is kept (I3)."""
    found = the_marker(request, reference)
    form = forms.PurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        read = attempt(
            form,
            lambda: services.read_restricted_detail(found, by=person(request), **form.cleaned_data),
        )
        if read is not None:
            context = {"marker": found, "read": read, "incidents": found.incidents.all()}
            return TemplateResponse(request, "alerts/restricted_detail.html", context)
    title = "Why do you need the restricted detail?"
    return TemplateResponse(
        request,
        FORM_PAGE,
        {"form": form, "title": title, "marker": found, "button": "Show the detail"},
    )


@requires("alerts.view_access_report")
def access_report(request: HttpRequest) -> HttpResponse:
    """Who read each marker's restricted detail, when and why."""
    reads = DetailRead.objects.select_related("marker", "staff")
    reference = request.GET.get("marker", "").strip()
    if reference:
        reads = reads.filter(marker__reference=reference)
    page = Paginator(reads, 100).get_page(request.GET.get("page"))
    record_read(request, "alerts.access_report_viewed", None, marker=reference or "all")
    context = {"page": page, "rows": presenters.read_rows(page.object_list), "reference": reference}
    return TemplateResponse(request, "alerts/access_report.html", context)


# Premises ------------------------------------------------------------------------------------


def the_premises(request: HttpRequest, reference: str, **kwargs: Any) -> Premises:
    return get_object_or_404(Premises, reference=reference)


@requires("alerts.view_register")
def premises(request: HttpRequest, reference: str) -> HttpResponse:
    """An address and its hazards, apart from anyone who lives there (I6)."""
    place = the_premises(request, reference)
    markers = place.markers.order_by("-starts_on")
    context = {"premises": place, "rows": presenters.register_rows(markers)}
    return TemplateResponse(request, "alerts/premises.html", context)
