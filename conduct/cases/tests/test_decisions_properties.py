"""Random sequences of decision moves, by random people with random answers, keep the invariants.

Whatever is tried, no sequence leaves an active restriction without a future
review date, a decision without its records or enough members, or a decision
member who was involved in the case.
"""

import contextlib
from typing import Any

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases import decisions
from conduct.cases.decisions import RestrictionTerms
from conduct.cases.models import Decision, DecisionMember, Restriction
from conduct.cases.tests import factories
from conduct.cases.tests.factories import INVESTIGATION, RECORDS
from conduct.core.refusals import Refusal

MOVES = ["start", "investigate", "decide", "immediate", "ratify", "ladder", "close"]
OUTCOMES = ["no-further-action", "informal-resolution", "formal-warning", "restriction", "x"]
BLANKABLE = ["reasons", "equality_act_reasoning", "human_rights_reasoning", "staff_wellbeing"]

step = st.fixed_dictionaries(
    {
        "move": st.sampled_from([*MOVES, "decide", "decide", "immediate"]),
        "person": st.one_of(st.sampled_from([2, 3, 4]), st.integers(0, 6)),
        "members": st.one_of(
            st.sampled_from([[3], [2], [4, 3]]), st.lists(st.integers(0, 6), max_size=3)
        ),
        "outcome": st.sampled_from(OUTCOMES),
        "blank": st.sampled_from([None, None, None, None, None, None, *BLANKABLE]),
        "months": st.one_of(st.none(), st.integers(0, 14)),
        "ground": st.sampled_from(["credible-threat", "police-advice", "rudeness"]),
        "confirm": st.booleans(),
        "written_only": st.booleans(),
    }
)


class DecisionSequenceTests(TestCase):
    def setUp(self) -> None:
        self.manager = staff_member(Role.LINE_MANAGER)
        self.people = [
            self.manager,
            staff_member(Role.CASE_OFFICER),
            staff_member(Role.DECISION_MAKER),
            staff_member(Role.HEALTH_AND_SAFETY_OFFICER),
            staff_member(Role.DECISION_MAKER),
            staff_member(Role.DECISION_MAKER, Role.LINE_MANAGER),  # logs an incident below
            staff_member(Role.AUDITOR),
        ]

    def make_case(self, warned: bool, ready: bool) -> Any:
        case = (factories.warned_case if warned else factories.case)(self.manager)
        case.incidents.add(factories.incident(self.people[5], about=case.customer))
        return factories.investigated(case, self.people[1]) if ready else case

    def records(self, blank: str | None) -> dict[str, Any]:
        answers = dict(RECORDS)
        if blank:
            answers[blank] = ""
        return answers

    def terms(self, s: dict[str, Any]) -> list[RestrictionTerms]:
        if s["written_only"]:
            parameters: dict[str, Any] = {"channel": "Letter"}
            type_id = "written-only"
        else:
            parameters, type_id = {"officer": self.people[2].pk}, "named-officer"
        return [
            RestrictionTerms(
                type=type_id,
                parameters=parameters,
                services=[factories.council_service()],
                review_in_months=s["months"],
            )
        ]

    def attempt(self, case: Any, s: dict[str, Any]) -> None:
        person = self.people[s["person"]]
        members = [person, *(self.people[i] for i in s["members"])]
        move = s["move"]
        if move == "start":
            decisions.start_investigation(case, by=person)
        elif move == "investigate":
            decisions.record_investigation(case, by=person, **INVESTIGATION)
        elif move == "ladder":
            decisions.move_up_the_ladder(case, by=person, reason="Persistent")
        elif move == "close":
            decisions.close_case(case, by=person, reason="Done")
        elif move == "decide":
            self.decide(case, s, person, members)
        elif move == "immediate":
            answers = self.records(s["blank"])
            decisions.impose_immediate_restriction(
                case, by=person, ground=s["ground"], restrictions=self.terms(s), **answers
            )
        else:
            self.ratify(case, s, person, members)

    def decide(self, case: Any, s: dict[str, Any], person: Any, members: list[Any]) -> None:
        outcome = s["outcome"]
        extra: dict[str, Any] = {}
        if outcome == "formal-warning":
            extra["formal_warning"] = decisions.FormalWarningTerms("Shouting", person)
        if outcome == "restriction":
            extra["restrictions"] = self.terms(s)
        decisions.record_decision(
            case, by=person, members=members, outcome=outcome, **self.records(s["blank"]), **extra
        )

    def ratify(self, case: Any, s: dict[str, Any], person: Any, members: list[Any]) -> None:
        waiting = Decision.objects.filter(case=case, immediate=True).first()
        if waiting is None:
            return
        answers = {k: v for k, v in self.records(s["blank"]).items() if k != "behaviour_categories"}
        decisions.ratify_immediate_restriction(
            case, waiting, by=person, members=members, confirm=s["confirm"], **answers
        )

    def check_invariants(self, case: Any) -> None:
        today = timezone.localdate()
        for restriction in Restriction.objects.filter(status="active"):
            assert restriction.review_on is not None and restriction.review_on > today
        pack = case.policy_pack.file
        for decision in Decision.objects.all():
            for name in BLANKABLE:
                assert getattr(decision, name).strip()
            assert decision.protected_routes_stay_open
            if not decision.immediate:
                body = pack.decision_body(decision.decision_body)
                assert decision.members.count() >= body.minimum_members
        for member in DecisionMember.objects.select_related("decision__case", "member"):
            assert decisions.involvement(member.decision.case, member.member) is None

    @settings(
        max_examples=100,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(warned=st.booleans(), ready=st.booleans(), steps=st.lists(step, min_size=1, max_size=8))
    def test_no_sequence_breaks_the_invariants(
        self, warned: bool, ready: bool, steps: list[dict]
    ) -> None:
        """Refused moves change nothing; allowed ones keep every invariant."""
        case = self.make_case(warned, ready)
        for s in steps:
            with contextlib.suppress(Refusal):
                self.attempt(case, s)
            case.refresh_from_db()
            self.check_invariants(case)
