"""The decision pack's pages: read it, ask for it as PDF, download the copy frozen at a decision.

Each needs `cases.view_decision_pack` (the decision body, case officers,
auditors, and appeals officers once an appeal is lodged; never frontline
staff). Reading the page and downloading a frozen copy are recorded with
`record_read`; each PDF made on request is recorded as a generation when its
reader downloads it. Safeguarding notes are in the pack only for a reader the
customer app lets see them.

"Download as PDF" posts a request; a background job makes the PDF
(decision_pack_pdfs.py) while the status page refreshes itself, so no request
waits for WeasyPrint. The GET `decision_pack_pdf` still renders in the request,
for scripts and the deployment smoke test; no page links to it.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from conduct.accounts.models import User
from conduct.cases import decision_pack, decision_pack_files, decision_pack_pdfs
from conduct.cases.decision_pack import Period, Reader
from conduct.cases.decision_pack_requests import request_decision_pack_pdf
from conduct.cases.forms_decisions import PackPeriodForm
from conduct.cases.getters import the_case
from conduct.cases.models import Case, DecisionPackPdf, FrozenDecisionPack
from conduct.core.audit import record_read
from conduct.core.permissions import requires
from conduct.core.stored_files import TamperedFileError
from conduct.customers.identity import about_customer, through
from conduct.customers.models import Customer


def reader_of(request: HttpRequest, customer: Customer) -> Reader:
    person: User = request.user  # type: ignore[assignment]
    return Reader.of(person, customer)


def chosen_period(
    request: HttpRequest, case: Case, data: QueryDict | None = None
) -> tuple[PackPeriodForm, Period]:
    """The period asked for, each end defaulting to the case's own (which the form starts with)."""
    own = decision_pack.case_period(case)
    given = request.GET if data is None else data
    form = PackPeriodForm(given or None, initial={"start": own.start, "end": own.end})
    asked = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, Period(asked.get("start") or own.start, asked.get("end") or own.end)


def period_fields(period: Period) -> dict[str, int]:
    """The period as the form's fields, for a link or a form's hidden inputs."""
    return {
        **{f"start_{part}": getattr(period.start, part) for part in ("day", "month", "year")},
        **{f"end_{part}": getattr(period.end, part) for part in ("day", "month", "year")},
    }


def seen(case: Case, period: Period, pack: decision_pack.DecisionPack) -> dict[str, Any]:
    """What the audit event says was read."""
    return {
        "reference": case.reference,
        "start": period.start,
        "end": period.end,
        "safeguarding": pack.safeguarding is not None,
    }


@requires("cases.view_decision_pack", obj=the_case)
@about_customer(through(the_case))
def decision_pack_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The pack on screen, printable, over the case's period or one asked for."""
    case = the_case(request, reference)
    form, period = chosen_period(request, case)
    pack = decision_pack.build(case, reader_of(request, case.customer), period)
    record_read(request, "cases.decision_pack_viewed", case, **seen(case, period, pack))
    context = {
        "case": case,
        "pack": pack,
        "form": form,
        "pdf_fields": period_fields(period),
        "frozen": frozen_rows(request, case),
    }
    return TemplateResponse(request, "cases/decision_pack/page.html", context)


def frozen_rows(request: HttpRequest, case: Case) -> list[dict[str, str]]:
    """The packs frozen at each decision, newest first, each as this reader may download it."""
    person: User = request.user  # type: ignore[assignment]
    rows = []
    for frozen in case.frozen_packs.select_related("decision", "case__customer"):
        _, digest = decision_pack_files.file_of(
            frozen, decision_pack_files.variant_for(frozen, person)
        )
        href = reverse("cases:frozen_decision_pack", args=[case.reference, frozen.pk])
        rows.append(
            {
                "text": decision_pack_files.frozen_label(frozen),
                "href": href if frozen.stored_at else "",
                "sha256": digest,
            }
        )
    return rows


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires("cases.view_decision_pack", obj=the_case)
def decision_pack_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The pack as it stands now, as a PDF with the same period as the page."""
    case = the_case(request, reference)
    _, period = chosen_period(request, case)
    pack = decision_pack.build(case, reader_of(request, case.customer), period)
    data = decision_pack_files.pdf_bytes(decision_pack_files.page_html(pack))
    record_read(request, "cases.decision_pack_generated", case, **seen(case, period, pack))
    return pdf_response(data, f"{case.reference}-decision-pack.pdf")


@require_POST
@requires("cases.view_decision_pack", obj=the_case)
def ask_for_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """Ask for the pack as a PDF over the page's period; a job makes it, the next page waits."""
    case = the_case(request, reference)
    _, period = chosen_period(request, case, request.POST)
    person: User = request.user  # type: ignore[assignment]
    made = request_decision_pack_pdf(case, period, by=person)
    return redirect("cases:decision_pack_pdf_status", case.reference, made.pk)


def the_pdf(request: HttpRequest, case: Case, pk: int) -> DecisionPackPdf:
    """Only the person who asked for a PDF sees it: it was built for their need to know."""
    return get_object_or_404(DecisionPackPdf, pk=pk, case=case, requested_by=request.user.pk)


@requires("cases.view_decision_pack", obj=the_case)
def pdf_status(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Being made (the page refreshes itself), ready to download, or could not be made."""
    case = the_case(request, reference)
    made = the_pdf(request, case, pk)
    period = Period(made.period_start, made.period_end)
    made_at = timezone.localtime(made.finished_at) if made.finished_at else None
    context = {
        "case": case,
        "made": made,
        "made_at": f"{made_at:%H:%M on %-d %B %Y}" if made_at else "",
        "pdf_fields": period_fields(period),
    }
    return TemplateResponse(request, "cases/decision_pack/pdf_status.html", context)


@requires("cases.view_decision_pack", obj=the_case)
def pdf_download(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """The PDF the job made for this reader, checked against its SHA-256 first."""
    case = the_case(request, reference)
    made = the_pdf(request, case, pk)
    status_page = reverse("cases:decision_pack_pdf_status", args=[reference, made.pk])
    if made.status != DecisionPackPdf.Status.READY:
        return redirect(status_page)
    try:
        data = decision_pack_pdfs.verified_pdf(made)
    except TamperedFileError as error:
        reason = f"The PDF has changed since it was made ({error}); ask for it again"
        context = {"reason": reason, "back": reverse("cases:decision_pack", args=[reference])}
        return TemplateResponse(request, "cases/reviews/refused.html", context, status=409)
    seen = {"reference": reference, "start": made.period_start, "end": made.period_end}
    record_read(
        request, "cases.decision_pack_generated", case, **seen, safeguarding=made.safeguarding
    )
    return pdf_response(data, f"{reference}-decision-pack.pdf")


@requires("cases.view_frozen_decision_pack", obj=the_case)
def frozen_decision_pack(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """The pack exactly as the decision body read it, checked against its SHA-256 first."""
    case = the_case(request, reference)
    found = FrozenDecisionPack.objects.select_related("decision", "case__customer")
    frozen = get_object_or_404(found, pk=pk, case=case, stored_at__isnull=False)
    person: User = request.user  # type: ignore[assignment]
    variant = decision_pack_files.variant_for(frozen, person)
    try:
        data = decision_pack_files.verified_pdf(frozen, variant)
    except TamperedFileError as error:
        reason = (
            f"The stored pack has changed since it was frozen ({error}); tell the administrator"
        )
        context = {"reason": reason, "back": reverse("cases:decision_pack", args=[reference])}
        return TemplateResponse(request, "cases/reviews/refused.html", context, status=409)
    payload = {"reference": reference, "decision": frozen.decision_id, "copy": variant}
    record_read(request, "cases.frozen_decision_pack_downloaded", case, **payload)
    return pdf_response(data, f"{reference}-decision-{frozen.decision_id}-pack.pdf")
