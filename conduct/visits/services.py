"""Every change to a home visit, each audited (I8).

Each function takes the acting member of staff as `by` (None for Conduct's own scheduled
job), checks the rule (a Refusal: for who and when, or for what was
entered), runs in one transaction and writes its audit event there; emails go after
commit. A visit goes planned → in progress ("I have arrived") → finished ("I have
left"); a missed check-in marks it "check-in missed" until someone records who
confirmed the officer is safe and how.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases.workflow import blank
from conduct.core.audit import record
from conduct.core.moves import check
from conduct.core.references import next_reference
from conduct.core.refusals import bad_answer, refuse_if
from conduct.core.transactions import writes
from conduct.customers.models import Customer
from conduct.screening.services import Channel, VisitAddress
from conduct.visits import checks, notifications
from conduct.visits.models import CheckIn, Visit
from conduct.visits.moves import clock

OPEN = (Visit.Status.PLANNED, Visit.Status.IN_PROGRESS, Visit.Status.CHECK_IN_MISSED)


def grace() -> timedelta:
    """How late a check-in may be before it is missed; also how early one counts."""
    return timedelta(minutes=settings.VISIT_CHECK_IN_GRACE_MINUTES)


def escalate_again_after() -> timedelta:
    return timedelta(minutes=settings.VISIT_ESCALATE_AGAIN_AFTER_MINUTES)


def audit(verb: str, visit: Visit, by: User | None, **extra: Any) -> None:
    payload = {"reference": visit.reference, "address": visit.line_1, **extra}
    record(verb, actor=by, target=visit, payload=payload)


# Planning ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What the officer going agrees before a visit: when, how long, check-ins, with whom."""

    check_in_with: User
    starts_at: datetime
    expected_minutes: int
    customer: Customer | None = None
    line_1: str = ""
    postcode: str = ""
    uprn: str = ""
    check_in_times: tuple[datetime, ...] = ()
    check_in_every: int | None = None
    second_officer: User | None = None
    handling_read: bool = False

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.expected_minutes)


def address_for(plan: Plan) -> VisitAddress:
    """The address given, or else the customer's current address."""
    if not blank(plan.line_1) or not blank(plan.uprn):
        return VisitAddress(plan.line_1.strip(), plan.postcode.strip(), plan.uprn.strip())
    current = plan.customer.addresses.filter(is_current=True).first() if plan.customer else None
    if current is None:
        raise bad_answer(
            "Enter the address of the visit, or a customer with a current address", "line_1"
        )
    return VisitAddress(current.line_1, current.postcode, current.uprn)


def check_people(plan: Plan, by: User) -> None:
    if plan.second_officer is not None and plan.second_officer.pk == by.pk:
        raise bad_answer("Choose a second officer other than yourself", "second_officer")
    visiting = {by.pk, plan.second_officer.pk if plan.second_officer else None}
    if plan.check_in_with.pk in visiting:
        raise bad_answer("Choose someone to check in with who is not on the visit", "check_in_with")


def check_timing(plan: Plan) -> None:
    if plan.starts_at < timezone.now() - grace():
        raise bad_answer("The visit must start now or later", "starts_at")
    if not 5 <= plan.expected_minutes <= 720:
        raise bad_answer("Enter a length between 5 and 720 minutes", "expected_minutes")
    if not plan.check_in_times and not plan.check_in_every:
        raise bad_answer(
            "Enter the check-in times, or how often you will check in", "check_in_times"
        )
    if plan.check_in_every is not None and not 5 <= plan.check_in_every <= 240:
        raise bad_answer("Enter a number of minutes between 5 and 240", "check_in_every")
    outside = [t for t in plan.check_in_times if not plan.starts_at < t <= plan.ends_at]
    if outside:
        window = f"between {clock(plan.starts_at)} and {clock(plan.ends_at)}"
        raise bad_answer(f"Each check-in must be during the visit, {window}", "check_in_times")


def check_the_check(result: checks.VisitCheck, plan: Plan) -> None:
    """The handling read, and a second officer where a live marker says so (I8)."""
    if result.has_handling and not plan.handling_read:
        raise bad_answer("Confirm you have read the handling instructions", "handling_read")
    if result.needs_second_officer and plan.second_officer is None:
        because = "; ".join(result.second_officer_because)
        raise bad_answer(
            f"Choose a second officer: this visit must not be made alone ({because})",
            "second_officer",
        )


@writes
def plan_visit(plan: Plan, *, by: User, channel: str = Channel.SYSTEM) -> Visit:
    """Plan a visit on a fresh pre-visit check, kept with it; check-ins are agreed now (I8)."""
    refuse_if(
        not by.has_perm("visits.plan_visit"), "Only staff who visit customers can plan a visit"
    )
    address = address_for(plan)
    check_people(plan, by)
    check_timing(plan)
    result = checks.check_visit(address, plan.customer, by=by, channel=channel)
    check_the_check(result, plan)
    visit = Visit.objects.create(
        reference=next_reference("VS"),
        officer=by,
        second_officer=plan.second_officer,
        check_in_with=plan.check_in_with,
        customer=plan.customer,
        line_1=address.line_1 or f"UPRN {address.uprn}",
        postcode=address.postcode,
        uprn=address.uprn,
        starts_at=plan.starts_at,
        expected_minutes=plan.expected_minutes,
        check_in_every=plan.check_in_every,
        pre_visit_check=result.as_json(),
        needs_second_officer=result.needs_second_officer,
        handling_confirmed_at=timezone.now() if plan.handling_read else None,
        created_by=by,
        modified_by=by,
    )
    add_check_ins(visit, plan.check_in_times, by)
    add_check_ins(visit, [plan.ends_at], by, kind=CheckIn.Kind.LEAVING)
    audit(
        "visits.visit_planned",
        visit,
        by,
        starts=f"{timezone.localtime(plan.starts_at):%-d %B %Y %H:%M}",
    )
    return visit


def add_check_ins(
    visit: Visit, times: Iterable[datetime], by: User, kind: str = CheckIn.Kind.CHECK_IN
) -> None:
    for due in times:
        CheckIn.objects.create(visit=visit, kind=kind, due_at=due, created_by=by, modified_by=by)


# During the visit ------------------------------------------------------------------------------


def locked(visit: Visit) -> Visit:
    return Visit.objects.select_for_update().get(pk=visit.pk)


def save(visit: Visit, by: User | None, *fields: str) -> Visit:
    visit.modified_by = by
    visit.save(update_fields=[*fields, "modified_by", "modified_at"])
    return visit


def tapped(visit: Visit, by: User, move: str) -> tuple[Visit, datetime]:
    """The visit locked for one of its officers' taps, once the move is checked, and its moment."""
    visit = locked(visit)
    check(move, by, visit)
    return visit, timezone.now()


@writes
def record_arrival(visit: Visit, *, by: User) -> Visit:
    """ "I have arrived": check-ins every so often are counted from now, as is the expected end."""
    visit, now = tapped(visit, by, "record_arrival")
    visit.arrived_at = visit.last_check_in_at = now
    if visit.status == Visit.Status.PLANNED:
        visit.status = Visit.Status.IN_PROGRESS
    save(visit, by, "arrived_at", "last_check_in_at", "status")
    end = now + timedelta(minutes=visit.expected_minutes)
    if visit.check_in_every:
        step = timedelta(minutes=visit.check_in_every)
        add_check_ins(visit, [now + step * n for n in range(1, 1000) if now + step * n < end], by)
    visit.check_ins.filter(kind=CheckIn.Kind.LEAVING, done_at__isnull=True).update(due_at=end)
    audit("visits.arrived", visit, by, at=clock(now))
    return visit


@writes
def check_in(visit: Visit, *, by: User) -> Visit:
    """ "I am safe": every check-in due by now (or within the grace period) is done."""
    visit, now = tapped(visit, by, "check_in")
    visit.last_check_in_at = now
    save(visit, by, "last_check_in_at")
    due = visit.check_ins.filter(
        kind=CheckIn.Kind.CHECK_IN, done_at__isnull=True, due_at__lte=now + grace()
    )
    done = due.update(done_at=now, modified_by=by, modified_at=now)
    audit("visits.checked_in", visit, by, at=clock(now), done=done)
    return visit


@writes
def record_leaving(visit: Visit, *, by: User) -> Visit:
    """ "I have left": the visit is over; a missed check-in still waits to be resolved."""
    visit, now = tapped(visit, by, "record_leaving")
    visit.left_at = visit.last_check_in_at = now
    if visit.status == Visit.Status.IN_PROGRESS:
        visit.status = Visit.Status.FINISHED
    save(visit, by, "left_at", "last_check_in_at", "status")
    visit.check_ins.filter(done_at__isnull=True).update(
        done_at=now, modified_by=by, modified_at=now
    )
    audit("visits.left", visit, by, at=clock(now))
    return visit


@writes
def cancel_visit(visit: Visit, *, by: User, reason: str) -> Visit:
    """A visit that will not happen, before anyone arrives: its check-ins are no longer due."""
    visit = locked(visit)
    check("cancel_visit", by, visit)
    if blank(reason):
        raise bad_answer("Enter why the visit is cancelled", "reason")
    visit.status, visit.cancelled_at, visit.cancel_reason = (
        Visit.Status.CANCELLED,
        timezone.now(),
        reason.strip(),
    )
    save(visit, by, "status", "cancelled_at", "cancel_reason")
    audit("visits.cancelled", visit, by, reason=visit.cancel_reason)
    return visit


def settled(visit: Visit) -> str:
    """The status once nothing is missed: finished, in progress or planned."""
    if visit.left_at is not None:
        return Visit.Status.FINISHED
    return Visit.Status.IN_PROGRESS if visit.arrived_at else Visit.Status.PLANNED


@writes
def resolve_missed_check_in(visit: Visit, *, by: User, how: str, note: str = "") -> Visit:
    """Someone confirmed the officer is safe: who, and how, are kept with each missed check-in."""
    visit = locked(visit)
    check("resolve_missed_check_in", by, visit)
    if how not in CheckIn.Resolution.values:
        raise bad_answer("Select how you know the officer is safe", "how")
    if how == CheckIn.Resolution.OTHER and blank(note):
        raise bad_answer("Enter how you know the officer is safe", "note")
    now = timezone.now()
    # Everything due by now is covered: the officer is known to be safe at this moment.
    covered = Q(escalated_at__isnull=False) | Q(done_at__isnull=True, due_at__lte=now)
    visit.check_ins.filter(covered, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=by, resolution=how, resolution_note=note.strip(),
        modified_by=by, modified_at=now,
    )  # fmt: skip
    visit.status = settled(visit)
    save(visit, by, "status")
    audit("visits.missed_check_in_resolved", visit, by, how=CheckIn.Resolution(how).label)
    return visit


# Done by Conduct itself on schedule (tasks.py); `by` is None ---------------------------------


@writes
def escalate_missed_check_in(check_in: CheckIn) -> bool:
    """A check-in missed past the grace period: tell the colleague and managers, then, if it is
    still missed after a second period, health and safety. Each step is stamped, so once each;
    while a visit's escalation is unresolved, its later misses are not escalated again."""
    row = CheckIn.objects.select_for_update().select_related("visit").get(pk=check_in.pk)
    visit, now = row.visit, timezone.now()
    if row.done_at or row.resolved_at or visit.status not in OPEN:
        return False
    # One escalation at a time per visit: while one is unresolved, later misses add nothing.
    waiting = visit.status == Visit.Status.CHECK_IN_MISSED
    if row.escalated_at is None and not waiting and row.due_at + grace() <= now:
        return first_escalation(row, visit, now)
    if (
        row.escalated_at
        and not row.escalated_again_at
        and row.escalated_at + escalate_again_after() <= now
    ):
        return second_escalation(row, visit, now)
    return False


def first_escalation(row: CheckIn, visit: Visit, now: datetime) -> bool:
    row.escalated_at = now
    row.save(update_fields=["escalated_at", "modified_at"])
    visit.status = Visit.Status.CHECK_IN_MISSED
    save(visit, None, "status")
    audit("visits.check_in_missed", visit, None, due=clock(row.due_at), kind=row.get_kind_display())
    notifications.missed_check_in_email.enqueue(row.pk)
    return True


def second_escalation(row: CheckIn, visit: Visit, now: datetime) -> bool:
    row.escalated_again_at = now
    row.save(update_fields=["escalated_again_at", "modified_at"])
    audit("visits.check_in_escalated_again", visit, None, due=clock(row.due_at))
    notifications.still_missed_email.enqueue(row.pk)
    return True
