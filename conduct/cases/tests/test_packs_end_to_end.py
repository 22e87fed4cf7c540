"""Each policy pack in policies/ runs end to end through the real services, as its text says.

For every pack: a frontline officer logs incidents, the line manager warns and
escalates, the case climbs the pack's ladder, is investigated and decided by
the pack's own deciding body, which restricts with one of the pack's types; the
review date, the extension, the lift rule, the appeal window, the appeals
officer and the Ombudsman signposting are the pack's. Then the refusals the
pack and the law make, each with a sentence saying why.
"""

from datetime import UTC, date, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases import appeals, decisions, reviews, workflow
from conduct.cases.decisions import RestrictionTerms
from conduct.cases.models import Case, CustomerMustBeTold, Decision, Restriction
from conduct.cases.tests.factories import INVESTIGATION, RECORDS, council_service, customer
from conduct.core.refusals import Refusal
from conduct.core.working_days import add_months, add_working_days
from conduct.customers.models import Customer
from conduct.customers.services import add_adjustment
from conduct.incidents import informal
from conduct.incidents.models import Incident
from conduct.incidents.services import log_incident
from conduct.policy.schema import Parameter, PolicyPackFile
from conduct.policy.services import load_policy_pack

pytestmark = pytest.mark.django_db
PACKS = sorted(Path(settings.POLICY_DIR).glob("*.toml"))
IDS = [path.stem for path in PACKS]
START = "2026-01-05 09:00 +0000"  # a Monday, away from bank holidays
_keys = count(1)

# The restriction each pack's journey imposes: one from its own list, with typed details.
RESTRICTION_FOR = {
    "model": "limited-calls",
    "north-northamptonshire-2024": "building-access",
    "ucb-2024-2028": "set-times",
    "unreasonable-behaviour-2017": "behaviour-and-access-contract",
    "west-lindsey-2024": "limited-calls",
}
# The ladder steps above the line manager, as each pack's text sets them out.
LADDER_ABOVE_THE_MANAGER = {
    "model": ["decision-body"],
    "north-northamptonshire-2024": ["decision-body"],
    "ucb-2024-2028": ["service-manager", "executive-officer"],
    "unreasonable-behaviour-2017": ["decision-body"],
    "west-lindsey-2024": ["determination-team"],
}


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as machine:
        yield machine


# Building the journey through the real services ---------------------------------------------


def sample(parameter: Parameter, officer: User) -> Any:
    """A good value of the parameter's pack type."""
    return {
        "text": "As agreed with the customer",
        "integer": 2,
        "duration": "1 week",
        "time_window": "Monday to Friday, 10:00 to 12:00",
        "officer": officer.pk,
        "officer_or_inbox": officer.pk,
        "choice": parameter.choices[0] if parameter.choices else "",
        "boolean": True,
    }[parameter.type]


def log(officer: User, about: Customer, *, hours_ago: int = 2) -> Incident:
    """An incident logged by a frontline officer under the pack in force."""
    return log_incident(
        by=officer,
        submission_key=f"e2e-{next(_keys)}",
        occurred_at=timezone.now() - timedelta(hours=hours_ago),
        location="Civic Centre reception",
        channel="in-person",
        service=council_service(),
        customer=about,
        staff_affected=[officer],
        behaviour_categories=["aggressive-or-abusive"],
        what_happened="Shouted at the officer and refused to leave.",
        words_used="You lot are useless.",
    )


class Journey:
    """The people and records of one pack's journey, made as staff would make them."""

    def __init__(self, path: Path) -> None:
        self.pack_row = load_policy_pack(path, by=None, activate=True)
        self.pack: PolicyPackFile = self.pack_row.file
        self.officer = staff_member(Role.FRONTLINE_OFFICER)
        # The manager holds the posts ladder steps name (ucb-2024-2028's service manager).
        step_posts = tuple(dict.fromkeys(p for step in self.pack.ladder.steps for p in step.posts))
        self.manager = staff_member(Role.LINE_MANAGER, posts=step_posts)
        self.case_officer = staff_member(Role.CASE_OFFICER)
        self.investigator = staff_member(Role.HEALTH_AND_SAFETY_OFFICER)
        self.appeals_officer = staff_member(Role.APPEALS_OFFICER)
        self.customer = customer("Alex", f"Journey{next(_keys)}")
        self.members = self.body_members(workflow.deciding_body_id(self.pack))

    def body_members(self, body_id: str) -> list[User]:
        """Enough uninvolved staff for the body's quorum, between them holding each of its roles
        and the posts the pack names for them."""
        body = self.pack.decision_body(body_id)
        assert body is not None
        seats = list(dict.fromkeys((Role(m.role), m.post) for m in body.members))
        size = max(body.minimum_members, len(seats))
        chosen = [seats[i % len(seats)] for i in range(size)]
        return [staff_member(role, posts=(post,) if post else ()) for role, post in chosen]

    def escalated(self, *, warned: bool = True) -> Case:
        """Two incidents; the line manager warns on the first, then escalates both into a case."""
        first = log(self.officer, self.customer, hours_ago=30)
        second = log(self.officer, self.customer)
        if warned:
            informal.record_informal_warning(
                first,
                given_by=self.manager,
                given_at=timezone.now() - timedelta(hours=20),
                how="in-person",
                words_used="If this carries on we may restrict your contact.",
                by=self.manager,
            )
        case = informal.escalate_to_case(
            first, reason="Carried on after a warning", by=self.manager
        )
        informal.escalate_to_case(second, reason="Again", by=self.manager, case=case)
        return case

    def investigated(self, case: Case, *, climbing: bool = True) -> Case:
        """Up to the top of the ladder if not there yet; the case officer starts the
        investigation; a health and safety officer records what was found."""
        if climbing:
            climb(case, self.manager)
        decisions.start_investigation(case, by=self.case_officer)
        decisions.record_investigation(
            case,
            by=self.investigator,
            **{
                **INVESTIGATION,
                "health_and_safety_findings": "Risk assessment done; reception screens in place.",
            },
            known_to_social_care=True,
            cross_service_notes="Adult social care know the customer; no concerns raised.",
        )
        return case

    def answers(self, **changes: Any) -> dict[str, Any]:
        category = self.pack.behaviour.categories[0].id
        return {**RECORDS, "behaviour_categories": [category], **changes}

    def terms(self, type_id: str, **changes: Any) -> RestrictionTerms:
        rtype = self.pack.restriction_type(type_id)
        assert rtype is not None, f"{type_id} is not in the pack"
        parameters = {p.name: sample(p, self.case_officer) for p in rtype.parameters}
        values: dict[str, Any] = {
            "type": type_id,
            "parameters": parameters,
            "services": [council_service()],
        }
        return RestrictionTerms(**{**values, **changes})

    def restrict(self, case: Case, type_id: str, *, members: list[User] | None = None, **changes):
        members = members or self.members
        return decisions.record_decision(
            case,
            by=members[0],
            members=members,
            outcome="restriction",
            restrictions=[self.terms(type_id, **changes)],
            **self.answers(),
        )


def climb(case: Case, by: User) -> list[str]:
    """Move the case up the ladder until it reaches the top; the steps it passed."""
    passed = []
    while workflow.next_step(case) is not None:
        decisions.move_up_the_ladder(case, by=by, reason="The informal stage did not work")
        case.refresh_from_db()
        passed.append(case.ladder_step)
    return passed


def review_date(restriction: Restriction) -> date:
    assert restriction.review_on is not None
    return restriction.review_on


def travel_to(machine: Any, day: date) -> None:
    machine.move_to(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))


# The journey ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_the_pack_runs_end_to_end_as_its_text_says(path, traveller):
    """Incidents, warning, escalation, ladder, investigation, decision, appeal, reviews, close."""
    journey = Journey(path)
    pack = journey.pack
    case = journey.escalated()
    assert case.policy_pack == journey.pack_row
    assert case.incidents.count() == 2

    assert climb(case, journey.manager) == LADDER_ABOVE_THE_MANAGER[path.stem]
    assert case.ladder_step == pack.ladder.steps[-1].id
    journey.investigated(case)
    assert case.status == Case.Status.READY_FOR_DECISION

    type_id = RESTRICTION_FOR[path.stem]
    decision = journey.restrict(case, type_id)
    restriction = decision.restrictions.get()
    assert (decision.policy_pack.pack_id, decision.policy_pack.version) == (
        path.stem,
        journey.pack_row.version,
    )
    assert decision.decision_body == workflow.deciding_body_id(pack)
    assert set(decision.members.values_list("member", flat=True)) == {m.pk for m in journey.members}
    rtype = pack.restriction_type(type_id)
    assert rtype is not None
    assert set(restriction.parameters) == {p.name for p in rtype.parameters}
    assert restriction.review_on == add_months(restriction.starts_on, pack.review.interval_months)
    assert restriction.must_end_by == add_months(
        restriction.starts_on, pack.review.maximum_duration_months
    )
    told = {t.id for t in pack.notifications.teams if "restriction" in t.on_outcomes}
    assert set(restriction.notifications.values_list("team", flat=True)) == told

    # The customer appeals within the pack's window; an uninvolved appeals officer confirms.
    lodge_by = add_working_days(
        restriction.starts_on, pack.appeal.window_working_days, pack.calendar.working_days
    )
    travel_to(traveller, lodge_by)
    appeal = appeals.lodge_appeal(
        case, decision, by=journey.case_officer, received_on=lodge_by, grounds="Unfair"
    )
    assert appeal.lodge_by == lodge_by
    assert appeal.decide_by == add_working_days(
        lodge_by, pack.appeal.decision_working_days, pack.calendar.working_days
    )
    decided = appeals.decide_appeal(
        appeal,
        by=journey.appeals_officer,
        outcome="confirm",
        reasons="The decision was sound.",
        declared_not_involved=True,
    )
    assert decided.ombudsman_signposted == list(pack.ombudsman.signpost)
    restriction.refresh_from_db()
    assert restriction.status == Restriction.Status.ACTIVE

    # First review: the customer has carried on, so it is extended by the pack's extension.
    first_review = review_date(restriction)
    travel_to(traveller, first_review)
    log(journey.officer, journey.customer)
    reviewer = journey.members[0]
    reviews.complete_review(
        restriction,
        by=reviewer,
        outcome="extend",
        reasons="Two more abusive calls since the restriction started.",
    )
    restriction.refresh_from_db()
    assert restriction.review_on == add_months(first_review, pack.review.extension_months)

    # Second review: no further incidents, so it is lifted (the pack's lift rule).
    travel_to(traveller, review_date(restriction))
    if pack.review.lift_rule == "no-further-incidents":
        with pytest.raises(Refusal, match="no further incidents"):
            reviews.complete_review(restriction, by=reviewer, outcome="extend", reasons="x")
    reviews.complete_review(restriction, by=reviewer, outcome="lift")
    restriction.refresh_from_db()
    assert restriction.status == Restriction.Status.LIFTED
    assert restriction.review_on is None

    decisions.close_case(case, by=journey.case_officer, reason="Restriction lifted")
    assert case.status == Case.Status.CLOSED
    told_about = sorted(case.obligations.values_list("about", flat=True))
    assert told_about == ["appeal", "decision", "review", "review"]
    assert all(o.fulfilled_at is None for o in CustomerMustBeTold.objects.filter(case=case))


# The refusals ---------------------------------------------------------------------------------


def decided(journey: Journey) -> tuple[Case, Decision]:
    case = journey.investigated(journey.escalated())
    return case, journey.restrict(case, RESTRICTION_FOR[journey.pack.pack.id])


def sentence(message: str) -> None:
    """A refusal a member of staff can read: a capitalised sentence with no code in it."""
    assert message[:1].isupper() and len(message.split()) >= 5
    assert "_" not in message and "None" not in message


def refused(match: str, call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(Refusal, match=match) as error:
        call(*args, **kwargs)
    sentence(error.value.message)
    return error.value.message


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_restricting_without_a_warning_needs_one_of_the_packs_serious_grounds(path, traveller):
    """With no warning a restriction is refused, and restricting at once needs a pack ground."""
    journey = Journey(path)
    pack = journey.pack
    case = journey.investigated(journey.escalated(warned=False))
    assert pack.ladder.warning_before_restriction
    refused("needs a warning before a restriction", journey.restrict, case, "named-officer")
    imposer = staff_member(Role(pack.immediate_restriction.imposed_by[0]))
    grounds = {ground.id for ground in pack.immediate_restriction.grounds}
    not_serious = "rudeness" if "immediate-safety-risk" in grounds else "immediate-safety-risk"
    message = refused(
        "only possible on this policy’s serious grounds",
        decisions.impose_immediate_restriction,
        case,
        by=imposer,
        ground=not_serious,
        restrictions=[journey.terms("named-officer")],
        **journey.answers(),
    )
    for ground in pack.immediate_restriction.grounds:
        assert ground.name.lower() in message
    assert not Restriction.objects.filter(case=case).exists()


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_a_decider_who_logged_an_incident_is_refused(path, traveller):
    """A member of the deciding body who logged one of the case's incidents cannot decide it."""
    journey = Journey(path)
    case = journey.investigated(journey.escalated())
    member = journey.members[0]
    own = log(member, journey.customer)
    case.incidents.add(own)
    refused(
        f"logged incident {own.reference} in this case", journey.restrict, case, "named-officer"
    )
    assert not case.decisions.exists()


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_an_appeal_heard_by_the_decider_is_refused(path, traveller):
    """Someone who took part in the decision cannot hear the appeal, even holding the role."""
    journey = Journey(path)
    deciding = workflow.deciding_body_id(journey.pack)
    seat = journey.pack.decision_body(deciding).members[0]  # type: ignore[union-attr]
    posts = (seat.post,) if seat.post else ()
    decider = staff_member(Role(seat.role), Role.APPEALS_OFFICER, posts=posts)
    journey.members = [decider, *journey.members[1:]]
    case, decision = decided(journey)
    appeal = appeals.lodge_appeal(
        case, decision, by=journey.case_officer, received_on=timezone.localdate(), grounds="Unfair"
    )
    refused(
        "took part in the decision, so cannot hear the appeal",
        appeals.decide_appeal,
        appeal,
        by=decider,
        outcome="quash",
        reasons="x",
        declared_not_involved=True,
    )
    quashed = appeals.decide_appeal(
        appeal,
        by=journey.appeals_officer,
        outcome="quash",
        reasons="Not proportionate.",
        declared_not_involved=True,
    )
    assert quashed.ombudsman_signposted == list(journey.pack.ombudsman.signpost)
    assert decision.restrictions.get().status == Restriction.Status.QUASHED


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_a_review_interval_longer_than_the_pack_allows_is_refused(path, traveller):
    """Neither the decision nor a review may set a review further off than the pack allows."""
    journey = Journey(path)
    longest = journey.pack.review.longest_interval_months
    case = journey.investigated(journey.escalated())
    refused(
        f"longer than this policy allows \\({longest} months\\)",
        journey.restrict,
        case,
        "named-officer",
        review_in_months=longest + 1,
    )
    restriction = journey.restrict(case, "named-officer").restrictions.get()
    travel_to(traveller, review_date(restriction))
    refused(
        f"within {longest} months under this policy",
        reviews.complete_review,
        restriction,
        by=journey.members[0],
        outcome="extend",
        reasons="Carried on.",
        incidents_not_recorded=1,
        incidents_note="An abusive call to the housing team, logged on the housing system.",
        extend_by_months=longest + 1,
    )


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_an_active_restriction_with_no_review_date_is_refused_by_the_database(path, traveller):
    """The database itself refuses an active restriction without a review date."""
    journey = Journey(path)
    _, decision = decided(journey)
    restriction = decision.restrictions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Restriction.objects.filter(pk=restriction.pk).update(review_on=None)
    restriction.refresh_from_db()
    assert restriction.review_on is not None


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_written_only_against_a_large_print_adjustment_is_refused_until_resolved(path, traveller):
    """Written-only contact for a customer with large print is refused until the decider resolves it."""
    journey = Journey(path)
    today = timezone.localdate()
    add_adjustment(
        journey.customer,
        kind="large-print",
        agreed_on=today,
        review_on=today + timedelta(days=180),
        by=None,
    )
    case = journey.investigated(journey.escalated())
    message = refused("large print", journey.restrict, case, "written-only")
    assert journey.customer.full_name in message
    resolved = "Letters in 16 point type, and a named officer reads them out on request."
    decision = journey.restrict(case, "written-only", adjustment_resolution=resolved)
    assert decision.restrictions.get().parameters["adjustment_resolution"] == resolved


def test_a_ucb_case_goes_to_the_service_manager_before_the_executive_officer_decides(traveller):
    """ucb-2024-2028's ladder: line manager, then service manager or executive officer, then
    the Executive Officer decides; a case still with the line manager cannot be decided."""
    journey = Journey(Path(settings.POLICY_DIR) / "ucb-2024-2028.toml")
    case = journey.investigated(journey.escalated(), climbing=False)
    refused("move it up the ladder first", journey.restrict, case, "named-officer")
    assert not Restriction.objects.filter(case=case).exists()
