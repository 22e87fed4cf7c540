"""Each policy pack in policies/ end to end through the JSON API, with its refusals.

The same journeys as conduct/cases/tests/test_packs_end_to_end.py, but every step an
integrator takes is an HTTP call to /api/v1/ with a bearer token acting as the member of staff
the pack gives the step to: incidents logged, the informal warning, the escalation, the
ladder, the investigation, the decision body's decision with one of the pack's restriction
types, its letter, the appeal, the reviews (each pack's own interval), the review's letter and
closing the case. Each id the next call needs is read from an earlier answer, never from the
database. Setting up (the pack in force, the staff, the customer) uses the factories.
"""

import json
from datetime import UTC, date, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.services import set_line_manager
from conduct.accounts.tests.factories import staff_member
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases import workflow
from conduct.cases.tests.factories import INVESTIGATION, RECORDS, council_service, customer

# The same packs, start day, restrictions and ladders as the journey through the services.
from conduct.cases.tests.test_packs_end_to_end import (
    IDS,
    LADDER_ABOVE_THE_MANAGER,
    PACKS,
    RESTRICTION_FOR,
    START,
)
from conduct.core.working_days import add_months, add_working_days
from conduct.policy.schema import Parameter, PolicyPackFile
from conduct.policy.services import load_policy_pack

pytestmark = pytest.mark.django_db
SCOPES = (
    "incidents:write",
    "incidents:read",
    "cases:read",
    "cases:write",
    "customers:write",
    "letters:write",
    "letters:read",
)
_keys = count(1)

# The review interval each pack's text sets (West Lindsey three months, UCB six).
REVIEW_MONTHS = {"west-lindsey-2024": 3, "ucb-2024-2028": 6}


def staff(*roles: Role, posts: tuple[str, ...] = (), line_manager: User | None = None) -> User:
    """A member of staff for these tests, holding these roles and the posts a pack names (UCB's
    Executive Officer, West Lindsey's Determination Team)."""
    member = staff_member(*roles, posts=posts)
    if line_manager is not None:
        set_line_manager(member, line_manager, by=None)
    return member


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as machine:
        yield machine


def travel_to(machine: Any, day: date) -> None:
    machine.move_to(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))


class Api:
    """The test client with one token per member of staff, carrying every scope the journey uses."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.secrets: dict[int, str] = {}

    def headers(self, user: User) -> dict[str, Any]:
        if user.pk not in self.secrets:
            self.secrets[user.pk] = issue_token(user, *SCOPES)[1]
        return bearer(self.secrets[user.pk])

    def get(self, user: User, path: str) -> Any:
        response = self.client.get(f"/api/v1{path}", **self.headers(user))
        assert response.status_code == 200, response.content
        return response.json()

    def call(self, user: User, path: str, body: Any = None) -> Any:
        """POST, answering the response (its status is for the caller to check)."""
        data = json.dumps(body if body is not None else {})
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", **self.headers(user)
        )

    def post(self, user: User, path: str, body: Any = None, status: int = 201) -> Any:
        response = self.call(user, path, body)
        assert response.status_code == status, response.content
        return response.json()

    def refused(self, user: User, path: str, body: Any, match: str) -> str:
        """A 409 problem whose detail is a sentence a member of staff can read, with `match`."""
        response = self.call(user, path, body)
        assert response.status_code == 409, response.content
        detail = response.json()["detail"]
        assert match in detail, detail
        assert detail[:1].isupper() and "_" not in detail and "None" not in detail
        return detail


def sample(parameter: Parameter, officer: User) -> Any:
    """A good value of the parameter's pack type. A named officer is given by staff id: the staff
    directory (GET /api/v1/staff, built alongside) is where an integrator finds it."""
    return {
        "text": "As agreed with the customer",
        "integer": 2,
        "duration": "1 week",
        "time_window": "Monday to Friday, 10:00 to 12:00",
        "officer": officer.pk,
        "officer_or_inbox": officer.email,
        "choice": parameter.choices[0] if parameter.choices else "",
        "boolean": True,
    }[parameter.type]


class HttpJourney:
    """One pack's journey, every step through the API as the member of staff the pack gives it to."""

    def __init__(self, path: Path, api: Api) -> None:
        self.api = api
        self.pack_row = load_policy_pack(path, by=None, activate=True)
        self.pack: PolicyPackFile = self.pack_row.file
        # The manager holds the posts ladder steps name (ucb-2024-2028's service manager).
        step_posts = tuple(dict.fromkeys(p for step in self.pack.ladder.steps for p in step.posts))
        self.manager = staff(Role.LINE_MANAGER, posts=step_posts)
        self.officer = staff(Role.FRONTLINE_OFFICER, line_manager=self.manager)
        self.case_officer = staff(Role.CASE_OFFICER)
        self.investigator = staff(Role.HEALTH_AND_SAFETY_OFFICER)
        self.appeals_officer = staff(Role.APPEALS_OFFICER)
        self.service = council_service()
        self.customer = customer("Alex", f"Http{next(_keys)}")
        self.members = self.body_members(workflow.deciding_body_id(self.pack))

    def body_members(self, body_id: str) -> list[User]:
        """Enough uninvolved staff for the body's quorum, between them holding each of its roles
        and the posts the pack names for them."""
        body = self.pack.decision_body(body_id)
        assert body is not None
        seats = list(dict.fromkeys((Role(m.role), m.post) for m in body.members))
        size = max(body.minimum_members, len(seats))
        chosen = [seats[i % len(seats)] for i in range(size)]
        return [staff(role, posts=(post,) if post else ()) for role, post in chosen]

    # The informal stage -------------------------------------------------------------------

    def log(self, by: User | None = None, *, hours_ago: int = 2) -> str:
        """POST /incidents: the incident's reference."""
        by = by or self.officer
        body = {
            "occurred_at": (timezone.now() - timedelta(hours=hours_ago)).isoformat(),
            "location": "Civic Centre reception",
            "channel": "in-person",
            "service": self.service.slug,
            "customer": self.customer.reference,
            "staff_affected": [by.email],
            "affected": ["staff-member"],
            "physical_violence": "none",
            "abuse_or_harassment": True,
            "behaviour_categories": ["aggressive-or-abusive"],
            "what_happened": "Shouted at the officer and refused to leave.",
            "words_used": "You lot are useless.",
        }
        return self.api.post(by, "/incidents", body)["reference"]

    def escalated(self, *, warned: bool = True) -> str:
        """Two incidents; the line manager warns on the first, then escalates both: the case."""
        first = self.log(hours_ago=30)
        second = self.log()
        if warned:
            warning = {
                "given_by": "me",
                "given_at": (timezone.now() - timedelta(hours=20)).isoformat(),
                "how": "in-person",
                "words_used": "If this carries on we may restrict your contact.",
            }
            self.api.post(self.manager, f"/incidents/{first}/informal-warning", warning, 200)
        reason = {"reason": "Carried on after a warning"}
        case = self.api.post(self.manager, f"/incidents/{first}/escalation", reason, 200)["case"]
        again = {"reason": "Again", "case": case}
        assert self.api.post(self.manager, f"/incidents/{second}/escalation", again, 200)["case"]
        return case

    # The case ---------------------------------------------------------------------------

    def climb(self, case: str) -> list[str]:
        """POST /ladder until the case is at the top; the steps it passed."""
        passed = []
        top = self.pack.ladder.steps[-1].id
        while self.api.get(self.manager, f"/cases/{case}")["ladder_step"] != top:
            reason = {"reason": "The informal stage did not work"}
            state = self.api.post(self.manager, f"/cases/{case}/ladder", reason)
            passed.append(state["ladder_step"])
            assert len(passed) <= len(self.pack.ladder.steps)
        return passed

    def investigated(self, case: str, *, climbing: bool = True) -> str:
        if climbing:
            self.climb(case)
        self.api.post(self.case_officer, f"/cases/{case}/investigation/start")
        findings = {
            **INVESTIGATION,
            "health_and_safety_findings": "Risk assessment done; reception screens in place.",
            "known_to_social_care": True,
            "cross_service_notes": "Adult social care know the customer; no concerns raised.",
        }
        self.api.post(self.investigator, f"/cases/{case}/investigation", findings)
        return case

    def terms(self, type_id: str, **changes: Any) -> dict[str, Any]:
        rtype = self.pack.restriction_type(type_id)
        assert rtype is not None, f"{type_id} is not in the pack"
        parameters = {p.name: sample(p, self.case_officer) for p in rtype.parameters}
        return {
            "type": type_id,
            "parameters": parameters,
            "services": [self.service.slug],
            **changes,
        }

    def answers(self, **changes: Any) -> dict[str, Any]:
        category = self.pack.behaviour.categories[0].id
        return {**RECORDS, "behaviour_categories": [category], **changes}

    def decision_body(self, type_id: str, **changes: Any) -> dict[str, Any]:
        return {
            **self.answers(),
            "members": [m.email for m in self.members],
            "outcome": "restriction",
            "restrictions": [self.terms(type_id, **changes)],
        }

    def restrict(self, case: str, type_id: str, **changes: Any) -> dict[str, Any]:
        """POST /decisions by the first member of the pack's deciding body."""
        body = self.decision_body(type_id, **changes)
        return self.api.post(self.members[0], f"/cases/{case}/decisions", body)

    def letter(self, case: str, letter_type: str, **about: int) -> dict[str, Any]:
        """POST /letters: a draft answering the decision, review or appeal named by its id."""
        body = {"letter_type": letter_type, "case": case, **about}
        return self.api.post(self.case_officer, "/letters/", body)


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


# The journey ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_the_pack_runs_end_to_end_through_the_api(path, api, traveller):
    """Incidents, warning, escalation, ladder, investigation, decision and its letter, appeal,
    reviews and the review's letter, close: all through HTTP, each id from an earlier answer."""
    journey = HttpJourney(path, api)
    pack = journey.pack
    case = journey.escalated()
    opened = api.get(journey.manager, f"/cases/{case}")
    assert len(opened["incidents"]) == 2
    assert opened["policy_pack"] == f"{path.stem} {journey.pack_row.version}"

    assert journey.climb(case) == LADDER_ABOVE_THE_MANAGER[path.stem]
    journey.investigated(case, climbing=False)
    investigation = api.get(journey.case_officer, f"/cases/{case}/investigation")
    assert investigation["underlying_causes"] == INVESTIGATION["underlying_causes"]
    assert api.get(journey.case_officer, f"/cases/{case}")["status"] == "ready-for-decision"

    type_id = RESTRICTION_FOR[path.stem]
    decided = journey.restrict(case, type_id)
    assert decided["policy_pack"] == f"{path.stem} {journey.pack_row.version}"
    assert decided["decision_body"] == workflow.deciding_body_id(pack)
    assert sorted(decided["members"]) == sorted(m.email for m in journey.members)
    [restriction] = decided["restrictions"]
    rtype = pack.restriction_type(type_id)
    assert rtype is not None
    assert set(restriction["parameters"]) == {p.name for p in rtype.parameters}
    starts_on = date.fromisoformat(restriction["starts_on"])
    interval = pack.review.interval_months
    assert interval == REVIEW_MONTHS.get(path.stem, interval)
    assert restriction["review_on"] == add_months(starts_on, interval).isoformat()
    maximum = add_months(starts_on, pack.review.maximum_duration_months)
    assert restriction["must_end_by"] == maximum.isoformat()
    journey.letter(case, "restriction", decision=decided["id"])

    # The case answers with the ids the next calls need.
    record = api.get(journey.case_officer, f"/cases/{case}")
    assert [d["id"] for d in record["decisions"]] == [decided["id"]]
    [listed] = record["restrictions"]
    assert listed["id"] == restriction["id"] and listed["open_review"] is not None

    # The customer appeals within the pack's window; an uninvolved appeals officer confirms.
    lodge_by = add_working_days(
        starts_on, pack.appeal.window_working_days, pack.calendar.working_days
    )
    travel_to(traveller, lodge_by)
    lodged = {"decision": decided["id"], "received_on": lodge_by.isoformat(), "grounds": "Unfair"}
    appeal = api.post(journey.case_officer, f"/cases/{case}/appeals", lodged)
    assert appeal["lodge_by"] == lodge_by.isoformat()
    decide_by = add_working_days(
        lodge_by, pack.appeal.decision_working_days, pack.calendar.working_days
    )
    assert appeal["decide_by"] == decide_by.isoformat()
    officer = {"officer": journey.appeals_officer.email}
    api.post(journey.case_officer, f"/cases/appeals/{appeal['id']}/officer", officer, 200)
    confirm = {
        "outcome": "confirm",
        "reasons": "The decision was sound.",
        "declared_not_involved": True,
    }
    decided_appeal = api.post(
        journey.appeals_officer, f"/cases/appeals/{appeal['id']}/decision", confirm, 200
    )
    assert decided_appeal["ombudsman_signposted"] == list(pack.ombudsman.signpost)
    journey.letter(case, "appeal-outcome", appeal=appeal["id"])

    # First review: the customer has carried on, so it is extended by the pack's extension.
    reviewer = journey.members[0]
    first_review = date.fromisoformat(restriction["review_on"])
    travel_to(traveller, first_review)
    journey.log()
    extend = {"outcome": "extend", "reasons": "Two more calls."}
    review_path = f"/cases/restrictions/{restriction['id']}/review"
    extended = api.post(reviewer, review_path, extend, 200)
    assert (
        extended["review_on"] == add_months(first_review, pack.review.extension_months).isoformat()
    )
    reviews = api.get(journey.case_officer, f"/cases/{case}")["reviews"]
    completed = [r for r in reviews if r["outcome"] == "extend"]
    assert len(completed) == 1
    journey.letter(case, "review-outcome", review=completed[0]["id"])

    # Second review: nothing further, so it is lifted (the pack's lift rule).
    travel_to(traveller, date.fromisoformat(extended["review_on"]))
    if pack.review.lift_rule == "no-further-incidents":
        carried = {"outcome": "extend", "reasons": "x"}
        api.refused(reviewer, review_path, carried, "no further incidents")
    lifted = api.post(reviewer, review_path, {"outcome": "lift"}, 200)
    assert (lifted["status"], lifted["review_on"]) == ("lifted", None)

    closed = api.post(journey.case_officer, f"/cases/{case}/close", {"reason": "Lifted"})
    assert closed["status"] == "closed"


# The refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_restricting_without_a_warning_needs_one_of_the_packs_serious_grounds(path, api, traveller):
    """No warning: the decision is refused, and restricting at once needs one of the pack's
    grounds (West Lindsey: only on 12.3's grounds)."""
    journey = HttpJourney(path, api)
    pack = journey.pack
    case = journey.investigated(journey.escalated(warned=False))
    body = journey.decision_body("named-officer")
    api.refused(
        journey.members[0],
        f"/cases/{case}/decisions",
        body,
        "needs a warning before a restriction",
    )
    imposer = staff(Role(pack.immediate_restriction.imposed_by[0]))
    grounds = {ground.id for ground in pack.immediate_restriction.grounds}
    not_serious = "rudeness" if "immediate-safety-risk" in grounds else "immediate-safety-risk"
    at_once = {
        **journey.answers(),
        "ground": not_serious,
        "restrictions": [journey.terms("named-officer")],
    }
    detail = api.refused(
        imposer,
        f"/cases/{case}/immediate-restrictions",
        at_once,
        "only possible on this policy’s serious grounds",
    )
    for ground in pack.immediate_restriction.grounds:
        assert ground.name.lower() in detail
    assert api.get(journey.case_officer, f"/cases/{case}")["restrictions"] == []


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_written_only_against_a_large_print_adjustment_is_refused_until_resolved(
    path, api, traveller
):
    journey = HttpJourney(path, api)
    today = timezone.localdate()
    adjustment = {
        "kind": "large-print",
        "agreed_on": today.isoformat(),
        "review_on": (today + timedelta(days=180)).isoformat(),
    }
    api.post(
        journey.case_officer, f"/customers/{journey.customer.reference}/adjustments", adjustment
    )
    case = journey.investigated(journey.escalated())
    body = journey.decision_body("written-only")
    detail = api.refused(journey.members[0], f"/cases/{case}/decisions", body, "large print")
    assert journey.customer.full_name in detail
    resolved = "Letters in 16 point type, and a named officer reads them out on request."
    decided = journey.restrict(case, "written-only", adjustment_resolution=resolved)
    assert decided["restrictions"][0]["parameters"]["adjustment_resolution"] == resolved


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_an_appeal_heard_by_the_decider_is_refused(path, api, traveller):
    journey = HttpJourney(path, api)
    deciding = workflow.deciding_body_id(journey.pack)
    body = journey.pack.decision_body(deciding)
    assert body is not None
    seat = body.members[0]
    decider = staff(Role(seat.role), Role.APPEALS_OFFICER, posts=(seat.post,) if seat.post else ())
    journey.members = [decider, *journey.members[1:]]
    case = journey.investigated(journey.escalated())
    decided = journey.restrict(case, RESTRICTION_FOR[path.stem])
    lodged = {
        "decision": decided["id"],
        "received_on": timezone.localdate().isoformat(),
        "grounds": "Unfair",
    }
    appeal = api.post(journey.case_officer, f"/cases/{case}/appeals", lodged)
    api.refused(
        journey.case_officer,
        f"/cases/appeals/{appeal['id']}/officer",
        {"officer": decider.email},
        "took part in the decision",
    )


@pytest.mark.parametrize("path", PACKS, ids=IDS)
def test_a_review_interval_longer_than_the_pack_allows_is_refused(path, api, traveller):
    journey = HttpJourney(path, api)
    longest = journey.pack.review.longest_interval_months
    case = journey.investigated(journey.escalated())
    too_long = journey.decision_body("named-officer", review_in_months=longest + 1)
    api.refused(
        journey.members[0],
        f"/cases/{case}/decisions",
        too_long,
        f"longer than this policy allows ({longest} months)",
    )
    [restriction] = journey.restrict(case, "named-officer")["restrictions"]
    travel_to(traveller, date.fromisoformat(restriction["review_on"]))
    extend = {
        "outcome": "extend",
        "reasons": "Carried on.",
        "incidents_not_recorded": 1,
        "incidents_note": "An abusive call to the housing team, logged on the housing system.",
        "extend_by_months": longest + 1,
    }
    api.refused(
        journey.members[0],
        f"/cases/restrictions/{restriction['id']}/review",
        extend,
        f"within {longest} months under this policy",
    )


def test_west_lindsey_refuses_a_decision_before_the_health_and_safety_investigation(api, traveller):
    """West Lindsey 11.1, 12.2: the determination team decides only on an investigation with
    Health and Safety findings."""
    journey = HttpJourney(Path(settings.POLICY_DIR) / "west-lindsey-2024.toml", api)
    case = journey.escalated()
    journey.climb(case)
    api.post(journey.case_officer, f"/cases/{case}/investigation/start")
    without = {**INVESTIGATION, "health_and_safety_findings": ""}
    api.post(journey.investigator, f"/cases/{case}/investigation", without)
    api.refused(
        journey.members[0],
        f"/cases/{case}/decisions",
        journey.decision_body("limited-calls"),
        "needs a Health and Safety investigation before the decision",
    )
    assert api.get(journey.case_officer, f"/cases/{case}")["decisions"] == []


def test_ucb_refuses_a_decision_while_the_case_is_with_the_line_manager(api, traveller):
    """ucb-2024-2028: the service manager or executive officer first; then the Executive Officer."""
    journey = HttpJourney(Path(settings.POLICY_DIR) / "ucb-2024-2028.toml", api)
    case = journey.investigated(journey.escalated(), climbing=False)
    api.refused(
        journey.members[0],
        f"/cases/{case}/decisions",
        journey.decision_body("named-officer"),
        "move it up the ladder first",
    )
    assert api.get(journey.case_officer, f"/cases/{case}")["restrictions"] == []


def test_ucb_refuses_a_decision_by_someone_who_is_not_the_executive_officer(api, traveller):
    """ucb-2024-2028 (5): sanctions are agreed by the Executive Officer, Customer Services &
    Organisational Development; a decision maker without that post is refused, naming it."""
    journey = HttpJourney(Path(settings.POLICY_DIR) / "ucb-2024-2028.toml", api)
    case = journey.investigated(journey.escalated())
    ordinary = staff(Role.DECISION_MAKER)
    answers = journey.decision_body("named-officer")
    answers["members"] = [ordinary.email]
    api.refused(
        ordinary,
        f"/cases/{case}/decisions",
        answers,
        "Only the Executive Officer, Customer Services & Organisational Development may record "
        "the decision under this policy (clause 5)",
    )
    assert api.get(journey.case_officer, f"/cases/{case}")["decisions"] == []
    decided = journey.restrict(case, "named-officer")
    assert [seat["post_name"] for seat in decided["acted_as"]] == [
        "Executive Officer, Customer Services & Organisational Development"
    ]
