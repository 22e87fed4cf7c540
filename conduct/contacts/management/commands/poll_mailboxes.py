"""`manage.py poll_mailboxes`: store every unseen message of the configured mailboxes, once.

`--workers N` runs N processes, each taking the messages whose IMAP UID leaves
its number when divided by N (`--shard K/N`), so a busy mailbox uses every core.
`--batch N` is how many messages each stores in one transaction (100).
"""

import os
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
        command = [sys.executable, "-m", "django", "poll_mailboxes", "--batch", str(batch)]
        running = [
            subprocess.Popen([*command, "--shard", f"{k}/{workers}"], env=os.environ.copy())  # noqa: S603 our own command
            for k in range(workers)
        ]
        failed = [p.args for p in running if p.wait() != 0]
        if failed:
            raise CommandError(f"A worker failed: {failed}")
