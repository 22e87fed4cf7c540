"""What happens to a background job that fails, or whose worker dies, so none is lost.

Jobs are rows of django-tasks-db's table in the same database as everything else, queued
in the transaction of the change they follow. A worker claims a job by marking it RUNNING
and adding its id to `worker_ids`, so the length of that list is the number of attempts.

- A job that raises is tried again after a growing pause (`JOB_RETRY_AFTER`, doubled each
  time) until `JOB_MAX_ATTEMPTS`; then it stays FAILED, with its error, for an operator
  to retry (`retry_failed_job`) once the cause is put right.
- A job RUNNING on a worker whose heartbeat has gone stale is handed back: the heartbeat
  is the lease, renewed every WORKER_HEARTBEAT_INTERVAL while the worker lives.

Every job is written to be safe to run twice (stamped rows, get-or-create), since a job
handed back may have done part of its work before its worker died.
"""

import logging
import traceback
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conduct.core.audit import record
from conduct.core.metrics import figure
from conduct.core.models import WorkerHeartbeat
from conduct.core.refusals import Refusal
from conduct.core.transactions import writes

logger = logging.getLogger("conduct.jobs")

READY, RUNNING, FAILED = TaskResultStatus.READY, TaskResultStatus.RUNNING, TaskResultStatus.FAILED
WORKER_DIED = "conduct.core.jobs.WorkerStopped"


def attempts(job: DBTaskResult) -> int:
    return len(job.worker_ids)


def pause_before(attempt: int) -> timedelta:
    """How long to wait before the attempt after `attempt`: the base, doubled each time."""
    return settings.JOB_RETRY_AFTER * 2 ** (attempt - 1)


def failed(job: DBTaskResult, error: BaseException) -> None:
    """Store a failed attempt: back in the queue after a pause while attempts are left,
    otherwise FAILED for an operator. One UPDATE, so a failure is never half-stored."""
    job.exception_class_path = f"{type(error).__module__}.{type(error).__qualname__}"
    job.traceback = "".join(traceback.format_exception(error))
    job.return_value = None
    if attempts(job) < settings.JOB_MAX_ATTEMPTS:
        job.status, job.run_after = READY, timezone.now() + pause_before(attempts(job))
        logger.warning(
            "Job %s (%s) failed on attempt %d (%s); trying again after %s",
            job.pk, job.task_path, attempts(job), job.exception_class_path,
            job.run_after.isoformat(),
        )  # fmt: skip
    else:
        job.status, job.finished_at = FAILED, timezone.now()
        logger.error("Job %s (%s) failed %d times", job.pk, job.task_path, attempts(job))
    job.save(
        update_fields=[
            "status", "run_after", "finished_at", "exception_class_path", "traceback",
            "return_value",
        ]
    )  # fmt: skip


def beat(worker_id: str, started_at: datetime, kind: str = WorkerHeartbeat.Kind.WORKER) -> None:
    """Record that a worker (or the scheduler) is alive now, renewing its lease; safe to repeat."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now},
        create_defaults={"started_at": started_at, "seen_at": now, "kind": kind},
    )


def forget(worker_id: str) -> None:
    """Remove a worker's row, so a clean stop is not mistaken for a live worker."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def live_workers() -> set[str]:
    cutoff = timezone.now() - settings.WORKER_HEARTBEAT_STALE_AFTER
    heartbeats = WorkerHeartbeat.objects.filter(seen_at__gte=cutoff)
    return set(heartbeats.values_list("worker_id", flat=True))


@writes
def reclaim_abandoned() -> int:
    """Hand back each job still RUNNING on a worker that stopped beating; how many."""
    cutoff = timezone.now() - settings.WORKER_HEARTBEAT_STALE_AFTER
    running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
        status=RUNNING, started_at__lt=cutoff
    )
    alive = live_workers()
    abandoned = [job for job in running if not job.worker_ids or job.worker_ids[-1] not in alive]
    for job in abandoned:
        hand_back(job)
    return len(abandoned)


@writes
def hand_back_own(worker_id: str) -> int:
    """A worker starting (or back after an outage) runs nothing yet: any job still RUNNING in
    its name was cut off, so it goes back in the queue."""
    running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(status=RUNNING)
    own = [job for job in running if job.worker_ids and job.worker_ids[-1] == worker_id]
    for job in own:
        hand_back(job)
    return len(own)


def hand_back(job: DBTaskResult) -> None:
    job.exception_class_path = WORKER_DIED
    job.traceback = f"Worker {job.worker_ids[-1] if job.worker_ids else '?'} stopped running it"
    if attempts(job) >= settings.JOB_MAX_ATTEMPTS:
        job.status, job.finished_at = FAILED, timezone.now()
    else:
        job.status, job.run_after = READY, timezone.now()
    job.save(
        update_fields=["status", "finished_at", "run_after", "exception_class_path", "traceback"]
    )
    logger.warning("Job %s (%s) handed back: its worker stopped", job.pk, job.task_path)


def described(job: DBTaskResult) -> str:
    """What the job does, in the words of its docstring's first line (with a curly apostrophe,
    as GOV.UK pages write it)."""
    try:
        doc = import_string(job.task_path).func.__doc__ or ""
    except (ImportError, AttributeError):
        doc = ""
    name = job.task_path.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    words = doc.strip().splitlines()[0].rstrip(".") if doc.strip() else name
    return words.replace("'", "’")


def last_error(job: DBTaskResult) -> str:
    lines = [line for line in job.traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def waiting_for_an_operator() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.failed().order_by("-finished_at"))


def counts_by_state() -> dict[str, int]:
    """How many jobs are READY, RUNNING and FAILED (and in any other state), in one query."""
    counts = DBTaskResult.objects.values_list("status").annotate(n=Count("pk"))
    return {READY: 0, RUNNING: 0, FAILED: 0, **dict(counts.values_list("status", "n"))}


@figure("conduct_jobs", "Background jobs by state", "state")
def jobs_by_state() -> list[tuple[tuple[str, ...], float]]:
    counts = counts_by_state()
    return [((state.lower(),), counts[state]) for state in (READY, RUNNING, FAILED)]


@figure("conduct_processes_alive", "Task workers and schedulers with a fresh heartbeat", "kind")
def processes_alive() -> list[tuple[tuple[str, ...], float]]:
    cutoff = timezone.now() - settings.WORKER_HEARTBEAT_STALE_AFTER
    fresh = WorkerHeartbeat.objects.filter(seen_at__gte=cutoff)
    return [((kind,), fresh.filter(kind=kind).count()) for kind in WorkerHeartbeat.Kind.values]


@writes
def retry_failed_job(job_id: str, *, by: object) -> DBTaskResult:
    """An operator sends a failed job round again, with a fresh set of attempts."""
    job = DBTaskResult.objects.select_for_update().get(pk=job_id)
    if job.status != FAILED:
        raise Refusal("Only a failed job can be tried again.")
    job.status, job.finished_at, job.run_after = READY, None, timezone.now()
    job.worker_ids = []
    job.save(update_fields=["status", "finished_at", "run_after", "worker_ids"])
    record("core.job_retried", actor=by, payload={"job": str(job.pk), "task": job.task_path})
    return job
