"""The cases routes of the JSON API: the list and one case (scope cases:read)."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from conduct.api.auth import scoped
from conduct.api.schemas import MAX_OFFSET, Input
from conduct.cases import api_records  # noqa: F401  its reads join the decisions router
from conduct.cases.api_decision_pack import router as decision_pack_router
from conduct.cases.api_decisions import router as decisions_router
from conduct.cases.api_ombudsman import router as ombudsman_router
from conduct.cases.api_reviews import router as reviews_router
from conduct.cases.models import Case
from conduct.cases.rules import visible_cases
from conduct.core.audit import record

router = Router(tags=["cases"])


class DecisionRefOut(Schema):
    id: int
    outcome: str
    decided_at: datetime
    immediate: bool
    ratifies: int | None = Field(description="The immediate decision this one ratifies, if any")


class WarningRefOut(Schema):
    id: int
    decision: int
    status: str
    monitoring_until: date


class ReviewRefOut(Schema):
    id: int
    restriction: int
    due_on: date
    completed_at: datetime | None
    outcome: str


class RestrictionRefOut(Schema):
    id: int
    decision: int
    type: str = Field(description="The pack’s restriction type id")
    type_name: str = Field(description="The pack’s name for the type")
    status: str
    review_on: date | None
    open_review: int | None = Field(description="The id of the review waiting to be completed")


class AppealRefOut(Schema):
    id: int
    decision: int
    received_on: date
    appeals_officer: str | None
    decided_at: datetime | None
    outcome: str


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
    ladder_step: str
    investigation: bool = Field(description="Whether the investigation has been recorded")
    decisions: list[DecisionRefOut]
    formal_warnings: list[WarningRefOut]
    restrictions: list[RestrictionRefOut]
    reviews: list[ReviewRefOut]
    appeals: list[AppealRefOut]

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

    @staticmethod
    def resolve_investigation(case: Case) -> bool:
        found = getattr(case, "investigation", None)
        return found is not None and found.completed_at is not None

    @staticmethod
    def resolve_decisions(case: Case) -> list[dict[str, Any]]:
        return [
            {
                "id": d.pk,
                "outcome": d.outcome,
                "decided_at": d.decided_at,
                "immediate": d.immediate,
                "ratifies": d.ratifies_id,
            }
            for d in sorted(case.decisions.all(), key=lambda d: (d.decided_at, d.pk))
        ]

    @staticmethod
    def resolve_formal_warnings(case: Case) -> list[dict[str, Any]]:
        return [
            {
                "id": w.pk,
                "decision": w.decision_id,
                "status": w.status,
                "monitoring_until": w.monitoring_until,
            }
            for w in sorted(case.formal_warnings.all(), key=lambda w: w.pk)
        ]

    @staticmethod
    def resolve_restrictions(case: Case) -> list[dict[str, Any]]:
        found = sorted(case.restrictions.all(), key=lambda r: r.pk)
        open_reviews = {
            review.restriction_id: review.pk
            for r in found
            for review in r.reviews.all()
            if review.completed_at is None
        }
        return [
            {
                "id": r.pk,
                "decision": r.decision_id,
                "type": r.type,
                "type_name": r.type_name,
                "status": r.status,
                "review_on": r.review_on,
                "open_review": open_reviews.get(r.pk),
            }
            for r in found
        ]

    @staticmethod
    def resolve_reviews(case: Case) -> list[dict[str, Any]]:
        every = [review for r in case.restrictions.all() for review in r.reviews.all()]
        found = sorted(every, key=lambda r: (r.due_on, r.pk))
        return [
            {
                "id": r.pk,
                "restriction": r.restriction_id,
                "due_on": r.due_on,
                "completed_at": r.completed_at,
                "outcome": r.outcome,
            }
            for r in found
        ]

    @staticmethod
    def resolve_appeals(case: Case) -> list[dict[str, Any]]:
        found = sorted(case.appeals.all(), key=lambda a: (a.received_on, a.pk))
        return [
            {
                "id": a.pk,
                "decision": a.decision_id,
                "received_on": a.received_on,
                "appeals_officer": a.appeals_officer.email if a.appeals_officer else None,
                "decided_at": a.decided_at,
                "outcome": a.outcome,
            }
            for a in found
        ]


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
    return Case.objects.select_related(
        "customer", "created_by", "policy_pack", "investigation"
    ).prefetch_related(
        "incidents",
        "decisions",
        "formal_warnings",
        "appeals__appeals_officer",
        "restrictions__decision__policy_pack",
        "restrictions__reviews",
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
router.add_router("", ombudsman_router)
