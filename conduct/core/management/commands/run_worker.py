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
from functools import partial
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from conduct.core import jobs
from conduct.core.transactions import OutagePause, first_line

logger = logging.getLogger("conduct.worker")


class Heartbeat:
    """A daemon thread that beats until stopped, then forgets its row and closes its connection."""

    def __init__(self, worker_id: str, interval: float) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="heartbeat", daemon=True)

    def start(self) -> None:
        # The first beat is in the caller's thread, so the row exists before any task runs.
        # A worker started while the database is away (a restart, an outage) waits for it.
        pause = OutagePause()
        while True:
            try:
                jobs.beat(self.worker_id, self.started_at)
                break
            except DatabaseError as error:
                seconds = pause.after_failure()
                logger.warning(
                    "Worker %s cannot reach its database (%s); trying again in %.0f s",
                    self.worker_id, first_line(error), seconds,
                )  # fmt: skip
                connections.close_all()
                time.sleep(seconds)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=self.interval + 5)

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.interval):
                self.attempt(jobs.beat, self.worker_id, self.started_at)
                self.attempt(jobs.reclaim_abandoned)
            self.attempt(jobs.forget, self.worker_id)
        finally:
            connection.close()

    def attempt(self, write: Callable[..., object], *args: Any) -> None:
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


class Worker(db_worker.Worker):
    """db_worker's loop, retrying failed jobs and riding out database outages."""

    def run(self) -> None:
        pause = OutagePause()
        while self.running:
            began = time.monotonic()
            try:
                # A job this worker was running when the database went is unfinished.
                jobs.hand_back_own(self.worker_id)
                super().run()
                return  # --batch or --max-tasks finished
            except DatabaseError as error:
                if time.monotonic() - began > OutagePause.LONGEST:
                    pause.after_success()  # it ran a while: a new outage, not the same one
                seconds = pause.after_failure()
                logger.warning(
                    "Worker %s lost its database (%s); trying again in %.0f s",
                    self.worker_id, first_line(error), seconds,
                )  # fmt: skip
                connections.close_all()
                time.sleep(seconds)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # A failure is stored as a retry when attempts are left (jobs.failed), not as FAILED.
        db_task_result.set_failed = partial(jobs.failed, db_task_result)
        super().run_task(db_task_result)


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
