"""Queue each scheduled job (conduct/office/schedules.py) when it is due; the workers run them.

Each schedule's last queueing is a ScheduleRun row, locked while it is checked,
so a restarted scheduler, or two of them, never queues a job twice for the same
interval. `--once` makes one pass and stops (for cron and tests).

Each pass also stamps the scheduler's heartbeat (for /healthz) and hands back jobs whose
workers died. A database that goes away is waited out with a growing pause: the scheduler
never exits on a passing database error.
"""

import logging
import socket
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.utils import timezone

from conduct.cases.models import ScheduleRun
from conduct.core import jobs
from conduct.core.models import WorkerHeartbeat
from conduct.core.transactions import OutagePause, first_line
from conduct.office.schedules import SCHEDULES, Schedule

logger = logging.getLogger("conduct.scheduler")


def enqueue_if_due(schedule: Schedule) -> bool:
    """Queue the job if its next run has come; True if this call queued it."""
    ScheduleRun.objects.get_or_create(name=schedule.name)
    with transaction.atomic():
        run = ScheduleRun.objects.select_for_update().get(name=schedule.name)
        now = timezone.now()
        if schedule.next_run(run.last_enqueued_at) > now:
            return False
        run.last_enqueued_at = now
        run.save(update_fields=["last_enqueued_at"])
        schedule.task.enqueue()  # in this transaction: stamped means queued
    return True


def one_pass() -> list[str]:
    """The names of the schedules queued in this pass."""
    return [schedule.name for schedule in SCHEDULES if enqueue_if_due(schedule)]


class Command(BaseCommand):
    help = "Queue the scheduled jobs (review reminders, overdue reviews, notifications) when due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Make one pass, then stop.")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between passes (default 30)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = Scheduler(f"scheduler-{socket.gethostname()}")
        while True:
            if not options["once"]:
                close_old_connections()  # as Django does between requests
            pause = scheduler.tick(raise_errors=options["once"])
            for name in scheduler.queued:
                self.stdout.write(f"Queued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"] if pause is None else pause)


class Scheduler:
    """One pass at a time; a pass that finds the database gone says how long to wait."""

    def __init__(self, scheduler_id: str) -> None:
        self.scheduler_id, self.started_at = scheduler_id, timezone.now()
        self.pause = OutagePause()
        self.queued: list[str] = []

    def tick(self, *, raise_errors: bool = False) -> float | None:
        """Beat, hand back abandoned jobs and queue what is due; None, or the pause after an
        outage (growing while it lasts)."""
        self.queued = []
        try:
            jobs.beat(self.scheduler_id, self.started_at, kind=WorkerHeartbeat.Kind.SCHEDULER)
            jobs.reclaim_abandoned()
            self.queued = one_pass()
        except DatabaseError as error:
            if raise_errors:
                raise
            pause = self.pause.after_failure()
            logger.warning(
                "The scheduler lost its database (%s); trying again in %.0f s",
                first_line(error), pause,
            )  # fmt: skip
            connections.close_all()
            return pause
        self.pause.after_success()
        return None
