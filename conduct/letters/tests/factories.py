"""Cases with every kind of outcome a letter answers, under any pack, and letters about them.

The decision records are written with the cases factories (as the decision
services leave them), so these tests do not depend on the decision pages.
"""

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases.models import Appeal, Case, CustomerMustBeTold, Decision, Restriction, Review
from conduct.cases.tests import factories_reviews
from conduct.cases.tests.factories import council_service
from conduct.customers.models import Customer
from conduct.customers.services import add_address, add_adjustment, add_email_address
from conduct.incidents import informal
from conduct.incidents.models import InformalWarning
from conduct.letters import services
from conduct.letters.models import Letter
from conduct.policy.models import PolicyPack
from conduct.policy.schema import PolicyPackFile
from conduct.policy.services import load_policy_pack

PACKS = sorted(p.stem for p in settings.POLICY_DIR.glob("*.toml"))
REASONS = "You shouted at reception staff on three visits after a warning."


def pack_file(pack_id: str) -> PolicyPackFile:
    """The pack as its file says, without the database (for parametrising tests)."""
    with open(settings.POLICY_DIR / f"{pack_id}.toml", "rb") as handle:
        return PolicyPackFile.model_validate(tomllib.load(handle))


def pack(pack_id: str = "model") -> PolicyPack:
    return load_policy_pack(settings.POLICY_DIR / f"{pack_id}.toml", by=None, activate=True)


def with_address(customer: Customer) -> Customer:
    add_address(customer, line_1="12 Minster Yard", town="Lincoln", postcode="LN2 1PX", by=None)
    add_email_address(customer, email="sam@example.org", by=None)
    return customer


@dataclass
class Outcomes:
    """A case under one pack holding a decision of each kind the letters answer."""

    case: Case
    warning_decision: Decision
    restriction_decision: Decision
    immediate_decision: Decision
    restriction: Restriction
    review: Review
    appeal: Appeal
    informal_warning: InformalWarning


def decided(pack_id: str = "model", *, housing: bool = False) -> Outcomes:
    """A case under the pack with a warning, a restriction, an immediate one, a review and an appeal."""
    policy = pack(pack_id)
    case = factories_reviews.decided_case()
    Case.objects.filter(pk=case.pk).update(policy_pack=policy)
    case.refresh_from_db()
    with_address(case.customer)
    warning_decision = factories_reviews.decision(case, outcome="formal-warning")
    Decision.objects.filter(pk=warning_decision.pk).update(reasons=REASONS)
    warning_decision.refresh_from_db()
    factories_reviews.formal_warning(case, warning_decision)
    restriction_decision = factories_reviews.decision(case)
    Decision.objects.filter(pk=restriction_decision.pk).update(reasons=REASONS)
    restriction_decision.refresh_from_db()
    rtype = policy.file.restrictions.types[0].id
    restriction = factories_reviews.restriction(case, made=restriction_decision, type=rtype)
    Restriction.objects.filter(pk=restriction.pk).update(scope=Restriction.Scope.SERVICES)
    restriction.services.set([council_service("Housing" if housing else "Council tax")])
    immediate = factories_reviews.decision(case, immediate=True)
    factories_reviews.restriction(case, made=immediate, type=rtype)
    review = complete(restriction)
    appeal = decided_appeal(case, restriction_decision)
    incident = case.incidents.first()
    assert incident is not None and incident.created_by is not None
    warning = informal.record_informal_warning(
        incident,
        given_by=incident.created_by,
        given_at=timezone.now() - timedelta(hours=1),
        how="in-person",
        words_used="Please stop shouting or we will end the conversation.",
        by=incident.created_by,
    )
    return Outcomes(
        case,
        warning_decision,
        restriction_decision,
        immediate,
        restriction,
        review,
        appeal,
        warning,
    )


def complete(restriction: Restriction) -> Review:
    """The restriction's open review, completed: extended with reasons."""
    review = restriction.reviews.get(completed_at__isnull=True)
    next_on = (restriction.review_on or timezone.localdate()) + timedelta(days=60)
    Review.objects.filter(pk=review.pk).update(
        completed_at=timezone.now(),
        outcome="extend",
        further_incidents=True,
        reasons="Two further incidents since the restriction began.",
        next_review_on=next_on,
    )
    review.refresh_from_db()
    CustomerMustBeTold.objects.create(case=restriction.case, about="review", review=review)
    return review


def decided_appeal(case: Case, decision: Decision) -> Appeal:
    today = timezone.localdate()
    return Appeal.objects.create(
        decision=decision,
        case=case,
        received_on=today,
        grounds="I was not rude.",
        lodge_by=today + timedelta(days=20),
        decide_by=today + timedelta(days=14),
        appeals_officer=staff_member(Role.APPEALS_OFFICER),
        decided_at=timezone.now(),
        outcome="confirm",
        reasons="The restriction is proportionate to the abuse recorded.",
        ombudsman_signposted=["lgsco"],
    )


def draft_for(outcomes: Outcomes, letter_type: str, **changes: object) -> services.Draft:
    """The draft of the type, answering the matching outcome of the case."""
    sources: dict[str, dict[str, object]] = {
        "informal-warning": {"informal_warning": outcomes.informal_warning},
        "formal-warning": {"decision": outcomes.warning_decision},
        "restriction": {"decision": outcomes.restriction_decision},
        "immediate-restriction": {"decision": outcomes.immediate_decision},
        "review-outcome": {"review": outcomes.review},
        "appeal-acknowledgement": {"appeal": outcomes.appeal},
        "appeal-outcome": {"appeal": outcomes.appeal},
        "marker-notice": {},
    }
    values: dict[str, object] = {"letter_type": letter_type, "case": outcomes.case}
    values.update(sources[letter_type])
    values.update(changes)
    return services.Draft(**values)  # type: ignore[arg-type]


def letter(outcomes: Outcomes, letter_type: str = "restriction", **changes: object) -> Letter:
    return services.draft_letter(draft_for(outcomes, letter_type, **changes), by=case_officer())


def case_officer() -> User:
    return staff_member(Role.CASE_OFFICER)


def decision_maker() -> User:
    return staff_member(Role.DECISION_MAKER)


def approved(outcomes: Outcomes, letter_type: str = "restriction", **changes: object) -> Letter:
    return services.approve_letter(letter(outcomes, letter_type, **changes), by=decision_maker())


def adjust(customer: Customer, kind: str, detail: str = "") -> None:
    today = timezone.localdate()
    add_adjustment(
        customer,
        kind=kind,
        detail=detail,
        agreed_on=today,
        review_on=today + timedelta(days=365),
        by=None,
    )


def long_ago() -> date:
    return timezone.localdate() - timedelta(days=400)
