"""Decisions, restrictions and their first review for the reviews and appeals tests.

They are written directly with the ORM, as the decision services would leave
them, so these tests do not depend on the decision pages.
"""

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases.models import Case, Decision, DecisionMember, FormalWarning, Restriction, Review
from conduct.cases.tests import factories
from conduct.core.working_days import add_months


def officer() -> User:
    """A named officer for a restriction's terms."""
    return staff_member(Role.CASE_OFFICER)


def decided_case(logger: User | None = None) -> Case:
    """A case with one incident, logged by `logger` (a frontline officer if not given)."""
    logger = logger or staff_member(Role.FRONTLINE_OFFICER)
    case = factories.case(logger)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DECIDED)
    case.refresh_from_db()
    return case


def decision(
    case: Case,
    *,
    members: list[User] | None = None,
    on: date | None = None,
    outcome: str = "restriction",
    immediate: bool = False,
) -> Decision:
    """A decision of the pack's senior officer panel with every record it needs."""
    decided_on = on or timezone.localdate()
    made = Decision.objects.create(
        case=case,
        policy_pack=case.policy_pack,
        decision_body="senior-officer-panel",
        decided_at=timezone.make_aware(datetime.combine(decided_on, time(10, 0))),
        outcome=outcome,
        behaviour_categories=["aggressive-or-abusive"],
        reasons="Repeated abuse of reception staff.",
        disability_link="no",
        equality_act_reasoning="No disability is known; adjustments were offered.",
        human_rights_reasoning="The least restrictive option that will work.",
        staff_wellbeing="Reception staff were distressed.",
        mandatory_services_stay_open=True,
        protected_routes_stay_open=True,
        immediate=immediate,
        immediate_ground="credible-threat" if immediate else "",
    )
    for member in members or [staff_member(Role.DECISION_MAKER)]:
        DecisionMember.objects.create(decision=made, member=member, declared_not_involved=True)
    return made


def restriction(
    case: Case | None = None,
    *,
    made: Decision | None = None,
    starts_on: date | None = None,
    type: str = "named-officer",
    parameters: dict[str, Any] | None = None,
    ratify_by: date | None = None,
) -> Restriction:
    """An active restriction under the model pack, with its first review open."""
    case = case or decided_case()
    made = made or decision(case, on=starts_on)
    pack = made.policy_pack.file
    start = starts_on or timezone.localdate()
    review_on = add_months(start, pack.review.interval_months)
    imposed = Restriction.objects.create(
        decision=made,
        case=case,
        customer=case.customer,
        type=type,
        parameters=parameters if parameters is not None else {"officer": officer().pk},
        scope=Restriction.Scope.WHOLE_COUNCIL,
        starts_on=start,
        review_on=review_on,
        must_end_by=add_months(start, pack.review.maximum_duration_months),
        ratify_by=ratify_by,
    )
    Review.objects.create(restriction=imposed, due_on=review_on)
    return imposed


def formal_warning(case: Case, made: Decision) -> FormalWarning:
    today = timezone.localdate()
    return FormalWarning.objects.create(
        decision=made,
        case=case,
        customer=case.customer,
        behaviour="Shouting at staff. Speak calmly.",
        monitoring_from=today,
        monitoring_until=add_months(today, 6),
        single_point_of_contact=staff_member(Role.CASE_OFFICER),
    )


def due(item: Restriction) -> date:
    """The restriction's review date, which an active restriction always has."""
    assert item.review_on is not None
    return item.review_on
