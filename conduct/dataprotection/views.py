"""Pages for subject access requests: the list by deadline, logging one, the request with its
bundle and the moves open, one form per move, a decision on an item, and the bundle's files.
Thin doors into services.py: the permission gets a person to the page, the declared moves say
whether the action is open now, and a refusal shows on the form with every answer kept."""

from collections.abc import Callable
from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from conduct.accounts.models import User
from conduct.core.actions import action_page
from conduct.core.audit import record_read
from conduct.core.forms import GovUKForm
from conduct.core.moves import lower_first, move_named, refusal
from conduct.core.permissions import per_request, requires
from conduct.core.refusals import bad_answer
from conduct.core.stored_files import TamperedFileError
from conduct.customers.identity import about_customer
from conduct.customers.models import Customer
from conduct.dataprotection import dpia, forms, presenters, services
from conduct.dataprotection.files import read_bundle_file
from conduct.dataprotection.models import Bundle, SubjectAccessRequest

FORM_PAGE = "dataprotection/form.html"


def person(request: HttpRequest) -> User:
    return cast(User, request.user)


@per_request
def the_request(request: HttpRequest, reference: str, **kwargs: Any) -> SubjectAccessRequest:
    found = SubjectAccessRequest.objects.select_related("customer")
    return get_object_or_404(found, reference=reference)


def the_customer(request: HttpRequest, reference: str, **kwargs: Any) -> Customer:
    return the_request(request, reference).customer


def posted(request: HttpRequest) -> Any:
    """The answers, for a form whose only answer is its button (empty, yet submitted)."""
    return request.POST if request.method == "POST" else None


def request_page(sar: SubjectAccessRequest) -> str:
    return reverse("dataprotection:request", args=[sar.reference])


@requires("dataprotection.view_subject_access_requests")
def requests_list(request: HttpRequest) -> HttpResponse:
    """Open requests by deadline, overdue first, then those answered or withdrawn."""
    context = presenters.request_lists(person(request))
    return TemplateResponse(request, "dataprotection/list.html", context)


@requires("dataprotection.handle_subject_access_requests")
def log_request(request: HttpRequest) -> HttpResponse:
    """Log a request as it arrived. Whether the person is restricted is never asked (D5)."""
    form = forms.LogRequestForm(request.POST or None)

    def act() -> SubjectAccessRequest:
        answers = dict(form.cleaned_data)
        reference = answers.pop("customer").strip().upper()
        customer = Customer.objects.filter(reference=reference, merged_into=None).first()
        if customer is None:
            raise bad_answer("Enter the reference of a customer Conduct holds", "customer")
        return services.log_subject_access_request(customer, by=person(request), **answers)

    return action_page(
        request,
        FORM_PAGE,
        form,
        act,
        then=request_page,
        done=lambda sar: f"Request {sar.reference} logged. It is due on {sar.due_on:%-d %B %Y}.",
        title="Log a subject access request",
        button="Log the request",
        back=reverse("dataprotection:requests"),
        back_text="Back to subject access requests",
    )


@requires("dataprotection.view_subject_access_requests")
@about_customer(the_customer)
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The request, its deadline, the bundle as built and the moves open to this person."""
    sar = the_request(request, reference)
    record_read(
        request, "dataprotection.subject_access_request_viewed", sar, reference=sar.reference
    )
    context = presenters.request_context(sar, person(request))
    return TemplateResponse(request, "dataprotection/request.html", context)


def move_page(
    request: HttpRequest,
    name: str,
    reference: str,
    form: GovUKForm,
    act: Callable[[SubjectAccessRequest], Any],
    *,
    title: str,
    button: str,
    done: str,
    inset: str = "",
) -> HttpResponse:
    """The form of one move on the request, or the page saying why it is not open now."""
    sar = the_request(request, reference)
    back = request_page(sar)
    reason = refusal(move_named(name), person(request), sar)
    if reason is not None:
        context = {"reason": reason, "back": back}
        return TemplateResponse(request, "dataprotection/refused.html", context, status=409)
    return action_page(
        request,
        FORM_PAGE,
        form,
        lambda: act(sar),
        then=back,
        done=done,
        title=title,
        button=button,
        inset=inset,
        back=back,
        back_text="Back to the request",
        caption=f"Subject access request {sar.reference}, {sar.customer.full_name}",
    )


@requires("dataprotection.handle_subject_access_requests")
def confirm_identity(request: HttpRequest, reference: str) -> HttpResponse:
    form = forms.ConfirmIdentityForm(request.POST or None)
    return move_page(
        request,
        "confirm_identity",
        reference,
        form,
        lambda sar: services.confirm_identity(sar, by=person(request), **form.cleaned_data),
        title="Confirm the requester’s identity",
        button="Confirm identity",
        done="Identity confirmed",
    )


@requires("dataprotection.handle_subject_access_requests")
def extend(request: HttpRequest, reference: str) -> HttpResponse:
    form = forms.ExtendForm(request.POST or None)
    return move_page(
        request,
        "extend_subject_access_deadline",
        reference,
        form,
        lambda sar: services.extend_subject_access_deadline(
            sar, by=person(request), **form.cleaned_data
        ),
        title="Extend the deadline",
        button="Extend the deadline",
        done="Deadline extended",
        inset="The law allows up to two further months where a request is complex or the "
        "person has made several. Tell them within the first month, with the reason.",
    )


@requires("dataprotection.handle_subject_access_requests")
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    form = forms.WithdrawForm(request.POST or None)
    return move_page(
        request,
        "withdraw_subject_access_request",
        reference,
        form,
        lambda sar: services.withdraw_subject_access_request(
            sar, by=person(request), **form.cleaned_data
        ),
        title="Record that the request was withdrawn",
        button="Record that it was withdrawn",
        done="Request recorded as withdrawn",
    )


@requires("dataprotection.handle_subject_access_requests")
def build(request: HttpRequest, reference: str) -> HttpResponse:
    return move_page(
        request,
        "build_subject_access_bundle",
        reference,
        forms.ConfirmForm(posted(request)),
        lambda sar: services.build_subject_access_bundle(sar, by=person(request)),
        title="Build the bundle",
        button="Build the bundle",
        done="The bundle is being built",
        inset="Conduct gathers everything it holds about the person from every part of the "
        "system. Other people are redacted and exempt items withheld until you decide otherwise.",
    )


@requires("dataprotection.handle_subject_access_requests")
def release(request: HttpRequest, reference: str) -> HttpResponse:
    return move_page(
        request,
        "release_subject_access_bundle",
        reference,
        forms.ConfirmForm(posted(request)),
        lambda sar: services.release_subject_access_bundle(sar, by=person(request)),
        title="Release the bundle",
        button="Release the bundle",
        done="Bundle released",
        inset="Release the bundle once you have read it and sent it to the person. Conduct "
        "records the files’ fingerprints (SHA-256) so what was sent can be shown later.",
    )


@requires("dataprotection.handle_subject_access_requests")
def decide_item(request: HttpRequest, reference: str, key: str) -> HttpResponse:
    sar = the_request(request, reference)
    item = presenters.item_of(sar, key)
    if item is None:
        raise Http404("No such item in the bundle")
    form = forms.DecideItemForm(request.POST or None)
    return move_page(
        request,
        "decide_bundle_item",
        reference,
        form,
        lambda sar: services.decide_bundle_item(
            sar, item_key=key, by=person(request), **form.cleaned_data
        ),
        title=f"Decide about {lower_first(item['title'])}",
        button="Save the decision",
        done="Decision saved. Build the bundle again before you release it.",
        inset=presenters.treatment_sentence(item),
    )


def the_bundle(request: HttpRequest, reference: str, pk: str) -> Bundle:
    sar = the_request(request, reference)
    return get_object_or_404(Bundle, request=sar, pk=int(pk), status=Bundle.Status.READY)


@requires("dataprotection.read_bundle")
def bundle_file(request: HttpRequest, reference: str, pk: str, kind: str) -> HttpResponse:
    """The bundle's PDF or ZIP, refused if it no longer matches the hash taken when built."""
    bundle = the_bundle(request, reference, pk)
    path, digest = (
        (bundle.pdf_path, bundle.pdf_sha256)
        if kind == "pdf"
        else (bundle.zip_path, bundle.zip_sha256)
    )
    try:
        data = read_bundle_file(path, digest)
    except TamperedFileError as error:
        reason = f"{error}: tell the administrator. Build the bundle again to send it"
        context = {"reason": reason, "back": request_page(bundle.request)}
        return TemplateResponse(request, "dataprotection/refused.html", context, status=409)
    record_read(
        request,
        "dataprotection.subject_access_bundle_downloaded",
        bundle.request,
        reference=reference,
        format=kind,
        sha256=digest,
    )
    content_type = "application/pdf" if kind == "pdf" else "application/zip"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{reference}-bundle-{pk}.{kind}"'
    return response


@requires("dataprotection.view_dpia_facts")
def dpia_facts(request: HttpRequest) -> HttpResponse:
    """The facts a DPIA and the privacy notice need, from what Conduct holds today (J6)."""
    record_read(request, "dataprotection.dpia_facts_viewed", format="page")
    tables = [
        (
            part,
            [
                [{"text": f.name}, {"text": f.detail}, {"text": f.figure, "format": "numeric"}]
                for f in rows
            ],
        )
        for part, rows in dpia.facts().parts()
    ]
    context = {"title": "Facts for the data protection impact assessment", "tables": tables}
    return TemplateResponse(request, "dataprotection/dpia.html", context)


@requires("dataprotection.view_dpia_facts")
def dpia_csv(request: HttpRequest) -> HttpResponse:
    record_read(request, "dataprotection.dpia_facts_viewed", format="csv")
    response = HttpResponse(dpia.csv_text(dpia.facts()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dpia-facts.csv"'
    return response
