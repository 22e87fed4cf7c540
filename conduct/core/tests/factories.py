"""Rows core's tests make: a background job that failed every attempt."""

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def failed_job(task_path: str, error: str, attempts: int = 5) -> DBTaskResult:
    """A job whose every attempt failed, its traceback ending with `error`."""
    return DBTaskResult.objects.create(
        args_kwargs={"args": [7], "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        run_after=timezone.now(),
        status="FAILED",
        finished_at=timezone.now(),
        worker_ids=[f"worker-{n}" for n in range(attempts)],
        traceback=f"Traceback (most recent call last):\n  ...\n{error}\n",
    )
