"""The fault tests' separate process: `python -m conduct.contacts.tests.poller ACTION`.

Actions: `migrate` (a SQLite file), `setup` (one customer, in a migrated
SQLite file or the run's PostgreSQL test database), `poll`, `two-workers`, `crash-before-flag`,
`crash-mid-batch` and `count`. The polls take two messages a batch, so a crash
can come after one batch is committed. A crash is a hard exit (os._exit) of a
real process with a real database, as a crashed worker's would be: before the
\\Seen flags of the first batch, which is committed; or inside the second
batch's transaction, after its messages and index rows are written and before
its audit events and commit.
"""

import os
import sys
from typing import Any

import django


def crash_before_flag() -> None:
    from conduct.contacts import mailboxes

    mailboxes.flag = lambda client, uids: os._exit(3)


def crash_mid_batch() -> None:
    from conduct.contacts import novelty

    index, batches = novelty.index, []

    def index_then_crash(indexed: list[Any]) -> None:
        index(indexed)
        batches.append(indexed)
        if len(batches) == 2:
            os._exit(4)

    novelty.index = index_then_crash


def count() -> None:
    """Messages, contacts, LSH bands, audit events of arrivals, and whether the chain is whole."""
    from conduct.contacts.models import Band, Contact, Message
    from conduct.core.audit import verify_chain
    from conduct.core.models import AuditEvent

    received = AuditEvent.objects.filter(verb="contacts.message_received").count()
    keys = Message.objects.values_list("message_id", "sha256")
    once = len(set(keys)) == len(keys)
    totals = [Message.objects.count(), Contact.objects.count(), Band.objects.count(), received]
    print(*totals, "once" if once else "twice", "whole" if verify_chain() is None else "broken")


def main(action: str) -> None:
    django.setup()
    from django.core.management import call_command

    from conduct.contacts.tests import factories

    if action == "migrate":
        call_command("migrate", verbosity=0)
    elif action == "setup":
        factories.customer("pat@example.org")
    elif action == "count":
        count()
    else:
        {"crash-before-flag": crash_before_flag, "crash-mid-batch": crash_mid_batch}.get(
            action, lambda: None
        )()
        call_command("poll_mailboxes", batch=2, workers=2 if action == "two-workers" else 1)


if __name__ == "__main__":
    main(sys.argv[1])
