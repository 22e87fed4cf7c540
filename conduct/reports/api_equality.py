"""Equality monitoring in the JSON API, mounted under /api/v1/reports/equality.

`GET /api/v1/reports/equality?from=&to=` answers the page's suppressed figures: scope
`reports:equality`, then `reports.view_equality_monitoring` for the staff member the token
acts as. A hidden figure is `null` with its words in `suppressed`, never its count. The period
defaults to the last complete quarter; a date in the future, a `to` before the `from` or a
period over 5 years is a 422 problem. Every read is audited with its period.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from conduct.api.auth import scoped
from conduct.api.endpoints import acting_user
from conduct.api.problems import Problem
from conduct.api.schemas import Input
from conduct.core.audit import record_read
from conduct.core.periods import period_problems
from conduct.reports import equality
from conduct.reports.scopes import EQUALITY

router = Router(tags=["Reports"])
ERRORS: dict[int, Any] = {403: Problem, 422: Problem}
NAMES = {"start": "from", "end": "to"}


class EqualityPeriodQuery(Input):
    start: date | None = Field(
        None, alias="from", description="First day; default the last complete quarter's"
    )
    end: date | None = Field(
        None, alias="to", description="Last day; default the last complete quarter's"
    )


class EqualityFigureOut(Schema):
    count: int | None = Field(description="Null when suppressed")
    share: float | None = Field(description="Of the whole population, 0 to 1; null when suppressed")
    suppressed: str | None = Field(description="'fewer than 5', 'withheld' or null")


class EqualityRateOut(Schema):
    value: float | None
    low: float | None = Field(description="95% confidence interval, Katz log method")
    high: float | None
    note: str | None = Field(description="Why there is no value: withheld, cannot be calculated")


class EqualityRowOut(Schema):
    category: str
    sanctioned: EqualityFigureOut = Field(
        description="Customers warned or restricted in the period"
    )
    incident: EqualityFigureOut = Field(description="Customers with an incident in the period")
    all: EqualityFigureOut = Field(description="All customers on the register by the period's end")
    relative_rate: EqualityRateOut


class EqualityCharacteristicOut(Schema):
    key: str
    name: str
    rows: list[EqualityRowOut]


class EqualityPopulationOut(Schema):
    key: str
    name: str
    size: int


class EqualityReportOut(Schema):
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    populations: list[EqualityPopulationOut]
    characteristics: list[EqualityCharacteristicOut]
    method: str


@router.get("", response={200: EqualityReportOut, **ERRORS}, auth=scoped(EQUALITY), by_alias=True)
def equality_monitoring(request: HttpRequest, query: Query[EqualityPeriodQuery]) -> Status[Any]:
    """The equality monitoring report's suppressed figures (reports.view_equality_monitoring)."""
    if not acting_user(request).has_perm("reports.view_equality_monitoring"):
        raise PermissionDenied(
            "The staff member this token acts as cannot read equality monitoring."
        )
    today = timezone.localdate()
    default = equality.last_complete_quarter(today)
    period = equality.Period(query.start or default.start, query.end or default.end)
    problems = period_problems(period.start, period.end, today=today)
    if problems:
        raise ValidationError(
            [
                {"loc": ("query", NAMES[name]), "msg": problem, "type": "period"}
                for name, problem in problems.items()
            ]
        )
    report = equality.build(period)
    record_read(
        request, "reports.equality_monitoring_viewed", None, start=period.start, end=period.end
    )
    return Status(200, equality.as_dict(report))
