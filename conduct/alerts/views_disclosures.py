"""Pages for sharing markers with partners (I7): share one, see one, download what was sent,
and the register-wide report of who shared what with whom, when and why (with CSV).

Thin doors into disclosures.py. The stored copy is what the pages show and what the
downloads give, checked against its SHA-256; restricted detail in a disclosure is shown
only to staff who need to know, and every look is audited.
"""

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from conduct.alerts import disclosures, forms, presenters, sharing
from conduct.alerts.models import Disclosure
from conduct.alerts.views import marker_page, person, refused, the_marker
from conduct.cases.register import cell
from conduct.core.actions import attempt
from conduct.core.audit import record_read
from conduct.core.permissions import requires

DOWNLOADS = {
    "summary.pdf": ("pdf", "application/pdf"),
    "flag.json": ("flag", "application/fhir+json"),
}


def detail_allowed(request: HttpRequest, marker: Any) -> bool:
    return bool(marker.restricted_detail) and request.user.has_perm(
        "alerts.view_restricted_detail", marker
    )


def choices_from(data: dict[str, Any]) -> sharing.Choices:
    return sharing.Choices(
        organisation=data["organisation"],
        organisation_kind=data["organisation_kind"],
        recipient_name=data["recipient_name"],
        recipient_contact=data["recipient_contact"],
        necessity=data["necessity"],
        lawful_basis=data["lawful_basis"],
        include_detail=bool(data.get("include_detail")),
        detail_justification=data.get("detail_justification") or "",
    )


@requires("alerts.disclose_marker", obj=the_marker)
def share(request: HttpRequest, reference: str) -> HttpResponse:
    """Share a live marker with a named partner; the minimum unless the detail is chosen."""
    found = the_marker(request, reference)
    if not found.is_live:
        reason = f"{found.reference} is not live, so it cannot be shared"
        return refused(request, reason, marker_page(found))
    form = forms.DisclosureForm(request.POST or None, detail_allowed=detail_allowed(request, found))
    if request.method == "POST" and form.is_valid():
        made = attempt(
            form,
            lambda: disclosures.disclose_marker(
                found, choices=choices_from(form.cleaned_data), by=person(request)
            ),
        )
        if made is not None:
            messages.success(request, f"Disclosure {made.reference} recorded")
            return redirect("alerts:disclosure", reference=made.reference)
    context = {"form": form, "marker": found, "minimum": presenters.minimum_rows(found)}
    return TemplateResponse(request, "alerts/share.html", context)


def the_disclosure(reference: str) -> Disclosure:
    return get_object_or_404(
        Disclosure.objects.select_related("marker", "created_by"), reference=reference
    )


def may_see_detail(request: HttpRequest, disclosure: Disclosure) -> bool:
    return request.user.has_perm("alerts.view_restricted_detail", disclosure.marker)


@requires("alerts.view_disclosures")
def disclosure(request: HttpRequest, reference: str) -> HttpResponse:
    """One disclosure as it was sent; restricted detail in it only for those who need to know."""
    found = the_disclosure(reference)
    shown = may_see_detail(request, found)
    record_read(request, "alerts.disclosure_viewed", found, disclosure=found.reference)
    context = {
        "disclosure": found,
        "rows": presenters.disclosure_rows(found, show_detail=shown),
        "can_download": shown or not found.includes_detail,
    }
    return TemplateResponse(request, "alerts/disclosure.html", context)


@requires("alerts.view_disclosures")
def download(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    """The exact bytes sent, checked against their SHA-256; every download is audited."""
    if name not in DOWNLOADS:
        raise Http404("No such file")
    found = the_disclosure(reference)
    if found.includes_detail and not may_see_detail(request, found):
        raise PermissionDenied("This disclosure holds restricted detail")
    kind, content_type = DOWNLOADS[name]
    try:
        data = disclosures.verified(found, kind)
    except disclosures.TamperedDisclosureError as error:
        reason = f"The stored copy has changed since it was sent ({error}); tell the administrator"
        return refused(request, reason, reverse("alerts:disclosure", args=[reference]))
    record_read(request, "alerts.disclosure_downloaded", found, disclosure=reference, file=name)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{reference}-{name}"'
    return response


# The report ---------------------------------------------------------------------------------------


def filtered(form: forms.DisclosureFilterForm) -> QuerySet[Disclosure]:
    found = Disclosure.objects.select_related("marker", "created_by")
    if not form.is_valid():
        return found.none() if form.is_bound and form.errors else found
    data = form.cleaned_data
    if data.get("shared_from"):
        found = found.filter(created_at__date__gte=data["shared_from"])
    if data.get("shared_to"):
        found = found.filter(created_at__date__lte=data["shared_to"])
    if data.get("organisation", "").strip():
        found = found.filter(organisation__icontains=data["organisation"].strip())
    return found


CSV_COLUMNS = [
    "Disclosure",
    "Shared at",
    "Shared by",
    "Marker",
    "Kind of marker",
    "Organisation",
    "Kind of organisation",
    "Recipient",
    "How to reach them",
    "Why it was necessary",
    "Lawful basis",
    "Restricted detail shared",
    "Summary SHA-256",
    "Flag SHA-256",
]


def csv_response(found: QuerySet[Disclosure]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in found:
        writer.writerow([cell(value) for value in presenters.disclosure_record(item)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="disclosures.csv"'
    return response


@requires("alerts.view_disclosure_report")
def report(request: HttpRequest) -> HttpResponse:
    """Who shared which marker with whom, when and why: for the data protection officer (I7)."""
    form = forms.DisclosureFilterForm(request.GET or None)
    found = filtered(form)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    chosen = query.urlencode()
    if request.GET.get("format") == "csv":
        record_read(request, "alerts.disclosure_report_viewed", None, filters=chosen, csv=True)
        return csv_response(found)
    record_read(request, "alerts.disclosure_report_viewed", None, filters=chosen, csv=False)
    page = Paginator(found, 100).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": presenters.disclosure_table(page.object_list),
        "query": chosen,
    }
    return TemplateResponse(request, "alerts/disclosures.html", context)
