"""Pages for Ombudsman referrals: the referral with its enquiries and outcome, and one form per
action. Thin doors into cases/ombudsman.py: the permission gets a person to the page, the
declared moves say whether the action is open now, and a refusal shows on the form with every
answer kept."""

from collections.abc import Callable
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from conduct.accounts.models import User
from conduct.cases import forms_ombudsman as forms
from conduct.cases import ombudsman, presenters_ombudsman
from conduct.cases.getters import the_case
from conduct.cases.models import Case, OmbudsmanEnquiry, OmbudsmanReferral
from conduct.core.actions import action_page
from conduct.core.audit import record_read
from conduct.core.forms import GovUKForm
from conduct.core.moves import move_named, refusal
from conduct.core.permissions import per_request, requires
from conduct.customers.identity import about_customer, through

FORM_PAGE = "cases/ombudsman/form.html"


def person(request: HttpRequest) -> User:
    """The signed-in member of staff (the permission check has made sure there is one)."""
    return cast(User, request.user)


@per_request
def the_referral(request: HttpRequest, pk: int, **kwargs: Any) -> OmbudsmanReferral:
    related = ("case__customer", "case__policy_pack", "decision", "appeal")
    return get_object_or_404(OmbudsmanReferral.objects.select_related(*related), pk=pk)


def the_referrals_case(request: HttpRequest, pk: int, **kwargs: Any) -> Case:
    return the_referral(request, pk).case


@per_request
def the_enquiry(request: HttpRequest, pk: int, **kwargs: Any) -> OmbudsmanEnquiry:
    related = ("referral__case__customer", "referral__case__policy_pack")
    return get_object_or_404(OmbudsmanEnquiry.objects.select_related(*related), pk=pk)


def the_enquirys_case(request: HttpRequest, pk: int, **kwargs: Any) -> Case:
    return the_enquiry(request, pk).referral.case


def referral_page(referral: OmbudsmanReferral) -> str:
    return reverse("cases:ombudsman_referral", args=[referral.pk])


def move_page(
    request: HttpRequest,
    name: str,
    referral: OmbudsmanReferral,
    form: GovUKForm,
    act: Callable[[], Any],
    *,
    title: str,
    button: str,
    done: str,
    inset: str = "",
) -> HttpResponse:
    """The form of one move on the referral, or the page saying why it is not open now."""
    back = referral_page(referral)
    reason = refusal(move_named(name), person(request), referral)
    if reason is not None:
        context = {"reason": reason, "back": back}
        return TemplateResponse(request, "cases/reviews/refused.html", context, status=409)
    return action_page(
        request,
        FORM_PAGE,
        form,
        act,
        then=back,
        done=done,
        title=title,
        button=button,
        inset=inset,
        back=back,
        back_text="Back to the referral",
        caption=f"Case {referral.case.reference}, {referral.case.customer.full_name}",
    )


@requires("cases.view_ombudsman_referrals", obj=the_referrals_case)
@about_customer(through(the_referrals_case))
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral, its enquiries and outcome, and the actions open to this person."""
    referral = the_referral(request, pk)
    name = ombudsman.ombudsman_name(referral)
    record_read(
        request,
        "cases.ombudsman_referral_viewed",
        referral,
        reference=referral.case.reference,
        ombudsman=name,
    )
    context = {
        "referral": referral,
        "title": f"Referral to the {name}",
        "summary": presenters_ombudsman.referral_rows(referral),
        **presenters_ombudsman.enquiries_and_moves(referral, person(request)),
    }
    return TemplateResponse(request, "cases/ombudsman/referral.html", context)


@requires("cases.record_ombudsman_referral", obj=the_case)
@about_customer(through(the_case))
def record_ombudsman_referral(request: HttpRequest, reference: str) -> HttpResponse:
    """Record that the customer went to an Ombudsman about the case."""
    case = the_case(request, reference)
    form = forms.ReferralForm(request.POST or None, case=case)

    def act() -> OmbudsmanReferral:
        data = form.cleaned_data
        return ombudsman.record_ombudsman_referral(
            case,
            by=person(request),
            ombudsman=data["ombudsman"],
            heard_on=data["heard_on"],
            referred_on=data["referred_on"],
            reference=data["reference"],
            decision=form.decision(),
            appeal=form.appeal(),
        )

    return action_page(
        request,
        FORM_PAGE,
        form,
        act,
        then=referral_page,
        done="Ombudsman referral recorded",
        title="Record an Ombudsman referral",
        button="Record the referral",
        back=reverse("cases:detail", args=[case.reference]),
        back_text=f"Back to case {case.reference}",
        caption=f"Case {case.reference}, {case.customer.full_name}",
    )


@requires("cases.record_ombudsman_referral", obj=the_referrals_case)
@about_customer(through(the_referrals_case))
def record_ombudsman_enquiry(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what the Ombudsman asked the council, and by when."""
    referral = the_referral(request, pk)
    form = forms.EnquiryForm(request.POST or None, referral=referral)
    return move_page(
        request,
        "record_ombudsman_enquiry",
        referral,
        form,
        lambda: ombudsman.record_ombudsman_enquiry(
            referral, by=person(request), **form.cleaned_data
        ),
        title="Record an enquiry from the Ombudsman",
        button="Record the enquiry",
        done="Enquiry recorded",
    )


@requires("cases.record_ombudsman_referral", obj=the_enquirys_case)
@about_customer(through(the_enquirys_case))
def record_enquiry_response(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the day the council answered one of the Ombudsman's enquiries."""
    enquiry = the_enquiry(request, pk)
    form = forms.ResponseForm(request.POST or None)
    return move_page(
        request,
        "record_enquiry_response",
        enquiry.referral,
        form,
        lambda: ombudsman.record_enquiry_response(enquiry, by=person(request), **form.cleaned_data),
        title=f"Record the response to the enquiry of {enquiry.received_on:%-d %B %Y}",
        button="Record the response",
        done="Response recorded",
        inset=enquiry.question,
    )


@requires("cases.record_ombudsman_referral", obj=the_referrals_case)
@about_customer(through(the_referrals_case))
def record_ombudsman_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what the Ombudsman decided, and the remedy if it upheld the complaint."""
    referral = the_referral(request, pk)
    form = forms.OutcomeForm(request.POST or None, referral=referral)
    return move_page(
        request,
        "record_ombudsman_outcome",
        referral,
        form,
        lambda: ombudsman.record_ombudsman_outcome(
            referral, by=person(request), **form.cleaned_data
        ),
        title="Record the Ombudsman’s outcome",
        button="Record the outcome",
        done="Outcome recorded",
    )


@requires("cases.record_ombudsman_referral", obj=the_referrals_case)
@about_customer(through(the_referrals_case))
def record_remedy_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the day the council did what the Ombudsman asked."""
    referral = the_referral(request, pk)
    form = forms.RemedyDoneForm(request.POST or None)
    return move_page(
        request,
        "record_remedy_done",
        referral,
        form,
        lambda: ombudsman.record_remedy_done(referral, by=person(request), **form.cleaned_data),
        title="Record that the remedy was done",
        button="Record the remedy as done",
        done="Remedy recorded as done",
        inset=referral.remedy,
    )
