"""`manage.py poll_mailboxes`: store every unseen message of the configured mailboxes, once.

`--workers N` runs N processes, each taking the messages whose IMAP UID leaves
its number when divided by N (`--shard K/N`), so a busy mailbox uses every core.
They are forked from this one once Django is set up (its database connections
closed first, so each opens its own): starting a fresh interpreter and Django
for each cost about 2.3 s of CPU a worker. `--batch N` is how many messages
each stores in one transaction (100).
"""

import multiprocessing
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from conduct.contacts import mailboxes


class Command(BaseCommand):
    help = "Fetch, store and flag unseen email from the mailboxes in CONDUCT_MAILBOXES."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=1, help="Processes to use")
        parser.add_argument("--shard", default="0/1", help="This process's share, as K/N")
        parser.add_argument(
            "--batch", type=int, default=mailboxes.BATCH, help="Messages stored a transaction"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1:
            raise CommandError("Give a batch of 1 or more messages")
        if options["workers"] > 1:
            self.run_workers(options["workers"], options["batch"])
            return
        shard, shards = self.share(options["shard"])
        for name, count in mailboxes.poll_all(shard, shards, options["batch"]).items():
            self.stdout.write(f"{name}: {count} stored")

    def share(self, text: str) -> tuple[int, int]:
        shard, _, shards = text.partition("/")
        if not (shard.isdigit() and shards.isdigit() and int(shard) < int(shards)):
            raise CommandError("Give the share as K/N, such as 0/2")
        return int(shard), int(shards)

    def run_workers(self, workers: int, batch: int) -> None:
        connections.close_all()
        fork = multiprocessing.get_context("fork")
        running = [
            fork.Process(target=poll_share, args=(k, workers, batch)) for k in range(workers)
        ]
        for process in running:
            process.start()
        for process in running:
            process.join()
        failed = [f"{k}/{workers}" for k, p in enumerate(running) if p.exitcode != 0]
        if failed:
            raise CommandError(f"A worker failed: {failed}")


def poll_share(shard: int, shards: int, batch: int) -> None:
    """One forked worker's share of every mailbox."""
    for name, count in mailboxes.poll_all(shard, shards, batch).items():
        sys.stdout.write(f"{name}: {count} stored ({shard}/{shards})\n")
    connections.close_all()
