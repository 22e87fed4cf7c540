"""The decision pages: the case page offers the moves, each page makes its move or says why not."""

import pytest
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.cases.models import Case, Decision, Restriction
from conduct.cases.tests import factories
from conduct.cases.tests.factories import INVESTIGATION, RECORDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_staff):
    return make_staff(Role.LINE_MANAGER)


@pytest.fixture
def officer(make_staff):
    return make_staff(Role.CASE_OFFICER)


@pytest.fixture
def members():
    return factories.panel()


def page(name, case):
    return reverse(f"cases:{name}", args=[case.reference])


def records_post(**changes):
    data = {k: v for k, v in RECORDS.items() if not isinstance(v, bool | list)}
    data.update(
        behaviour_categories=RECORDS["behaviour_categories"],
        mandatory_services_stay_open="on",
        protected_routes_stay_open="on",
    )
    data.update(changes)
    return data


def test_the_case_page_offers_the_moves_open_to_the_person(client, manager, officer, sign_in):
    """A case officer on an open case sees the buttons to investigate and to move up."""
    case = factories.case(manager)
    sign_in(officer)
    body = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Start the investigation" in body and page("start_investigation", case) in body
    assert "Record the decision" not in body


def test_investigating_through_the_pages(client, manager, officer, sign_in):
    """Start, then record the investigation; the case page shows it."""
    case = factories.case(manager)
    sign_in(officer)
    assert client.post(page("start_investigation", case)).status_code == 302
    data = {**INVESTIGATION, "complaint_handled_properly": "yes"}
    response = client.post(page("record_investigation", case), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.READY_FOR_DECISION
    shown = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert INVESTIGATION["evidence_reviewed"] in shown


def test_a_missing_investigation_answer_is_shown_with_answers_kept(
    client, manager, officer, sign_in
):
    """The GOV.UK error summary names what is missing; what was typed stays."""
    case = factories.case(manager)
    sign_in(officer)
    client.post(page("start_investigation", case))
    data = {**INVESTIGATION, "complaint_handled_properly": "yes", "underlying_causes": ""}
    body = client.post(page("record_investigation", case), data).content.decode()
    assert "Enter underlying causes considered" in body
    assert INVESTIGATION["evidence_reviewed"] in body


def decision_post(members, **changes):
    return {
        **records_post(),
        "members": [str(m.pk) for m in members],
        "declaration": "on",
        "outcome": "restriction",
        "restriction_type": "named-officer",
        "p__named-officer__officer": str(members[0].pk),
        "scope": "services",
        "services": [str(factories.council_service().pk)],
        **changes,
    }


def test_the_decision_page_records_a_restriction(client, manager, officer, members, sign_in):
    """The panel's decision with a named-officer restriction; the case page then lists it."""
    case = factories.investigated(factories.warned_case(manager), officer)
    sign_in(members[0])
    form = client.get(page("record_decision", case)).content.decode()
    assert members[1].full_name in form and "Named officer" in form
    response = client.post(page("record_decision", case), decision_post(members))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Restriction.objects.filter(case=case, status="active").count() == 1
    shown = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Contact through a named officer or one inbox" in shown


def test_a_policy_refusal_shows_in_the_error_summary(client, manager, officer, members, sign_in):
    """A review interval longer than the pack allows is refused, with every answer kept."""
    case = factories.investigated(factories.warned_case(manager), officer)
    sign_in(members[0])
    data = decision_post(members, review_in_months="9", reasons="Kept reasons")
    body = client.post(page("record_decision", case), data).content.decode()
    assert "longer than this policy allows" in body
    assert "Kept reasons" in body
    assert not Decision.objects.exists()


def test_a_move_not_open_now_says_why(client, manager, members, sign_in):
    """A decision maker on an open case is told the case is not ready for a decision."""
    case = factories.case(manager)
    sign_in(members[0])
    body = client.get(page("record_decision", case)).content.decode()
    assert "not possible while it is open" in body


MOVES = [
    ("start_investigation", {Role.CASE_OFFICER, Role.HEALTH_AND_SAFETY_OFFICER}),
    ("record_decision", {Role.DECISION_MAKER, Role.HEALTH_AND_SAFETY_OFFICER}),
    ("impose_immediate_restriction", {Role.LINE_MANAGER, Role.HEALTH_AND_SAFETY_OFFICER}),
    ("close_case", {Role.CASE_OFFICER, Role.DECISION_MAKER, Role.HEALTH_AND_SAFETY_OFFICER}),
]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("move", "allowed"), MOVES)
def test_who_may_open_each_move_page(client, manager, make_staff, sign_in, move, allowed, role):
    """Staff who cannot see cases, or whose role the pack does not give the move, get a 403."""
    case = factories.case(manager)
    sign_in(make_staff(role))
    status = client.get(page(move, case)).status_code
    can_see = role in {
        Role.LINE_MANAGER,
        Role.CASE_OFFICER,
        Role.DECISION_MAKER,
        Role.HEALTH_AND_SAFETY_OFFICER,
        Role.APPEALS_OFFICER,
        Role.AUDITOR,
    }
    assert status == (200 if can_see and role in allowed else 403)


def test_restricting_at_once_and_ratifying(client, manager, make_staff, members, sign_in):
    """A health and safety officer restricts at once; the panel ratifies it through its page."""
    case = factories.case(manager)
    safety = sign_in(make_staff(Role.HEALTH_AND_SAFETY_OFFICER))
    data = decision_post([safety], ground="credible-threat")
    data["p__named-officer__officer"] = str(safety.pk)
    response = client.post(page("impose_immediate_restriction", case), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    sign_in(members[0])
    shown = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Ratify by" in shown and "Ratify the immediate restriction" in shown
    ratify = {**records_post(), "members": [str(m.pk) for m in members]}
    ratify.update(declaration="on", confirm="yes")
    response = client.post(page("ratify_immediate_restriction", case), ratify)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Restriction.objects.get().ratify_by is None


def test_moving_up_and_closing_through_the_pages(client, manager, officer, members, sign_in):
    """The ladder page records the next step; the close page closes a decided case."""
    case = factories.case(manager)
    sign_in(officer)
    client.post(page("move_up_the_ladder", case), {"reason": "Persistent"})
    Case.objects.filter(pk=case.pk).update(status="decided")
    client.post(page("close_case", case), {"reason": "Resolved"})
    case.refresh_from_db()
    assert (case.ladder_step, case.status) == ("decision-body", "closed")
