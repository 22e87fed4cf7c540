"""Ombudsman referrals: recorded with their dates, enquiries, outcome and remedy; each answer the
rules refuse is refused on its field, each action audited, and the database holds the rules too."""

from datetime import timedelta
from types import SimpleNamespace
from typing import cast

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases import ombudsman
from conduct.cases.appeals import lodge_appeal
from conduct.cases.models import Case, OmbudsmanEnquiry, OmbudsmanReferral
from conduct.cases.ombudsman_moves import MOVES, open_names
from conduct.cases.tests.factories_ombudsman import days_ago, enquiry, referral, upheld
from conduct.cases.tests.factories_reviews import decided_case, decision
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.core.tests.moves_table import assert_check_agrees_with_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_staff):
    return make_staff(Role.CASE_OFFICER)


def verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("verb", flat=True))


def refused_answers(call, **kwargs) -> dict[str, str]:
    with pytest.raises(Refusal) as refused:
        call(**kwargs)
    assert refused.value.conflict is False
    return refused.value.answers


# Recording the referral -----------------------------------------------------------------------


def test_a_referral_is_recorded_about_the_decision_and_audited(officer):
    """A case officer records the referral about a decision; the audit names the Ombudsman."""
    case = decided_case()
    made = decision(case)
    item = ombudsman.record_ombudsman_referral(
        case,
        by=officer,
        ombudsman="housing-ombudsman",
        heard_on=days_ago(1),
        referred_on=days_ago(3),
        reference=" 202412345 ",
        decision=made,
    )
    assert (item.ombudsman, item.reference, item.decision) == (
        "housing-ombudsman",
        "202412345",
        made,
    )
    assert (
        item.outcome == "" and ombudsman.outcome_in_words(item.ombudsman, "") == "Not decided yet"
    )
    event = AuditEvent.objects.get(verb="cases.ombudsman_referral_recorded")
    assert event.payload["ombudsman"] == "Housing Ombudsman"
    assert event.payload["reference"] == case.reference


def test_complaints_staff_record_referrals_and_others_are_refused(make_staff):
    """Case officers and complaints and customer services record; a decision maker may not."""
    case = decided_case()
    complaints = make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)
    assert referral(case, by=complaints).created_by == complaints
    with pytest.raises(Refusal, match="Only case officers and complaints"):
        referral(case, by=make_staff(Role.DECISION_MAKER))


def test_every_faulty_answer_on_a_referral_is_refused_at_once(officer):
    """An unknown Ombudsman, a future date and a referral after the council heard, together."""
    answers = refused_answers(
        ombudsman.record_ombudsman_referral,
        case=decided_case(),
        by=officer,
        ombudsman="parliamentary-ombudsman",
        heard_on=timezone.localdate() + timedelta(days=1),
        referred_on=timezone.localdate(),
    )
    assert answers == {
        "ombudsman": "Select which Ombudsman the customer went to",
        "heard_on": "The date the council heard must be today or in the past",
    }
    answers = refused_answers(
        ombudsman.record_ombudsman_referral,
        case=decided_case(),
        by=officer,
        ombudsman="lgsco",
        heard_on=days_ago(5),
        referred_on=days_ago(2),
        reference="x" * 31,
    )
    assert set(answers) == {"referred_on", "reference"}
    assert "on or before the date the council heard" in answers["referred_on"]


def test_a_referral_is_about_one_thing_on_its_own_case(officer):
    """The decision or the appeal must be on the case, and not both."""
    case, other = decided_case(), decided_case()
    elsewhere = decision(other)
    answers = refused_answers(
        ombudsman.record_ombudsman_referral,
        case=case,
        by=officer,
        ombudsman="lgsco",
        heard_on=days_ago(1),
        decision=elsewhere,
    )
    assert answers == {"about": "The decision is on another case"}


def test_an_ombudsman_reference_is_recorded_once(officer):
    """The same LGSCO reference on a second referral names the case that has it."""
    first = referral(by=officer, reference="24 001 234")
    answers = refused_answers(referral, by=officer, reference="24 001 234")
    assert answers == {
        "reference": f"The Ombudsman’s reference 24 001 234 is already recorded on case "
        f"{first.case.reference}"
    }


def test_a_reference_taken_at_the_same_moment_is_refused_as_the_check_refuses_it(
    officer, monkeypatch
):
    """Two staff record the same reference at once: each checks before the other writes, so the
    database's unique rule stops the second, which is told which case has it, and nothing of
    it is kept."""
    first = referral(by=officer, reference="24 009 999")
    check, asked = ombudsman.reference_fault, []

    def before_the_first_was_written(*args: object) -> str | None:
        asked.append(args)
        return None if len(asked) == 1 else check(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(ombudsman, "reference_fault", before_the_first_was_written)
    answers = refused_answers(referral, by=officer, reference="24 009 999")
    assert answers == {
        "reference": f"The Ombudsman’s reference 24 009 999 is already recorded on case "
        f"{first.case.reference}"
    }
    assert OmbudsmanReferral.objects.filter(reference="24 009 999").count() == 1


def test_the_pack_signposted_ombudsman_is_offered_first():
    """A Scottish pack signposting the SPSO offers it first, then the other three in turn."""
    pack = SimpleNamespace(ombudsman=SimpleNamespace(signpost=["spso"]))
    case = cast(Case, SimpleNamespace(policy_pack=SimpleNamespace(file=pack)))
    assert ombudsman.ombudsmen_for(case) == ["spso", "lgsco", "housing-ombudsman", "psow"]


def test_a_referral_about_the_appeal_and_not_both(officer):
    """About the case's appeal is kept; naming the decision and the appeal is refused."""
    case = decided_case()
    made = decision(case)
    appeal = lodge_appeal(
        case, made, by=officer, received_on=timezone.localdate(), grounds="Unfair."
    )
    item = ombudsman.record_ombudsman_referral(
        case, by=officer, ombudsman="lgsco", heard_on=days_ago(0), appeal=appeal
    )
    assert (item.appeal, item.decision) == (appeal, None)
    answers = refused_answers(
        ombudsman.record_ombudsman_referral,
        case=case,
        by=officer,
        ombudsman="lgsco",
        heard_on=days_ago(0),
        decision=made,
        appeal=appeal,
    )
    assert answers == {"about": "Choose the decision or the appeal the referral is about, not both"}


# Enquiries -------------------------------------------------------------------------------------


def test_an_enquiry_brings_the_reference_and_its_response_is_recorded(officer):
    """The first enquiry's reference is kept; the response day is recorded and audited."""
    item = referral(by=officer)
    asked = ombudsman.record_ombudsman_enquiry(
        item, by=officer, received_on=days_ago(10), question="Your records.", reference="24 009 999"
    )
    item.refresh_from_db()
    assert item.reference == "24 009 999" and asked.responded_on is None
    answered = ombudsman.record_enquiry_response(asked, by=officer, responded_on=days_ago(2))
    assert answered.responded_on == days_ago(2)
    assert verbs()[-2:] == ["cases.ombudsman_enquiry_recorded", "cases.ombudsman_enquiry_answered"]


def test_an_enquiry_refuses_dates_out_of_order_and_a_second_reference(officer):
    """Received before the council heard, respond by before received, a different reference."""
    item = referral(by=officer, reference="24 000 001")
    answers = refused_answers(
        ombudsman.record_ombudsman_enquiry,
        referral=item,
        by=officer,
        received_on=days_ago(40),
        respond_by=days_ago(41),
        question=" ",
        reference="24 000 002",
    )
    assert set(answers) == {"received_on", "respond_by", "question", "reference"}
    assert answers["reference"] == "The Ombudsman’s reference is already recorded as 24 000 001"
    assert answers["question"] == "Enter what the Ombudsman asked"


def test_a_response_is_recorded_once_and_not_before_the_enquiry(officer):
    """Before the enquiry came is a bad answer; a second response is refused as it stands."""
    asked = enquiry(referral(by=officer), by=officer)
    answers = refused_answers(
        ombudsman.record_enquiry_response, enquiry=asked, by=officer, responded_on=days_ago(21)
    )
    assert "before the enquiry was received" in answers["responded_on"]
    ombudsman.record_enquiry_response(asked, by=officer, responded_on=days_ago(1))
    with pytest.raises(Refusal) as again:
        ombudsman.record_enquiry_response(asked, by=officer, responded_on=days_ago(1))
    assert (
        again.value.conflict and "No enquiry from the Ombudsman is waiting" in again.value.message
    )


# The outcome and the remedy ---------------------------------------------------------------------


def test_an_upheld_outcome_with_a_remedy_then_the_remedy_done(officer):
    """Upheld with a remedy; the remedy done is recorded once, and the referral is decided."""
    item = upheld(referral(by=officer), by=officer)
    assert (item.outcome, item.outcome_on) == ("upheld", days_ago(5))
    assert "record_ombudsman_enquiry" not in open_names(officer, item)
    done = ombudsman.record_remedy_done(item, by=officer, done_on=days_ago(1))
    assert done.remedy_done_on == days_ago(1)
    with pytest.raises(Refusal, match="The remedy was recorded as done on"):
        ombudsman.record_remedy_done(item, by=officer, done_on=days_ago(1))
    assert verbs()[-2:] == ["cases.ombudsman_outcome_recorded", "cases.ombudsman_remedy_done"]
    assert AuditEvent.objects.get(verb="cases.ombudsman_outcome_recorded").payload["outcome"] == (
        "upheld"
    )


def test_a_remedy_only_with_an_upheld_outcome(officer):
    """Not upheld with a remedy is refused on the remedy; an unknown outcome on the outcome."""
    item = referral(by=officer)
    answers = refused_answers(
        ombudsman.record_ombudsman_outcome,
        referral=item,
        by=officer,
        outcome="not-upheld",
        outcome_on=days_ago(1),
        remedy="Pay £100.",
    )
    assert answers == {
        "remedy": "Only an upheld or partly upheld complaint has a remedy: leave the remedy empty"
    }
    answers = refused_answers(
        ombudsman.record_ombudsman_outcome,
        referral=item,
        by=officer,
        outcome="dismissed",
        outcome_on=days_ago(29),
    )
    assert set(answers) == {"outcome", "outcome_on"}


def test_the_outcome_is_recorded_once(officer):
    """A second outcome is refused: the Ombudsman has decided."""
    item = upheld(referral(by=officer), by=officer)
    with pytest.raises(Refusal, match="The Ombudsman’s outcome is already recorded"):
        ombudsman.record_ombudsman_outcome(
            item, by=officer, outcome="not-upheld", outcome_on=days_ago(1)
        )


def test_no_remedy_to_record_when_none_was_asked(officer):
    """Not upheld: recording a remedy done is refused with the reason."""
    item = ombudsman.record_ombudsman_outcome(
        referral(by=officer), by=officer, outcome="not-upheld", outcome_on=days_ago(2)
    )
    with pytest.raises(Refusal, match="The Ombudsman asked for no remedy"):
        ombudsman.record_remedy_done(item, by=officer, done_on=days_ago(1))


def test_the_remedy_cannot_be_done_before_the_outcome(officer):
    """A remedy done before the Ombudsman decided is a bad answer on its date."""
    item = upheld(referral(by=officer), by=officer)
    answers = refused_answers(
        ombudsman.record_remedy_done, referral=item, by=officer, done_on=days_ago(6)
    )
    assert "before the Ombudsman’s outcome" in answers["done_on"]


@pytest.mark.parametrize(
    ("ombudsman_id", "outcome", "words"),
    [
        ("housing-ombudsman", "not-upheld", "Not upheld (no maladministration)"),
        ("spso", "partly-upheld", "Partly upheld (some upheld)"),
        ("lgsco", "premature", "Not investigated: premature (referred back for local resolution)"),
        ("psow", "withdrawn", "Withdrawn by the customer"),
    ],
)
def test_outcomes_read_in_each_ombudsmans_words(ombudsman_id, outcome, words):
    """One stored outcome, shown with the Ombudsman's own word for it."""
    assert ombudsman.outcome_in_words(ombudsman_id, outcome) == words


# The database holds the rules too -------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"outcome_on": days_ago(1)},  # a date with no outcome
        {"outcome": "not-upheld", "outcome_on": days_ago(1), "remedy": "Pay £50."},
        {"remedy_done_on": days_ago(1)},  # done with no remedy
        {"referred_on": days_ago(1)},  # referred after the council heard
    ],
)
def test_the_database_refuses_a_referral_out_of_order(officer, changes):
    item = referral(by=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        OmbudsmanReferral.objects.filter(pk=item.pk).update(**changes)


def test_the_database_refuses_an_enquiry_answered_before_it_came(officer):
    asked = enquiry(referral(by=officer), by=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        OmbudsmanEnquiry.objects.filter(pk=asked.pk).update(responded_on=days_ago(25))


# The moves table ---------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["open", "enquiry waiting", "upheld", "remedy done"])
def test_check_refuses_exactly_the_moves_not_offered(officer, stage):
    """For every role and move, `check` refuses just when the referral page would not offer it."""
    item = referral(by=officer)
    if stage == "enquiry waiting":
        enquiry(item, by=officer)
    if stage in ("upheld", "remedy done"):
        item = upheld(item, by=officer)
    if stage == "remedy done":
        item = ombudsman.record_remedy_done(item, by=officer, done_on=days_ago(1))
    for role in Role:
        assert_check_agrees_with_offer(staff_member(role), item, MOVES)
