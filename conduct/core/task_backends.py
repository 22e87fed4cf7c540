"""The task backend the test suite runs jobs with: each job runs when its transaction commits.

Production queues jobs as rows of the database backend inside the transaction of the change
they follow, so a worker can see, and run, a job only once that transaction has committed.
This backend keeps that order in-process: queued inside a transaction, the job runs on
commit (and never, if the transaction rolls back); queued outside one, it runs at once.
"""

from typing import Any

from django.db import connection, transaction
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult


class OnCommitBackend(ImmediateBackend):
    def _execute_task(self, task_result: TaskResult[Any]) -> None:
        if connection.in_atomic_block:
            transaction.on_commit(lambda: super(OnCommitBackend, self)._execute_task(task_result))
        else:
            super()._execute_task(task_result)
