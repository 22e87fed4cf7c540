"""/healthz reports the database, whether a task worker's and the scheduler's heartbeats are
fresh, and jobs waiting for an operator or long past their time."""

import time
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conduct.core.jobs import beat, forget
from conduct.core.management.commands.run_worker import Heartbeat
from conduct.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_without_a_heartbeat_the_worker_is_unavailable_and_health_is_503(client):
    """No worker has ever beaten, so the service is degraded though the database is fine."""
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"]["status"] == "ok"
    assert body["worker"]["status"] == "unavailable"


def test_with_fresh_heartbeats_health_is_200(client):
    """A worker's and the scheduler's heartbeats written just now make the service ok."""
    beat("worker-1", started_at=timezone.now())
    beat("scheduler-1", started_at=timezone.now(), kind=WorkerHeartbeat.Kind.SCHEDULER)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["worker"] == {
        "status": "ok",
        "workers": 1,
        "last_seen": WorkerHeartbeat.objects.get(worker_id="worker-1").seen_at.isoformat(),
    }
    assert body["scheduler"]["status"] == "ok"
    assert body["jobs"] == {"status": "ok", "queued": 0, "running": 0, "failed": 0, "late": 0}


def test_without_the_scheduler_health_is_503(client):
    """Workers alone run nothing scheduled: reminders and escalations would stop."""
    beat("worker-1", started_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["scheduler"]["status"] == "unavailable"


def test_a_job_failed_for_good_or_late_makes_health_503(client, time_machine):
    """A job an operator must look at, or one queued long ago and not started, is reported."""
    beat("worker-1", started_at=timezone.now())
    beat("scheduler-1", started_at=timezone.now(), kind=WorkerHeartbeat.Kind.SCHEDULER)
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="x", backend_name="default",
        run_after=timezone.now(), status=TaskResultStatus.FAILED,
    )  # fmt: skip
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="y", backend_name="default",
        run_after=timezone.now(),
    )  # fmt: skip
    time_machine.move_to(timezone.now() + settings.JOB_LATE_AFTER + timedelta(seconds=1))
    beat("worker-1", started_at=timezone.now())
    beat("scheduler-1", started_at=timezone.now(), kind=WorkerHeartbeat.Kind.SCHEDULER)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["jobs"] == {
        "status": "attention", "queued": 1, "running": 0, "failed": 1, "late": 1,
    }  # fmt: skip


def test_a_stale_heartbeat_counts_as_no_worker(client, time_machine):
    """A worker that stopped beating longer ago than the stale limit is not alive."""
    beat("worker-1", started_at=timezone.now())
    time_machine.move_to(timezone.now() + settings.WORKER_HEARTBEAT_STALE_AFTER + timedelta(1))
    assert client.get("/healthz").json()["worker"]["status"] == "unavailable"


def test_beating_again_updates_the_same_row_and_forget_removes_it(time_machine):
    """One row per worker: later beats move seen_at on and keep started_at."""
    started = timezone.now()
    beat("worker-1", started_at=started)
    time_machine.move_to(started + timedelta(seconds=10))
    beat("worker-1", started_at=started)
    row = WorkerHeartbeat.objects.get()
    assert (row.started_at, row.seen_at) == (started, started + timedelta(seconds=10))
    forget("worker-1")
    assert not WorkerHeartbeat.objects.exists()


def seen_at(worker_id: str) -> datetime | None:
    # In-memory SQLite shares tables between threads with table locks; retry if one is held.
    try:
        return (
            WorkerHeartbeat.objects.filter(worker_id=worker_id)
            .values_list("seen_at", flat=True)
            .first()
        )
    except OperationalError:
        return None


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_then_removes_its_row_when_stopped():
    """The first beat is written at once, the thread beats again, and stopping removes the row."""
    heartbeat = Heartbeat("worker-thread", interval=0.05)
    heartbeat.start()
    try:
        first = WorkerHeartbeat.objects.get(worker_id="worker-thread").seen_at
        deadline = time.monotonic() + 5
        while (seen_at("worker-thread") or first) <= first:
            assert time.monotonic() < deadline, "the heartbeat thread never beat again"
            time.sleep(0.01)
    finally:
        heartbeat.stop()
    assert not heartbeat.thread.is_alive()
    assert not WorkerHeartbeat.objects.exists()
