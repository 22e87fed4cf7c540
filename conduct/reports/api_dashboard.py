"""The oversight dashboard as JSON, at /api/v1/reports/dashboard, for a council's reporting tools.

The same figures as the page (conduct/reports/dashboard.py): scope `reports:dashboard` first, then
the acting staff member's permission (reports.view_dashboard, 403). Each read is audited.
"""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from conduct.api.auth import scoped
from conduct.api.problems import Problem
from conduct.api.schemas import Input
from conduct.cases.api_reviews import allowed
from conduct.core.audit import record_read
from conduct.reports.dashboard import ROWS, Section, dashboard
from conduct.reports.scopes import DASHBOARD

router = Router(tags=["Reports"])
ERRORS: dict[int, Any] = {403: Problem, 422: Problem}


class DashboardQuery(Input):
    rows: int = Field(ROWS, ge=0, le=200, description="Rows listed in each section, at most 200")


class DashboardFigureOut(Schema):
    key: str = Field(description="Stable within a section, such as `overdue`")
    label: str
    count: int
    link: str = Field(description="The web page listing what is counted")


class DashboardRowOut(Schema):
    id: int = Field(description="The review's, appeal's, restriction's, incident's or duty's id")
    customer: str
    customer_reference: str
    reference: str = Field(description="The case's reference, or the incident's")
    what: str
    on: date | None = Field(description="The date that matters: due, decide by, since")
    days: int | None = Field(description="Days overdue or waiting")
    note: str


class DashboardMedianOut(Schema):
    key: str
    label: str
    hours: float | None


class DashboardSectionOut(Schema):
    key: str
    heading: str
    figures: list[DashboardFigureOut]
    rows: list[DashboardRowOut]
    medians: list[DashboardMedianOut]
    notes: list[str]
    oldest_on: date | None


class DashboardOut(Schema):
    generated_at: datetime
    sections: list[DashboardSectionOut]


def section_out(request: HttpRequest, section: Section) -> dict[str, Any]:
    return {
        "key": section.key,
        "heading": section.heading,
        "figures": [
            {**vars(figure), "link": request.build_absolute_uri(figure.href)}
            for figure in section.figures
        ],
        "rows": [vars(row) for row in section.rows],
        "medians": [vars(median) for median in section.medians],
        "notes": section.notes,
        "oldest_on": section.oldest_on,
    }


@router.get("", response={200: DashboardOut, **ERRORS}, auth=scoped(DASHBOARD))
def read_dashboard(request: HttpRequest, query: Query[DashboardQuery]) -> Any:
    """The oversight dashboard's figures, each with the web link to its list
    (reports.view_dashboard); each read audited."""
    allowed(request, "reports.view_dashboard")
    record_read(request, "reports.dashboard_viewed", None, via="through the API")
    sections = dashboard(query.rows)
    return {
        "generated_at": timezone.now(),
        "sections": [section_out(request, section) for section in sections],
    }
