"""The decision services refuse what the model pack and the law forbid, and record what they must."""

from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction

from conduct.accounts.roles import Role
from conduct.cases import decisions
from conduct.cases.decisions import FormalWarningTerms, RestrictionTerms
from conduct.cases.models import (
    Case,
    CustomerMustBeTold,
    Decision,
    Notification,
    Restriction,
    Review,
)
from conduct.cases.tests import factories
from conduct.cases.tests.factories import RECORDS
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.customers.models import Adjustment, Representative

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +0000", tick=False):
        yield


@pytest.fixture
def manager(make_staff):
    return make_staff(Role.LINE_MANAGER)


@pytest.fixture
def officer(make_staff):
    return make_staff(Role.CASE_OFFICER)


@pytest.fixture
def ready(manager, officer):
    """A warned customer's case, investigated and waiting for the panel."""
    return factories.investigated(factories.warned_case(manager), officer)


@pytest.fixture
def members():
    return factories.panel()


def decide(case, members, **changes):
    answers = {**RECORDS, "outcome": "no-further-action", **changes}
    return decisions.record_decision(case, by=members[0], members=members, **answers)


def test_a_restriction_decision_stores_pack_members_review_and_obligations(ready, members):
    """The decision keeps the pack and version (A1), its members, a review date and a to-tell row."""
    decision = factories.restricted(ready, members)
    restriction = decision.restrictions.get()
    assert decision.policy_pack == ready.policy_pack
    assert {m.member for m in decision.members.all()} == set(members)
    assert restriction.review_on == date(2026, 6, 2)
    assert restriction.must_end_by == date(2027, 3, 2)
    assert Review.objects.get(restriction=restriction).due_on == date(2026, 6, 2)
    assert CustomerMustBeTold.objects.filter(decision=decision, about="decision").exists()
    assert Case.objects.get(pk=ready.pk).status == Case.Status.DECIDED
    assert AuditEvent.objects.filter(verb="cases.decision_recorded").exists()


def test_teams_the_pack_names_are_told_of_a_restriction(ready, members):
    """The model pack tells complaints and health and safety when a restriction starts."""
    restriction = factories.restricted(ready, members).restrictions.get()
    teams = set(Notification.objects.filter(restriction=restriction).values_list("team", flat=True))
    assert teams == {"complaints", "health-and-safety"}


@pytest.mark.parametrize(
    ("record", "value", "message"),
    [
        ("reasons", " ", "Enter the reasons for the decision"),
        ("equality_act_reasoning", "", "Enter the Equality Act reasoning"),
        ("human_rights_reasoning", "", "Enter the human rights and proportionality reasoning"),
        ("staff_wellbeing", "", "Enter the impact on staff wellbeing"),
        ("disability_link", "", "Select whether the behaviour arises from a disability"),
        ("behaviour_categories", [], "Select the behaviour category"),
        ("behaviour_categories", ["shouting"], "is not a behaviour category"),
        ("protected_routes_stay_open", False, "Confirm that complaints, payments"),
        ("mandatory_services_stay_open", False, "Confirm that mandatory services stay open"),
    ],
)
def test_a_decision_missing_a_record_is_refused(ready, members, record, value, message):
    """Each record A2–A9 asks for is required, and the refusal names it."""
    with pytest.raises(Refusal, match=message):
        decide(ready, members, **{record: value})
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outcome": "informal-warning"}, "Select an outcome"),
        ({"outcome": "informal-resolution"}, "Enter the other resolution"),
        ({"outcome": "further-action"}, "Enter the legal advice"),
        ({"outcome": "formal-warning"}, "Enter the warning’s terms"),
        ({"outcome": "restriction"}, "Add at least one restriction"),
    ],
)
def test_an_outcome_without_what_it_needs_is_refused(ready, members, changes, message):
    """Other resolution names it; further action needs legal advice; warnings and restrictions their terms."""
    with pytest.raises(Refusal, match=message):
        decide(ready, members, **changes)


def test_a_formal_warning_has_a_monitoring_period_and_single_point_of_contact(ready, members):
    """The model pack's 3 months runs from today, with the contact named."""
    terms = FormalWarningTerms(behaviour="Shouting at staff", single_point_of_contact=members[0])
    decision = decide(ready, members, outcome="formal-warning", formal_warning=terms)
    warning = decision.formal_warning
    assert (warning.monitoring_from, warning.monitoring_until) == (TODAY, date(2026, 6, 2))
    assert warning.single_point_of_contact == members[0]


def test_further_action_with_legal_advice_is_recorded(ready, members):
    """Further action goes through once legal advice is recorded (14.3 in West Lindsey)."""
    decision = decide(ready, members, outcome="further-action", legal_advice="Seek an injunction")
    assert decision.legal_advice == "Seek an injunction"


@pytest.mark.parametrize("how", ["logged", "affected", "escalated"])
def test_a_member_involved_in_the_case_cannot_decide(ready, members, manager, make_staff, how):
    """A member who logged, was affected by or escalated an incident in the case is refused (A7)."""
    involved = make_staff(Role.DECISION_MAKER, Role.LINE_MANAGER)
    if how == "escalated":
        other = factories.incident(manager, about=ready.customer)
        from conduct.incidents import informal

        Case.objects.filter(pk=ready.pk).update(status="open")
        informal.escalate_to_case(other, reason="Again", case=ready, by=involved)
        Case.objects.filter(pk=ready.pk).update(status="ready-for-decision")
    else:
        staff = [manager] if how == "logged" else [involved]
        incident = factories.incident(
            involved if how == "logged" else manager, about=ready.customer, staff_affected=staff
        )
        ready.incidents.add(incident)
    with pytest.raises(Refusal, match=f"{involved.full_name} (logged|was affected|escalated)"):
        decide(ready, [involved, members[1]])


def test_the_manager_who_logged_the_incident_is_named_in_the_refusal(ready, manager, members):
    """The message says which incident the member logged."""
    manager_decider = members[0]
    incident = ready.incidents.get()
    ready.incidents.add(factories.incident(manager_decider, about=ready.customer))
    with pytest.raises(Refusal, match="logged incident INC-") as refused:
        decide(ready, members)
    assert incident.reference not in refused.value.message


def test_too_few_members_are_refused(ready, members):
    """The model panel needs two members."""
    with pytest.raises(Refusal, match="needs at least 2 members"):
        decide(ready, members[:1])


def test_a_member_without_a_role_of_the_body_is_refused(ready, members, make_staff):
    """An auditor is not on the senior officer panel."""
    auditor = make_staff(Role.AUDITOR)
    with pytest.raises(Refusal, match="does not hold a role of the Senior officer panel"):
        decide(ready, [members[0], auditor])


def test_the_person_recording_must_be_a_member(ready, members, make_staff):
    """Nobody records a decision they were not part of."""
    third = make_staff(Role.DECISION_MAKER)
    with pytest.raises(Refusal, match="must be one of the members"):
        decisions.record_decision(
            ready, by=third, members=members, outcome="no-further-action", **RECORDS
        )


def test_a_restriction_without_a_warning_is_refused(manager, officer, members):
    """The model pack warns before it restricts (C1)."""
    case = factories.investigated(factories.case(manager), officer)
    with pytest.raises(Refusal, match="needs a warning before a restriction"):
        factories.restricted(case, members)


def test_a_review_interval_longer_than_the_pack_allows_is_refused(ready, members):
    """The model pack allows at most 6 months between reviews."""
    with pytest.raises(Refusal, match=r"9 months is longer than this policy allows \(6"):
        factories.restricted(ready, members, review_in_months=9)


def test_a_shorter_review_interval_is_kept(ready, members):
    """A decider may review sooner than the pack's usual interval."""
    restriction = factories.restricted(ready, members, review_in_months=1).restrictions.get()
    assert restriction.review_on == date(2026, 4, 2)


def test_an_active_restriction_without_a_review_date_is_impossible(ready, members):
    """The database refuses it on SQLite and PostgreSQL alike (D6)."""
    restriction = factories.restricted(ready, members).restrictions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Restriction.objects.filter(pk=restriction.pk).update(review_on=None)


def written_only(**changes):
    return RestrictionTerms(
        type="written-only",
        parameters={"channel": "Letter"},
        services=[factories.council_service()],
        **changes,
    )


def test_written_only_against_large_print_is_refused_until_resolved(ready, members):
    """A conflicting adjustment blocks the decision; recording how it is met lets it through (D3)."""
    Adjustment.objects.create(
        customer=ready.customer, kind="large-print", agreed_on=TODAY, review_on=date(2027, 1, 1)
    )
    answers = {**RECORDS, "outcome": "restriction"}
    with pytest.raises(Refusal, match=r"agreed adjustment \(large print\)"):
        decisions.record_decision(
            ready, by=members[0], members=members, restrictions=[written_only()], **answers
        )
    resolved = written_only(adjustment_resolution="Letters will be sent in 16 point type.")
    decision = decisions.record_decision(
        ready, by=members[0], members=members, restrictions=[resolved], **answers
    )
    assert decision.restrictions.get().parameters["adjustment_resolution"].startswith("Letters")


def test_an_ended_adjustment_does_not_block(ready, members):
    """Only adjustments still agreed count."""
    Adjustment.objects.create(
        customer=ready.customer,
        kind="large-print",
        agreed_on=date(2025, 1, 1),
        review_on=date(2025, 6, 1),
        ended_on=date(2025, 6, 1),
    )
    decision = decide(ready, members, outcome="restriction", restrictions=[written_only()])
    assert decision.restrictions.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "needs legal advice"),
        ({"legal_advice": "Counsel agrees"}, "Enter the equality assessment"),
    ],
)
def test_withdrawing_a_mandatory_service_needs_legal_advice_and_an_assessment(
    ready, members, changes, message
):
    """The exceptional type needs the higher authority, legal advice and an equality assessment."""
    terms = RestrictionTerms(
        type="withdraw-mandatory-service",
        parameters={"service": "Bulky waste", "how_duty_is_met": "Through the advocate"},
        services=[factories.council_service()],
    )
    with pytest.raises(Refusal, match=message):
        decide(ready, members, outcome="restriction", restrictions=[terms], **changes)


def test_withdrawing_a_mandatory_service_needs_the_higher_authority(ready, make_staff):
    """Without a member holding the director's role it is refused."""
    ready.policy_pack.file  # noqa: B018  the pack loads
    panel = [make_staff(Role.HEALTH_AND_SAFETY_OFFICER), make_staff(Role.HEALTH_AND_SAFETY_OFFICER)]
    terms = RestrictionTerms(
        type="withdraw-mandatory-service",
        parameters={"service": "Bulky waste", "how_duty_is_met": "Through the advocate"},
        services=[factories.council_service()],
    )
    with pytest.raises(Refusal, match="needs a decision by the higher authority"):
        decide(
            ready,
            panel,
            outcome="restriction",
            restrictions=[terms],
            legal_advice="Yes",
            equality_assessment="Done",
        )


def test_a_representative_restriction_leaves_the_customer_unrestricted(ready, members):
    """Only the representative is restricted (G2)."""
    friend = Representative.objects.create(
        customer=ready.customer,
        name="Alex Friend",
        kind="friend",
        lawful_basis="consent",
        given_on=TODAY,
        review_on=date(2027, 1, 1),
    )
    restriction = factories.restricted(ready, members, representative=friend).restrictions.get()
    assert restriction.representative == friend
    assert not Restriction.objects.filter(customer=ready.customer, representative=None).exists()


def test_a_representative_of_someone_else_is_refused(ready, members):
    """A restriction cannot reach a representative who does not act for this customer."""
    other = factories.customer("Jo", "Other")
    stranger = Representative.objects.create(
        customer=other,
        name="Pat Stranger",
        kind="friend",
        lawful_basis="consent",
        given_on=TODAY,
        review_on=date(2027, 1, 1),
    )
    with pytest.raises(Refusal, match="does not act for"):
        factories.restricted(ready, members, representative=stranger)


@pytest.mark.parametrize(
    ("type_id", "parameters", "message"),
    [
        ("named-officer", {}, "Named officer: enter it"),
        ("named-officer", {"officer": 999999}, "Named officer: select a member of staff"),
        ("named-officer", {"officer": "x"}, "Named officer: select a member of staff"),
        ("named-officer", {"colour": "red"}, "“colour” is not a detail"),
        (
            "limited-calls",
            {"longest_call_minutes": "ten"},
            "Longest call, in minutes: enter a whole",
        ),
        ("limited-calls", {"most_calls": True}, "Most calls allowed: enter a whole number"),
        ("limited-calls", {"period": "a while"}, "enter a length of time"),
        ("set-times", {"times": "mornings"}, "enter days and times"),
        ("set-times", {"times": "Monday 12:00 to 10:00"}, "end time must be after"),
        ("building-access", {"buildings": "Civic Centre", "access": "Never"}, "select one of"),
        ("behaviour-agreement", {"terms": "Be polite", "signed": "yes"}, "select yes or no"),
        ("shouting-ban", {}, "not a restriction type of this policy"),
    ],
)
def test_restriction_details_are_checked_against_the_pack(
    ready, members, type_id, parameters, message
):
    """Each typed parameter is required where the pack says so and must be of its type."""
    terms = RestrictionTerms(
        type=type_id, parameters=parameters, services=[factories.council_service()]
    )
    with pytest.raises(Refusal, match=message):
        decide(ready, members, outcome="restriction", restrictions=[terms])


def test_good_details_are_stored_in_their_types(ready, members):
    """Integers, durations and time windows are kept cleaned."""
    terms = [
        RestrictionTerms(
            type="limited-calls",
            parameters={"longest_call_minutes": "10", "most_calls": 2, "period": "1 Week"},
            services=[factories.council_service()],
        ),
        RestrictionTerms(
            type="set-times",
            parameters={"times": "Tuesdays, 10:00 to 12:00"},
            services=[factories.council_service()],
        ),
    ]
    decision = decide(ready, members, outcome="restriction", restrictions=terms)
    calls = decision.restrictions.get(type="limited-calls")
    assert calls.parameters == {"longest_call_minutes": 10, "most_calls": 2, "period": "1 week"}


def test_whole_council_scope_needs_a_reason_with_one_service(ready, members):
    """One service affected is not enough for the whole council without a reason (D1)."""
    whole = {"scope": "whole-council", "services": []}
    with pytest.raises(Refusal, match="Enter why the whole council is covered"):
        factories.restricted(ready, members, **whole)
    decision = factories.restricted(
        ready, members, whole_council_reason="Threats to staff in every office", **whole
    )
    assert decision.restrictions.get().scope == "whole-council"


def test_named_services_scope_needs_a_service(ready, members):
    """A restriction on named services names at least one."""
    with pytest.raises(Refusal, match="Select the services"):
        factories.restricted(ready, members, services=[])


# Immediate restrictions ---------------------------------------------------------------------


IMMEDIATE = {k: v for k, v in RECORDS.items()}


def restrict_at_once(case, by, ground="credible-threat", **changes):
    answers = {**IMMEDIATE, "reasons": "Threatened to hurt the receptionist.", **changes}
    terms = changes.pop("restrictions", None) or [factories.named_officer_terms(by)]
    answers.pop("restrictions", None)
    return decisions.impose_immediate_restriction(
        case, by=by, ground=ground, restrictions=terms, **answers
    )


def test_an_immediate_restriction_on_a_pack_ground_needs_no_warning(manager, make_staff):
    """On a credible threat an authorised role restricts at once; ratify by 5 working days on."""
    case = factories.case(manager)
    safety = make_staff(Role.HEALTH_AND_SAFETY_OFFICER)
    decision = restrict_at_once(case, safety)
    restriction = decision.restrictions.get()
    assert decision.immediate and decision.immediate_ground == "credible-threat"
    assert restriction.ratify_by == date(2026, 3, 9)
    assert restriction.review_on == date(2026, 6, 2)


def test_an_immediate_restriction_on_another_ground_is_refused(manager, make_staff):
    """Only the pack's serious grounds allow it (C2)."""
    case = factories.case(manager)
    with pytest.raises(Refusal, match="only possible on this policy’s serious grounds"):
        restrict_at_once(case, make_staff(Role.HEALTH_AND_SAFETY_OFFICER), ground="rudeness")


def test_an_immediate_restriction_by_an_unauthorised_role_is_refused(manager, make_staff):
    """The model pack lets line managers and health and safety officers do it, not case officers."""
    case = factories.case(manager)
    with pytest.raises(Refusal, match="Your role cannot restrict at once"):
        restrict_at_once(case, make_staff(Role.CASE_OFFICER))


@pytest.mark.parametrize("confirm", [True, False])
def test_ratification_confirms_or_lapses(manager, make_staff, members, confirm):
    """Confirmed, the restriction stays and needs no ratifying; not confirmed, it lapses."""
    case = factories.case(manager)
    immediate = restrict_at_once(case, make_staff(Role.HEALTH_AND_SAFETY_OFFICER))
    answers = {k: v for k, v in RECORDS.items() if k != "behaviour_categories"}
    ratified = decisions.ratify_immediate_restriction(
        case, immediate, by=members[0], members=members, confirm=confirm, **answers
    )
    restriction = immediate.restrictions.get()
    assert ratified.ratifies == immediate
    if confirm:
        assert (restriction.status, restriction.ratify_by) == ("active", None)
    else:
        assert restriction.status == "lapsed" and restriction.ended_at is not None
    with pytest.raises(Refusal, match="no immediate restriction waiting"):
        decisions.ratify_immediate_restriction(
            case, immediate, by=members[0], members=members, confirm=True, **answers
        )


# The ladder and closing ---------------------------------------------------------------------


def test_moving_up_the_ladder_records_the_next_step(manager, officer):
    """From the line manager the model ladder goes to the decision body, then stops."""
    case = factories.case(manager)
    decisions.move_up_the_ladder(case, by=officer, reason="Serious and persistent")
    assert Case.objects.get(pk=case.pk).ladder_step == "decision-body"
    with pytest.raises(Refusal, match="top of the ladder"):
        decisions.move_up_the_ladder(case, by=officer, reason="Again")


def test_a_case_with_a_live_restriction_cannot_close(ready, members, officer):
    """Closing waits until nothing is live; after no further action it closes."""
    factories.restricted(ready, members)
    with pytest.raises(Refusal, match="still has a live restriction"):
        decisions.close_case(ready, by=officer, reason="Done")


def test_a_case_decided_with_no_further_action_closes(ready, members, officer):
    """The reason is kept in the audit trail."""
    decide(ready, members)
    decisions.close_case(ready, by=officer, reason="Nothing more to do")
    assert Case.objects.get(pk=ready.pk).closed_at is not None
    assert (
        AuditEvent.objects.get(verb="cases.case_closed").payload["reason"] == "Nothing more to do"
    )


def test_an_investigation_needs_its_records(manager, officer):
    """Evidence, underlying causes and adjustments considered are required (A4, A8)."""
    case = factories.case(manager)
    decisions.start_investigation(case, by=officer)
    answers = {**factories.INVESTIGATION, "underlying_causes": ""}
    with pytest.raises(Refusal, match="Enter the underlying causes"):
        decisions.record_investigation(case, by=officer, **answers)


def test_whoever_imposed_an_immediate_restriction_cannot_ratify_it(manager, members):
    """Ratifying is a fresh look by the decision body, not the imposer confirming themselves."""
    case = factories.case(manager)
    imposer = next(m for m in members if m.has_role(Role.HEALTH_AND_SAFETY_OFFICER))
    immediate = restrict_at_once(case, imposer)
    answers = {k: v for k, v in RECORDS.items() if k != "behaviour_categories"}
    with pytest.raises(Refusal, match="imposed the immediate restriction, so cannot ratify"):
        decisions.ratify_immediate_restriction(
            case, immediate, by=members[0], members=members, confirm=True, **answers
        )


def test_west_lindsey_needs_a_health_and_safety_investigation_before_deciding(manager, officer):
    """12.2: the Determination Team decides only after a Health and Safety investigation."""
    from django.conf import settings

    from conduct.policy.loader import read_pack

    west_lindsey = read_pack(settings.POLICY_DIR / "west-lindsey-2024.toml")
    case = factories.warned_case(manager)
    decisions.start_investigation(case, by=officer)
    without = {**factories.INVESTIGATION, "health_and_safety_findings": ""}
    decisions.record_investigation(case, by=officer, **without)
    with pytest.raises(Refusal, match="needs a Health and Safety investigation"):
        decisions.check_prerequisites(case, west_lindsey, "determination-team")
    # The model pack asks for no such investigation first.
    decisions.check_prerequisites(case, case.policy_pack.file, "senior-officer-panel")
