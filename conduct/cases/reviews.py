"""Completing a restriction's review: lift, extend or vary, as the pack allows (D6, D7, D8).

At review a restriction lapses unless there are grounds to extend it; an
extension or a variation gives reasons and a new review date, never beyond the
pack's maximum duration. Every outcome is told to the teams the pack names and
recorded as something the customer must be told.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases import workflow
from conduct.cases.models import CustomerMustBeTold, Notification, Restriction, Review
from conduct.cases.notifications import notify_teams
from conduct.cases.restrictions import clean_parameters, restriction_type
from conduct.core import events
from conduct.core.audit import record
from conduct.core.refusals import Refusal
from conduct.core.text import NOTE_LIMIT
from conduct.core.transactions import writes
from conduct.core.working_days import add_months
from conduct.incidents.models import Incident
from conduct.policy.schema import PolicyPackFile

Outcome = Review.Outcome
MOST_INCIDENTS_NOT_RECORDED = 100


def pack_for(restriction: Restriction) -> PolicyPackFile:
    return restriction.decision.policy_pack.file


def open_review(restriction: Restriction) -> Review | None:
    return restriction.reviews.filter(completed_at__isnull=True).first()


def incidents_since(restriction: Restriction) -> list[Incident]:
    """Incidents about the customer since the restriction was imposed, or since its last review:
    the fact a review weighs, counted by Conduct rather than asked of the decider."""
    last = restriction.reviews.filter(completed_at__isnull=False).order_by("-completed_at").first()
    since = last.completed_at if last else restriction.decision.decided_at
    return list(
        Incident.objects.filter(customer_id=restriction.customer_id, occurred_at__gt=since)
        .exclude(cases=restriction.case)  # what the decision rested on
        .order_by("occurred_at")
    )


def check_incidents_not_recorded(count: int, note: str) -> None:
    """Incidents Conduct has no record of (another system, a councillor's account) count only
    with a note of what happened."""
    if count < 0 or count > MOST_INCIDENTS_NOT_RECORDED:
        raise Refusal(
            f"Incidents not recorded in Conduct must be between 0 and {MOST_INCIDENTS_NOT_RECORDED}"
        )
    if count and not note.strip():
        raise Refusal("Say what happened in the incidents not recorded in Conduct")
    if len(note) > NOTE_LIMIT:
        raise Refusal(f"The note must be {NOTE_LIMIT:,} characters or fewer")


# The rules of an outcome -----------------------------------------------------------------------


def check_outcome(
    pack: PolicyPackFile, outcome: str, further_incidents: bool, reasons: str
) -> None:
    """Refuse an extension or variation the pack does not allow, with the reason."""
    if outcome == Outcome.LIFT:
        return
    if not reasons.strip():
        raise Refusal("Enter the reasons for continuing the restriction")
    if (
        outcome == Outcome.EXTEND
        and pack.review.lift_rule == "no-further-incidents"
        and not further_incidents
    ):
        raise Refusal(
            "There have been no further incidents, so under this policy the restriction "
            "lifts at review"
        )


def next_review_date(
    restriction: Restriction, pack: PolicyPackFile, months: int | None, today: date
) -> date:
    """The new review date: within the pack's longest interval and its maximum duration."""
    months = pack.review.extension_months if months is None else months
    longest = pack.review.longest_interval_months
    if months < 1 or months > longest:
        raise Refusal(f"The next review must be within {longest} months under this policy")
    when = add_months(today, months)
    if when > restriction.must_end_by:
        raise Refusal(
            "This restriction has reached the longest this policy allows "
            f"({pack.review.maximum_duration_months} months). "
            "A fresh decision is needed to continue it"
        )
    return when


def apply_terms(restriction: Restriction, pack: PolicyPackFile, terms: dict[str, Any]) -> None:
    """New parameters (and scope) for a varied restriction, checked as the decision checks them."""
    pack_type = restriction_type(pack, restriction.type)
    restriction.parameters = clean_parameters(pack_type, terms.get("parameters") or {})
    scope = terms.get("scope") or restriction.scope
    if scope not in Restriction.Scope.values:
        raise Refusal("Select who the restriction covers")
    restriction.scope = scope


# The service -----------------------------------------------------------------------------------


REVIEW_EVENTS: dict[str, str] = {
    Outcome.LIFT: "restriction.lifted",
    Outcome.EXTEND: "restriction.extended",
    Outcome.VARY: "restriction.varied",
}


@writes
def complete_review(
    restriction: Restriction,
    *,
    by: User,
    outcome: str,
    reasons: str = "",
    extend_by_months: int | None = None,
    varied_terms: dict[str, Any] | None = None,
    incidents_not_recorded: int = 0,
    incidents_note: str = "",
) -> Review:
    """Close the open review with its outcome; lift the restriction or set its next review.

    Whether there were further incidents is counted, not asked: the incidents Conduct holds
    since the decision or the last review, and any the decider adds that it cannot see, each
    with a note of what happened."""
    locked = (
        Restriction.objects.select_for_update().select_related("decision").get(pk=restriction.pk)
    )
    workflow.check("complete_review", by, locked)
    if outcome not in Outcome.values:
        raise Refusal("Select the outcome of the review")
    pack = pack_for(locked)
    check_incidents_not_recorded(incidents_not_recorded, incidents_note)
    found = len(incidents_since(locked))
    incidents = Incidents(found, incidents_not_recorded, incidents_note.strip())
    check_outcome(pack, outcome, incidents.further, reasons)
    review = open_review(locked)
    assert review is not None  # the workflow's guard
    today, now = timezone.localdate(), timezone.now()
    next_on = None
    if outcome != Outcome.LIFT:
        next_on = next_review_date(locked, pack, extend_by_months, today)
    if outcome == Outcome.VARY:
        apply_terms(locked, pack, varied_terms or {})
    close(review, by=by, outcome=outcome, incidents=incidents, reasons=reasons, next_on=next_on)
    carry_on(locked, by=by, next_on=next_on, now=now)
    event = Notification.Event.ENDED if next_on is None else Notification.Event.CHANGED
    notify_teams(locked, event, by=by)
    events.publish(REVIEW_EVENTS[outcome], locked)
    CustomerMustBeTold.objects.create(
        case=locked.case, about=CustomerMustBeTold.About.REVIEW, review=review, created_by=by
    )
    audit(review, locked, by)
    return review


@dataclass(frozen=True)
class Incidents:
    """The incidents a review weighs: those Conduct found, and those the decider added."""

    found: int
    not_recorded: int
    note: str

    @property
    def further(self) -> bool:
        return self.found + self.not_recorded > 0


def close(
    review: Review,
    *,
    by: User,
    outcome: str,
    incidents: Incidents,
    reasons: str,
    next_on: date | None,
) -> None:
    review.completed_at, review.completed_by = timezone.now(), by
    review.outcome, review.further_incidents = outcome, incidents.further
    review.incidents_found, review.incidents_not_recorded = incidents.found, incidents.not_recorded
    review.incidents_note = incidents.note
    review.reasons, review.next_review_on, review.modified_by = reasons.strip(), next_on, by
    review.save()


def carry_on(restriction: Restriction, *, by: User, next_on: date | None, now: Any) -> None:
    """Lift the restriction, or move its review date on and open the next review."""
    restriction.modified_by = by
    restriction.review_on = next_on
    if next_on is None:
        restriction.status, restriction.ended_at = Restriction.Status.LIFTED, now
    restriction.save()
    if next_on is not None:
        Review.objects.create(restriction=restriction, due_on=next_on, created_by=by)


def audit(review: Review, restriction: Restriction, by: User) -> None:
    record(
        "cases.review_completed",
        actor=by,
        target=review,
        payload={
            "reference": restriction.case.reference,
            "restriction": restriction.type_name,
            "outcome": review.get_outcome_display().lower(),
            "further_incidents": review.further_incidents,
            "incidents_found": review.incidents_found,
            "incidents_not_recorded": review.incidents_not_recorded,
            "next_review_on": review.next_review_on,
        },
    )
