"""Write transactions that survive meeting another one.

Two rules keep concurrent writers from failing (docs/operations.md):

1. **Locks in one order.** The audit chain's head is the one row every write locks, so a
   writer that needs a reference number takes the head first, then the counter
   (`conduct.core.references`). Whatever else a transaction locks, it never holds a
   counter while waiting for the head.
2. **Conflicts are retried whole.** PostgreSQL may still pick a transaction as a deadlock
   victim or fail it under serialisation, and SQLite may find the database locked for
   longer than its busy timeout. `writes` runs a service's transaction again, from the
   start, when that happens, so the person or system asking never sees it. Only the
   outermost transaction retries: an inner one cannot be run again on its own.
"""

import logging
import random
import time
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction

logger = logging.getLogger("conduct.transactions")

P = ParamSpec("P")
T = TypeVar("T")

ATTEMPTS = 5
# SQLSTATE codes PostgreSQL gives a transaction that may succeed if run again.
RETRYABLE_STATES = {
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected
    "55P03",  # lock_not_available
}


def is_conflict(error: BaseException) -> bool:
    """True when the error is another transaction in the way, not a fault in this one."""
    cause = error.__cause__ or error
    if getattr(cause, "sqlstate", None) in RETRYABLE_STATES:
        return True
    return "database is locked" in str(error) or "database table is locked" in str(error)


def retry_on_conflict(func: Callable[P, T]) -> Callable[P, T]:
    """Run `func` again, after a short random pause, when its transaction met a conflict."""

    @wraps(func)
    def retrying(*args: P.args, **kwargs: P.kwargs) -> T:
        if connection.in_atomic_block:
            return func(*args, **kwargs)  # the outermost transaction retries
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return func(*args, **kwargs)
            except DatabaseError as error:
                if attempt == ATTEMPTS or not is_conflict(error):
                    raise
                logger.warning(
                    "%s met another transaction (%s); running it again, attempt %d",
                    func.__qualname__,
                    first_line(error),
                    attempt + 1,
                )
                time.sleep(random.uniform(0, 0.05 * 2**attempt))  # noqa: S311 jitter, not secrets
        raise AssertionError("unreachable")

    return retrying


def writes(func: Callable[P, T]) -> Callable[P, T]:
    """A service's transaction: atomic, and run again whole if it meets a conflict."""
    return retry_on_conflict(transaction.atomic(func))


# Seconds a client is asked to wait when the database cannot be reached (a 503's Retry-After).
RETRY_AFTER_OUTAGE = 10


def is_outage(error: BaseException | None) -> bool:
    """The database could not be reached or answered (restarting, too many clients, a
    connection cut, conflicts that outlasted every retry): worth trying again shortly,
    unlike a fault in the request or the code."""
    return isinstance(error, OperationalError | InterfaceError)


def first_line(error: BaseException) -> str:
    """What a database error says, in one line for a log."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class OutagePause:
    """How long a worker or the scheduler waits before trying a lost database again:
    1 s, doubling each time to 30 s at most, and 1 s again once the database answers."""

    FIRST, LONGEST = 1.0, 30.0

    def __init__(self) -> None:
        self.coming = self.FIRST

    def after_failure(self) -> float:
        pause, self.coming = self.coming, min(self.coming * 2, self.LONGEST)
        return pause

    def after_success(self) -> None:
        self.coming = self.FIRST
