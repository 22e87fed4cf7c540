"""No background work is lost: failed jobs are tried again, a dead worker's jobs are handed
back, and the worker and the scheduler ride out the database going away.

These run the real worker loop and scheduler against the database queue
(django-tasks-db), on the database the suite runs on.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from psycopg import sql

from conduct.core import jobs
from conduct.core.jobs import beat
from conduct.core.management.commands.run_worker import Heartbeat, Worker
from conduct.core.models import WorkerHeartbeat
from conduct.office.management.commands.run_scheduler import Scheduler

QUEUED_IN_THE_DATABASE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_queue"),
]


@pytest.fixture
def database_queue() -> Iterator[None]:
    with override_settings(TASKS=QUEUED_IN_THE_DATABASE, JOB_MAX_ATTEMPTS=3):
        yield


@task()
def fails() -> None:
    raise RuntimeError("The mail server refused the message")


@task()
def succeeds() -> str:
    return "done"


def worker(worker_id: str = "worker-1", *, batch: bool = True) -> Worker:
    return Worker(
        queue_names=["default"], interval=0.05, batch=batch, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
    )  # fmt: skip


def test_a_failed_job_is_tried_again_later_then_kept_failed_for_an_operator(time_machine):
    """Each failure waits twice as long as the one before; after the last attempt the job
    stays FAILED with its error until an operator sends it round again."""
    job_id = fails.enqueue().id
    worker().run()
    job = DBTaskResult.objects.get(pk=job_id)
    assert (job.status, jobs.attempts(job)) == ("READY", 1)
    assert job.run_after > timezone.now() + timedelta(seconds=29)
    assert "The mail server refused the message" in job.traceback

    time_machine.move_to(job.run_after + timedelta(seconds=1))
    worker().run()
    job.refresh_from_db()
    assert (job.status, jobs.attempts(job)) == ("READY", 2)
    assert job.run_after > timezone.now() + timedelta(seconds=59)

    time_machine.move_to(job.run_after + timedelta(seconds=1))
    worker().run()
    job.refresh_from_db()
    assert (job.status, jobs.attempts(job)) == ("FAILED", 3)

    jobs.retry_failed_job(job_id, by=None)
    job.refresh_from_db()
    assert (job.status, jobs.attempts(job)) == ("READY", 0)


def test_a_job_running_on_a_worker_that_stopped_beating_is_handed_back(time_machine):
    """The heartbeat is the lease: a live worker keeps its job, a dead one's goes back."""
    alive, dead = succeeds.enqueue().id, succeeds.enqueue().id
    for job_id, worker_id in ((alive, "alive"), (dead, "dead")):
        DBTaskResult.objects.get(pk=job_id).claim(worker_id)
        beat(worker_id, timezone.now())
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    beat("alive", timezone.now())

    assert jobs.reclaim_abandoned() == 1
    assert DBTaskResult.objects.get(pk=alive).status == "RUNNING"
    handed_back = DBTaskResult.objects.get(pk=dead)
    assert handed_back.status == "READY"
    worker("another").run()
    assert DBTaskResult.objects.get(pk=dead).status == "SUCCESSFUL"


def test_a_job_cut_off_by_its_own_worker_losing_the_database_runs_again():
    """A worker back from an outage runs nothing yet, so a job RUNNING in its name goes back."""
    job_id = succeeds.enqueue().id
    DBTaskResult.objects.get(pk=job_id).claim("worker-1")
    worker("worker-1").run()
    assert DBTaskResult.objects.get(pk=job_id).status == "SUCCESSFUL"


@contextmanager
def database_gone() -> Iterator[None]:
    """What a worker meets when the database goes: on PostgreSQL every other connection is
    terminated and new ones refused for a second and a half (as in a restart); on SQLite
    another process holds the database longer than a writer will wait for it."""
    if connection.vendor == "postgresql":
        name, server = connection.settings_dict["NAME"], connection.get_connection_params()
        with psycopg.connect(**{**server, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(
                sql.Identifier(name)))  # fmt: skip
            try:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    [name],
                )
                yield
                time.sleep(1.5)
            finally:
                admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(
                    sql.Identifier(name)))  # fmt: skip
        connection.close()  # this test's own was terminated too
        return
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("BEGIN EXCLUSIVE")
        try:
            yield
            time.sleep(1.5)
        finally:
            cursor.execute("ROLLBACK")
    other.close()


@pytest.fixture
def short_busy_timeout() -> Iterator[None]:
    """SQLite writers give up after 0.1 s instead of 20, so the outage is seen at once."""
    if connection.vendor != "sqlite":
        yield
        return
    options = connections.settings["default"]["OPTIONS"]
    before = dict(options)
    options["timeout"] = 0.1
    try:
        yield
    finally:
        options.clear()
        options.update(before)
        connections.close_all()  # none may keep the short timeout into the next test


@pytest.mark.usefixtures("short_busy_timeout")
def test_the_worker_rides_out_the_database_going_away():
    """It logs, waits, connects again and runs the next job; it never exits."""
    running = worker("survivor", batch=False)

    def run() -> None:
        running.run()
        connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        first = succeeds.enqueue().id
        wait_for(lambda: DBTaskResult.objects.get(pk=first).status == "SUCCESSFUL")
        with database_gone():
            pass
        second = succeeds.enqueue().id
        wait_for(lambda: DBTaskResult.objects.get(pk=second).status == "SUCCESSFUL")
        assert thread.is_alive()
    finally:
        running.running = False
        thread.join(timeout=10)


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_worker_started_while_the_database_is_away_waits_for_it():
    """Started during an outage (as systemd restarts it), it beats once the database is back
    and runs what was queued; it does not exit."""
    heartbeat = Heartbeat("late-starter", interval=0.05)

    def start() -> None:
        heartbeat.start()
        connection.close()

    thread = threading.Thread(target=start)
    with database_gone():
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive(), "still waiting for the database"
    thread.join(timeout=30)
    try:
        assert WorkerHeartbeat.objects.filter(worker_id="late-starter").exists()
    finally:
        heartbeat.stop()


@pytest.mark.usefixtures("short_busy_timeout")
def test_the_scheduler_rides_out_the_database_going_away():
    """A pass that meets the outage answers with a pause instead of raising; the next works."""
    outcome: list[float | None] = []

    def passes() -> None:
        scheduler = Scheduler("scheduler-test")
        outcome.append(scheduler.tick())
        gone.wait(10)
        outcome.append(scheduler.tick())
        back.wait(10)
        outcome.append(scheduler.tick())
        connection.close()

    gone, back = threading.Event(), threading.Event()
    thread = threading.Thread(target=passes)
    thread.start()
    wait_for(lambda: len(outcome) == 1)
    with database_gone():
        gone.set()
        wait_for(lambda: len(outcome) == 2)
    back.set()
    thread.join(timeout=30)
    assert outcome == [None, 1.0, None]
    assert WorkerHeartbeat.objects.filter(kind="scheduler").exists()


def wait_for(condition: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return
        except Exception:  # noqa: S110 the database may be away for a moment
            pass
        time.sleep(0.05)
    raise AssertionError("the condition never held")
