"""The committee report's page and its downloads (J2), for those who oversee sanctions.

Each read, on the page or as a file, is recorded with the period it covered. A wrong period
shows the error summary and the last complete quarter's figures meanwhile; a download of a
wrong period answers 400 rather than a file of other dates.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from conduct.core.audit import record_read
from conduct.core.permissions import requires
from conduct.council import identity
from conduct.reports import committee, committee_files
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
    ]
    charts = {table.key: bar_chart(table, report) for _, table in report.tables() if table.chart}
    context = {
        "form": form,
        "report": report,
        "charts": charts,
        "rows": table_rows(report),
        "downloads": downloads,
        "equality": f"/reports/equality/?{query}",
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
