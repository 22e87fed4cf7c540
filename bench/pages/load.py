"""Fifty members of staff browsing the most used pages at a person's pace, against Conduct
deployed as docs/deployment.md says (granian with the documented arguments, a task worker and
the scheduler, production settings), on a generated council (bench.council.generate).

    PYTHONPATH=. .venv/bin/python -m bench.pages.load --staff 50 --seconds 300
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/speed PYTHONPATH=. \
        .venv/bin/python -m bench.pages.load --staff 50 --seconds 300

Each simulated member of staff holds one of the pages' roles (frontline officers most, then
line managers and case officers, as in an office) and is signed in already: sessions are made
by the deployment's own `manage.py shell`, so password hashing is left out. Each opens one of
their role's pages, waits 5 to 15 seconds (reading, typing), and opens another, until the time
is up. Reported as JSON: p50, p95 and p99 of the time to the whole answer, per page and
overall, and the answers by status. Each page is first opened a few times as each role,
unmeasured, so that both web workers have compiled their templates.
"""

import argparse
import http.client
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from statistics import quantiles

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.council.settings")
django.setup()

from django.conf import settings  # noqa: E402

from bench.pages.pages import PAGES  # noqa: E402
from conduct.accounts.demo import demo_email  # noqa: E402
from conduct.accounts.roles import Role  # noqa: E402
from conduct.core.tests.deployment import HOST, Deployment  # noqa: E402

# How an office of fifty is made up, by role.
OFFICE = [
    (Role.FRONTLINE_OFFICER, 20),
    (Role.LINE_MANAGER, 10),
    (Role.CASE_OFFICER, 10),
    (Role.DECISION_MAKER, 5),
    (Role.HEALTH_AND_SAFETY_OFFICER, 3),
    (Role.AUDITOR, 2),
]
SESSIONS = """
import json, time
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from conduct.accounts.models import User
found = {}
for email, count in json.loads(PLAN):
    user = User.objects.get(email=email)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    for _ in range(count):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if device is not None:
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session["last_seen"] = time.time()
        session.create()
        found.setdefault(email, []).append(session.session_key)
print(json.dumps(found))
"""


def signed_in(deployment: Deployment, staff: int) -> list[tuple[Role, str]]:
    """Sessions for `staff` members of staff, by role as the office is made up."""
    plan = [(role, max(1, -(-staff * share // 50))) for role, share in OFFICE]  # rounded up
    wanted = json.dumps([(demo_email(role), count) for role, count in plan])
    script = f"PLAN = {wanted!r}\n{SESSIONS}"
    made = json.loads(deployment.manage("shell", "--no-imports", "-c", script).strip())
    return [(role, key) for role, _ in plan for key in made[demo_email(role)]][:staff]


class Person(threading.Thread):
    """One member of staff: a page of their role, then 5 to 15 seconds, until the deadline."""

    def __init__(self, port: int, role: Role, session: str, deadline: float, seed: int) -> None:
        super().__init__(daemon=True)
        self.port, self.role, self.session, self.deadline = port, role, session, deadline
        self.pages = [(page.name, ADDRESSES[page.name]) for page in PAGES if role in page.roles]
        self.random = random.Random(seed)  # noqa: S311 load, not secrets
        self.timings: list[tuple[str, float, int]] = []

    def run(self) -> None:
        time.sleep(self.random.uniform(0, 15))  # staff do not all start at once
        while time.monotonic() < self.deadline:
            name, address = self.random.choice(self.pages)
            self.timings.append((name, *self.fetch(address)))
            time.sleep(self.random.uniform(5, 15))

    def fetch(self, address: str) -> tuple[float, int]:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",  # as the TLS proxy in front sends it
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={self.session}",
        }
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", address, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError:
            status = 0
        finally:
            connection.close()
        return (time.perf_counter() - started) * 1000, status


def warm_up(port: int, sessions: list[tuple[Role, str]]) -> None:
    """Each page a few times as each role, unmeasured: both web workers compile their
    templates and read the policy packs before anyone is timed."""
    for role, key in {role: key for role, key in sessions}.items():
        person = Person(port, role, key, 0, 0)
        for _, address in person.pages * 4:
            person.fetch(address)


def figures(times: list[float]) -> dict[str, float]:
    if len(times) < 2:
        return {"requests": len(times)}
    cuts = quantiles(times, n=100, method="inclusive")
    return {
        "requests": len(times),
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
    }


def report(people: list[Person]) -> dict[str, object]:
    by_page: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[int] = Counter()
    for person in people:
        for name, took, status in person.timings:
            by_page[name].append(took)
            statuses[status] += 1
    every = [took for times in by_page.values() for took in times]
    return {
        "pages": {name: figures(times) for name, times in sorted(by_page.items())},
        "overall": figures(every),
        "statuses": dict(statuses),
    }


ADDRESSES = {page.name: page.address() for page in PAGES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    args = parser.parse_args()
    database = settings.DATABASES["default"]
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{database['NAME']}"
    with tempfile.TemporaryDirectory(prefix="conduct-load-") as folder:
        deployment = Deployment(Path(folder), database_url)
        deployment.manage("collectstatic", "--no-input")
        sessions = signed_in(deployment, args.staff)
        try:
            deployment.start(sys.executable, "manage.py", "run_worker", "--no-startup-delay")
            deployment.start(sys.executable, "manage.py", "run_scheduler")
            deployment.serve()
            warm_up(deployment.port, sessions)
            deadline = time.monotonic() + args.seconds
            people = [
                Person(deployment.port, role, key, deadline, seed)
                for seed, (role, key) in enumerate(sessions)
            ]
            for person in people:
                person.start()
            for person in people:
                person.join()
        finally:
            deployment.stop()
    result = {"database": database["ENGINE"].rsplit(".", 1)[-1], "staff": len(sessions)}
    print(json.dumps(result | report(people), indent=2))


if __name__ == "__main__":
    main()
