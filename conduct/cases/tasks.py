"""Scheduled background jobs for reviews, ratification, warnings whose monitoring is over and
notifications (conduct/office/schedules.py).

Reminders go the pack's `remind_working_days_before` working days ahead.
Each job is safe to run again and to run in two workers at once: a row is
claimed by stamping it with a conditional UPDATE (`…_at IS NULL`) before the
email goes, in one transaction, so only the worker whose UPDATE changed the
row sends it. If the email fails the transaction rolls back and the next run
tries again.
"""

from datetime import timedelta
from typing import Any

from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task

from conduct.cases import decision_pack_files, decision_pack_pdfs, workflow
from conduct.cases.models import (
    FormalWarning,
    Notification,
    RatificationFlag,
    Restriction,
    Review,
)
from conduct.cases.notifications import holders_of, team_addresses
from conduct.core.audit import record
from conduct.core.working_days import add_working_days

# No pack reminds more than this many calendar days ahead (100 working days is the schema's cap).
LOOK_AHEAD_DAYS = 150


def reminder_due(review: Review) -> bool:
    """Within the pack's reminder period: `remind_working_days_before` working days ahead."""
    pack = review.restriction.decision.policy_pack.file
    horizon = add_working_days(
        timezone.localdate(), pack.review.remind_working_days_before, pack.calendar.working_days
    )
    return review.due_on <= horizon


def claim(model: type[models.Model], pk: int, stamp: str) -> bool:
    """Stamp the row now if nobody has; True only for the one caller who did."""
    claimed = model._default_manager.filter(pk=pk, **{f"{stamp}__isnull": True}).update(
        **{stamp: timezone.now()}
    )
    return claimed == 1


def email(subject: str, body: str, to: list[str]) -> None:
    if to:
        send_mail(subject, body, None, to)


def deciding_body_addresses(restriction: Restriction) -> list[str]:
    """Everyone who may review it: the pack's deciding body (an immediate decision has none)."""
    return holders_of(workflow.deciders(restriction.decision.policy_pack.file))


def live_reviews() -> models.QuerySet[Review]:
    return Review.objects.filter(
        completed_at__isnull=True, restriction__status=Restriction.Status.ACTIVE
    ).select_related("restriction__case", "restriction__decision__policy_pack")


# The jobs -------------------------------------------------------------------------------------


@task()
def send_review_reminders() -> int:
    """Remind the deciding body of reviews due within the pack's period, once per review."""
    horizon = timezone.localdate() + timedelta(days=LOOK_AHEAD_DAYS)
    soon = live_reviews().filter(due_on__lte=horizon, reminder_sent_at__isnull=True)
    return sum(remind(review.pk) for review in soon if reminder_due(review))


def remind(review_id: int) -> int:
    with transaction.atomic():
        if not claim(Review, review_id, "reminder_sent_at"):
            return 0
        review = live_reviews().get(pk=review_id)
        reference = review.restriction.case.reference
        email(
            f"Review due on {review.due_on:%-d %B %Y}: case {reference}",
            f"The restriction on case {reference} is due for review on "
            f"{review.due_on:%-d %B %Y}. Review it in Conduct before then.",
            deciding_body_addresses(review.restriction),
        )
        audit("cases.review_reminder_sent", review, reference)
    return 1


@task()
def escalate_overdue_reviews() -> int:
    """Tell the decision body and case officers about reviews past their date, once per review."""
    overdue = live_reviews().filter(due_on__lt=timezone.localdate(), escalated_at__isnull=True)
    return sum(escalate(review_id) for review_id in list(overdue.values_list("pk", flat=True)))


def escalate(review_id: int) -> int:
    with transaction.atomic():
        if not claim(Review, review_id, "escalated_at"):
            return 0
        review = live_reviews().get(pk=review_id)
        reference = review.restriction.case.reference
        to = sorted(
            set(deciding_body_addresses(review.restriction)) | set(holders_of({"case-officer"}))
        )
        email(
            f"Review overdue: case {reference}",
            f"The review of the restriction on case {reference} was due on "
            f"{review.due_on:%-d %B %Y} and has not been done. A restriction must not "
            "continue without its review.",
            to,
        )
        audit("cases.review_escalated", review, reference)
    return 1


@task()
def flag_unratified_immediate_restrictions() -> int:
    """Flag immediate restrictions past their ratify-by date; a person decides what next."""
    late = Restriction.objects.filter(
        status=Restriction.Status.ACTIVE,
        decision__immediate=True,
        decision__ratified_by__isnull=True,
        ratify_by__lt=timezone.localdate(),
        ratification_flag__isnull=True,
    )
    return sum(flag(pk) for pk in list(late.values_list("pk", flat=True)))


def flag(restriction_id: int) -> int:
    with transaction.atomic():
        _, created = RatificationFlag.objects.get_or_create(
            restriction_id=restriction_id, defaults={"flagged_at": timezone.now()}
        )
        if not created:
            return 0
        restriction = Restriction.objects.select_related("case", "decision__policy_pack").get(
            pk=restriction_id
        )
        reference = restriction.case.reference
        pack = restriction.decision.policy_pack.file
        email(
            f"Immediate restriction not ratified: case {reference}",
            f"The immediate restriction on case {reference} was to be ratified by "
            f"{restriction.ratify_by:%-d %B %Y}. The decision body must ratify or end it now.",
            holders_of(workflow.ratifiers(pack)),
        )
        record(
            "cases.ratification_overdue",
            actor=None,
            target=restriction,
            payload={"reference": reference, "ratify_by": restriction.ratify_by},
        )
    return 1


@task()
def end_monitored_warnings() -> int:
    """End the formal warnings whose monitoring period is over (a warning is live only while
    it is monitored, `workflow.live_warnings`), so their cases can be closed."""
    over = FormalWarning.objects.filter(
        status=FormalWarning.Status.ACTIVE, monitoring_until__lt=timezone.localdate()
    )
    return sum(end_warning(pk) for pk in list(over.values_list("pk", flat=True)))


def end_warning(warning_id: int) -> int:
    with transaction.atomic():
        ended = FormalWarning.objects.filter(
            pk=warning_id, status=FormalWarning.Status.ACTIVE
        ).update(status=FormalWarning.Status.ENDED, modified_at=timezone.now())
        if not ended:
            return 0  # another worker ended it, or it was quashed meanwhile
        warning = FormalWarning.objects.select_related("case").get(pk=warning_id)
        record(
            "cases.formal_warning_ended",
            actor=None,
            target=warning,
            payload={
                "reference": warning.case.reference,
                "monitoring_until": warning.monitoring_until,
            },
        )
    return 1


@task()
def send_notifications() -> int:
    """Email each team's notification once."""
    waiting = Notification.objects.filter(emailed_at__isnull=True)
    return sum(send_one(pk) for pk in list(waiting.values_list("pk", flat=True)))


def send_one(notification_id: int) -> int:
    with transaction.atomic():
        if not claim(Notification, notification_id, "emailed_at"):
            return 0
        row = Notification.objects.select_related(
            "restriction__case", "restriction__decision__policy_pack"
        ).get(pk=notification_id)
        pack = row.restriction.decision.policy_pack.file
        team = next((t for t in pack.notifications.teams if t.id == row.team), None)
        reference = row.restriction.case.reference
        event = row.get_event_display()
        email(
            f"{event}: case {reference}",
            f"{event} on case {reference} ({row.restriction.type}). See Conduct for the terms.",
            team_addresses(team, row.restriction) if team else [],
        )
    return 1


def audit(verb: str, review: Review, reference: str) -> Any:
    return record(
        verb, actor=None, target=review, payload={"reference": reference, "due_on": review.due_on}
    )


# The decision pack frozen at each decision (issue 7) -------------------------------------------


@task()
def store_frozen_decision_pack(frozen_id: int) -> None:
    """Write a frozen decision pack as PDF, after the decision's commit; a rerun does nothing."""
    decision_pack_files.store_frozen_decision_pack(frozen_id)


@task()
def store_waiting_decision_packs() -> int:
    """Write any frozen pack still waiting: its job was lost or failed. Safe to repeat."""
    waiting = decision_pack_files.waiting_to_be_stored()
    for frozen_id in waiting:
        decision_pack_files.store_frozen_decision_pack(frozen_id)
    return len(waiting)


# The decision pack as a PDF on request (issue 18.10) -------------------------------------------


@task()
def make_decision_pack_pdf(pdf_id: int) -> None:
    """Make the decision pack PDF a reader asked for; a rerun of a made one does nothing."""
    try:
        decision_pack_pdfs.make_decision_pack_pdf(pdf_id)
    except Exception:
        # The reader is told in words and may try again; the job still fails for operators.
        decision_pack_pdfs.mark_failed(pdf_id)
        raise


@task()
def remove_old_decision_pack_pdfs() -> int:
    """Remove decision pack PDFs made on request once they are a day old, files too."""
    return decision_pack_pdfs.remove_old_decision_pack_pdfs()
