"""Load with faults: Conduct deployed as docs/deployment.md says, written to by many API
clients while its processes are killed and its database goes away; then what the clients
were told is compared with what the database holds.

    PYTHONPATH=. .venv/bin/python -m bench.production.faults --clients 20 --seconds 180
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test PYTHONPATH=. \
        .venv/bin/python -m bench.production.faults --clients 50 --seconds 180

With DATABASE_URL naming PostgreSQL, a fresh database beside it is made and dropped;
otherwise a SQLite file. The deployment runs granian (the documented arguments), one task
worker and the scheduler with the production settings, on loopback only, and sends its
email to an SMTP server (aiosmtpd) on loopback that counts what it receives.

Each client logs incidents (half with a new customer, one in five with a safeguarding
concern), contacts and screenings, each write with its own Idempotency-Key, and retries a
write with the same key after a refused connection, a reset, a 5xx or a 503, as a real
client does, for up to a minute. Faults, at fixed fractions of the run: kill -9 of a web
worker; kill -9 of the task worker, started again 5 s later; the database unreachable for
5 s (PostgreSQL: connections terminated and refused; SQLite: its file moved away).

Afterwards it waits for the queue to drain and reports, as JSON: writes acknowledged, lost
and duplicated; answers by status; incidents written a second and the p95 of a write;
acknowledged safeguarding concerns without exactly one referral; jobs left running or
failed; whether the audit chain verifies; and seconds from each fault to the next success.
"""

import argparse
import http.client
import json
import os
import random
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles
from typing import Any

from aiosmtpd.controller import Controller

from conduct.core.tests.deployment import (
    HOST,
    Deployment,
    child_pids,
    database_away,
    free_port,
    own_database,
)

OFFICER = "frontline-officer@conduct.example"
GIVE_UP_AFTER = 60.0


@dataclass
class Outcome:
    kind: str
    key: str
    started: float
    finished: float
    status: int  # the final answer; 0 if the client gave up
    body: dict[str, Any]
    answers: list[int] = field(default_factory=list)  # every answer, retries included
    safeguarding: bool = False


class Client(threading.Thread):
    """One integration writing as fast as the server answers, until the deadline."""

    def __init__(
        self, port: int, token: str, customers: list[str], service: str, deadline: float
    ) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.customers, self.deadline = port, token, customers, deadline
        self.service = service
        self.outcomes: list[Outcome] = []
        self.random = random.Random()  # noqa: S311 load, not secrets

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            roll = self.random.random()
            if roll < 0.5:
                self.outcomes.append(self.incident())
            elif roll < 0.75:
                self.outcomes.append(self.contact())
            else:
                self.outcomes.append(self.screening())

    def incident(self) -> Outcome:
        concern = self.random.random() < 0.2
        body: dict[str, Any] = {
            "occurred_at": "2026-12-01T10:00:00+00:00",
            "location": "Contact centre",
            "channel": "phone",
            "service": self.service,
            "affected": ["staff-member"],
            "physical_violence": "none",
            "abuse_or_harassment": True,
            "behaviour_categories": ["aggressive-or-abusive"],
            "what_happened": "Swore repeatedly and threatened to come to the office.",
            "safeguarding_concern": concern,
            "safeguarding_detail": "Said they would hurt themselves" if concern else "",
        }
        if self.random.random() < 0.5:
            suffix = uuid.uuid4().hex[:8]
            body["new_customer"] = {"given_names": "Load", "family_name": f"Test {suffix}"}
        else:
            body["customer"] = self.random.choice(self.customers)
        outcome = self.send("incident", "/api/v1/incidents", body)
        outcome.safeguarding = concern
        return outcome

    def contact(self) -> Outcome:
        body = {"channel": "phone", "subject": "Asked again about the repair", "minutes": 5}
        customer = self.random.choice(self.customers)
        return self.send("contact", f"/api/v1/contacts/customers/{customer}", body)

    def screening(self) -> Outcome:
        return self.send("screening", "/api/v1/screen", {"name": "Margaret Ellison"})

    def send(self, kind: str, path: str, body: dict[str, Any]) -> Outcome:
        key, payload = uuid.uuid4().hex, json.dumps(body)
        headers = {
            "Host": HOST, "X-Forwarded-Proto": "https", "Content-Type": "application/json",
            "Authorization": f"Bearer {self.token}", "Idempotency-Key": key,
        }  # fmt: skip
        started, answers, pause = time.monotonic(), [], 0.2
        while True:
            status, answer = self.once(path, payload, headers)
            answers.append(status)
            if status and status < 500:
                return Outcome(kind, key, started, time.monotonic(), status, answer, answers)
            if time.monotonic() - started > GIVE_UP_AFTER:
                return Outcome(kind, key, started, time.monotonic(), 0, {}, answers)
            time.sleep(pause)
            pause = min(pause * 2, 3.0)

    def once(self, path: str, payload: str, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("POST", path, payload, headers)
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            return 0, {}  # refused or reset: the server never answered
        finally:
            connection.close()
        try:
            return response.status, json.loads(raw or b"{}")
        except ValueError:
            return response.status, {}


def prepare(deployment: Deployment) -> tuple[str, list[str], str]:
    """Static files, tables, the demo council; a token for a frontline officer's integration,
    the demo customers' references and a service's slug."""
    deployment.manage("collectstatic", "--no-input")
    deployment.manage("migrate", "--no-input")
    deployment.manage("load_demo_data", settings="dev")
    output = deployment.manage(
        "create_api_token", "--name", "Load with faults", "--as", OFFICER,
        "--scope", "incidents:write", "--scope", "contacts:write", "--scope", "screen",
    )  # fmt: skip
    references = deployment.manage(
        "shell", "--no-imports", "-c",
        "from conduct.customers.models import Customer; "
        "print(' '.join(Customer.objects.filter(merged_into=None).values_list('reference', flat=True)))",
    )  # fmt: skip
    service = deployment.manage(
        "shell", "--no-imports", "-c",
        "from conduct.customers.models import CouncilService; "
        "print(CouncilService.objects.order_by('pk').first().slug)",
    )  # fmt: skip
    return output.split()[-1], references.split(), service.strip()


def start_worker(deployment: Deployment) -> Any:
    return deployment.start(sys.executable, "manage.py", "run_worker", "--no-startup-delay")


class Mailbox:
    """An SMTP server on loopback that keeps a count of the messages it is sent."""

    def __init__(self) -> None:
        self.received = 0
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received += 1
        return "250 OK"


class Faults(threading.Thread):
    """kill -9 a web worker, then the task worker (started again), then the database away."""

    def __init__(self, deployment: Deployment, seconds: float) -> None:
        super().__init__(daemon=True)
        self.deployment, self.seconds = deployment, seconds
        self.at: dict[str, float] = {}
        self.worker = start_worker(deployment)

    def run(self) -> None:
        begun = time.monotonic()

        def wait_until(fraction: float) -> None:
            time.sleep(max(0.0, begun + fraction * self.seconds - time.monotonic()))

        wait_until(0.2)
        server = self.deployment.processes[0]
        self.at["web worker killed"] = time.monotonic()
        os.kill(child_pids(server.pid)[0], signal.SIGKILL)
        wait_until(0.4)
        self.at["task worker killed"] = time.monotonic()
        self.worker.kill()
        time.sleep(5)
        self.worker = start_worker(self.deployment)
        wait_until(0.6)
        with database_away(self.deployment.database_url):
            time.sleep(5)
        self.at["database back after 5 s away"] = time.monotonic()


def recovery(outcomes: list[Outcome], since: float) -> float | None:
    """Seconds from a moment to the first write acknowledged after it."""
    later = [o.finished for o in outcomes if o.status in (200, 201) and o.finished > since]
    return round(min(later) - since, 2) if later else None


def check_database(database_url: str) -> dict[str, Any]:
    """What the database holds, read through Conduct's own models."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduct.settings.dev")
    import django

    django.setup()
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from conduct.api.models import IdempotentRequest
    from conduct.contacts.models import Contact
    from conduct.core.audit import verify_chain
    from conduct.incidents.models import Incident

    return {
        "incidents": set(Incident.objects.values_list("reference", flat=True)),
        "referrals": dict(
            Incident.objects.filter(safeguarding_concern=True)
            .annotate(n=Count("safeguarding_referral"))
            .values_list("reference", "n")
        ),
        "contacts": set(Contact.objects.values_list("pk", flat=True)),
        "stored_keys": Counter(IdempotentRequest.objects.values_list("key", flat=True)),
        "jobs": dict(Counter(DBTaskResult.objects.values_list("status", flat=True))),
        "audit_chain_intact": verify_chain() is None,
    }


def drain(deployment: Deployment, seconds: float = 180) -> None:
    """Wait until no job is waiting or running (a dead worker's jobs come back after 60 s)."""
    script = (
        "from django_tasks_db.models import DBTaskResult as J; "
        "print(J.objects.filter(status__in=['READY', 'RUNNING']).count())"
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if deployment.manage("shell", "--no-imports", "-c", script).strip() == "0":
            return
        time.sleep(5)


def report(outcomes: list[Outcome], held: dict[str, Any], faults: Faults, seconds: float,
           clients: int, vendor: str) -> dict[str, Any]:  # fmt: skip
    acknowledged = [o for o in outcomes if o.status in (200, 201)]
    incidents = [o for o in acknowledged if o.kind == "incident"]
    told = Counter(o.body.get("reference") for o in incidents)
    writes = [o for o in acknowledged if o.kind != "screening"]
    latencies = sorted(o.finished - o.started for o in writes)
    concerns = [o.body["reference"] for o in incidents if o.safeguarding]
    answers = Counter(status for o in outcomes for status in o.answers)
    contacts = [o.body.get("id") for o in acknowledged if o.kind == "contact"]
    return {
        "database": vendor,
        "clients": clients,
        "seconds": seconds,
        "requests": len(outcomes),
        "answers": {str(k): v for k, v in sorted(answers.items())},
        "answers_500": answers.get(500, 0),
        "gave_up": sum(1 for o in outcomes if o.status == 0),
        "refused_4xx": sum(1 for o in outcomes if 400 <= o.status < 500),
        "incidents_acknowledged": len(incidents),
        "incidents_lost": sum(1 for ref in told if ref not in held["incidents"]),
        "incidents_duplicated": sum(n - 1 for n in told.values() if n > 1),
        "contacts_acknowledged": len(contacts),
        "contacts_lost": sum(1 for pk in contacts if pk not in held["contacts"]),
        "keys_stored_twice": sum(1 for n in held["stored_keys"].values() if n > 1),
        "incidents_a_second": round(len(incidents) / seconds, 1),
        "write_p95_ms": round(quantiles(latencies, n=20)[-1] * 1000)
        if len(latencies) > 1
        else None,
        "safeguarding_acknowledged": len(concerns),
        "safeguarding_without_one_referral": sum(
            1 for ref in concerns if held["referrals"].get(ref) != 1
        ),
        "jobs": held["jobs"],
        "audit_chain_intact": held["audit_chain_intact"],
        "recovery_seconds": {name: recovery(outcomes, at) for name, at in faults.at.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--report", type=Path, help="also write the report here as JSON")
    options = parser.parse_args()
    folder = Path(os.environ.get("CONDUCT_BENCH_DIR", "var/bench/faults")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("conduct.sqlite3*"):
        old.unlink()
    mailbox = Mailbox()
    mailbox.controller.start()
    with own_database(folder) as database_url:
        mail = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(mailbox.controller.port)}
        deployment = Deployment(folder, database_url, settings=mail)
        try:
            token, customers, service = prepare(deployment)
            deployment.serve()
            deployment.start(sys.executable, "manage.py", "run_scheduler", "--interval", "5")
            faults = Faults(deployment, options.seconds)
            deadline = time.monotonic() + options.seconds
            clients = [Client(deployment.port, token, customers, service, deadline)
                       for _ in range(options.clients)]  # fmt: skip
            faults.start()
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            faults.join()
            drain(deployment)
        finally:
            deployment.stop()
            mailbox.controller.stop()
        outcomes = [o for client in clients for o in client.outcomes]
        held = check_database(database_url)
    vendor = "postgresql" if database_url.startswith("postgres") else "sqlite"
    result = report(outcomes, held, faults, options.seconds, options.clients, vendor)
    result["emails_received"] = mailbox.received
    print(json.dumps(result, indent=2))
    if options.report:
        options.report.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
