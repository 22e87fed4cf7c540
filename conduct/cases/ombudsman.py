"""Ombudsman referrals: the customer took the case to the LGSCO, the Housing Ombudsman, the SPSO or
the PSOW (requirements E3, F2); the council records when it heard, the Ombudsman's enquiries and
its answers, the outcome and the remedy asked for, for the case and the committee report (J2).

Each action is one function, named for what it records, audited in its own transaction. The
moves open on a referral are declared in cases/ombudsman_moves.py. Outcomes are stored in one
vocabulary for the committee report and shown with each Ombudsman's own words for them.
"""

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.models import (
    OMBUDSMAN_REFERENCE_LIMIT,
    UPHELD_OUTCOMES,
    Appeal,
    Case,
    Decision,
    OmbudsmanEnquiry,
    OmbudsmanOutcome,
    OmbudsmanReferral,
)
from conduct.cases.ombudsman_moves import RECORDING
from conduct.core.audit import record
from conduct.core.moves import check
from conduct.core.refusals import Refusal, bad_answer, refuse_answers
from conduct.core.text import NOTE_LIMIT, has_control_characters
from conduct.core.transactions import writes
from conduct.policy.schema import OMBUDSMAN_NAMES

Outcome = OmbudsmanOutcome

# Each Ombudsman's published words for an outcome, where they differ from ours: the LGSCO's
# decisions ("Upheld", "Not upheld", "Referred back for local resolution"), the Housing
# Ombudsman's findings ("Maladministration", "Partial maladministration", "No maladministration",
# "Outside jurisdiction"), the SPSO's ("Some upheld", "Out of jurisdiction", "Premature").
THEIR_WORDS: dict[str, dict[str, str]] = {
    "lgsco": {
        Outcome.UPHELD: "fault causing injustice",
        Outcome.NOT_UPHELD: "no fault",
        Outcome.PREMATURE: "referred back for local resolution",
    },
    "housing-ombudsman": {
        Outcome.UPHELD: "maladministration, service failure or severe maladministration",
        Outcome.PARTLY_UPHELD: "partial maladministration",
        Outcome.NOT_UPHELD: "no maladministration",
    },
    "spso": {
        Outcome.PARTLY_UPHELD: "some upheld",
        Outcome.OUTSIDE_JURISDICTION: "out of jurisdiction",
    },
    "psow": {Outcome.OUTSIDE_JURISDICTION: "out of jurisdiction"},
}


def outcome_in_words(ombudsman: str, outcome: str) -> str:
    """The outcome as staff read it, with the Ombudsman's own word where it has one."""
    if not outcome:
        return "Not decided yet"
    theirs = THEIR_WORDS.get(ombudsman, {}).get(outcome)
    label = str(Outcome(outcome).label)
    return f"{label} ({theirs})" if theirs else label


def ombudsmen_for(case: Case) -> list[str]:
    """The four Ombudsmen, the ones the case's policy signposts first."""
    signposted = list(case.policy_pack.file.ombudsman.signpost)
    return signposted + [name for name in OMBUDSMAN_NAMES if name not in signposted]


def day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def today() -> date:
    return timezone.localdate()


def ombudsman_name(referral: OmbudsmanReferral) -> str:
    return OMBUDSMAN_NAMES[referral.ombudsman]


def audit(verb: str, by: User, referral: OmbudsmanReferral, **payload: object) -> None:
    record(
        verb,
        actor=by,
        target=referral,
        payload={
            "reference": referral.case.reference,
            "ombudsman": ombudsman_name(referral),
            **payload,
        },
    )


# What is refused, answer by answer -------------------------------------------------------------


def not_future(answers: dict[str, str], field: str, value: date | None, noun: str) -> None:
    if value is not None and value > today() and field not in answers:
        answers[field] = f"{noun} must be today or in the past"


def not_before(
    answers: dict[str, str], field: str, value: date | None, earliest: date, message: str
) -> None:
    if value is not None and value < earliest and field not in answers:
        answers[field] = message


def text_fault(text: str, noun: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"{noun} must be {limit:,} characters or fewer"
    if has_control_characters(text):
        return f"{noun} must not include control characters"
    return None


def reference_fault(referral: OmbudsmanReferral | None, ombudsman: str, given: str) -> str | None:
    """Why this Ombudsman reference cannot be recorded, or None."""
    noun = "The Ombudsman’s reference"
    fault = text_fault(given, noun, OMBUDSMAN_REFERENCE_LIMIT)
    if fault or not given:
        return fault
    if referral is not None and referral.reference and referral.reference != given:
        return f"{noun} is already recorded as {referral.reference}"
    other = OmbudsmanReferral.objects.filter(ombudsman=ombudsman, reference=given)
    if referral is not None:
        other = other.exclude(pk=referral.pk)
    found = other.select_related("case").first()
    if found is not None:
        return f"{noun} {given} is already recorded on case {found.case.reference}"
    return None


T = TypeVar("T")


def keeping_references_unique(ombudsman: str, given: str, write: Callable[[], T]) -> T:
    """The write; or, when another referral took the same reference at the same moment (the
    database's unique rule, after this one's check), the same refusal the check gives."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        fault = reference_fault(None, ombudsman, given) if given else None
        if fault is None:
            raise
        raise bad_answer(fault, "reference") from None


def about_faults(case: Case, decision: Decision | None, appeal: Appeal | None) -> dict[str, str]:
    if decision is not None and appeal is not None:
        return {"about": "Choose the decision or the appeal the referral is about, not both"}
    if decision is not None and decision.case_id != case.pk:
        return {"about": "The decision is on another case"}
    if appeal is not None and appeal.case_id != case.pk:
        return {"about": "The appeal is on another case"}
    return {}


# The referral ---------------------------------------------------------------------------------


@writes
def record_ombudsman_referral(
    case: Case,
    *,
    by: User,
    ombudsman: str,
    heard_on: date,
    referred_on: date | None = None,
    reference: str = "",
    decision: Decision | None = None,
    appeal: Appeal | None = None,
) -> OmbudsmanReferral:
    """Record that the customer went to an Ombudsman about the case, as soon as the council
    hears of it; the Ombudsman's reference may follow with its first enquiry."""
    if not by.has_perm(RECORDING.name, case):
        raise Refusal(RECORDING.refusal)
    reference = reference.strip()
    answers = about_faults(case, decision, appeal)
    if ombudsman not in OMBUDSMAN_NAMES:
        answers["ombudsman"] = "Select which Ombudsman the customer went to"
    not_future(answers, "heard_on", heard_on, "The date the council heard")
    not_future(answers, "referred_on", referred_on, "The date the customer went to the Ombudsman")
    if referred_on is not None and referred_on > heard_on and "referred_on" not in answers:
        answers["referred_on"] = (
            "The date the customer went to the Ombudsman must be on or before the date the "
            "council heard"
        )
    fault = reference_fault(None, ombudsman, reference) if "ombudsman" not in answers else None
    if fault:
        answers["reference"] = fault
    refuse_answers(answers)
    referral = keeping_references_unique(
        ombudsman,
        reference,
        lambda: OmbudsmanReferral.objects.create(
            case=case,
            ombudsman=ombudsman,
            decision=decision,
            appeal=appeal,
            referred_on=referred_on,
            heard_on=heard_on,
            reference=reference,
            created_by=by,
            modified_by=by,
        ),
    )
    audit("cases.ombudsman_referral_recorded", by, referral, heard_on=heard_on)
    return referral


def locked(referral: OmbudsmanReferral) -> OmbudsmanReferral:
    return OmbudsmanReferral.objects.select_for_update().select_related("case").get(pk=referral.pk)


def take_reference(referral: OmbudsmanReferral, given: str, answers: dict[str, str]) -> None:
    """Keep the Ombudsman's reference when it first comes, refusing one that contradicts it."""
    fault = reference_fault(referral, referral.ombudsman, given)
    if fault:
        answers["reference"] = fault
    elif given:
        referral.reference = given


# Enquiries ------------------------------------------------------------------------------------


@writes
def record_ombudsman_enquiry(
    referral: OmbudsmanReferral,
    *,
    by: User,
    received_on: date,
    question: str,
    respond_by: date | None = None,
    reference: str = "",
) -> OmbudsmanEnquiry:
    """Record what the Ombudsman asked the council and by when; its letter usually brings the
    Ombudsman's reference, kept on the referral if it has none yet."""
    referral = locked(referral)
    check("record_ombudsman_enquiry", by, referral)
    question = question.strip()
    answers: dict[str, str] = {}
    not_future(answers, "received_on", received_on, "The date the enquiry was received")
    not_before(
        answers,
        "received_on",
        received_on,
        referral.heard_on,
        f"The enquiry cannot be received before the council heard of the referral, on "
        f"{day(referral.heard_on)}",
    )
    if respond_by is not None and respond_by < received_on:
        answers["respond_by"] = "The date to respond by must be on or after the date received"
    fault = "Enter what the Ombudsman asked" if not question else None
    fault = fault or text_fault(question, "What the Ombudsman asked", NOTE_LIMIT)
    if fault:
        answers["question"] = fault
    take_reference(referral, reference.strip(), answers)
    refuse_answers(answers)
    enquiry = OmbudsmanEnquiry.objects.create(
        referral=referral,
        received_on=received_on,
        respond_by=respond_by,
        question=question,
        created_by=by,
        modified_by=by,
    )
    referral.modified_by = by
    keeping_references_unique(
        referral.ombudsman,
        referral.reference,
        lambda: referral.save(update_fields=["reference", "modified_by", "modified_at"]),
    )
    audit("cases.ombudsman_enquiry_recorded", by, referral, received_on=received_on)
    return enquiry


@writes
def record_enquiry_response(
    enquiry: OmbudsmanEnquiry, *, by: User, responded_on: date
) -> OmbudsmanEnquiry:
    """Record the day the council answered the Ombudsman's enquiry."""
    referral = locked(enquiry.referral)
    check("record_enquiry_response", by, referral)
    enquiry = OmbudsmanEnquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.responded_on is not None:
        raise Refusal(
            f"The response to this enquiry was recorded as sent on {day(enquiry.responded_on)}"
        )
    answers: dict[str, str] = {}
    not_future(answers, "responded_on", responded_on, "The date the council responded")
    not_before(
        answers,
        "responded_on",
        responded_on,
        enquiry.received_on,
        f"The council cannot respond before the enquiry was received, on {day(enquiry.received_on)}",
    )
    refuse_answers(answers)
    enquiry.responded_on, enquiry.modified_by = responded_on, by
    enquiry.save(update_fields=["responded_on", "modified_by", "modified_at"])
    late = enquiry.respond_by is not None and responded_on > enquiry.respond_by
    audit("cases.ombudsman_enquiry_answered", by, referral, responded_on=responded_on, late=late)
    return enquiry


# The outcome and the remedy -------------------------------------------------------------------


@writes
def record_ombudsman_outcome(
    referral: OmbudsmanReferral,
    *,
    by: User,
    outcome: str,
    outcome_on: date,
    remedy: str = "",
    reference: str = "",
) -> OmbudsmanReferral:
    """Record what the Ombudsman decided and when; a remedy only if it upheld the complaint."""
    referral = locked(referral)
    check("record_ombudsman_outcome", by, referral)
    remedy = remedy.strip()
    answers: dict[str, str] = {}
    if outcome not in Outcome.values:
        answers["outcome"] = "Select what the Ombudsman decided"
    not_future(answers, "outcome_on", outcome_on, "The date of the outcome")
    not_before(
        answers,
        "outcome_on",
        outcome_on,
        referral.heard_on,
        f"The outcome cannot come before the council heard of the referral, on "
        f"{day(referral.heard_on)}",
    )
    fault = text_fault(remedy, "The remedy", NOTE_LIMIT)
    if remedy and outcome in Outcome.values and outcome not in UPHELD_OUTCOMES:
        fault = "Only an upheld or partly upheld complaint has a remedy: leave the remedy empty"
    if fault:
        answers["remedy"] = fault
    take_reference(referral, reference.strip(), answers)
    refuse_answers(answers)
    referral.outcome, referral.outcome_on, referral.remedy = outcome, outcome_on, remedy
    referral.modified_by = by
    keeping_references_unique(referral.ombudsman, referral.reference, referral.save)
    audit(
        "cases.ombudsman_outcome_recorded",
        by,
        referral,
        outcome=str(Outcome(outcome).label).lower(),
        remedy=bool(remedy),
    )
    return referral


@writes
def record_remedy_done(
    referral: OmbudsmanReferral, *, by: User, done_on: date
) -> OmbudsmanReferral:
    """Record the day the council did what the Ombudsman asked."""
    referral = locked(referral)
    check("record_remedy_done", by, referral)
    answers: dict[str, str] = {}
    not_future(answers, "done_on", done_on, "The date the remedy was done")
    decided_on = referral.outcome_on or referral.heard_on  # decided: the outcome has its date
    not_before(
        answers,
        "done_on",
        done_on,
        decided_on,
        f"The remedy cannot be done before the Ombudsman’s outcome, on {day(decided_on)}",
    )
    refuse_answers(answers)
    referral.remedy_done_on, referral.modified_by = done_on, by
    referral.save(update_fields=["remedy_done_on", "modified_by", "modified_at"])
    audit("cases.ombudsman_remedy_done", by, referral, done_on=done_on)
    return referral
