"""Queue each scheduled job (conduct/schedules.py) when it is due; the workers run them.

Each schedule's last queueing is a ScheduleRun row, locked while it is checked,
so a restarted scheduler, or two of them, never queues a job twice for the same
interval. `--once` makes one pass and stops (for cron and tests).
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from conduct.cases.models import ScheduleRun
from conduct.schedules import SCHEDULES, Schedule


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
        transaction.on_commit(schedule.task.enqueue)
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
        while True:
            for name in one_pass():
                self.stdout.write(f"Queued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
