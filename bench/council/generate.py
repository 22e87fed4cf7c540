"""A full office's council: the demo data, then 100,000 customers and 200,000 incidents around it.

Run: `PYTHONPATH=. .venv/bin/python -m bench.council.generate --customers 100000 --incidents 200000`
(SQLite under var/bench/council.sqlite3, or PostgreSQL by DATABASE_URL). The same seed gives the
same council. What goes in, and how:

- the demo data (`load_demo_data`), so the demo staff can sign in and every page has a case of
  each stage;
- a staffed office: line managers, each with a team of frontline officers (accounts services);
- customers with addresses, phones, emails and the screening index, by the screening
  benchmark's own loader (bench.screening.generate), plus other names and services received;
- incidents over three years, most customers with none or one, a few with dozens; the
  informal stage done for the older ones (warnings, no further action, more detail asked);
- messages for the correspondence pages, with their near-duplicate index, by the contacts
  benchmark's loader (bench.contacts.generate);
- cases at every stage, markers in every state and letters, each through the real services
  (the demo's own stage builders), so decisions, restrictions, reviews and their audit events
  are what the product itself writes.

The bulk rows are what an import of an existing register would hold: they have no audit events
of their own, so the audit chain (written only by the services) stays whole, and the reference
counters are moved past every bulk reference so the next incident logged gets a fresh one.
"""

import argparse
import json
import os
import random
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.council.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.contacts import generate as contacts  # noqa: E402
from bench.screening import generate as screening  # noqa: E402
from bench.screening.population import people  # noqa: E402
from conduct.accounts import services as accounts  # noqa: E402
from conduct.accounts.models import User  # noqa: E402
from conduct.accounts.roles import Role  # noqa: E402
from conduct.alerts import demo as alerts_demo  # noqa: E402
from conduct.alerts.models import Marker  # noqa: E402
from conduct.cases import demo as cases_demo  # noqa: E402
from conduct.cases.models import Case  # noqa: E402
from conduct.contacts.models import Band, Message  # noqa: E402
from conduct.core.models import ReferenceCounter  # noqa: E402
from conduct.core.refusals import Refusal  # noqa: E402
from conduct.customers.models import Alias, CouncilService, Customer, ServiceReceived  # noqa: E402
from conduct.incidents.models import Incident, IncidentAction, InformalWarning  # noqa: E402
from conduct.letters import demo as letters_demo  # noqa: E402
from conduct.policy.services import active_pack  # noqa: E402

SEED = 18
TEAMS, TEAM_SIZE = 8, 6
YEARS = 3
LOCATIONS = ["Civic Centre reception", "Contact centre", "Housing office", "On a home visit"]
CHANNELS = ["in-person", "phone", "email", "letter", "online-form", "social-media"]
HAPPENED = [
    "Shouted at the reception officer and would not leave when asked.",
    "Swore repeatedly on the phone and called the officer useless.",
    "Sent a long email with threats to come to the office.",
    "Filmed staff at the counter and posted it online with their names.",
    "Rang eleven times in one morning about the same complaint.",
]
WORDS = "I’ll be back every day until you sort it."
STAGES = [
    cases_demo.open_only,
    cases_demo.being_investigated,
    cases_demo.ready_for_decision,
    cases_demo.formal_warning,
    cases_demo.restricted,
    cases_demo.restricted,
    cases_demo.appealed,
    cases_demo.lifted,
]


def now() -> datetime:
    return timezone.now().replace(microsecond=0)


# Staff --------------------------------------------------------------------------------------


def office() -> list[User]:
    """Line managers with their teams of frontline officers; the officers, the demo's first."""
    demo_team = cases_demo.officers()
    assert demo_team is not None, "load the demo data first"
    officers = [demo_team[0]]
    for team in range(TEAMS):
        manager = staff(f"manager{team}", Role.LINE_MANAGER)
        for member in range(TEAM_SIZE):
            officer = staff(f"officer{team}-{member}", Role.FRONTLINE_OFFICER)
            accounts.set_line_manager(officer, manager, by=None)
            officers.append(officer)
    return officers


def staff(name: str, role: Role) -> User:
    email = f"bench.{name}@council.example"
    found = User.objects.filter(email=email).first()
    if found is not None:
        return found
    full_name = f"{role.label} {name.removeprefix('manager').removeprefix('officer')}"
    return accounts.create_staff_member(
        email=email, full_name=full_name, roles=[role], password=None, by=None
    )


# Customers ----------------------------------------------------------------------------------


def customers(size: int, rng: random.Random) -> list[int]:
    """`size` customers after the demo's, with the screening index, other names and services."""
    offset = Customer.objects.aggregate(top=Max("pk"))["top"] or 0
    next_ids = {"address": top_id("customers_address"), "phone": top_id("customers_phonenumber"),
                "email": top_id("customers_emailaddress"), "key": top_id("screening_screeningkey")}  # fmt: skip
    rows: screening.Rows = {table: [] for table in screening.TABLES}
    with screening.without_indexes():
        for person in people(size, seed=SEED):
            screening.rows_for(replace(person, number=person.number + offset), rows, next_ids)
            if person.number % screening.CHUNK == 0 or person.number == size:
                screening.flush(rows)
    ids = list(range(offset + 1, offset + size + 1))
    services = list(CouncilService.objects.values_list("pk", flat=True))
    contacts.insert(Alias, contacts.columns(Alias), aliases(ids, rng))
    contacts.insert(
        ServiceReceived, contacts.columns(ServiceReceived), received(ids, services, rng)
    )
    return ids


def top_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 a constant name
        return int(cursor.fetchone()[0] or 0)


def aliases(ids: list[int], rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for pk in ids:
        if rng.random() < 0.15:
            yield contacts.row_of(Alias, {"customer_id": pk, "name": f"Known as {pk % 997}"})


def received(ids: list[int], services: list[int], rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for pk in ids:
        for service in rng.sample(services, rng.choice([1, 1, 2, 3])):
            since = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
            yield contacts.row_of(
                ServiceReceived, {"customer_id": pk, "service_id": service, "since": since}
            )


# Incidents ----------------------------------------------------------------------------------


def incidents(total: int, ids: list[int], officers: list[User], rng: random.Random) -> None:
    """`total` incidents over three years: a tenth of the customers have nine in ten of them."""
    pack = active_pack()
    assert pack is not None
    categories = pack.file.behaviour.categories
    services = list(CouncilService.objects.values_list("pk", flat=True))
    frequent = ids[: max(1, len(ids) // 10)]
    first = ReferenceCounter.objects.filter(prefix="INC").values_list("value", flat=True).first()
    start = (first or 0) + 1
    end = now()
    actions: list[tuple[Any, ...]] = []
    warnings: list[tuple[Any, ...]] = []

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(total):
            at = end - timedelta(seconds=rng.randrange(YEARS * 365 * 86400))
            customer = rng.choice(frequent if rng.random() < 0.9 else ids)
            officer = rng.choice(officers)
            category = rng.choice(categories)
            status = status_for(at, end, rng)
            yield contacts.row_of(
                Incident,
                {
                    "created_at": at + timedelta(minutes=20),
                    "modified_at": at + timedelta(minutes=20),
                    "created_by_id": officer.pk,
                    "modified_by_id": officer.pk,
                    "reference": f"INC-{start + i:06d}",
                    "status": status,
                    "submission_key": f"bench-council-{start + i}",
                    "occurred_at": at,
                    "location": rng.choice(LOCATIONS),
                    "channel": rng.choice(CHANNELS),
                    "service_id": rng.choice(services),
                    "customer_id": customer,
                    "affected": ["staff-member"],
                    "policy_pack_id": pack.pk,
                    "behaviour_categories": [category.id],
                    "behaviour_examples": [category.examples[0]],
                    "what_happened": rng.choice(HAPPENED),
                    "words_used": WORDS,
                },
            )
            informal_rows(start + i, status, at, customer, officer, actions, warnings)

    indexes(Incident, drop=True)
    contacts.insert(Incident, contacts.columns(Incident), rows())
    ReferenceCounter.objects.update_or_create(prefix="INC", defaults={"value": start + total - 1})
    by_reference = dict(
        Incident.objects.filter(submission_key__startswith="bench-council-").values_list(
            "reference", "pk"
        )
    )
    contacts.insert(IncidentAction, contacts.columns(IncidentAction), linked(actions, by_reference))
    contacts.insert(
        InformalWarning, contacts.columns(InformalWarning), linked(warnings, by_reference)
    )
    indexes(Incident, drop=False)


def status_for(at: datetime, end: datetime, rng: random.Random) -> str:
    """New or waiting for detail when recent; decided (mostly informally) when older."""
    if end - at < timedelta(days=10):
        return rng.choice(["new", "new", "new", "more-detail-requested"])
    return rng.choice(["no-further-action", "no-further-action", "informal-warning"])


def informal_rows(
    number: int,
    status: str,
    at: datetime,
    customer: int,
    officer: User,
    actions: list[tuple[Any, ...]],
    warnings: list[tuple[Any, ...]],
) -> None:
    """The informal stage's rows for one incident, keyed by its reference until it has an id."""
    reference = f"INC-{number:06d}"
    manager = officer.line_manager_id or officer.pk
    later = at + timedelta(days=2)
    stamps = {"created_at": later, "modified_at": later, "created_by_id": manager}
    if status in ("no-further-action", "more-detail-requested", "informal-warning"):
        note = {"no-further-action": "Dealt with at the counter; nothing more needed.",
                "more-detail-requested": "What did the customer say before leaving?",
                "informal-warning": "Told them this behaviour is unacceptable."}[status]  # fmt: skip
        actions.append((reference, stamps | {"kind": status, "note": note}))
    if status == "informal-warning":
        warnings.append(
            (
                reference,
                stamps
                | {
                    "customer_id": customer,
                    "given_by_id": officer.pk,
                    "given_at": at + timedelta(minutes=10),
                    "how": "in-person",
                    "words_used": "Told them this is unacceptable.",
                },
            )
        )


def linked(
    pending: list[tuple[Any, ...]], by_reference: dict[str, int]
) -> Iterator[tuple[Any, ...]]:
    model = IncidentAction if "kind" in pending[0][1] else InformalWarning
    for reference, given in pending:
        yield contacts.row_of(model, given | {"incident_id": by_reference[reference]})


def indexes(model: type[Any], *, drop: bool) -> None:
    contacts.indexes(model, drop=drop)


# Correspondence -----------------------------------------------------------------------------


def messages(total: int, ids: list[int], rng: random.Random) -> None:
    """Stored emails from the frequent writers, with the near-duplicate index ingestion keeps."""
    letters = contacts.pool(rng)
    first = Message.objects.aggregate(top=Max("pk"))["top"] or 0
    writers = ids[: max(1, len(ids) // 50)]
    rows = contacts.message_rows(writers, letters, total, rng)
    contacts.insert(Message, contacts.columns(Message), renumbered(rows, first))
    contacts.bands(letters, after=first)


def renumbered(rows: Iterator[tuple[Any, ...]], first: int) -> Iterator[tuple[Any, ...]]:
    names = contacts.columns(Message)
    at, digest = names.index("message_id"), names.index("sha256")
    for i, row in enumerate(rows):
        values = list(row)
        values[at] = f"<council-{first + i}@example.org>"
        values[digest] = f"c{first + i:063x}"
        yield tuple(values)


# Cases, markers and letters, through the services ----------------------------------------------


def cases(total: int, ids: list[int], rng: random.Random) -> int:
    """`total` cases at every stage of the workflow, each through the demo's stage builders."""
    staff = cases_demo.demo_staff()
    service = CouncilService.objects.order_by("pk").first()
    assert staff is not None and service is not None
    today = timezone.localdate()
    chosen = rng.sample(ids, total)
    for number, pk in enumerate(chosen):
        build = STAGES[number % len(STAGES)]
        started = today - timedelta(days=rng.randrange(14, 3 * 365))
        if build is cases_demo.restricted:
            started = today - timedelta(days=rng.randrange(14, 200))
        stage = cases_demo.Stage(f"council-{number}", 0, started, build)
        if not cases_demo.is_loaded(stage):
            with transaction.atomic():
                cases_demo.run(stage, Customer.objects.get(pk=pk), service, staff)
    return Case.objects.count()


def markers(total: int, ids: list[int], rng: random.Random) -> int:
    """`total` markers in the demo's states, on customers with cases."""
    officer, manager, safety = (
        alerts_demo.staff(Role.FRONTLINE_OFFICER),
        alerts_demo.staff(Role.LINE_MANAGER),
        alerts_demo.staff(Role.HEALTH_AND_SAFETY_OFFICER),
    )
    assert officer is not None and manager is not None and safety is not None
    people = list(Customer.objects.filter(cases__isnull=False).distinct().order_by("pk")[:total])
    for number, person in enumerate(people):
        key = f"council:{number}"
        if not Marker.objects.filter(import_key=key).exists():
            demo = alerts_demo.MARKERS[number % len(alerts_demo.MARKERS)]
            with transaction.atomic():
                alerts_demo.add(demo, person, key, officer, manager, safety)
    return Marker.objects.count()


def letters(total: int) -> int:
    """Letters for the decisions that need one, drafted, approved and issued by the services."""
    from conduct.letters import services
    from conduct.letters.models import Letter

    staff = cases_demo.demo_staff()
    assert staff is not None
    written = set(Letter.objects.values_list("decision_id", flat=True))
    waiting = [d for d in letters_demo.decisions_to_write_about() if d.pk not in written]
    for number, decision in enumerate(waiting[:total]):
        draft = services.Draft(
            letters_demo.letter_type_for(decision), case=decision.case, decision=decision
        )
        letter = services.draft_letter(draft, by=staff.case_officer)
        if number % 3 and letter.status == Letter.Status.DRAFT:
            with suppress(Refusal):  # a review overdue by now: the letter waits
                services.approve_letter(letter, by=staff.decider)
    return Letter.objects.count()


# Running ------------------------------------------------------------------------------------


def timed(figures: dict[str, Any], name: str, started: float) -> float:
    figures[f"{name}_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps({name: figures[f"{name}_seconds"]}), flush=True)
    return time.perf_counter()


def load(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(SEED)  # noqa: S311 reproducible test data, not a secret
    figures: dict[str, Any] = {"database": connection.vendor}
    clock = time.perf_counter()
    call_command("load_demo_data", verbosity=0)
    clock = timed(figures, "demo", clock)
    officers = office()
    ids = customers(args.customers, rng)
    clock = timed(figures, "customers", clock)
    incidents(args.incidents, ids, officers, rng)
    clock = timed(figures, "incidents", clock)
    messages(args.messages, ids, rng)
    clock = timed(figures, "messages", clock)
    cases(args.cases, ids, rng)
    clock = timed(figures, "cases", clock)
    markers(args.markers, ids, rng)
    letters(args.letters)
    clock = timed(figures, "markers_and_letters", clock)
    finish()
    return figures | counts()


def finish() -> None:
    """What a load leaves to do at the end, also after a run stopped there."""
    contacts.analyse()
    sequences()


def sequences() -> None:
    """PostgreSQL: each bulk-loaded table's id sequence moved past its rows."""
    if connection.vendor != "postgresql":
        return
    tables = [*screening.TABLES, "customers_alias", "customers_servicereceived",
              "incidents_incident", "incidents_incidentaction", "incidents_informalwarning",
              "contacts_message", "contacts_band", "contacts_sentenceseen"]  # fmt: skip
    with connection.cursor() as cursor:
        for table in tables:
            if not connection.introspection.get_sequences(cursor, table):
                continue  # keyed by another table's id (the screening profile)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 constant
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


def counts() -> dict[str, int]:
    from conduct.cases.models import Decision, Restriction, Review
    from conduct.letters.models import Letter

    models: list[Any] = [Customer, Incident, IncidentAction, InformalWarning, Message, Band, Case,
                         Decision, Restriction, Review, Marker, Letter]  # fmt: skip
    return {str(model._meta.verbose_name_plural): model.objects.count() for model in models}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--incidents", type=int, default=200_000)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--cases", type=int, default=2_000)
    parser.add_argument("--markers", type=int, default=1_000)
    parser.add_argument("--letters", type=int, default=1_000)
    args = parser.parse_args()
    if connection.vendor == "sqlite":
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    if Incident.objects.filter(submission_key__startswith="bench-council-").exists():
        print(json.dumps({"reused": True} | counts()))
        return
    started = time.perf_counter()
    figures = load(args)
    figures["total_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
