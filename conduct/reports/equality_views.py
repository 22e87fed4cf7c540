"""The equality monitoring page and its CSV (H2), for `reports.view_equality_monitoring` only
(the auditor, complaints and customer services). Every read is audited with its period."""

import csv
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from conduct.cases.register import cell
from conduct.core.audit import record_read
from conduct.core.forms import PeriodForm
from conduct.core.permissions import requires
from conduct.reports import equality
from conduct.reports.equality import POPULATIONS, Period, Report


class EqualityPeriodForm(PeriodForm):
    """The period to report on; both ends start as the last complete quarter."""


def chosen(request: HttpRequest) -> tuple[EqualityPeriodForm, Period | None]:
    """The form and the period asked for; no period while the form has a problem."""
    default = equality.last_complete_quarter(timezone.localdate())
    initial = {"start": default.start, "end": default.end}
    form = EqualityPeriodForm(request.GET or None, initial=initial)
    if not form.is_bound:
        return form, default
    if not form.is_valid():
        return form, None
    asked = form.cleaned_data
    return form, Period(asked.get("start") or default.start, asked.get("end") or default.end)


def period_query(period: Period) -> str:
    parts = {"start": period.start, "end": period.end}
    return "&".join(
        f"{name}_{part}={getattr(day, part)}"
        for name, day in parts.items()
        for part in ("day", "month", "year")
    )


@requires("reports.view_equality_monitoring")
def equality_page(request: HttpRequest) -> HttpResponse:
    """The suppressed tables for the period, printable; the CSV with ?format=csv."""
    form, period = chosen(request)
    if period is None:
        refused = {"form": form, "report": None, "populations": POPULATIONS}
        return TemplateResponse(request, "reports/equality.html", refused, status=400)
    report = equality.build(period)
    if request.GET.get("format") == "csv":
        record_read(
            request,
            "reports.equality_monitoring_downloaded",
            None,
            start=period.start,
            end=period.end,
        )
        response = HttpResponse(csv_text(report), content_type="text/csv")
        name = f"equality-monitoring-{period.start}-to-{period.end}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    record_read(
        request, "reports.equality_monitoring_viewed", None, start=period.start, end=period.end
    )
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "populations": POPULATIONS,
        "method": equality.METHOD,
        "csv_query": period_query(period),
    }
    return TemplateResponse(request, "reports/equality.html", context)


CSV_HEAD = [
    "Characteristic",
    "Category",
    *[f"{p.name}: {what}" for p in POPULATIONS for what in ("count", "share")],
    "Relative rate",
    "95% confidence interval",
]


def csv_text(report: Report) -> str:
    """The page's table, row for row; a suppressed figure is its words, as on the page."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Period", str(report.period.start), str(report.period.end)])
    writer.writerow(
        [
            "Population size",
            *[f"{p.name}: {n}" for p, n in zip(POPULATIONS, report.sizes, strict=True)],
        ]
    )
    writer.writerow(CSV_HEAD)
    for table in report.tables:
        for row in table.rows:
            figures = [text for f in row.figures for text in (f.count_text, f.share_text)]
            rate = row.relative_rate
            writer.writerow(
                [cell(table.label), cell(row.category), *figures, rate.text, rate.interval_text]
            )
    return out.getvalue()
