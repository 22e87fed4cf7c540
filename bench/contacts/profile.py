"""Where ingestion's time goes: one in-process poll under cProfile, and SQL statements a message.

Run after generate.py, against the same database:
`.venv/bin/python -m bench.contacts.profile --emails 300` (DATABASE_URL for PostgreSQL).
The same senders and letters as run.py are delivered to a private Dovecot; one
`mailboxes.poll_all()` (a single worker) is profiled. Prints the functions with most
time of their own and most time below them, and the statements per message by kind;
writes the full profile to var/bench/contacts.prof (read it with `python -m pstats`).
"""

import argparse
import cProfile
import json
import pstats
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from bench.contacts import run  # sets up Django with the benchmark's settings
from conduct.contacts import mailboxes
from conduct.contacts.tests.imap import private_dovecot

TOP = 25


def counting(kinds: Counter[str]) -> Callable[..., Any]:
    """A database execute wrapper that counts statements by their first word."""

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        kinds[sql.split(None, 1)[0].upper()] += 1
        return execute(sql, *args)

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=300)
    count = parser.parse_args().emails
    from django.conf import settings
    from django.db import connection

    rng = random.Random(13)  # noqa: S311 reproducible test data
    addresses = run.senders(count, rng)
    kinds: Counter[str] = Counter()
    profile = cProfile.Profile()
    for server in private_dovecot("conduct-bench-dovecot-"):
        run.deliver(server, addresses, rng)
        settings.CONDUCT_MAILBOXES = [server.settings("housing", "housing")]
        with connection.execute_wrapper(counting(kinds)):
            profile.runcall(mailboxes.poll_all)
    path = settings.VAR_DIR / "bench" / "contacts.prof"
    profile.dump_stats(path)
    stats = pstats.Stats(str(path))
    stats.sort_stats("tottime").print_stats(TOP)
    stats.sort_stats("cumulative").print_stats(TOP)
    per_message = {kind: round(n / count, 2) for kind, n in kinds.most_common()}
    print(json.dumps({"emails": count, "statements_per_message": per_message}, indent=2))


if __name__ == "__main__":
    main()
