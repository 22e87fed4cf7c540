"""Run the background task worker, with a heartbeat so /healthz can tell it is alive.

This is django-tasks-db's `db_worker`, plus:

- a thread that stamps this worker's WorkerHeartbeat row every WORKER_HEARTBEAT_INTERVAL
  and hands back jobs whose workers stopped beating (conduct.core.jobs). The thread has
  its own database connection (Django's are per thread), so a long task never delays the
  heartbeat. On a clean stop (Ctrl-C, SIGTERM, --batch finishing) the row is removed;
  after a crash it simply goes stale, and the jobs it was running are handed back;
- a failed job tried again after a growing pause, up to JOB_MAX_ATTEMPTS;
- a database that goes away (restarted, connections terminated, too many clients)
  waited out with a growing pause: the worker never exits on a passing database error.
"""

import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from conduct.core import jobs
from conduct.core.models import WorkerHeartbeat

logger = logging.getLogger("conduct.worker")


def beat(worker_id: str, started_at: datetime, kind: str = WorkerHeartbeat.Kind.WORKER) -> None:
    """Record that this worker (or the scheduler) is alive now; safe to repeat."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now},
        create_defaults={"started_at": started_at, "seen_at": now, "kind": kind},
    )


def forget(worker_id: str) -> None:
    """Remove this worker's row, so a clean stop is not mistaken for a live worker."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


class Heartbeat:
    """A daemon thread that beats until stopped, then forgets its row and closes its connection."""

    def __init__(self, worker_id: str, interval: float) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="heartbeat", daemon=True)

    def start(self) -> None:
        # The first beat is in the caller's thread: a worker that cannot reach its
        # database should fail now, and the row exists before any task runs.
        beat(self.worker_id, self.started_at)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=self.interval + 5)

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.interval):
                self.attempt(beat, self.worker_id, self.started_at)
                self.attempt(reclaim)
            self.attempt(forget, self.worker_id)
        finally:
            connection.close()

    def attempt(self, write: Callable[..., None], *args: Any) -> None:
        """A database that is briefly away must not end the heartbeat; the next beat retries."""
        close_old_connections()
        try:
            write(*args)
        except DatabaseError:
            logger.warning(
                "Worker %s could not %s its heartbeat",
                self.worker_id,
                write.__name__,
                exc_info=True,
            )


def reclaim() -> None:
    """Hand back the jobs of workers that died (every worker looks, so any one will do)."""
    jobs.reclaim_abandoned()


class Worker(db_worker.Worker):
    """db_worker's loop, retrying failed jobs and riding out database outages."""

    def run(self) -> None:
        pause = OUTAGE_FIRST_PAUSE
        while self.running:
            began = time.monotonic()
            try:
                # A job this worker was running when the database went is unfinished.
                jobs.hand_back_own(self.worker_id)
                super().run()
                return  # --batch or --max-tasks finished
            except DatabaseError as error:
                if time.monotonic() - began > OUTAGE_LONGEST_PAUSE:
                    pause = OUTAGE_FIRST_PAUSE  # a new outage, not the same one
                logger.warning(
                    "Worker %s lost its database (%s); trying again in %.0f s",
                    self.worker_id, first_line(error), pause,
                )  # fmt: skip
                connections.close_all()
                time.sleep(pause)
                pause = min(pause * 2, OUTAGE_LONGEST_PAUSE)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # A failure is stored as a retry when attempts are left (jobs.failed), not as FAILED.
        db_task_result.set_failed = partial(jobs.failed, db_task_result)
        super().run_task(db_task_result)


def first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


OUTAGE_FIRST_PAUSE, OUTAGE_LONGEST_PAUSE = 1.0, 30.0


class Command(db_worker.Command):
    help = "Run the background task worker, recording a heartbeat for /healthz."

    def handle(self, *args: Any, **options: Any) -> None:
        reloading = options["reload"] and not options["batch"]  # as db_worker decides
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent process only restarts its child, which runs the tasks.
            super().handle(*args, **options)
            return
        heartbeat = Heartbeat(
            options["worker_id"], settings.WORKER_HEARTBEAT_INTERVAL.total_seconds()
        )
        heartbeat.start()
        try:
            self.work(**options)
        finally:
            heartbeat.stop()

    def work(self, **options: Any) -> None:
        """Run tasks as db_worker does, with Conduct's Worker."""
        self.configure_logging(options["verbosity"])
        queues = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = Worker(
            queue_names=queues,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
