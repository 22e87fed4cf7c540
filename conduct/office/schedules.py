"""Every scheduled job, declared once. `manage.py run_scheduler` queues each when it is due.

A schedule runs either every `every` or once a day at `daily_at` (local time).
Jobs are safe to repeat, so a schedule that fires late or twice does no harm.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks.base import Task

from conduct.alerts import tasks as alerts_tasks
from conduct.cases import tasks as cases_tasks
from conduct.contacts import tasks as contacts_tasks
from conduct.core import tasks as core_tasks
from conduct.dataprotection import tasks as dataprotection_tasks
from conduct.incidents import tasks as incidents_tasks
from conduct.reports import committee_tasks as reports_tasks
from conduct.visits import tasks as visits_tasks
from conduct.webhooks import tasks as webhooks_tasks


@dataclass(frozen=True)
class Schedule:
    name: str
    task: Task
    every: timedelta | None = None
    daily_at: time | None = None

    def next_run(self, last: datetime | None) -> datetime:
        """When the job is next due, given when it was last queued (None: never, so now)."""
        if last is None:
            return timezone.now() - timedelta(seconds=1)
        if self.every is not None:
            return last + self.every
        assert self.daily_at is not None
        local = timezone.localtime(last)
        today_at = local.replace(
            hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
        )
        return today_at if today_at > local else today_at + timedelta(days=1)


SCHEDULES = [
    Schedule(
        "refresh-planner-statistics", core_tasks.refresh_planner_statistics, daily_at=time(3, 0)
    ),
    Schedule(
        "deliver-due-webhooks", webhooks_tasks.deliver_due_webhooks, every=timedelta(minutes=1)
    ),
    Schedule("send-notifications", cases_tasks.send_notifications, every=timedelta(minutes=15)),
    Schedule(
        "flag-unratified-immediate-restrictions",
        cases_tasks.flag_unratified_immediate_restrictions,
        every=timedelta(hours=1),
    ),
    Schedule(
        "store-waiting-decision-packs",
        cases_tasks.store_waiting_decision_packs,
        every=timedelta(minutes=15),
    ),
    Schedule(
        "remove-old-decision-pack-pdfs",
        cases_tasks.remove_old_decision_pack_pdfs,
        every=timedelta(hours=1),
    ),
    Schedule(
        "remove-old-committee-report-pdfs",
        reports_tasks.remove_old_committee_report_pdfs,
        every=timedelta(hours=1),
    ),
    Schedule("send-review-reminders", cases_tasks.send_review_reminders, daily_at=time(7, 0)),
    Schedule(
        "escalate-overdue-reviews", cases_tasks.escalate_overdue_reviews, daily_at=time(7, 30)
    ),
    Schedule(
        "refer-missed-safeguarding-concerns",
        incidents_tasks.refer_missed_safeguarding_concerns,
        every=timedelta(minutes=5),
    ),
    Schedule("poll-mailboxes", contacts_tasks.poll_mailboxes, every=timedelta(minutes=2)),
    Schedule("chase-readings", contacts_tasks.chase_readings, every=timedelta(hours=1)),
    Schedule(
        "escalate-self-harm-hints",
        contacts_tasks.escalate_self_harm_hints,
        every=timedelta(minutes=15),
    ),
    Schedule(
        "escalate-overdue-marker-reviews",
        alerts_tasks.escalate_overdue_marker_reviews,
        daily_at=time(7, 45),
    ),
    Schedule("expire-markers", alerts_tasks.expire_markers, daily_at=time(2, 0)),
    Schedule("end-monitored-warnings", cases_tasks.end_monitored_warnings, daily_at=time(2, 5)),
    Schedule("flag-new-occupiers", alerts_tasks.flag_new_occupiers, daily_at=time(2, 15)),
    Schedule(
        "remove-unconfirmed-imports",
        alerts_tasks.remove_unconfirmed_imports,
        every=timedelta(hours=1),
    ),
    Schedule(
        "remind-and-escalate-subject-access-requests",
        dataprotection_tasks.remind_and_escalate_subject_access_requests,
        daily_at=time(7, 15),
    ),
    Schedule(
        "escalate-missed-check-ins",
        visits_tasks.escalate_missed_check_ins,
        every=timedelta(minutes=5),
    ),
]
