"""The cases routes of the JSON API: the list and one case (scope cases:read)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from conduct.api.auth import scoped
from conduct.api.schemas import MAX_OFFSET, Input
from conduct.cases.api_decision_pack import router as decision_pack_router
from conduct.cases.api_decisions import router as decisions_router
from conduct.cases.api_reviews import router as reviews_router
from conduct.cases.models import Case
from conduct.cases.rules import visible_cases
from conduct.core.audit import record

router = Router(tags=["cases"])


class CaseOut(Schema):
    reference: str
    status: str
    customer: str = Field(description="The customer’s reference")
    customer_name: str
    incidents: list[str] = Field(description="References of the incidents in the case")
    reason: str = Field(description="Why the line manager escalated")
    opened_by: str | None = Field(description="Email of who opened it; null for the system")
    opened_at: datetime
    policy_pack: str = Field(description="The pack id and version the case runs under")

    @staticmethod
    def resolve_customer(case: Case) -> str:
        return case.customer.reference

    @staticmethod
    def resolve_customer_name(case: Case) -> str:
        return case.customer.full_name

    @staticmethod
    def resolve_incidents(case: Case) -> list[str]:
        return sorted(incident.reference for incident in case.incidents.all())

    @staticmethod
    def resolve_opened_by(case: Case) -> str | None:
        return case.created_by.email if case.created_by else None

    @staticmethod
    def resolve_opened_at(case: Case) -> datetime:
        return case.created_at

    @staticmethod
    def resolve_policy_pack(case: Case) -> str:
        return f"{case.policy_pack.pack_id} {case.policy_pack.version}"


class CasePage(Schema):
    items: list[CaseOut]
    count: int


class CaseQuery(Input):
    status: Case.Status | None = Field(None, description="Only cases in this status")
    customer: str | None = Field(
        None, max_length=12, description="Only cases for this customer reference"
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(50, ge=1, le=200)


def allowed_to_see_cases(request: HttpRequest) -> None:
    if not request.user.has_perm("cases.view_cases"):
        raise PermissionDenied("The staff member this token acts as cannot see cases.")


def cases() -> Any:
    return Case.objects.select_related("customer", "created_by", "policy_pack").prefetch_related(
        "incidents"
    )


@router.get("", response=CasePage, auth=scoped("cases:read"))
def list_cases(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    """Cases, newest first, filtered by status or customer."""
    allowed_to_see_cases(request)
    found = cases().filter(pk__in=visible_cases(request.user).values("pk"))
    found = found.order_by("-created_at", "-pk")
    if query.status:
        found = found.filter(status=query.status)
    if query.customer:
        found = found.filter(customer__reference=query.customer)
    items = list(found[query.offset : query.offset + query.limit])
    return {"items": items, "count": found.count()}


@router.get("/{reference}", response=CaseOut, auth=scoped("cases:read"))
def get_case(request: HttpRequest, reference: str) -> Case:
    """One case; each read is recorded, as on the case page."""
    case = get_object_or_404(cases(), reference=reference)
    if not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied("The staff member this token acts as cannot see this case.")
    record(
        "cases.case_viewed",
        actor=request.user,
        target=case,
        payload={"path": request.path, "reference": case.reference},
    )
    return case


# The workflow's routes (decisions, restrictions, reviews, appeals), under the same address.
router.add_router("", decisions_router)
router.add_router("", reviews_router)
router.add_router("", decision_pack_router)
