"""What /healthz reports: the database, the task workers, the scheduler, the job queue and
configuration problems (a `configuration` part, "warn" without making the service degraded).

The JSON has an overall `status` a load balancer reads ("ok", or "degraded" with 503)
and a section for each part a monitor can alert on. Jobs waiting for an operator
(failed after every attempt) or queued long past their time make the service degraded:
something that should have happened, a referral or a letter, has not.
"""

from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conduct.core import configuration, jobs
from conduct.core.models import WorkerHeartbeat


def database_status() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return {"status": "unavailable", "error": type(error).__name__}
    return {"status": "ok", "vendor": connection.vendor}


def heartbeat_status(kind: str, count_name: str) -> dict[str, Any]:
    cutoff = timezone.now() - settings.WORKER_HEARTBEAT_STALE_AFTER
    heartbeats = WorkerHeartbeat.objects.filter(kind=kind)
    latest = heartbeats.order_by("-seen_at").first()
    alive = heartbeats.filter(seen_at__gte=cutoff).count()
    return {
        "status": "ok" if alive else "unavailable",
        count_name: alive,
        "last_seen": latest.seen_at.isoformat() if latest else None,
    }


def worker_status() -> dict[str, Any]:
    return heartbeat_status(WorkerHeartbeat.Kind.WORKER, "workers")


def scheduler_status() -> dict[str, Any]:
    return heartbeat_status(WorkerHeartbeat.Kind.SCHEDULER, "schedulers")


def job_status() -> dict[str, Any]:
    """Jobs by state; `late` are ready but waiting longer than JOB_LATE_AFTER to start."""
    counts = jobs.counts_by_state()
    late = DBTaskResult.objects.ready().filter(
        enqueued_at__lt=timezone.now() - settings.JOB_LATE_AFTER
    )
    report = {
        "queued": counts[jobs.READY],
        "running": counts[jobs.RUNNING],
        "failed": counts[jobs.FAILED],
        "late": late.count(),
    }
    return {"status": "ok" if not (report["failed"] or report["late"]) else "attention", **report}


def configuration_status() -> dict[str, Any]:
    """Settings that leave someone untold (conduct/core/configuration.py): "warn", never a
    503 — taking the service out of a load balancer would not put them right."""
    found = configuration.problems()
    return {"status": "warn" if found else "ok", "problems": found}


# Parts that report a problem for people to put right without making the service degraded.
WARNINGS_ONLY = {"configuration"}


def check() -> dict[str, Any]:
    report: dict[str, Any] = {"database": database_status()}
    parts = {
        "worker": worker_status,
        "scheduler": scheduler_status,
        "jobs": job_status,
        "configuration": configuration_status,
    }
    for name, status in parts.items():
        try:
            report[name] = status() if report["database"]["status"] == "ok" else UNKNOWN
        except DatabaseError:
            report[name] = UNKNOWN
    healthy = all(
        part["status"] == "ok" or (name in WARNINGS_ONLY and part["status"] == "warn")
        for name, part in report.items()
    )
    return {"status": "ok" if healthy else "degraded", **report}


UNKNOWN = {"status": "unknown"}
