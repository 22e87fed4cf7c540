"""Posts the packs name (issue 17.1): only their holders decide, ratify, hear appeals and move a
case on from a step naming them; each decision records the post each member acted in."""

import json
import re
from html import escape
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from conduct.accounts import services as accounts
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases import appeals, decisions, workflow
from conduct.cases.forms_decisions import DecisionForm
from conduct.cases.models import Case, Decision
from conduct.cases.tests.factories import council_service
from conduct.cases.tests.test_packs_end_to_end import START, Journey, decided, refused
from conduct.customers.models import CouncilService

pytestmark = pytest.mark.django_db
POLICIES = Path(settings.POLICY_DIR)
UCB = POLICIES / "ucb-2024-2028.toml"
WEST_LINDSEY = POLICIES / "west-lindsey-2024.toml"
NORTH_NORTHAMPTONSHIRE = POLICIES / "north-northamptonshire-2024.toml"
EXECUTIVE_OFFICER = "Executive Officer, Customer Services & Organisational Development"
ONLY_THE_EXECUTIVE_OFFICER = (
    f"Only the {EXECUTIVE_OFFICER} may record the decision under this policy (clause 5)"
)


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as machine:
        yield machine


def ready(journey: Journey) -> Case:
    return journey.investigated(journey.escalated())


class TestDecidingBodies:
    def test_a_decision_maker_without_the_post_is_refused_under_ucb(self, traveller):
        """An ordinary decision maker cannot agree a UCB sanction: the sentence names the post."""
        journey = Journey(UCB)
        case = ready(journey)
        ordinary = staff_member(Role.DECISION_MAKER)
        assert "record_decision" not in [m.name for m in workflow.moves_open_to(ordinary, case)]
        message = refused(
            "Only the Executive Officer", journey.restrict, case, "set-times", members=[ordinary]
        )
        assert message == ONLY_THE_EXECUTIVE_OFFICER
        assert not case.decisions.exists()

    def test_the_executive_officer_decides_and_the_post_is_recorded(self, traveller):
        """Holding the post, the decision maker decides; the decision records the post."""
        journey = Journey(UCB)
        case = ready(journey)
        decision = journey.restrict(case, "set-times")
        member = decision.members.get()
        assert member.post == "executive-officer-customer-services"
        assert member.post_name == EXECUTIVE_OFFICER

    def test_an_ended_post_no_longer_counts(self, traveller):
        """A member of staff who left the post is refused, though the row stays."""
        journey = Journey(UCB)
        case = ready(journey)
        held = journey.members[0].posts.get()
        accounts.end_post(held, by=None)
        refused("Only the Executive Officer", journey.restrict, case, "set-times")

    def test_the_determination_team_records_each_members_post(self, traveller):
        """West Lindsey's team: each member acts in their own post (2.6, 11.2)."""
        journey = Journey(WEST_LINDSEY)
        case = ready(journey)
        decision = journey.restrict(case, "limited-calls")
        assert sorted(decision.members.values_list("post_name", flat=True)) == [
            "Customer Experience Manager",
            "Customer Strategy and Services Lead",
            "Health and Safety Officer",
        ]

    def test_a_team_member_without_a_post_is_refused_by_name(self, traveller):
        """A decision maker who holds none of the team's posts is named in the refusal."""
        journey = Journey(WEST_LINDSEY)
        case = ready(journey)
        stranger = staff_member(Role.DECISION_MAKER)
        members = [journey.members[0], stranger]
        message = refused(
            f"{stranger.full_name} does not hold the post",
            journey.restrict,
            case,
            "limited-calls",
            members=members,
        )
        assert "Customer Experience Manager" in message and "(clause 2.6, 11.2)" in message

    def test_a_service_lead_decides_only_for_their_service(self, traveller):
        """North Northamptonshire: a service lead for another service is refused; for the
        service the incidents concern, allowed."""
        journey = Journey(NORTH_NORTHAMPTONSHIRE)
        case = ready(journey)
        elsewhere = CouncilService.objects.create(name="Parks", slug="parks", is_mandatory=False)
        lead = staff_member(Role.DECISION_MAKER)
        accounts.assign_post(lead, "service-lead", service=elsewhere, by=None)
        refused(
            "Only the Service lead or the Assistant Director",
            journey.restrict,
            case,
            "building-access",
            members=[lead],
        )
        accounts.assign_post(lead, "service-lead", service=council_service(), by=None)
        decision = journey.restrict(case, "building-access", members=[lead])
        assert decision.members.get().post_name == "Service lead"


class TestLadderRatificationAndAppeals:
    def test_moving_on_from_a_step_naming_posts_needs_one(self, traveller):
        """UCB: only the service manager or executive officer moves a case on from their step."""
        journey = Journey(UCB)
        case = journey.escalated()
        decisions.move_up_the_ladder(case, by=journey.manager, reason="Informal steps failed")
        case.refresh_from_db()
        assert case.ladder_step == "service-manager"
        plain_manager = staff_member(Role.LINE_MANAGER)
        refused(
            "Only the Service manager or the Executive officer may move up the ladder",
            decisions.move_up_the_ladder,
            case,
            by=plain_manager,
            reason="Again",
        )
        decisions.move_up_the_ladder(case, by=journey.manager, reason="Discussed; for sanctions")
        case.refresh_from_db()
        assert case.ladder_step == "executive-officer"

    def test_ratification_needs_the_post(self, traveller):
        """UCB's immediate restrictions are ratified by the Executive Officer, in that post."""
        journey = Journey(UCB)
        case = journey.investigated(journey.escalated(warned=False))
        imposer = staff_member(Role.LINE_MANAGER)
        immediate = decisions.impose_immediate_restriction(
            case,
            by=imposer,
            ground="credible-threat",
            restrictions=[journey.terms("set-times")],
            **journey.answers(),
        )
        answers = {k: v for k, v in journey.answers().items() if k != "behaviour_categories"}
        ordinary = staff_member(Role.DECISION_MAKER)
        refused(
            "Only the Executive Officer",
            decisions.ratify_immediate_restriction,
            case,
            immediate,
            by=ordinary,
            members=[ordinary],
            confirm=True,
            **answers,
        )
        ratified = decisions.ratify_immediate_restriction(
            case,
            immediate,
            by=journey.members[0],
            members=journey.members,
            confirm=True,
            **answers,
        )
        assert ratified.members.get().post_name == EXECUTIVE_OFFICER

    def test_an_appeal_body_naming_a_post_needs_it(self, traveller, tmp_path):
        """Where the pack's appeals officer is a post, only its holder hears the appeal, and the
        appeal records the post."""
        text = UCB.read_text().replace(
            '[{ title = "Senior officer not involved in the decision", role = "appeals-officer" }]',
            '[{ title = "Head of Legal", role = "appeals-officer", post = "head-of-legal" }]',
        )
        text = text.replace(
            "[decision_making]\n",
            '[[posts]]\nid = "head-of-legal"\nname = "Head of Legal"\nclause = "5"\n\n'
            "[decision_making]\n",
            1,
        )
        path = tmp_path / "ucb-2024-2028.toml"
        path.write_text(text)
        journey = Journey(path)
        case, decision = decided(journey)
        appeal = appeals.lodge_appeal(
            case,
            decision,
            by=journey.case_officer,
            received_on=timezone.localdate(),
            grounds="Unfair",
        )
        refused(
            re.escape("Only the Head of Legal may decide the appeal under this policy (clause 5)"),
            appeals.decide_appeal,
            appeal,
            by=journey.appeals_officer,
            outcome="confirm",
            reasons="Sound.",
            declared_not_involved=True,
        )
        head = staff_member(Role.APPEALS_OFFICER, posts=("head-of-legal",))
        decided_appeal = appeals.decide_appeal(
            appeal, by=head, outcome="confirm", reasons="Sound.", declared_not_involved=True
        )
        assert decided_appeal.post_name == "Head of Legal"


class TestThroughTheDoors:
    def test_the_api_refuses_without_the_post_and_answers_with_it(self, client, traveller):
        """409 with the sentence; with the post, the answer names the post each member acted in."""
        journey = Journey(UCB)
        case = ready(journey)
        ordinary = staff_member(Role.DECISION_MAKER)
        service = council_service()
        body = {
            **journey.answers(),
            "outcome": "restriction",
            "restrictions": [
                {
                    "type": "named-officer",
                    "parameters": {"officer": journey.case_officer.email},
                    "services": [service.slug],
                }
            ],
        }

        def post(user):
            _, secret = issue_token(user, "cases:write", "cases:read")
            return client.post(
                f"/api/v1/cases/{case.reference}/decisions",
                json.dumps({**body, "members": [user.email]}),
                content_type="application/json",
                **bearer(secret),
            )

        answer = post(ordinary)
        assert answer.status_code in (403, 409)
        assert ONLY_THE_EXECUTIVE_OFFICER in answer.json()["detail"]
        answer = post(journey.members[0])
        assert answer.status_code == 201, answer.json()
        assert answer.json()["acted_as"] == [
            {
                "email": journey.members[0].email,
                "post": "executive-officer-customer-services",
                "post_name": EXECUTIVE_OFFICER,
            }
        ]
        restriction = Decision.objects.get().restrictions.get()
        assert restriction.parameters["officer"] == journey.case_officer.pk

    def test_the_page_says_why_and_the_case_page_shows_the_post(self, client, sign_in, traveller):
        """The decision page refuses the ordinary decision maker with the sentence; the case
        page shows who decided in which post."""
        journey = Journey(UCB)
        case = ready(journey)
        sign_in(staff_member(Role.DECISION_MAKER))
        page = client.get(reverse("cases:record_decision", args=[case.reference]))
        assert escape(ONLY_THE_EXECUTIVE_OFFICER) in page.content.decode()
        ordinary = staff_member(Role.DECISION_MAKER)
        sign_in(journey.members[0])
        form = client.get(reverse("cases:record_decision", args=[case.reference])).content.decode()
        assert escape(f"{journey.members[0].full_name}, {EXECUTIVE_OFFICER}") in form
        seats = dict(DecisionForm(case=case).fields["members"].choices)  # type: ignore[attr-defined]
        assert str(ordinary.pk) not in seats and str(journey.members[0].pk) in seats
        journey.restrict(case, "set-times")
        shown = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
        assert escape(f"{journey.members[0].full_name} ({EXECUTIVE_OFFICER})") in shown
