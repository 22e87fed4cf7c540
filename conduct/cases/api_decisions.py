"""The decision workflow's moves in the JSON API, mounted under /api/v1/cases.

Each endpoint is a thin door into conduct.cases.decisions with the web pages'
checks: scope cases:write, then `cases.view_case` and the pack's roles for the
move (403), then the workflow and the policy (409 Conflict, with the reason).
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from conduct.accounts.models import User
from conduct.api.auth import scoped
from conduct.api.endpoints import acting_user
from conduct.api.idempotency import once
from conduct.api.moves import MoveOut, moves_out
from conduct.api.problems import Problem
from conduct.api.schemas import Input, PathId
from conduct.cases import decisions
from conduct.cases.decisions import FormalWarningTerms, RestrictionTerms
from conduct.cases.models import Case, Decision, DisabilityLink, Outcome, Restriction
from conduct.core.refusals import bad_answer
from conduct.customers.models import CouncilService, Representative

router = Router(tags=["Cases"])
WRITE = "cases:write"
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10000)]
ERRORS: dict[int, Any] = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


# Schemas ------------------------------------------------------------------------------------


class CaseStateOut(Schema):
    reference: str
    status: str
    ladder_step: str
    moves: list[MoveOut] = Field(description="What the acting staff member may do next")


class CaseReasonIn(Input):
    reason: Text


class InvestigationIn(Input):
    evidence_reviewed: Text
    underlying_causes: Text
    adjustments_considered: Text
    complaint_handled_properly: bool
    other_services_involved: Text = ""
    known_to_social_care: bool = False
    known_to_mental_health_services: bool = False
    cross_service_notes: Text = ""
    significant_new_information: bool = False
    more_specific_route: Text = ""
    health_and_safety_findings: Text = ""


class RestrictionIn(Input):
    type: str = Field(
        max_length=100, description="A restriction type id from the case's policy pack"
    )
    parameters: dict[str, Any] = Field(default_factory=dict)
    scope: Restriction.Scope = Restriction.Scope.SERVICES
    services: list[str] = Field(default_factory=list, description="Council service slugs")
    representative: int | None = Field(None, description="Restrict this representative only")
    review_in_months: int | None = None
    whole_council_reason: Text = ""
    adjustment_resolution: Text = ""


class WarningIn(Input):
    behaviour: Text
    single_point_of_contact: str = Field(max_length=254, description="Email of the member of staff")
    monitoring_months: int | None = None


class RecordsIn(Input):
    reasons: Text
    disability_link: DisabilityLink
    equality_act_reasoning: Text
    human_rights_reasoning: Text
    staff_wellbeing: Text
    mandatory_services_stay_open: bool
    protected_routes_stay_open: bool


class DecisionIn(RecordsIn):
    members: list[str] = Field(description="Emails of the members who decided")
    outcome: Outcome
    behaviour_categories: list[str]
    other_resolution: Text = ""
    legal_advice: Text = ""
    equality_assessment: Text = ""
    formal_warning: WarningIn | None = None
    restrictions: list[RestrictionIn] = Field(default_factory=list)


class ImmediateIn(RecordsIn):
    ground: str = Field(
        max_length=100, description="A ground id from the pack's immediate_restriction"
    )
    behaviour_categories: list[str]
    restrictions: list[RestrictionIn]


class RatificationIn(RecordsIn):
    members: list[str]
    confirm: bool


class DecidedRestrictionOut(Schema):
    id: int
    type: str
    parameters: dict[str, Any]
    scope: str
    status: str
    starts_on: date
    review_on: date | None
    must_end_by: date
    ratify_by: date | None
    representative: int | None = Field(None, description="The representative restricted, if any")


class ActedAsOut(Schema):
    email: str
    post: str = Field(description="The pack's post id the member acted in; empty if none")
    post_name: str = Field(description="The post as the pack names it; empty if none")


class DecisionOut(Schema):
    id: int
    case: str
    outcome: str
    decision_body: str
    policy_pack: str = Field(description="The pack id and version it was made under (A1)")
    decided_at: datetime
    immediate: bool
    immediate_ground: str
    members: list[str]
    acted_as: list[ActedAsOut] = Field(description="The post each member acted in")
    restrictions: list[DecidedRestrictionOut]
    formal_warning_until: date | None


# Helpers ------------------------------------------------------------------------------------


def case_for(request: HttpRequest, reference: str, move: str) -> Case:
    """The case, if the acting person may see it and their role may make this move."""
    case = get_object_or_404(Case.objects.select_related("policy_pack"), reference=reference)
    if not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied("The staff member this token acts as cannot see this case.")
    if not decisions.role_allows(move, acting_user(request), case):
        raise PermissionDenied("The staff member’s role cannot make this move under this policy.")
    return case


def staff(emails: list[str]) -> list[User]:
    found = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
    missing = [email for email in emails if email.lower() not in found]
    if missing:
        raise bad_answer(f"No member of staff has the email {', '.join(missing)}.")
    return [found[email.lower()] for email in emails]


def terms_of(body: RestrictionIn, case: Case) -> RestrictionTerms:
    services = list(CouncilService.objects.filter(slug__in=body.services))
    if len(services) != len(set(body.services)):
        raise bad_answer("A service named is not one of the council’s services.")
    representative = None
    if body.representative is not None:
        representative = Representative.objects.filter(pk=body.representative).first()
        if representative is None:
            raise bad_answer("There is no representative with that id.")
    return RestrictionTerms(
        type=body.type,
        parameters=body.parameters,
        scope=body.scope,
        services=services,
        representative=representative,
        review_in_months=body.review_in_months,
        whole_council_reason=body.whole_council_reason,
        adjustment_resolution=body.adjustment_resolution,
    )


def warning_of(body: WarningIn | None) -> FormalWarningTerms | None:
    if body is None:
        return None
    return FormalWarningTerms(
        behaviour=body.behaviour,
        single_point_of_contact=staff([body.single_point_of_contact])[0],
        monitoring_months=body.monitoring_months,
    )


def run(request: HttpRequest, work: Callable[[], Any], answer: Callable[[Any], Any]) -> Status[Any]:
    """Do the move once (Idempotency-Key); a refusal is the API's problem document."""

    def attempt() -> tuple[int, Any]:
        return 201, answer(work())

    return Status(*once(request, attempt))


def state_of(case: Case, person: User) -> dict[str, Any]:
    case.refresh_from_db()
    return {
        "reference": case.reference,
        "status": case.status,
        "ladder_step": case.ladder_step,
        "moves": moves_out(person, case),
    }


def decision_out(decision: Decision) -> dict[str, Any]:
    warning = getattr(decision, "formal_warning", None)
    restrictions = [restriction_out(r) for r in decision.restrictions.order_by("pk")]
    members = decision.members.select_related("member").order_by("member__email")
    return {
        "id": decision.pk,
        "case": decision.case.reference,
        "outcome": decision.outcome,
        "decision_body": decision.decision_body,
        "policy_pack": f"{decision.policy_pack.pack_id} {decision.policy_pack.version}",
        "decided_at": decision.decided_at.isoformat(),
        "immediate": decision.immediate,
        "immediate_ground": decision.immediate_ground,
        "members": sorted(m.member.email for m in members),
        "acted_as": [
            {"email": m.member.email, "post": m.post, "post_name": m.post_name} for m in members
        ],
        "restrictions": restrictions,
        "formal_warning_until": warning.monitoring_until.isoformat() if warning else None,
    }


def restriction_out(restriction: Restriction) -> dict[str, Any]:
    fields = ["id", "type", "parameters", "scope", "status", "starts_on", "review_on"]
    out = {name: getattr(restriction, name) for name in [*fields, "must_end_by", "ratify_by"]}
    out["representative"] = restriction.representative_id
    return DecidedRestrictionOut(**out).model_dump(mode="json")


# Endpoints ----------------------------------------------------------------------------------


@router.get("/{reference}/moves", response={200: CaseStateOut, **ERRORS}, auth=scoped("cases:read"))
def moves(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Where the case stands, and the moves the acting staff member may make now."""
    case = get_object_or_404(Case, reference=reference)
    if not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied("The staff member this token acts as cannot see this case.")
    return state_of(case, acting_user(request))


def case_move(
    request: HttpRequest, reference: str, name: str, work: Callable[[Case, User], Any]
) -> Status[Any]:
    case = case_for(request, reference, name)
    person = acting_user(request)
    return run(request, lambda: work(case, person), lambda _: state_of(case, person))


@router.post(
    "/{reference}/investigation/start",
    response={201: CaseStateOut, **ERRORS},
    auth=scoped(WRITE),
)
def investigation_start(request: HttpRequest, reference: str) -> Status[Any]:
    """Start the investigation."""
    return case_move(
        request,
        reference,
        "start_investigation",
        lambda case, by: decisions.start_investigation(case, by=by),
    )


@router.post(
    "/{reference}/investigation", response={201: CaseStateOut, **ERRORS}, auth=scoped(WRITE)
)
def investigation(request: HttpRequest, reference: str, body: InvestigationIn) -> Status[Any]:
    """Record the investigation: evidence, cross-service check, underlying causes (A4, A8)."""
    return case_move(
        request,
        reference,
        "record_investigation",
        lambda case, by: decisions.record_investigation(case, by=by, **body.model_dump()),
    )


@router.post("/{reference}/ladder", response={201: CaseStateOut, **ERRORS}, auth=scoped(WRITE))
def ladder(request: HttpRequest, reference: str, body: CaseReasonIn) -> Status[Any]:
    """Move the case up to the pack's next ladder step."""
    return case_move(
        request,
        reference,
        "move_up_the_ladder",
        lambda case, by: decisions.move_up_the_ladder(case, by=by, reason=body.reason),
    )


@router.post("/{reference}/close", response={201: CaseStateOut, **ERRORS}, auth=scoped(WRITE))
def close(request: HttpRequest, reference: str, body: CaseReasonIn) -> Status[Any]:
    """Close a decided case once nothing is live."""
    return case_move(
        request,
        reference,
        "close_case",
        lambda case, by: decisions.close_case(case, by=by, reason=body.reason),
    )


@router.post("/{reference}/decisions", response={201: DecisionOut, **ERRORS}, auth=scoped(WRITE))
def decision(request: HttpRequest, reference: str, body: DecisionIn) -> Status[Any]:
    """Record the decision body's decision with every record A1–A10 needs."""
    case = case_for(request, reference, "record_decision")
    answers = body.model_dump(exclude={"members", "formal_warning", "restrictions"})

    def work() -> Decision:
        return decisions.record_decision(
            case,
            by=acting_user(request),
            members=staff(body.members),
            formal_warning=warning_of(body.formal_warning),
            restrictions=[terms_of(each, case) for each in body.restrictions],
            **answers,
        )

    return run(request, work, decision_out)


@router.post(
    "/{reference}/immediate-restrictions",
    response={201: DecisionOut, **ERRORS},
    auth=scoped(WRITE),
)
def immediate(request: HttpRequest, reference: str, body: ImmediateIn) -> Status[Any]:
    """Restrict at once on one of the pack's serious grounds; the decision body ratifies it."""
    case = case_for(request, reference, "impose_immediate_restriction")
    answers = body.model_dump(exclude={"restrictions"})

    def work() -> Decision:
        return decisions.impose_immediate_restriction(
            case,
            by=acting_user(request),
            restrictions=[terms_of(each, case) for each in body.restrictions],
            **answers,
        )

    return run(request, work, decision_out)


@router.post(
    "/{reference}/decisions/{decision_id}/ratification",
    response={201: DecisionOut, **ERRORS},
    auth=scoped(WRITE),
)
def ratification(
    request: HttpRequest, reference: str, decision_id: PathId, body: RatificationIn
) -> Status[Any]:
    """The ratifying body confirms the immediate restriction, or lets it lapse."""
    case = case_for(request, reference, "ratify_immediate_restriction")
    immediate_decision = get_object_or_404(Decision, pk=decision_id, case=case, immediate=True)
    answers = body.model_dump(exclude={"members"})

    def work() -> Decision:
        return decisions.ratify_immediate_restriction(
            case,
            immediate_decision,
            by=acting_user(request),
            members=staff(body.members),
            **answers,
        )

    return run(request, work, decision_out)
