"""Property: no sequence of reviews, waits and appeals breaks the workflow's promises.

Whatever is tried, in whatever order: an active restriction always has a review
date within its maximum duration and exactly one open review due that day; a
review that continues a restriction sets a future date; and no appeal is ever
decided by someone who took part.
"""

import contextlib
from datetime import timedelta

import time_machine
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases.appeals import decide_appeal, involvement, lodge_appeal
from conduct.cases.models import Appeal, Restriction
from conduct.cases.reviews import complete_review
from conduct.cases.tests.factories_reviews import decided_case, decision, due, restriction
from conduct.core.refusals import Refusal

reviews = st.tuples(
    st.just("review"),
    st.sampled_from(["lift", "extend", "vary"]),
    st.one_of(st.none(), st.integers(0, 8)),
    st.booleans(),
    st.sampled_from(["", "Still abusive on the phone."]),
)
waits = st.tuples(st.just("wait"), st.integers(1, 200))
appeals = st.tuples(st.just("appeal"), st.sampled_from(["confirm", "quash"]), st.integers(0, 3))
actions = st.lists(st.one_of(reviews, waits, appeals), max_size=12)


class WorkflowProperties(TestCase):
    def setUp(self) -> None:
        self.logger = staff_member(Role.FRONTLINE_OFFICER, Role.APPEALS_OFFICER)
        self.decider = staff_member(Role.DECISION_MAKER, Role.APPEALS_OFFICER)
        self.hearer = staff_member(Role.APPEALS_OFFICER)
        self.officer = staff_member(Role.CASE_OFFICER)
        self.case = decided_case(logger=self.logger)
        self.made = decision(self.case, members=[self.decider])
        self.item = restriction(self.case, made=self.made)
        self.start = timezone.localdate()
        self.days = 0

    def run_action(self, action: tuple) -> None:
        kind = action[0]
        if kind == "wait":
            self.days += action[1]
            return
        when = self.start + timedelta(days=self.days)
        with time_machine.travel(when, tick=False), contextlib.suppress(Refusal):
            getattr(self, f"do_{kind}")(*action[1:])

    def do_review(self, outcome: str, months: int | None, further: bool, reasons: str) -> None:
        terms = {"parameters": {"officer": self.officer.pk}}
        complete_review(
            self.item,
            by=self.decider,
            outcome=outcome,
            incidents_not_recorded=1 if further else 0,
            incidents_note="A call logged on the housing system." if further else "",
            reasons=reasons,
            extend_by_months=months,
            varied_terms=terms,
        )
        self.item.refresh_from_db()
        if self.item.status == Restriction.Status.ACTIVE:
            assert due(self.item) > timezone.localdate()

    def do_appeal(self, outcome: str, who: int) -> None:
        appeal = self.case.appeals.filter(decided_at__isnull=True).first() or lodge_appeal(
            self.case, self.made, by=self.officer, received_on=timezone.localdate(), grounds="No."
        )
        person = [self.logger, self.decider, self.hearer, self.officer][who]
        decide_appeal(
            appeal, by=person, outcome=outcome, reasons="Considered.", declared_not_involved=True
        )

    def check_invariants(self) -> None:
        for item in Restriction.objects.filter(status=Restriction.Status.ACTIVE):
            open_reviews = list(item.reviews.filter(completed_at__isnull=True))
            assert (
                item.review_on is not None and item.starts_on < item.review_on <= item.must_end_by
            )
            assert [r.due_on for r in open_reviews] == [item.review_on]
        for appeal in Appeal.objects.filter(decided_at__isnull=False):
            assert appeal.appeals_officer is not None
            assert involvement(appeal, appeal.appeals_officer) is None

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(actions)
    def test_no_sequence_breaks_the_promises(self, steps: list[tuple]) -> None:
        """Random reviews, waits and appeals never leave a broken restriction or a biased appeal."""
        self.setUp()
        for step in steps:
            self.run_action(step)
            self.check_invariants()
