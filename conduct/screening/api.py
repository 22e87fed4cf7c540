"""The screening routes of the JSON API: POST /screen and POST /pre-visit-checks (scope `screen`).

The same services as the pages, the same permission for the staff member the
token acts as, and the same answer: who it may be, why, and how to handle them
safely. Nothing else: no narrative, no restricted detail, no equality or
safeguarding data. Screening changes nothing but the log, so it needs no
Idempotency-Key.
"""

from datetime import date
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.problems import Problem
from conduct.api.schemas import Input
from conduct.screening import services
from conduct.screening.engine import ScreeningQuery
from conduct.screening.models import ScreeningLog

router = Router(tags=["screening"])
SCREEN = scoped("screen")
ERRORS: dict[int, Any] = {403: Problem, 422: Problem}
T = TypeVar("T")


def Text(limit: int, description: str = "") -> Any:  # noqa: N802  reads as a type in the schemas
    return Field("", max_length=limit, description=description)


class ScreenIn(Input):
    name: str = Text(200, "The whole name, in any order")
    date_of_birth: str = Text(20, "27/3/1980, 1980-03-27, 3/1980 or just 1980")
    address: str = Text(200, "The first line, or the whole address with its postcode")
    postcode: str = Text(10)
    uprn: str = Text(14)
    email: str = Text(254)
    phone: str = Text(30)
    reference: str = Text(40, "Conduct's reference for the person, or the council's own")
    purpose: ScreeningLog.Purpose = ScreeningLog.Purpose.CALLER
    limit: int = Field(10, ge=1, le=25, description="The most matches to return")


class ScreenedMarkerOut(Schema):
    reference: str
    category: str
    code: str
    severity: str
    handling: str
    needs_acknowledgement: bool
    review_on: date


class ScreenedRestrictionOut(Schema):
    type: str
    services: list[str]
    terms: list[str]
    review_on: date | None


class MatchOut(Schema):
    reference: str
    name: str
    date_of_birth: date | None
    score: float = Field(description="0 to 1; 0.9 or more is a strong match")
    strong: bool
    how_sure: str = Field(description="In words: how likely this is the person, and what to do")
    shown_for_safety: bool = Field(
        description="Below the usual threshold, shown because the name fits someone staff must "
        "be warned about (a live marker or restriction)"
    )
    reasons: list[str]
    markers: list[ScreenedMarkerOut]
    restrictions: list[ScreenedRestrictionOut]


class NotUsedOut(Schema):
    field: str
    detail: str = Field(description="Why it was not used, as staff read it")


class ScreenOut(Schema):
    screening: int = Field(description="The id of the logged screening")
    fields_given: list[str] = Field(description="The details screened on")
    not_used: list[NotUsedOut] = Field(description="Details given that could not be read")
    matches: list[MatchOut]


class PreVisitCheckIn(Input):
    line_1: str = Text(200, "The first line of the address")
    postcode: str = Text(10)
    uprn: str = Text(14)


class OccupierOut(Schema):
    reference: str
    name: str
    markers: list[ScreenedMarkerOut]
    restrictions: list[ScreenedRestrictionOut]


class PreVisitCheckOut(Schema):
    screening: int = Field(description="The id of the logged check")
    premises_markers: list[ScreenedMarkerOut]
    occupiers: list[OccupierOut]


def allowed(request: HttpRequest, permission: str) -> User:
    user = cast(User, request.user)
    if not user.has_perm(permission):
        raise PermissionDenied(f"The staff member this token acts as needs {permission}.")
    return user


@router.post("/screen", response={200: ScreenOut, **ERRORS}, auth=SCREEN)
def screen(request: HttpRequest, body: ScreenIn) -> dict[str, Any]:
    """Who this may be, best first, with each match’s live markers and restrictions."""
    user = allowed(request, "screening.screen")
    query = ScreeningQuery(**body.dict(exclude={"purpose", "limit"}))
    result = services.screen_for(
        query, by=user, purpose=body.purpose, channel=services.Channel.API, limit=body.limit
    )
    return {
        "screening": result.log_id,
        "fields_given": result.fields_given,
        "not_used": [{"field": name, "detail": why} for name, why in result.not_used.items()],
        "matches": result.matches,
    }


@router.post("/pre-visit-checks", response={200: PreVisitCheckOut, **ERRORS}, auth=SCREEN)
def pre_visit_check(request: HttpRequest, body: PreVisitCheckIn) -> dict[str, Any]:
    """Hazards at an address and live markers on the people who live there."""
    user = allowed(request, "screening.check_before_visit")
    address = services.VisitAddress(**body.dict())
    check = services.check_before_visit(address, by=user, channel=services.Channel.API)
    return {
        "screening": check.log_id,
        "premises_markers": check.premises_markers,
        "occupiers": check.occupiers,
    }
