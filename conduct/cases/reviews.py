"""Completing a restriction's review: lift, extend or vary, as the pack allows (D6, D7, D8).

At review a restriction lapses unless there are grounds to extend it; an
extension or a variation gives reasons and a new review date, never beyond the
pack's maximum duration. Every outcome is told to the teams the pack names and
recorded as something the customer must be told.
"""

from datetime import date
from typing import Any

from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases import workflow
from conduct.cases.models import CustomerMustBeTold, Notification, Restriction, Review
from conduct.cases.notifications import notify_teams
from conduct.cases.restrictions import clean_parameters, restriction_type
from conduct.cases.workflow import NotAllowedError
from conduct.core import events
from conduct.core.audit import record
from conduct.core.transactions import writes
from conduct.core.working_days import add_months
from conduct.incidents.models import Incident
from conduct.policy.schema import PolicyPackFile

Outcome = Review.Outcome


def pack_for(restriction: Restriction) -> PolicyPackFile:
    return restriction.decision.policy_pack.file


def open_review(restriction: Restriction) -> Review | None:
    return restriction.reviews.filter(completed_at__isnull=True).first()


def incidents_since_start(restriction: Restriction) -> list[Incident]:
    """Incidents about the customer after the restriction started: the fact a review weighs."""
    return list(
        Incident.objects.filter(
            customer_id=restriction.customer_id,
            occurred_at__gt=restriction.decision.decided_at,
        )
        .exclude(cases=restriction.case)
        .order_by("occurred_at")
    )


# The rules of an outcome -----------------------------------------------------------------------


def check_outcome(
    pack: PolicyPackFile, outcome: str, further_incidents: bool, reasons: str
) -> None:
    """Refuse an extension or variation the pack does not allow, with the reason."""
    if outcome == Outcome.LIFT:
        return
    if not reasons.strip():
        raise NotAllowedError("Enter the reasons for continuing the restriction")
    if (
        outcome == Outcome.EXTEND
        and pack.review.lift_rule == "no-further-incidents"
        and not further_incidents
    ):
        raise NotAllowedError(
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
        raise NotAllowedError(f"The next review must be within {longest} months under this policy")
    when = add_months(today, months)
    if when > restriction.must_end_by:
        raise NotAllowedError(
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
        raise NotAllowedError("Select who the restriction covers")
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
    further_incidents: bool,
    reasons: str = "",
    extend_by_months: int | None = None,
    varied_terms: dict[str, Any] | None = None,
) -> Review:
    """Close the open review with its outcome; lift the restriction or set its next review."""
    locked = (
        Restriction.objects.select_for_update().select_related("decision").get(pk=restriction.pk)
    )
    workflow.check("complete_review", by, locked)
    if outcome not in Outcome.values:
        raise NotAllowedError("Select the outcome of the review")
    pack = pack_for(locked)
    check_outcome(pack, outcome, further_incidents, reasons)
    review = open_review(locked)
    assert review is not None  # the workflow's guard
    today, now = timezone.localdate(), timezone.now()
    next_on = None
    if outcome != Outcome.LIFT:
        next_on = next_review_date(locked, pack, extend_by_months, today)
    if outcome == Outcome.VARY:
        apply_terms(locked, pack, varied_terms or {})
    close(
        review, by=by, outcome=outcome, further=further_incidents, reasons=reasons, next_on=next_on
    )
    carry_on(locked, by=by, next_on=next_on, now=now)
    event = Notification.Event.ENDED if next_on is None else Notification.Event.CHANGED
    notify_teams(locked, event, by=by)
    events.publish(REVIEW_EVENTS[outcome], locked)
    CustomerMustBeTold.objects.create(
        case=locked.case, about=CustomerMustBeTold.About.REVIEW, review=review, created_by=by
    )
    audit(review, locked, by)
    return review


def close(
    review: Review, *, by: User, outcome: str, further: bool, reasons: str, next_on: date | None
) -> None:
    review.completed_at, review.completed_by = timezone.now(), by
    review.outcome, review.further_incidents = outcome, further
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
            "next_review_on": review.next_review_on,
        },
    )
