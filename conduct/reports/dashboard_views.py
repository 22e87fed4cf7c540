"""The oversight dashboard page, at /reports/ (J1, D7)."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from conduct.core.audit import record_read
from conduct.core.permissions import requires
from conduct.reports import dashboard_presenters
from conduct.reports.dashboard import SAFEGUARDING_DAYS, dashboard


@requires("reports.view_dashboard")
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """The council's sanctions today, most urgent first; each figure links to its list."""
    record_read(request, "reports.dashboard_viewed", None, via="on its page")
    context = {
        "tables": dashboard_presenters.tables(request, dashboard()),
        "safeguarding_days": SAFEGUARDING_DAYS,
    }
    return TemplateResponse(request, "reports/dashboard.html", context)
