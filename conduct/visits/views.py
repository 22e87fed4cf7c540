"""Home visit pages (I8): plan one on a pre-visit check, then one tap each for "I have arrived",
"I am safe" and "I have left" from a phone; resolve a missed check-in; the visits today.

Thin doors into services.py. Planning is two steps on one page: the address is checked
(and the check logged) and shown, then the officer confirms they have read the handling.
"""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from conduct.accounts.models import User
from conduct.core.actions import action_page, attempt
from conduct.core.moves import moves_open_to
from conduct.core.permissions import requires
from conduct.core.refusals import Refusal
from conduct.customers.identity import about_customer, through
from conduct.screening.services import Channel
from conduct.visits import checks, forms, presenters, queries, services
from conduct.visits.models import Visit

FORM_PAGE = "core/form_page.html"


def person(request: HttpRequest) -> User:
    return cast(User, request.user)


def the_visit(request: HttpRequest, reference: str, **kwargs: Any) -> Visit:
    related = ("officer", "second_officer", "check_in_with", "customer")
    return get_object_or_404(Visit.objects.select_related(*related), reference=reference)


@requires("visits.plan_visit")
def mine(request: HttpRequest) -> HttpResponse:
    """The officer's own visits, open or from today on, each one tap from its page."""
    visits = list(queries.of_officer(request.user))
    groups = queries.by_state(visits)
    return TemplateResponse(
        request,
        "visits/mine.html",
        {"groups": groups, "states": queries.STATES, "when": presenters.when},
    )


def checked(request: HttpRequest, form: forms.PlanForm) -> checks.VisitCheck | None:
    """The pre-visit check of the address the form names, run and logged as the officer sees it."""
    plan = form.plan()
    address = attempt(form, lambda: services.address_for(plan))
    if address is None:
        return None
    return checks.check_visit(address, plan.customer, by=person(request), channel=Channel.PAGE)


@requires("visits.plan_visit")
def plan(request: HttpRequest) -> HttpResponse:
    """Plan a visit: check the address first, then confirm the handling and agree check-ins."""
    form = forms.PlanForm(request.POST or None)
    check = None
    if request.method == "POST" and form.is_valid():
        check = checked(request, form)
        if check is not None and request.POST.get("stage") == "confirm":
            made = attempt(
                form,
                lambda: services.plan_visit(form.plan(), by=person(request), channel=Channel.PAGE),
            )
            if made is not None:
                messages.success(request, f"Visit {made.reference} planned")
                return redirect("visits:visit", reference=made.reference)
    return TemplateResponse(request, "visits/plan.html", {"form": form, "check": check})


@requires("visits.view_visit", obj=the_visit)
@about_customer(through(the_visit))
def visit(request: HttpRequest, reference: str) -> HttpResponse:
    """The visit: what the check found, the check-ins, and the one-tap buttons for the officers."""
    found = the_visit(request, reference)
    user = person(request)
    context = {
        "visit": found,
        "state": queries.state(found, timezone.now()),
        "summary": presenters.summary_rows(found),
        "check": presenters.stored_check(found),
        "check_ins": presenters.check_in_rows(found),
        "offered": {move.name for move in moves_open_to(user, found)},
    }
    return TemplateResponse(request, "visits/visit.html", context)


def tap(
    request: HttpRequest, reference: str, action: Callable[..., Visit], done: str
) -> HttpResponse:
    found = the_visit(request, reference)
    try:
        action(found, by=person(request))
    except Refusal as refusal:
        back = reverse("visits:visit", args=[reference])
        context = {"reason": refusal.message, "back": back}
        return TemplateResponse(request, "alerts/refused.html", context, status=409)
    messages.success(request, done)
    return redirect("visits:visit", reference=reference)


@require_POST
@requires("visits.check_in", obj=the_visit)
def arrived(request: HttpRequest, reference: str) -> HttpResponse:
    return tap(request, reference, services.record_arrival, "Arrival recorded")


@require_POST
@requires("visits.check_in", obj=the_visit)
def safe(request: HttpRequest, reference: str) -> HttpResponse:
    return tap(request, reference, services.check_in, "Check-in recorded: you are safe")


@require_POST
@requires("visits.check_in", obj=the_visit)
def left(request: HttpRequest, reference: str) -> HttpResponse:
    return tap(
        request, reference, services.record_leaving, "Leaving recorded. The visit is finished"
    )


@requires("visits.resolve_missed_check_in", obj=the_visit)
def resolve(request: HttpRequest, reference: str) -> HttpResponse:
    """Record who confirmed the officer is safe, and how."""
    found = the_visit(request, reference)
    form = forms.ResolveForm(request.POST or None)

    def act() -> Visit:
        data = form.cleaned_data
        return services.resolve_missed_check_in(
            found, by=person(request), how=data["how"], note=data["note"]
        )

    title = f"Record that the officer on visit {found.reference} is safe"
    return action_page(
        request,
        FORM_PAGE,
        form,
        act,
        then=reverse("visits:visit", args=[found.reference]),
        visit=found,
        title=title,
        button="Record they are safe",
        done="Recorded: the officer is safe",
    )


@requires("visits.view_visit", obj=the_visit)
def cancel(request: HttpRequest, reference: str) -> HttpResponse:
    found = the_visit(request, reference)
    form = forms.CancelForm(request.POST or None)

    def act() -> Visit:
        return services.cancel_visit(found, by=person(request), reason=form.cleaned_data["reason"])

    title = f"Cancel visit {found.reference}"
    return action_page(
        request,
        FORM_PAGE,
        form,
        act,
        then=reverse("visits:visit", args=[found.reference]),
        visit=found,
        title=title,
        button="Cancel the visit",
        done="Visit cancelled",
    )


@requires("visits.view_visits_today")
def today(request: HttpRequest) -> HttpResponse:
    """Every visit today for managers: missed and overdue first, then in progress, planned, finished."""
    groups = queries.by_state(queries.visits_today())
    tables = [
        (key, label, presenters.today_rows(groups[key], key, label))
        for key, label in queries.STATES.items()
    ]
    return TemplateResponse(request, "visits/today.html", {"tables": tables})
