"""The case's records read back as JSON: the investigation (with the needs assessment) and the
decisions with every record A1–A10 asks for, under /api/v1/cases on the decisions router.

Each is shown on the case page, so each needs `cases.view_case` for the case, and each read is
recorded in the audit trail, as looking at the case page is.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from conduct.api.auth import scoped
from conduct.api.problems import Problem
from conduct.cases.api_decisions import router
from conduct.cases.models import Case, Decision, Investigation
from conduct.core.audit import record_read

# On the decisions router: the same addresses take the POSTs that record them, and Django gives
# an address to the first router that has it.
READ = "cases:read"
ERRORS: dict[int, Any] = {403: Problem, 404: Problem}


class InvestigationOut(Schema):
    id: int
    case: str
    started_at: datetime
    started_by: str | None = Field(description="Email of who started it")
    completed_at: datetime | None
    recorded_by: str | None = Field(description="Email of who last recorded it")
    evidence_reviewed: str
    other_services_involved: str
    known_to_social_care: bool
    known_to_mental_health_services: bool
    cross_service_notes: str
    underlying_causes: str = Field(
        description="The needs assessment: unmet communication or support needs, disability (A4)"
    )
    adjustments_considered: str = Field(description="The needs assessment: adjustments (A4)")
    complaint_handled_properly: bool
    significant_new_information: bool
    more_specific_route: str
    health_and_safety_findings: str


class DecisionMemberOut(Schema):
    email: str
    declared_not_involved: bool


class DecisionRecordOut(Schema):
    id: int
    case: str
    outcome: str
    decision_body: str
    policy_pack: str = Field(description="The pack id and version it was made under (A1)")
    decided_at: datetime
    immediate: bool
    immediate_ground: str
    ratifies: int | None
    members: list[DecisionMemberOut]
    behaviour_categories: list[str]
    reasons: str
    disability_link: str
    equality_act_reasoning: str
    human_rights_reasoning: str
    staff_wellbeing: str
    mandatory_services_stay_open: bool
    protected_routes_stay_open: bool
    other_resolution: str
    legal_advice: str
    equality_assessment: str
    formal_warning: int | None = Field(description="The formal warning's id, if one was issued")
    restrictions: list[int] = Field(description="The ids of the restrictions it imposed")


def visible_case(request: HttpRequest, reference: str) -> Case:
    case = get_object_or_404(Case.objects.select_related("customer"), reference=reference)
    if not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied("The staff member this token acts as cannot see this case.")
    return case


def email_of(user: Any) -> str | None:
    return user.email if user else None


def investigation_out(found: Investigation) -> dict[str, Any]:
    fields = [
        "evidence_reviewed",
        "other_services_involved",
        "known_to_social_care",
        "known_to_mental_health_services",
        "cross_service_notes",
        "underlying_causes",
        "adjustments_considered",
        "complaint_handled_properly",
        "significant_new_information",
        "more_specific_route",
        "health_and_safety_findings",
        "completed_at",
    ]
    return {
        "id": found.pk,
        "case": found.case.reference,
        "started_at": found.created_at,
        "started_by": email_of(found.created_by),
        "recorded_by": email_of(found.modified_by),
        **{name: getattr(found, name) for name in fields},
    }


def decision_record(decision: Decision, case: Case) -> dict[str, Any]:
    warning = getattr(decision, "formal_warning", None)
    text = [
        "outcome",
        "decision_body",
        "decided_at",
        "immediate",
        "immediate_ground",
        "behaviour_categories",
        "reasons",
        "disability_link",
        "equality_act_reasoning",
        "human_rights_reasoning",
        "staff_wellbeing",
        "mandatory_services_stay_open",
        "protected_routes_stay_open",
        "other_resolution",
        "legal_advice",
        "equality_assessment",
    ]
    members = sorted(decision.members.all(), key=lambda m: m.member.email)
    return {
        "id": decision.pk,
        "case": case.reference,
        "policy_pack": f"{decision.policy_pack.pack_id} {decision.policy_pack.version}",
        "ratifies": decision.ratifies_id,
        "members": [
            {"email": m.member.email, "declared_not_involved": m.declared_not_involved}
            for m in members
        ],
        "formal_warning": warning.pk if warning else None,
        "restrictions": sorted(r.pk for r in decision.restrictions.all()),
        **{name: getattr(decision, name) for name in text},
    }


@router.get(
    "/{reference}/investigation", response={200: InvestigationOut, **ERRORS}, auth=scoped(READ)
)
def get_investigation(request: HttpRequest, reference: str) -> Status[Any]:
    """The case's investigation and needs assessment, as the case page shows it; read recorded."""
    case = visible_case(request, reference)
    found = get_object_or_404(
        Investigation.objects.select_related("created_by", "modified_by"), case=case
    )
    record_read(request, "cases.investigation_viewed", case, reference=case.reference)
    return Status(200, investigation_out(found))


@router.get(
    "/{reference}/decisions", response={200: list[DecisionRecordOut], **ERRORS}, auth=scoped(READ)
)
def list_decisions(request: HttpRequest, reference: str) -> Status[Any]:
    """The case's decisions, oldest first, with every record, as the case page shows them."""
    case = visible_case(request, reference)
    found = (
        case.decisions.select_related("policy_pack", "formal_warning")
        .prefetch_related("members__member", "restrictions")
        .order_by("decided_at", "pk")
    )
    record_read(request, "cases.decisions_viewed", case, reference=case.reference)
    return Status(200, [decision_record(d, case) for d in found])
