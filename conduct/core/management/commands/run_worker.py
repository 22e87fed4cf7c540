"""Run the background task worker, with a heartbeat so /healthz can tell it is alive.

This is django-tasks-db's `db_worker`, plus a thread that stamps this worker's
WorkerHeartbeat row every WORKER_HEARTBEAT_INTERVAL. The thread has its own
database connection (Django's are per thread), so a long task never delays
the heartbeat. On a clean stop (Ctrl-C, SIGTERM, --batch finishing) the row is
removed; after a crash it simply goes stale.
"""

import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from conduct.core.models import WorkerHeartbeat

logger = logging.getLogger("conduct.worker")


def beat(worker_id: str, started_at: datetime) -> None:
    """Record that this worker is alive now; safe to repeat."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now},
        create_defaults={"started_at": started_at, "seen_at": now},
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
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
