"""Pages for reviews, appeals, team notifications and the central register.

Thin doors into reviews.py, appeals.py, notifications.py and register.py: the
permission gets a person to the page, the workflow says whether the move is
open now, and the service's refusal shows as an error summary, answers kept.
"""

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from conduct.accounts.models import User
from conduct.cases import (
    appeals,
    decision_pack_files,
    forms_reviews,
    notifications,
    register,
    reviews,
    workflow,
)
from conduct.cases.getters import the_case
from conduct.cases.models import Appeal, Case, FrozenDecisionPack, Notification, Restriction
from conduct.cases.presenters import restriction_terms
from conduct.core.actions import action_page
from conduct.core.audit import record_read
from conduct.core.links import may_open
from conduct.core.permissions import requires
from conduct.core.refusals import Refusal
from conduct.customers.identity import about_customer, through
from conduct.policy.queries import pack_text


def person(request: HttpRequest) -> User:
    """The signed-in member of staff (the permission check has made sure there is one)."""
    return cast(User, request.user)


def the_restriction(request: HttpRequest, pk: int, **kwargs: Any) -> Restriction:
    return get_object_or_404(
        Restriction.objects.select_related("case__customer", "decision__policy_pack").defer(
            *pack_text("decision__policy_pack")
        ),
        pk=pk,
    )


def the_appeal(request: HttpRequest, pk: int, **kwargs: Any) -> Appeal:
    return get_object_or_404(
        Appeal.objects.select_related("case__customer", "decision__policy_pack").defer(
            *pack_text("decision__policy_pack")
        ),
        pk=pk,
    )


def the_appeals_case(request: HttpRequest, pk: int, **kwargs: Any) -> Case:
    """The case appealed on: an Appeal has no customer of its own, its case has."""
    return the_appeal(request, pk).case


def case_page(case: Case) -> str:
    return reverse("cases:detail", args=[case.reference])


def day(value: Any) -> str:
    return value.strftime("%-d %B %Y") if value else "Not set"


def row(key: str, value: str) -> dict[str, Any]:
    return {"key": {"text": key}, "value": {"text": value}}


def refused(request: HttpRequest, reason: str, back: str) -> HttpResponse:
    return TemplateResponse(
        request, "cases/reviews/refused.html", {"reason": reason, "back": back}, status=409
    )


# Reviews ---------------------------------------------------------------------------------------


def restriction_rows(restriction: Restriction) -> list[dict[str, Any]]:
    terms = "; ".join(restriction_terms(restriction)) or "None"
    return [
        row("Customer", f"{restriction.customer.full_name} ({restriction.customer.reference})"),
        row("Restriction", restriction.type_name),
        row("Terms", terms),
        row("Started", day(restriction.starts_on)),
        row("Review due", day(restriction.review_on)),
        row("Must end by", day(restriction.must_end_by)),
    ]


@requires("cases.complete_review", obj=the_restriction)
@about_customer(through(the_restriction))
def complete_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The review: the facts since the restriction began, then the outcome."""
    restriction = the_restriction(request, pk)
    back = case_page(restriction.case)
    refusal = workflow.refusal(workflow.BY_NAME["complete_review"], person(request), restriction)
    if refusal:
        return refused(request, refusal, back)
    pack = restriction.decision.policy_pack.file
    since = reviews.incidents_since(restriction)
    form = forms_reviews.ReviewForm(request.POST or None, restriction=restriction, pack=pack)

    def perform() -> str:
        done = reviews.complete_review(restriction, by=person(request), **form.answers())
        return f"Review recorded: {done.get_outcome_display().lower()}"

    return action_page(
        request,
        "cases/reviews/review.html",
        form,
        perform,
        then=back,
        back=back,
        restriction=restriction,
        summary=restriction_rows(restriction),
        since=since,
        reviewed_before=restriction.reviews.filter(completed_at__isnull=False).exists(),
        pack=pack,
    )


# Appeals ---------------------------------------------------------------------------------------


@requires("cases.lodge_appeal", obj=the_case)
@about_customer(through(the_case))
def lodge_appeal(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an appeal the customer made, by any route, within the pack's window."""
    case = the_case(request, reference)
    back = case_page(case)
    refusal = workflow.refusal(workflow.BY_NAME["lodge_appeal"], person(request), case)
    if refusal:
        return refused(request, refusal, back)
    form = forms_reviews.LodgeAppealForm(request.POST or None, case=case)

    def perform() -> str:
        data = form.cleaned_data
        decision = case.decisions.get(pk=data["decision"])
        appeals.lodge_appeal(
            case,
            decision,
            by=person(request),
            received_on=data["received_on"],
            grounds=data["grounds"],
        )
        return "Appeal recorded"

    return action_page(
        request,
        "cases/appeals/lodge.html",
        form,
        perform,
        then=back,
        back=back,
        case=case,
    )


def appeal_rows(appeal: Appeal) -> list[dict[str, Any]]:
    officer = appeal.appeals_officer.get_full_name() if appeal.appeals_officer else "Not assigned"
    return [
        row("Customer", appeal.case.customer.full_name),
        row("Decision appealed", str(appeal.decision.get_outcome_display())),
        row("Received", day(appeal.received_on)),
        row("Grounds", appeal.grounds),
        row("Decide by", day(appeal.decide_by)),
        row("Appeals officer", officer),
    ]


@requires("cases.assign_appeals_officer", obj=the_appeal)
@about_customer(through(the_appeals_case))
def assign_appeals_officer(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask an appeals officer who took no part to hear the appeal."""
    appeal = the_appeal(request, pk)
    back = case_page(appeal.case)
    if appeal.decided_at:
        return refused(request, "The appeal has already been decided", back)
    pack = appeal.decision.policy_pack.file
    form = forms_reviews.AssignOfficerForm(request.POST or None, appeal=appeal, pack=pack)

    def perform() -> str:
        officer = form.chosen_officer()
        appeals.assign_appeals_officer(appeal, by=person(request), officer=officer)
        return f"{officer.get_full_name()} will hear the appeal"

    return action_page(
        request,
        "cases/appeals/assign.html",
        form,
        perform,
        then=back,
        back=back,
        appeal=appeal,
        summary=appeal_rows(appeal),
    )


@requires("cases.decide_appeal", obj=the_appeal)
@about_customer(through(the_appeals_case))
def decide_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """The appeals officer's decision: confirm, vary or quash."""
    appeal = the_appeal(request, pk)
    back = case_page(appeal.case)
    refusal = workflow.refusal(workflow.BY_NAME["decide_appeal"], person(request), appeal)
    if refusal:
        return refused(request, refusal, back)
    pack = appeal.decision.policy_pack.file
    form = forms_reviews.DecideAppealForm(request.POST or None, pack=pack, decision=appeal.decision)

    def perform() -> str:
        data = form.cleaned_data
        varying = data["outcome"] == Appeal.Outcome.VARY
        done = appeals.decide_appeal(
            appeal,
            by=person(request),
            outcome=data["outcome"],
            reasons=data["reasons"],
            declared_not_involved=data["declared_not_involved"],
            varied_terms=form.varied_terms() if varying else None,
        )
        return f"Appeal decided: {done.get_outcome_display().lower()}"

    return action_page(
        request,
        "cases/appeals/decide.html",
        form,
        perform,
        then=back,
        back=back,
        appeal=appeal,
        summary=appeal_rows(appeal),
        frozen_pack=frozen_pack_link(request, appeal),
    )


def frozen_pack_link(request: HttpRequest, appeal: Appeal) -> dict[str, str] | None:
    """The pack as the decision body read it at the decision appealed against, for the officer
    to read before deciding (cases.view_frozen_decision_pack); None if there is none to read."""
    frozen = FrozenDecisionPack.objects.filter(decision=appeal.decision).first()
    if frozen is None or not person(request).has_perm(
        "cases.view_frozen_decision_pack", appeal.case
    ):
        return None
    href = reverse("cases:frozen_decision_pack", args=[appeal.case.reference, frozen.pk])
    return {
        "text": decision_pack_files.frozen_label(frozen),
        "href": href if frozen.stored_at else "",
    }


# Notifications ---------------------------------------------------------------------------------


@requires("cases.view_notifications")
def notification_list(request: HttpRequest) -> HttpResponse:
    """What the teams this person belongs to have been told about restrictions."""
    rows = notifications.notifications_for(person(request))
    return TemplateResponse(request, "cases/reviews/notifications.html", {"rows": rows})


@require_POST
@requires("cases.view_notifications")
def notification_seen(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a team notification as seen, for everyone in the team."""
    row_ = get_object_or_404(Notification, pk=pk)
    try:
        notifications.mark_notification_seen(row_, by=person(request))
    except Refusal as error:
        return refused(request, str(error), reverse("cases:notifications"))
    messages.success(request, "Marked as seen")
    return redirect("cases:notifications")


# The central register --------------------------------------------------------------------------


REGISTER_PAGE_SIZE = 50


@requires("cases.view_register")
def register_page(request: HttpRequest) -> HttpResponse:
    """Every warning, restriction, review and appeal, filtered; CSV with ?format=csv."""
    filters = register.Filters.from_query(request.GET)
    if request.GET.get("format") == "csv":
        record_read(request, "cases.register_exported", None, filters=filters.chosen())
        found = register.entries(filters)
        response = HttpResponse("".join(register.csv_lines(found)), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="central-register.csv"'
        return response
    record_read(request, "cases.register_viewed", None, filters=filters.chosen())
    # The whole register's order is read as keys; only the page's records are loaded.
    page = Paginator(register.keys(filters), REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = register.entries_for(page)
    rows = [(entry, reverse("cases:detail", args=[entry.reference])) for entry in entries]
    for entry, href in rows:  # each row's case answers for its link (core.links), not a fetch
        may_open(request, href, entry.case)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": rows,
        "page": page,
        "filters": filters,
        "choices": register.filter_choices(),
        "csv_query": query.urlencode(),
        "kinds": register.KINDS,
    }
    return TemplateResponse(request, "cases/register/register.html", context)
