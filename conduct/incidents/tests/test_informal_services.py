"""The informal stage's services: the status table, one action row and one audit event each."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.cases.models import Case
from conduct.cases.tests import factories
from conduct.core.models import AuditEvent
from conduct.core.moves import moves_open_to
from conduct.core.refusals import Refusal
from conduct.core.tests.moves_table import assert_check_agrees_with_offer
from conduct.incidents import informal
from conduct.incidents.informal import MOVE_OF, Action
from conduct.incidents.models import Incident, IncidentAction, InformalWarning

pytestmark = pytest.mark.django_db
Status = Incident.Status


def perform(action: Action, incident: Incident, by, **extra):
    """Take one action with answers that are otherwise valid."""
    if action == Action.NO_FURTHER_ACTION:
        return informal.close_with_no_further_action(incident, reason="Resolved", by=by)
    if action == Action.INFORMAL_WARNING:
        return informal.record_informal_warning(
            incident,
            given_by=extra.get("given_by", by),
            given_at=extra.get("given_at", timezone.now() - timedelta(minutes=5)),
            how=extra.get("how", "in-person"),
            words_used=extra.get("words_used", "Shouting at staff is not acceptable."),
            by=by,
        )
    if action == Action.REQUEST_MORE_DETAIL:
        return informal.request_more_detail(incident, question="Who else was there?", by=by)
    if action == Action.ADD_DETAIL:
        return informal.add_detail(incident, detail="Two colleagues saw it.", by=by)
    return informal.escalate_to_case(incident, reason="It keeps happening", by=by)


def incident_in(status: str, officer) -> Incident:
    incident = factories.incident(officer)
    Incident.objects.filter(pk=incident.pk).update(status=status)  # arrange only
    incident.refresh_from_db()
    return incident


TABLE = [
    (status, action, status in MOVE_OF[action].sources)
    for status in Status.values
    for action in Action
]


@pytest.mark.parametrize(("status", "action", "allowed"), TABLE)
def test_each_status_allows_only_the_actions_in_the_table(
    officer, manager, status, action, allowed
):
    """Every status × action either moves the incident as declared or raises Refusal."""
    incident = incident_in(status, officer)
    by = officer if action == Action.ADD_DETAIL else manager
    if allowed:
        perform(action, incident, by)
        incident.refresh_from_db()
        assert incident.status == MOVE_OF[action].target
    else:
        with pytest.raises(Refusal):
            perform(action, incident, by)
        incident.refresh_from_db()
        assert incident.status == status


def test_every_status_has_a_sentence_for_a_move_it_does_not_allow():
    """No status is left without the words saying where the incident stands."""
    assert set(informal.AS_IT_STANDS) == set(Status.values)


@pytest.mark.parametrize("status", Status.values)
def test_check_refuses_exactly_the_moves_not_offered(officer, manager, make_staff, status):
    """In every status, for each person and move, `check` refuses just when it is not offered."""
    incident = incident_in(status, officer)
    for person in (officer, manager, make_staff(Role.CASE_OFFICER), make_staff(Role.AUDITOR)):
        assert_check_agrees_with_offer(person, incident, informal.MOVES)


def test_the_moves_are_offered_in_the_order_the_table_had():
    """New: warn, escalate, ask, close; more detail asked for: answer, escalate, close."""
    order = [move.name for move in informal.MOVES]
    assert [n for n in order if n != "add_detail"] == [
        "record_informal_warning",
        "escalate_to_case",
        "request_more_detail",
        "close_with_no_further_action",
    ]
    asked = [m.name for m in informal.MOVES if Status.MORE_DETAIL_REQUESTED in m.sources]
    assert asked == [
        "add_detail",
        "escalate_to_case",
        "close_with_no_further_action",
    ]


@pytest.mark.parametrize(
    ("action", "verb", "kind"),
    [
        (Action.NO_FURTHER_ACTION, "incidents.closed_with_no_further_action", "no-further-action"),
        (Action.INFORMAL_WARNING, "incidents.informal_warning_recorded", "informal-warning"),
        (Action.REQUEST_MORE_DETAIL, "incidents.more_detail_requested", "more-detail-requested"),
        (Action.ESCALATE, "incidents.escalated", "escalated"),
    ],
)
def test_each_manager_action_writes_one_action_row_and_one_audit_event(
    officer, manager, action, verb, kind
):
    """The action, its IncidentAction row and its audit event are written together."""
    incident = factories.incident(officer)
    perform(action, incident, manager)
    assert list(incident.actions.values_list("kind", "created_by")) == [(kind, manager.pk)]
    events = AuditEvent.objects.filter(verb=verb, target_id=str(incident.pk))
    assert events.count() == 1
    assert events.get().actor == manager
    assert events.get().payload["reference"] == incident.reference


def test_the_officer_answers_a_request_and_the_incident_is_new_again(officer, manager):
    """Adding detail writes its own row and event and puts the incident back in the queue."""
    incident = factories.incident(officer)
    informal.request_more_detail(incident, question="Who else was there?", by=manager)
    question = informal.latest_question(incident)
    assert question is not None and question.note == "Who else was there?"
    informal.add_detail(incident, detail="Two colleagues saw it.", by=officer)
    assert incident.status == Status.NEW
    assert informal.latest_question(incident) is None
    assert incident.actions.filter(kind="detail-added", note="Two colleagues saw it.").exists()
    assert AuditEvent.objects.filter(verb="incidents.detail_added", actor=officer).count() == 1


def test_a_warning_is_kept_with_who_when_how_and_the_words(officer, manager):
    """The warning row names the customer, who gave it, when, how and what was said."""
    incident = factories.incident(officer)
    given_at = timezone.now() - timedelta(minutes=30)
    warning = perform(
        Action.INFORMAL_WARNING, incident, manager, given_by=officer, given_at=given_at, how="phone"
    )
    assert InformalWarning.objects.get() == warning
    assert (warning.customer, warning.given_by, warning.given_at, warning.how) == (
        incident.customer,
        officer,
        given_at,
        "phone",
    )


def test_escalation_opens_a_case_under_the_pack_in_force(officer, manager):
    """A case is opened for the customer with the incident, the reason and the pack."""
    incident = factories.incident(officer)
    case = perform(Action.ESCALATE, incident, manager)
    assert case.reference.startswith("CASE-")
    assert (case.customer, case.reason, case.created_by) == (
        incident.customer,
        "It keeps happening",
        manager,
    )
    assert list(case.incidents.all()) == [incident]
    assert case.policy_pack == incident.policy_pack
    assert AuditEvent.objects.filter(verb="cases.case_opened", target_id=str(case.pk)).exists()


def test_escalation_can_add_to_an_open_case_for_the_same_customer(officer, manager):
    """A second incident joins the customer's open case instead of opening another."""
    first = factories.incident(officer)
    case = perform(Action.ESCALATE, first, manager)
    second = factories.incident(officer, about=first.customer)
    joined = informal.escalate_to_case(second, reason="Again", case=case, by=manager)
    assert joined == case
    assert set(case.incidents.all()) == {first, second}
    assert Case.objects.count() == 1
    assert second.actions.get().note == "Again"


def test_escalation_refuses_a_case_about_someone_else(officer, manager):
    """An incident cannot join a case for another customer; nothing changes."""
    case = perform(Action.ESCALATE, factories.incident(officer), manager)
    other = factories.incident(officer)
    with pytest.raises(Refusal, match="different customer"):
        informal.escalate_to_case(other, reason="Again", case=case, by=manager)
    other.refresh_from_db()
    assert other.status == Status.NEW and not other.actions.exists()


@pytest.mark.parametrize("action", [Action.INFORMAL_WARNING, Action.ESCALATE])
def test_warning_and_escalation_need_a_known_customer(officer, manager, action):
    """An incident about an unknown person cannot be warned about or escalated yet."""
    incident = factories.incident(officer, unknown="Tall man, red coat")
    assert not informal.is_open(incident, action)
    with pytest.raises(Refusal, match="Add the customer"):
        perform(action, incident, manager)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"words_used": "  "}, "Enter the words used to warn the customer"),
        ({"how": "carrier-pigeon"}, "Select how the warning was given"),
        ({"given_at": timezone.now() + timedelta(hours=1)}, "must be in the past"),
        ({"given_at": timezone.now() - timedelta(days=3)}, "on or after the day of the incident"),
        ({"given_by": "stranger"}, "Select who gave the warning"),
    ],
)
def test_warning_answers_are_checked(officer, manager, make_staff, answers, message):
    """A warning with a missing or impossible answer is refused with a GOV.UK message."""
    if answers.get("given_by") == "stranger":
        answers["given_by"] = make_staff(Role.FRONTLINE_OFFICER)
    incident = factories.incident(officer)
    with pytest.raises(Refusal, match=message):
        perform(Action.INFORMAL_WARNING, incident, manager, **answers)
    assert not InformalWarning.objects.exists()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda i, by: informal.close_with_no_further_action(i, reason=" ", by=by), "Enter why"),
        (lambda i, by: informal.request_more_detail(i, question="", by=by), "Enter what you need"),
        (lambda i, by: informal.escalate_to_case(i, reason="\n", by=by), "Enter why you are"),
    ],
)
def test_blank_answers_are_refused(officer, manager, call, message):
    """Reasons and questions must say something; nothing is written when they do not."""
    incident = factories.incident(officer)
    with pytest.raises(Refusal, match=message):
        call(incident, manager)
    assert not IncidentAction.objects.exists()


def test_a_second_click_finds_the_action_already_taken(officer, manager):
    """The same action twice on a stale copy writes one row; the second is Refusal."""
    incident = factories.incident(officer)
    stale = Incident.objects.get(pk=incident.pk)
    informal.close_with_no_further_action(incident, reason="Resolved", by=manager)
    with pytest.raises(Refusal, match="closed with no further action"):
        informal.close_with_no_further_action(stale, reason="Resolved", by=manager)
    assert IncidentAction.objects.count() == 1


def test_actions_offered_follow_the_table_and_the_person(officer, manager, make_staff):
    """The manager is offered the manager's actions; the officer only answering a request."""
    incident = factories.incident(officer)
    assert [informal.ACTION_OF[m.name] for m in moves_open_to(manager, incident)] == [
        Action.INFORMAL_WARNING,
        Action.ESCALATE,
        Action.REQUEST_MORE_DETAIL,
        Action.NO_FURTHER_ACTION,
    ]
    assert moves_open_to(officer, incident) == []
    informal.request_more_detail(incident, question="Who?", by=manager)
    assert [m.name for m in moves_open_to(officer, incident)] == ["add_detail"]
    assert moves_open_to(make_staff(Role.AUDITOR), incident) == []
