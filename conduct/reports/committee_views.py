"""The committee report's page and its downloads (J2), for those who oversee sanctions.

Each read, on the page or as a file, is recorded with the period it covered. A wrong period
shows the error summary and the last complete quarter's figures meanwhile; a download of a
wrong period answers 400 rather than a file of other dates.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from conduct.core.audit import record_read
from conduct.core.permissions import requires
from conduct.council import identity
from conduct.reports import committee, committee_files, committee_tasks
from conduct.reports.committee import Period, Report
from conduct.reports.committee_charts import bar_chart
from conduct.reports.committee_forms import chosen_period

PERMISSION = "reports.view_committee_report"
Maker = Callable[[Report, str], bytes]
FILES: dict[str, tuple[str, str, Maker]] = {
    "pdf": ("application/pdf", "PDF", committee_files.pdf_bytes),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
        committee_files.docx_bytes,
    ),
    "csv": ("text/csv; charset=utf-8", "CSV", lambda report, _: committee_files.csv_bytes(report)),
    "ods": (
        "application/vnd.oasis.opendocument.spreadsheet",
        "ODS spreadsheet",
        lambda report, _: committee_files.ods_bytes(report),
    ),
}


def period_query(period: Period) -> str:
    return urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()})


def equality_link(request: HttpRequest, period: Period) -> str:
    """The equality monitoring report for the same period, for those who may read it; its
    page takes the period as GOV.UK date boxes (`start_day`…)."""
    if not request.user.has_perm("reports.view_equality_monitoring"):
        return ""
    boxes = {
        f"{end}_{part}": getattr(day, part)
        for end, day in (("start", period.start), ("end", period.end))
        for part in ("day", "month", "year")
    }
    return f"{reverse('reports:equality')}?{urlencode(boxes)}"


def seen(period: Period) -> dict[str, str]:
    """What the audit event says was read."""
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def table_rows(report: Report) -> dict[str, list[list[dict[str, str]]]]:
    """Each table's rows for GOV.UK's table: the figure, this period, the previous period."""
    return {
        table.key: [
            [
                {"text": row.label},
                {"text": str(row.current), "format": "numeric"},
                {"text": str(row.previous), "format": "numeric"},
            ]
            for row in table.rows
        ]
        for _, table in report.tables()
    }


@requires(PERMISSION)
def committee_report(request: HttpRequest) -> HttpResponse:
    """The report on screen, sections as a committee paper reads, each chart with its table."""
    form, period = chosen_period(request.GET)
    report = committee.build(period)
    record_read(request, "reports.committee_report_viewed", None, **seen(period))
    query = period_query(period)
    downloads = [
        (f"{reverse('reports:committee_file', args=[kind])}?{query}", words)
        for kind, (_, words, _) in FILES.items()
        if kind != "pdf"  # a worker prints it: see ask_for_pdf
    ]
    charts = {table.key: bar_chart(table, report) for _, table in report.tables() if table.chart}
    context = {
        "form": form,
        "report": report,
        "charts": charts,
        "rows": table_rows(report),
        "downloads": downloads,
        "period_fields": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "equality": equality_link(request, period),
        "equality_note": committee_files.EQUALITY_NOTE,
    }
    return TemplateResponse(request, "reports/committee.html", context)


@requires(PERMISSION)
def committee_file(request: HttpRequest, kind: str) -> HttpResponse:
    """The report as a PDF, a Word document, CSV or ODS, for the period in the link."""
    content_type, words, make = FILES[kind]
    form, period = chosen_period(request.GET)
    if form.is_bound and not form.is_valid():
        problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    data = make(committee.build(period), identity.current().name or "The council")
    record_read(request, "reports.committee_report_downloaded", None, **seen(period), format=words)
    response = HttpResponse(data, content_type=content_type)
    name = f"committee-report-{period.start.isoformat()}-to-{period.end.isoformat()}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def asker(request: HttpRequest) -> int:
    return int(request.user.pk or 0)


@require_POST
@requires(PERMISSION)
def ask_for_pdf(request: HttpRequest) -> HttpResponse:
    """Queue the PDF for the period; the status page says when it is ready."""
    form, period = chosen_period(request.POST)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest("Choose a period on the report first")
    token = committee_tasks.ask_for_pdf(asker(request), period)
    return redirect("reports:committee_pdf", token)


@requires(PERMISSION)
def committee_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The PDF asked for: being made, ready to download, or could not be made."""
    found = committee_tasks.file_for(asker(request), token)
    state = "queued" if found is None else found.suffix.removeprefix(".")
    period = committee_tasks.period_of(found) if found else None
    context: dict[str, Any] = {"state": state, "token": token, "period": period}
    if period is not None:
        context["period_fields"] = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    return TemplateResponse(request, "reports/committee_pdf_status.html", context)


@requires(PERMISSION)
def committee_pdf_download(request: HttpRequest, token: str) -> HttpResponse:
    """The PDF, to the person who asked for it only."""
    found = committee_tasks.file_for(asker(request), token)
    if found is None or found.suffix != ".pdf":
        raise Http404("No such PDF")
    period = committee_tasks.period_of(found)
    record_read(request, "reports.committee_report_downloaded", None, **seen(period), format="PDF")
    response = HttpResponse(found.read_bytes(), content_type="application/pdf")
    name = f"committee-report-{period.start.isoformat()}-to-{period.end.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
