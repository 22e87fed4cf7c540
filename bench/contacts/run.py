"""Ingestion throughput from a local IMAP server, and the "what is new" page, at scale.

Run after generate.py, against the same database:
`.venv/bin/python -m bench.contacts.run --emails 1000` (or `make bench-contacts`).

- Ingestion: a private Dovecot on loopback (as in the tests) is given the emails by
  IMAP APPEND (not timed); then `mailboxes.poll_all()` is timed end to end: fetch,
  parse, match the sender, store the message, its raw copy and its contact, route
  it by the sender's restrictions, scan for hints, the near-duplicate check against
  the persisted LSH index, the new-sentence check, the audit event, the
  acknowledgement, and the \\Seen flag. Senders: generated customers, the customer
  with 2,000 earlier messages, customers under named-officer and read-and-file
  restrictions, and strangers (who go to the screening engine).
- The "what is new" page for the customer with 2,000 earlier messages: rendered
  through Django's test client (every middleware, the template, the audit read)
  30 times after a warm-up; median and 95th percentile.
Prints and saves var/bench/contacts.json.
"""

import argparse
import itertools
import json
import os
import random
import resource
import statistics
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.contacts.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.contacts.generate import letter  # noqa: E402
from conduct.accounts.models import User  # noqa: E402
from conduct.accounts.roles import Role  # noqa: E402
from conduct.accounts.tests import factories as staff_factories  # noqa: E402
from conduct.accounts.tests.factories import staff_member  # noqa: E402
from conduct.cases.tests import factories as case_factories  # noqa: E402
from conduct.contacts.models import Message  # noqa: E402
from conduct.contacts.tests import factories  # noqa: E402
from conduct.contacts.tests.imap import ImapServer, private_dovecot  # noqa: E402
from conduct.incidents.models import Incident  # noqa: E402

RENDERS = 30


def senders(count: int, rng: random.Random) -> list[str]:
    """Who writes: mostly generated customers, some restricted, the heavy writer, strangers."""
    heavy = Message.objects.order_by("pk").values_list("from_address", flat=True).first()
    ordinary = list(
        Message.objects.order_by("?").values_list("from_address", flat=True)[: max(count, 10)]
    )
    restricted = []
    # The test factories number staff from 1 in each process; a rerun must not reuse emails.
    staff_factories._numbers = itertools.count(User.objects.count() + 1)
    case_factories._numbers = itertools.count(Incident.objects.count() + 1)
    for n in range(4):
        customer = factories.customer(f"restricted{n}.{rng.randrange(10**9)}@example.org")
        if n % 2:
            factories.restrict(customer, "read-and-file", matters="The fence complaint")
        else:
            factories.named_officer(customer)
        restricted.append(customer.email_addresses.get().email)
    found = []
    for i in range(count):
        pick = i % 20
        if pick == 0:
            found.append(f"stranger{i}@example.net")
        elif pick == 1:
            found.append(str(heavy))
        elif pick == 2:
            found.append(restricted[i % len(restricted)])
        else:
            found.append(ordinary[i % len(ordinary)])
    return found


def deliver(server: ImapServer, addresses: list[str], rng: random.Random) -> float:
    started = time.perf_counter()
    with server.client() as client:
        for n, address in enumerate(addresses):
            raw = factories.email(address, letter(rng), subject=f"Bench {n}", name=f"Writer {n}")
            client.append("INBOX", raw, flags=())
    return time.perf_counter() - started


def ingest(server: ImapServer, workers: int, batch: int) -> tuple[int, float, float]:
    """`manage.py poll_mailboxes --workers N --batch B`, timed from start to the last flag."""
    # The workers are forked from this process, so they read its settings.
    settings.CONDUCT_MAILBOXES = [server.settings("housing", "housing")]
    before = Message.objects.count()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    call_command("poll_mailboxes", workers=workers, batch=batch)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert server.unseen() == []
    used = (after.ru_utime + after.ru_stime) - (cpu.ru_utime + cpu.ru_stime)
    return Message.objects.count() - before, seconds, used


def what_is_new() -> dict[str, Any]:
    setup_test_environment()
    heavy = Message.objects.order_by("pk").values_list("customer_id", flat=True).first()
    assert heavy is not None
    latest = Message.objects.filter(customer_id=heavy).order_by("-pk").first()
    assert latest is not None
    earlier = Message.objects.filter(customer_id=heavy, pk__lt=latest.pk).count()
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff_member(Role.FRONTLINE_OFFICER))
    url = f"/contacts/emails/{latest.pk}/"
    assert client.get(url).status_code == 200
    timings = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {
        "earlier_messages": earlier,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(sorted(timings)[int(0.95 * len(timings)) - 1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=100, help="Messages a transaction")
    arguments = parser.parse_args()
    count = arguments.emails
    load = round(os.getloadavg()[0], 2)
    rng = random.Random(11)  # noqa: S311 reproducible test data
    addresses = senders(count, rng)
    for server in private_dovecot("conduct-bench-dovecot-"):
        delivered = deliver(server, addresses, rng)
        handled, seconds, cpu = ingest(server, arguments.workers, arguments.batch)
    result = {
        "stored_messages": Message.objects.count(),
        "emails": handled,
        "append_seconds": round(delivered, 2),
        "ingest_seconds": round(seconds, 2),
        "workers": arguments.workers,
        "batch": arguments.batch,
        "messages_per_second": round(handled / seconds, 1),
        "worker_cpu_ms_per_message": round(cpu * 1000 / handled, 1),
        "load_average_at_start": load,
        "what_is_new": what_is_new(),
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    }
    print(json.dumps(result, indent=2))
    (settings.VAR_DIR / "bench" / "contacts.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
