"""Polling the council's IMAP mailboxes: fetch what is unseen, store it, then flag it \\Seen.

Mailboxes are configured in the environment, never in code: CONDUCT_MAILBOXES
is a JSON list such as

    [{"name": "housing", "service": "housing", "host": "imap.example.gov.uk",
      "port": 993, "ssl": true, "username_env": "HOUSING_IMAP_USER",
      "password_env": "HOUSING_IMAP_PASSWORD", "folder": "INBOX"}]

where the credentials are read from the variables named. Messages are fetched
and stored a batch at a time (ingestion.store_messages: one transaction per
batch), and the batch is flagged \\Seen only after it is committed: a crash in
between leaves it unseen, the next poll fetches it again, and each message is
found already stored.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from imapclient import IMAPClient

from conduct.contacts import ingestion, parsing

# Messages fetched, stored in one transaction and flagged together.
BATCH = 100


@dataclass(frozen=True)
class MailboxSettings:
    name: str
    host: str
    port: int = 993
    ssl: bool = True
    username_env: str = ""
    password_env: str = ""
    folder: str = "INBOX"
    service: str = ""

    @property
    def mailbox(self) -> ingestion.Mailbox:
        return ingestion.Mailbox(self.name, self.service)


def configured() -> list[MailboxSettings]:
    return [MailboxSettings(**entry) for entry in settings.CONDUCT_MAILBOXES]


@contextmanager
def connected(box: MailboxSettings) -> Iterator[IMAPClient]:
    client = IMAPClient(box.host, port=box.port, ssl=box.ssl, timeout=30)
    try:
        client.login(os.environ[box.username_env], os.environ[box.password_env])
        client.select_folder(box.folder)
        yield client
    finally:
        try:
            client.logout()
        except Exception:
            client.shutdown()


def batches(uids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(uids), size):
        yield uids[start : start + size]


def store(mailbox: ingestion.Mailbox, fetched: dict[int, Any]) -> None:
    raws = [bytes(fetched[uid][b"BODY[]"]) for uid in sorted(fetched)]  # in order of arrival
    ingestion.store_messages([ingestion.Arrival(raw, parsing.parse(raw)) for raw in raws], mailbox)


def flag(client: IMAPClient, uids: list[int]) -> None:
    """Mark the messages handled: only ever after they are committed."""
    client.add_flags(uids, [b"\\Seen"])


def poll(box: MailboxSettings, shard: int = 0, shards: int = 1, batch: int = 0) -> int:
    """Store every unseen message of one mailbox (this shard's share of them); how many.

    `batch`: messages a transaction (BATCH unless given).
    """
    handled, mailbox = 0, box.mailbox.resolved()
    with connected(box) as client:
        mine = [uid for uid in client.search(["UNSEEN"]) if uid % shards == shard]
        for uids in batches(mine, batch or BATCH):
            # BODY.PEEK leaves \Seen alone: the flag means "stored", set below.
            store(mailbox, client.fetch(uids, ["BODY.PEEK[]"]))
            flag(client, uids)
            handled += len(uids)
    return handled


def poll_all(shard: int = 0, shards: int = 1, batch: int = 0) -> dict[str, int]:
    return {box.name: poll(box, shard, shards, batch) for box in configured()}
