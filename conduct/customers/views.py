"""Customer pages: find, add (duplicates first), the customer page, and a page per linked item.

Views are thin: a form, then the service function, which checks and audits.
"""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from conduct.core.actions import action_page, attempt
from conduct.core.audit import record_read
from conduct.core.forms import GovUKForm
from conduct.core.links import may_open
from conduct.core.paging import page_number
from conduct.core.permissions import requires
from conduct.customers import forms, presenters, search, services
from conduct.customers.identity import about_customer, customer_of, part_named
from conduct.customers.models import Adjustment, CouncilService, Customer, Representative
from conduct.customers.timeline import timeline_page

FORM_PAGE = "customers/item_form.html"


# Entries on one page of the customer's timeline; older ones on the next.
TIMELINE_SIZE = 25


def live_customer(reference: str) -> Customer:
    """Linked items are only added to records still in use."""
    return get_object_or_404(Customer, reference=reference, merged_into__isnull=True)


@requires("customers.find_customer")
def find(request: HttpRequest) -> HttpResponse:
    """Search by anything staff may have to hand; no query shows just the box."""
    form = forms.FindForm(request.GET or None)
    results = (
        presenters.with_current_address(search.find_customers(form.cleaned_data["q"]))[:50]
        if form.is_valid()
        else None
    )
    context = {"form": form, "results": results, "rows": presenters.result_rows(results or [])}
    return TemplateResponse(request, "customers/find.html", context)


@requires("customers.add_customer")
def add(request: HttpRequest) -> HttpResponse:
    """Add a customer, offering likely duplicates first; every answer is kept throughout."""
    form = forms.CustomerForm(request.POST or None)
    duplicates: list[search.Candidate] = []
    if request.method == "POST" and form.is_valid():
        if not request.POST.get("confirm_new"):
            duplicates = search.likely_duplicates(**duplicate_fields(form.cleaned_data))
        if not duplicates:
            customer = attempt(
                form, lambda: services.create_customer(by=request.user, **form.cleaned_data)
            )
            if customer is not None:
                messages.success(request, f"{customer} added as {customer.reference}")
                return redirect("customers:detail", reference=customer.reference)
    context = {
        "form": form,
        "duplicates": duplicates,
        "duplicate_rows": presenters.duplicate_rows(duplicates),
    }
    return TemplateResponse(request, "customers/add.html", context)


def duplicate_fields(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("given_names", "family_name", "date_of_birth", "postcode", "email", "phone")
    return {key: data.get(key) or ("" if key != "date_of_birth" else None) for key in keys}


def unmerged(request: HttpRequest, reference: str, **kwargs: Any) -> Customer | None:
    """The record itself; a merged one is redirected to the record it went into instead."""
    try:
        customer = customer_of(request, reference)
    except Http404:
        return None
    return customer if customer.merged_into_id is None else None


@requires("customers.view_customer", obj=customer_of)
@about_customer(unmerged)
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The customer page: identity bar, summary cards and timeline. Sensitive detail shown is audited."""
    customer = customer_of(request, reference)
    if customer.merged_into is not None:
        messages.info(request, f"{customer.reference} was merged into this record")
        return redirect("customers:detail", reference=customer.merged_into.reference)
    page = presenters.CustomerPage.build(customer, request.user)
    if page.sensitive_shown:
        record_read(
            request,
            "customers.sensitive_detail_viewed",
            customer,
            reference=customer.reference,
            shown=" and ".join(page.sensitive_shown),
        )
    older = timeline_page(customer, request.user, page_number(request, "timeline"), TIMELINE_SIZE)
    for entry in older.entries:  # the rows' own objects answer for their links first (core.links)
        if entry.target is not None:
            may_open(request, entry.href, entry.target)
    timeline = [entry.as_moj_item(lambda href: may_open(request, href)) for entry in older.entries]
    alerts = part_named(request, customer, "alerts")  # the markers' part (conduct/alerts/bar.py)
    context = {
        "customer": customer,
        "page": page,
        "timeline": timeline,
        "timeline_page": older,
        "alerts": alerts,
    }
    return TemplateResponse(request, "customers/detail.html", context)


def item_page(
    request: HttpRequest,
    customer: Customer,
    form: django_forms.Form,
    *,
    title: str,
    done: Callable[[dict[str, Any]], Any],
    button: str = "Save",
) -> HttpResponse:
    """The shared shape of every 'add something to this customer' page."""
    return action_page(
        request,
        FORM_PAGE,
        form,
        lambda: done(form.cleaned_data),
        then=reverse("customers:detail", args=[customer.reference]),
        done=f"{title}: saved",
        title=title,
        button=button,
        customer=customer,
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def change_details(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)
    initial = {field: getattr(customer, field) for field in services.DETAIL_FIELDS}
    form = forms.DetailsForm(request.POST or None, initial=initial)
    return item_page(
        request,
        customer,
        form,
        title="Change the customer’s details",
        done=lambda data: services.update_customer_details(customer, by=request.user, **data),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def add_alias(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)
    return item_page(
        request,
        customer,
        forms.AliasForm(request.POST or None),
        title="Add another name",
        done=lambda data: services.add_alias(customer, by=request.user, **data),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def add_address(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)
    return item_page(
        request,
        customer,
        forms.AddressForm(request.POST or None),
        title="Add an address",
        done=lambda data: services.add_address(customer, by=request.user, **data),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def end_address(request: HttpRequest, reference: str, address_id: int) -> HttpResponse:
    customer = live_customer(reference)
    address = get_object_or_404(customer.addresses, pk=address_id, is_current=True)
    return confirm_page(
        request,
        customer,
        title="Mark this address as no longer current",
        detail=str(address),
        done=lambda: services.end_address(address, by=request.user),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def add_phone_number(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)
    return item_page(
        request,
        customer,
        forms.PhoneForm(request.POST or None),
        title="Add a phone number",
        done=lambda data: services.add_phone_number(customer, by=request.user, **data),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def add_email_address(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)
    return item_page(
        request,
        customer,
        forms.EmailForm(request.POST or None),
        title="Add an email address",
        done=lambda data: services.add_email_address(customer, by=request.user, **data),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def add_social_media_handle(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)
    return item_page(
        request,
        customer,
        forms.SocialMediaForm(request.POST or None),
        title="Add a social media handle",
        done=lambda data: services.add_social_media_handle(customer, by=request.user, **data),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def link_household_member(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)

    def link(data: dict[str, Any]) -> Any:
        member = (
            search.live_customers().filter(reference=search.reference_key(data["member"])).first()
        )
        if member is None:
            raise services.refused("member", "There is no customer with that reference")
        return services.link_household_member(
            customer, member, relationship=data["relationship"], by=request.user
        )

    form = forms.HouseholdForm(request.POST or None)
    return item_page(request, customer, form, title="Link a household member", done=link)


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def add_representative(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)
    return item_page(
        request,
        customer,
        forms.RepresentativeForm(request.POST or None),
        title="Add a representative",
        done=lambda data: services.add_representative(customer, by=request.user, **data),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def withdraw_consent(request: HttpRequest, reference: str, representative_id: int) -> HttpResponse:
    customer = live_customer(reference)
    representative = get_object_or_404(
        Representative, customer=customer, pk=representative_id, withdrawn_on__isnull=True
    )
    return item_page(
        request,
        customer,
        forms.WithdrawConsentForm(request.POST or None),
        title=f"Withdraw consent for {representative.name}",
        button="Withdraw consent",
        done=lambda data: services.withdraw_consent(representative, by=request.user, **data),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def add_adjustment(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)
    return item_page(
        request,
        customer,
        forms.AdjustmentForm(request.POST or None),
        title="Add a reasonable adjustment",
        done=lambda data: services.add_adjustment(customer, by=request.user, **data),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def end_adjustment(request: HttpRequest, reference: str, adjustment_id: int) -> HttpResponse:
    customer = live_customer(reference)
    adjustment = get_object_or_404(
        Adjustment, customer=customer, pk=adjustment_id, ended_on__isnull=True
    )
    return confirm_page(
        request,
        customer,
        title="End this adjustment",
        detail=f"{adjustment}: {adjustment.detail}" if adjustment.detail else str(adjustment),
        done=lambda: services.end_adjustment(adjustment, by=request.user),
    )


@requires("customers.change_customer", obj=customer_of)
@about_customer(customer_of)
def record_service(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)
    return item_page(
        request,
        customer,
        forms.ServiceForm(request.POST or None),
        title="Record a service the customer receives",
        done=lambda data: services.record_service_received(customer, by=request.user, **data),
    )


@requires("customers.add_safeguarding_note", obj=customer_of)
@about_customer(customer_of)
def add_safeguarding_note(request: HttpRequest, reference: str) -> HttpResponse:
    customer = live_customer(reference)
    return item_page(
        request,
        customer,
        forms.SafeguardingNoteForm(request.POST or None),
        title="Add a safeguarding note",
        done=lambda data: services.add_safeguarding_note(customer, by=request.user, **data),
    )


@requires("customers.record_equality_data", obj=customer_of)
@about_customer(customer_of)
def record_equality(request: HttpRequest, reference: str) -> HttpResponse:
    """Answers are never shown back here, so recording them needs no permission to view them."""
    customer = live_customer(reference)
    return item_page(
        request,
        customer,
        forms.EqualityForm(request.POST or None),
        title="Record equality monitoring answers",
        done=lambda data: services.record_equality_monitoring(customer, by=request.user, **data),
    )


def confirm_page(
    request: HttpRequest, customer: Customer, *, title: str, detail: str, done: Callable[[], Any]
) -> HttpResponse:
    """A yes-or-back page for a change that needs no answers; a refusal shows at its top."""
    posted = request.POST if request.method == "POST" else None
    form = GovUKForm(posted)  # no questions: it holds only a refusal to show
    if request.method == "POST" and form.is_valid() and attempt(form, lambda: done() or True):
        messages.success(request, f"{title}: done")
        return redirect("customers:detail", reference=customer.reference)
    context = {"title": title, "detail": detail, "customer": customer, "form": form}
    return TemplateResponse(request, "customers/confirm.html", context)


@requires("customers.merge_customers", obj=customer_of)
def merge(request: HttpRequest, reference: str) -> HttpResponse:
    """Step 1 of a merge: which record is the duplicate."""
    customer = live_customer(reference)
    form = forms.MergeChooseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        duplicate = (
            search.live_customers()
            .filter(reference=search.reference_key(form.cleaned_data["duplicate"]))
            .first()
        )
        if duplicate is None:
            form.add_error("duplicate", "There is no customer with that reference")
        elif duplicate.pk == customer.pk:
            form.add_error("duplicate", "Enter the reference of a different customer")
        else:
            return redirect(
                "customers:merge_confirm", reference=reference, duplicate=duplicate.reference
            )
    context = {
        "form": form,
        "title": "Merge a duplicate record",
        "button": "Continue",
        "customer": customer,
    }
    return TemplateResponse(request, FORM_PAGE, context)


@requires("customers.merge_customers", obj=customer_of)
def merge_confirm(request: HttpRequest, reference: str, duplicate: str) -> HttpResponse:
    """Step 2: see both records, give the reason, merge."""
    keep = live_customer(reference)
    other = live_customer(duplicate)
    form = forms.MergeConfirmForm(request.POST or None)
    return action_page(
        request,
        "customers/merge_confirm.html",
        form,
        lambda: services.merge_customers(
            keep, other, reason=form.cleaned_data["reason"], by=request.user
        ),
        then=reverse("customers:detail", args=[keep.reference]),
        done=f"{other.reference} merged into {keep.reference}",
        keep=keep,
        duplicate=other,
        rows=presenters.merge_rows(keep, other),
    )


@requires("customers.manage_service_catalogue")
def service_catalogue(request: HttpRequest) -> HttpResponse:
    """The services customers receive, and adding one."""
    form = forms.CouncilServiceForm(request.POST or None)
    return action_page(
        request,
        "customers/service_catalogue.html",
        form,
        lambda: services.add_council_service(by=request.user, **form.cleaned_data),
        then=reverse("customers:service_catalogue"),
        done=lambda added: f"{added.name} added to the catalogue",
        rows=presenters.catalogue_rows(CouncilService.objects.prefetch_related("contacts")),
    )


@requires("customers.manage_service_catalogue")
def service_contacts(request: HttpRequest, slug: str) -> HttpResponse:
    """Who is told when a restriction covers this service (the pack's service-area team)."""
    service = get_object_or_404(CouncilService, slug=slug)
    initial = {"contacts": list(service.contacts.all()), "mailbox": service.mailbox}
    form = forms.ServiceContactsForm(request.POST or None, initial=initial)

    def act() -> Any:
        data = form.cleaned_data
        return services.set_service_contacts(
            service, contacts=list(data["contacts"]), mailbox=data["mailbox"], by=request.user
        )

    return action_page(
        request,
        "customers/service_contacts.html",
        form,
        act,
        then=reverse("customers:service_catalogue"),
        done=f"Contacts for {service.name} saved",
        service=service,
    )
