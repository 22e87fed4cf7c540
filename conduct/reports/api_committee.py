"""The committee report in the JSON API: `GET /api/v1/reports/committee?from=&to=`.

The same figures as the page, for a council's business intelligence tool: scope
`reports:committee`, then `reports.view_committee_report` for the staff member the token
acts as (403), then the period (422 naming `from` or `to`). Every read is audited with its
period, as the page's are.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from conduct.api.auth import scoped
from conduct.api.endpoints import acting_user
from conduct.api.problems import Problem
from conduct.api.schemas import Input
from conduct.core.audit import record_read
from conduct.reports import committee
from conduct.reports.committee import Figure, Period, Report, Share
from conduct.reports.committee_forms import api_period_problems
from conduct.reports.scopes import COMMITTEE

router = Router(tags=["Reports"])


class CommitteePeriodIn(Input):
    start: date | None = Field(None, alias="from", description="First day; default: last quarter")
    end: date | None = Field(None, alias="to", description="Last day; at most 5 years on")


class CommitteePeriodOut(Schema):
    start: date = Field(alias="from")
    end: date = Field(alias="to")


class CommitteeFigureOut(Schema):
    count: int
    out_of: int | None = Field(description="For a share (reviews held on time): out of how many")
    percent: int | None = Field(description="For a share: count as a whole percentage of out_of")


class CommitteeRowOut(Schema):
    label: str = Field(description="The figure, in the policy pack’s own words")
    this_period: CommitteeFigureOut
    previous_period: CommitteeFigureOut


class CommitteeTableOut(Schema):
    key: str
    caption: str
    rows: list[CommitteeRowOut]


class CommitteeSectionOut(Schema):
    key: str
    title: str
    tables: list[CommitteeTableOut]


class CommitteeReportOut(Schema):
    period: CommitteePeriodOut
    previous_period: CommitteePeriodOut
    sections: list[CommitteeSectionOut]


def figure_out(value: Figure) -> dict[str, Any]:
    if isinstance(value, Share):
        return {"count": value.count, "out_of": value.of, "percent": value.percent}
    return {"count": value, "out_of": None, "percent": None}


def period_out(period: Period) -> dict[str, date]:
    return {"from": period.start, "to": period.end}


def report_out(report: Report) -> dict[str, Any]:
    return {
        "period": period_out(report.period),
        "previous_period": period_out(report.previous),
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "tables": [
                    {
                        "key": table.key,
                        "caption": table.caption,
                        "rows": [
                            {
                                "label": row.label,
                                "this_period": figure_out(row.current),
                                "previous_period": figure_out(row.previous),
                            }
                            for row in table.rows
                        ],
                    }
                    for table in section.tables
                ],
            }
            for section in report.sections
        ],
    }


@router.get(
    "",
    response={200: CommitteeReportOut, 403: Problem, 422: Problem},
    auth=scoped(COMMITTEE),
    by_alias=True,
)
def get_committee_report(request: HttpRequest, asked: Query[CommitteePeriodIn]) -> dict[str, Any]:
    """The committee report's figures for the period, each beside the previous period's."""
    if not acting_user(request).has_perm("reports.view_committee_report"):
        raise PermissionDenied("The staff member this token acts as cannot read this report.")
    period, problems = api_period_problems(asked.start, asked.end)
    if problems:
        raise ValidationError(
            [
                {"loc": ("query", name), "msg": problem, "type": "period"}
                for name, problem in problems.items()
            ]
        )
    record_read(
        request,
        "reports.committee_report_viewed",
        None,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
    )
    return report_out(committee.build(period))
