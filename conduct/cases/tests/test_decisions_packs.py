"""Every policy pack in policies/ drives the decision moves: its body decides, its limits hold.

For each pack: a warned customer's case is investigated and its deciding body
restricts with one of the pack's own restriction types, with the review date
the pack sets; and the refusals hold under that pack's rules.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases import decisions, workflow
from conduct.cases.decisions import RestrictionTerms
from conduct.cases.models import Case
from conduct.cases.tests import factories
from conduct.cases.tests.factories import RECORDS
from conduct.core.refusals import Refusal
from conduct.core.working_days import add_months
from conduct.customers.models import Adjustment
from conduct.incidents import informal
from conduct.policy.schema import Parameter, PolicyPackFile, RestrictionType
from conduct.policy.services import load_policy_pack

pytestmark = pytest.mark.django_db
PACKS = sorted(Path(settings.POLICY_DIR).glob("*.toml"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +0000", tick=False):
        yield


def sample(parameter: Parameter, officer: User) -> Any:
    """A good value of the parameter's type."""
    return {
        "text": "As agreed",
        "integer": 2,
        "duration": "1 week",
        "time_window": "Monday to Friday, 10:00 to 12:00",
        "officer": officer.pk,
        "officer_or_inbox": officer.pk,
        "choice": parameter.choices[0] if parameter.choices else "",
        "boolean": True,
    }[parameter.type]


def simple_type(pack: PolicyPackFile) -> RestrictionType:
    return next(
        t
        for t in pack.restrictions.types
        if not (t.needs_higher_authority or t.needs_legal_advice or t.needs_equality_assessment)
        and not t.conflicts_with_adjustments
    )


def terms(pack: PolicyPackFile, officer: User, **changes: Any) -> RestrictionTerms:
    rtype = simple_type(pack)
    parameters = {p.name: sample(p, officer) for p in rtype.parameters}
    values: dict[str, Any] = {
        "type": rtype.id,
        "parameters": parameters,
        "services": [factories.council_service()],
    }
    return RestrictionTerms(**{**values, **changes})


def body_members(pack: PolicyPackFile, body_id: str) -> list[User]:
    """Enough uninvolved staff to make the body's quorum, each holding one of its roles, and
    the post the pack names for it."""
    body = pack.decision_body(body_id)
    assert body is not None
    seats = [(Role(member.role), member.post) for member in body.members]
    count = max(body.minimum_members, 1)
    chosen = [seats[i % len(seats)] for i in range(count)]
    return [staff_member(role, posts=(post,) if post else ()) for role, post in chosen]


def case_under(path: Path, *, warned: bool = True) -> Case:
    """A case escalated by a line manager while this pack is in force."""
    # The manager holds the posts ladder steps name (ucb-2024-2028's service manager).
    manager = staff_member(Role.LINE_MANAGER, posts=("service-manager",))
    first = factories.incident(manager)
    load_policy_pack(path, by=None, activate=True)
    if warned:
        informal.record_informal_warning(
            first,
            given_by=manager,
            given_at=timezone.now() - timedelta(hours=1),
            how="in-person",
            words_used="This may lead to a restriction.",
            by=manager,
        )
    case = informal.escalate_to_case(first, reason="Persistent", by=manager)
    assert case.policy_pack.pack_id == path.stem
    officer = staff_member(Role.CASE_OFFICER)
    # Up the ladder to its top, the deciding body's step (ucb-2024-2028 has a step between,
    # which only its service manager or executive officer moves the case on from).
    while workflow.next_step(case) is not None:
        decisions.move_up_the_ladder(case, by=manager, reason="The informal stage did not work")
        case.refresh_from_db()
    return factories.investigated(case, officer)


def restrict(case: Case, members: list[User], **changes: Any) -> Any:
    pack = case.policy_pack.file
    category = pack.behaviour.categories[0].id
    answers = {**RECORDS, "behaviour_categories": [category]}
    return decisions.record_decision(
        case,
        by=members[0],
        members=members,
        outcome="restriction",
        restrictions=[terms(pack, members[0], **changes)],
        **answers,
    )


@pytest.mark.parametrize("path", PACKS, ids=[p.stem for p in PACKS])
def test_the_deciding_body_restricts_with_the_packs_review_date(path):
    """The decision stores the pack and version, and the review falls when the pack says."""
    case = case_under(path)
    pack = case.policy_pack.file
    members = body_members(pack, workflow.deciding_body_id(pack))
    decision = restrict(case, members)
    restriction = decision.restrictions.get()
    assert decision.policy_pack.pack_id == path.stem
    assert restriction.review_on == add_months(restriction.starts_on, pack.review.interval_months)


@pytest.mark.parametrize("path", PACKS, ids=[p.stem for p in PACKS])
def test_the_packs_limits_are_refused(path):
    """Too long a review interval, a decider who logged an incident, no warning where one is due."""
    case = case_under(path)
    pack = case.policy_pack.file
    members = body_members(pack, workflow.deciding_body_id(pack))
    too_long = pack.review.longest_interval_months + 1
    with pytest.raises(Refusal, match="longer than this policy allows"):
        restrict(case, members, review_in_months=too_long)
    case.incidents.add(factories.incident(members[0], about=case.customer))
    with pytest.raises(Refusal, match="logged incident"):
        restrict(case, members)
    if pack.ladder.warning_before_restriction:
        unwarned = case_under(path, warned=False)
        with pytest.raises(Refusal, match="needs a warning before a restriction"):
            restrict(unwarned, body_members(pack, workflow.deciding_body_id(pack)))


@pytest.mark.parametrize("path", PACKS, ids=[p.stem for p in PACKS])
def test_an_immediate_restriction_is_ratified_by_the_packs_body(path):
    """The pack's imposer restricts on its first ground; its ratifying body confirms it."""
    case = case_under(path, warned=False)
    pack = case.policy_pack.file
    imposer = staff_member(Role(pack.immediate_restriction.imposed_by[0]))
    category = pack.behaviour.categories[0].id
    answers = {**RECORDS, "behaviour_categories": [category]}
    ground = pack.immediate_restriction.grounds[0].id
    immediate = decisions.impose_immediate_restriction(
        case, by=imposer, ground=ground, restrictions=[terms(pack, imposer)], **answers
    )
    assert immediate.restrictions.get().ratify_by is not None
    ratifiers = body_members(pack, pack.immediate_restriction.ratified_by)
    records = {k: v for k, v in RECORDS.items() if k != "behaviour_categories"}
    decisions.ratify_immediate_restriction(
        case, immediate, by=ratifiers[0], members=ratifiers, confirm=True, **records
    )
    assert immediate.restrictions.get().ratify_by is None


@pytest.mark.parametrize("path", PACKS, ids=[p.stem for p in PACKS])
def test_written_contact_against_large_print_is_refused(path):
    """Where the pack marks a type as conflicting with large print, the decision is blocked (D3)."""
    case = case_under(path)
    pack = case.policy_pack.file
    conflicting = [
        t for t in pack.restrictions.types if "large-print" in t.conflicts_with_adjustments
    ]
    assert conflicting, "each pack says which type conflicts with large print (D3)"
    rtype = conflicting[0]
    Adjustment.objects.create(
        customer=case.customer,
        kind="large-print",
        agreed_on=timezone.localdate(),
        review_on=timezone.localdate() + timedelta(days=200),
    )
    members = body_members(pack, workflow.deciding_body_id(pack))
    parameters = {p.name: sample(p, members[0]) for p in rtype.parameters}
    with pytest.raises(Refusal, match="large print"):
        restrict(case, members, type=rtype.id, parameters=parameters)
