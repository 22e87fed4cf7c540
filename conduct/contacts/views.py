"""Contacts pages: log a call or visit, a customer's contacts, correspondence, read and file,
what is new in a message, and contact frequency for a case.

Thin doors into services.py; refusals show as an error summary with the answers kept.
"""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from conduct.accounts.models import User
from conduct.cases.getters import the_case
from conduct.contacts import forms, ingestion, novelty, presenters, queries, services
from conduct.contacts.models import Hint, Message, Reading
from conduct.core.actions import attempt
from conduct.core.audit import record_read
from conduct.core.forms import GovUKForm, PeriodForm
from conduct.core.moves import moves_open_to
from conduct.core.permissions import per_request, requires
from conduct.core.refusals import Refusal
from conduct.customers.forms import FindForm
from conduct.customers.identity import about_customer, customer_of, through
from conduct.customers.models import Customer
from conduct.customers.presenters import with_customer_address
from conduct.customers.search import find_customers


def person(request: HttpRequest) -> User:
    return cast(User, request.user)


@per_request
def message_of(request: HttpRequest, pk: int, **kwargs: Any) -> Message:
    messages = Message.objects.select_related("customer", "assigned_to", "contact__service")
    return get_object_or_404(with_customer_address(messages), pk=pk)


def reading_of(request: HttpRequest, pk: int, **kwargs: Any) -> Reading:
    return get_object_or_404(Reading.objects.select_related("message__customer"), pk=pk)


def performed(form: GovUKForm, work: Callable[[], Any]) -> bool:
    """Run the service; its refusal shows on the form, answers kept."""
    attempt(form, work)
    return not form.errors


@requires("contacts.log_contact", obj=customer_of)
@about_customer(customer_of)
def log_contact(request: HttpRequest, reference: str) -> HttpResponse:
    """Log a call or visit from the customer page: now, by me, unless told otherwise."""
    customer = get_object_or_404(Customer, reference=reference, merged_into__isnull=True)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = form.cleaned_data

        def work() -> Any:
            return services.log_contact(
                customer,
                by=person(request),
                channel=answers["channel"],
                subject=answers["subject"],
                service=answers["service"],
                occurred_at=answers["time"],
                minutes=answers["minutes"],
                notes=answers["notes"],
            )

        if performed(form, work):
            messages.success(request, "Contact logged")
            return redirect("customers:detail", reference=customer.reference)
    context = {"form": form, "customer": customer, "title": "Log a call or visit"}
    return TemplateResponse(request, "contacts/log_contact.html", context)


@requires("contacts.view_contacts", obj=customer_of)
@about_customer(customer_of)
def customer_contacts(request: HttpRequest, reference: str) -> HttpResponse:
    customer = get_object_or_404(Customer, reference=reference)
    contacts = list(customer.contacts.select_related("service", "officer")[:200])
    context = {
        "customer": customer,
        "contacts": contacts,
        "withheld": queries.withheld(request.user, contacts),
        "emails": queries.readable_by(request.user)
        .filter(customer=customer)
        .select_related("reading")[:200],
    }
    return TemplateResponse(request, "contacts/customer_contacts.html", context)


@requires("contacts.view_correspondence")
def correspondence(request: HttpRequest) -> HttpResponse:
    """Email routed to me, read-and-file items waiting, and messages surfaced to a person."""
    context = {
        "mine": queries.routed_to(person(request))[:100],
        "readings": queries.readings_waiting(person(request))[:200],
        "hints": queries.hints_waiting(person(request))[:200],
        "unmatched": queries.unmatched(person(request))[:100],
    }
    return TemplateResponse(request, "contacts/correspondence.html", context)


@requires("contacts.read_email", obj=message_of)
@about_customer(through(message_of))
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The email with the sentences the customer has not written before highlighted."""
    message = message_of(request, pk)
    record_read(request, "contacts.message_viewed", message, subject=message.subject)
    reading = Reading.objects.filter(message=message).first()
    hints = list(message.hints.select_related("seen_by"))
    context = {
        "message": message,
        "rows": presenters.message_rows(message, reading),
        "sentences": novelty.shown_sentences(message),
        "hints": hints,
        "hints_to_mark": {hint.pk for hint in hints if moves_open_to(person(request), hint)},
        "attachments": message.attachments.all(),
        "reading": reading,
        "may_sign_off": reading is not None and bool(moves_open_to(person(request), reading)),
        "hint_form": forms.HintSeenForm(),
    }
    return TemplateResponse(request, "contacts/message.html", context)


@requires("contacts.sign_off_reading", obj=reading_of)
@about_customer(lambda request, pk, **kwargs: reading_of(request, pk).message.customer)
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    reading = reading_of(request, pk)
    form = forms.SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = form.cleaned_data

        def work() -> Any:
            return services.sign_off_reading(
                reading, by=person(request), outcome=answers["outcome"], reason=answers["reason"]
            )

        if performed(form, work):
            messages.success(request, "Reading signed off")
            return redirect("contacts:correspondence")
    context = {"form": form, "reading": reading, "title": "Sign off the reading"}
    return TemplateResponse(request, "contacts/sign_off.html", context)


@require_POST
@requires("contacts.mark_hint_seen")
def hint_seen(request: HttpRequest, pk: int) -> HttpResponse:
    hint = get_object_or_404(Hint, pk=pk)
    form = forms.HintSeenForm(request.POST)
    form.is_valid()
    try:
        services.mark_hint_seen(hint, by=person(request), note=form.cleaned_data.get("note", ""))
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Marked as read")
    return redirect("contacts:message", pk=hint.message_id)


@requires("contacts.view_frequency", obj=the_case)
def case_frequency(request: HttpRequest, reference: str) -> HttpResponse:
    """Contacts per week over a period, against the service's normal range, with breaches."""
    case = the_case(request, reference)
    form = PeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    context = {
        "case": case,
        "form": form,
        **presenters.frequency_evidence(case.customer, period.get("start"), period.get("end")),
        "breaches": case.contact_breaches.select_related("contact", "restriction"),
    }
    return TemplateResponse(request, "contacts/frequency.html", context)


@requires("contacts.add_email")
def upload_email(request: HttpRequest) -> HttpResponse:
    """An email a customer sent to someone directly, saved as a file, added to the log."""
    form = forms.EmailFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        found: list[Message] = []
        raw = form.cleaned_data["file"].read()
        if performed(
            form, lambda: found.append(ingestion.import_email_file(raw, by=person(request)))
        ):
            messages.success(request, "Email added")
            if person(request).has_perm("contacts.read_email", found[0]):
                return redirect("contacts:message", pk=found[0].pk)
            return redirect("contacts:correspondence")  # routed by restriction to other staff
    context = {"form": form, "title": "Add an email saved as a file"}
    return TemplateResponse(request, "contacts/upload.html", context)


def unmatched_of(request: HttpRequest, pk: int, **kwargs: Any) -> Message:
    return get_object_or_404(Message, pk=pk, customer__isnull=True)


def sender_search(message: Message, asked: Any) -> tuple[FindForm, list[Customer]]:
    """The customer search, as on the find-a-customer page; first by the sender's name."""
    if "q" not in asked:
        guess = message.from_name or message.from_address
        return FindForm(initial={"q": guess}), list(find_customers(guess)[:20])
    search = FindForm({"q": asked["q"]})
    return search, list(find_customers(search.cleaned_data["q"])[:20]) if search.is_valid() else []


@requires("contacts.link_message", obj=unmatched_of)
def link_message(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the customer an unmatched sender is, link the email, and route it by their restrictions."""
    message = unmatched_of(request, pk)
    asked = request.POST if request.method == "POST" else request.GET
    search, found = sender_search(message, asked)
    form = forms.LinkMessageForm(request.POST if request.method == "POST" else None, found=found)
    if request.method == "POST" and form.is_valid():
        customer = next(c for c in found if c.reference == form.cleaned_data["customer"])

        def work() -> Any:
            return services.link_message_to_customer(
                message, customer, by=person(request), add_address=form.cleaned_data["add_address"]
            )

        if performed(form, work):
            messages.success(request, f"Email linked to {customer.full_name}")
            if person(request).has_perm("contacts.read_email", message):
                return redirect("contacts:message", pk=message.pk)
            return redirect("contacts:correspondence")  # routed now, perhaps to other staff
    context = {"message": message, "search": search, "found": found, "form": form}
    return TemplateResponse(request, "contacts/link_message.html", context)
