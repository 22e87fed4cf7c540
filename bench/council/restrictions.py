"""Top a generated council up to 10,000 restrictions, as an import of an existing register,
with the safeguarding and read-and-file items the oversight dashboard counts.

The council generator (bench.council.generate) makes about 2,000 cases through the services;
the oversight dashboard must answer with 10,000 restrictions. This adds, for customers
chosen at random, a decided case, its decision, one restriction and its review, until the
council holds `--total` restrictions: three in four in force (their reviews spread from a
month overdue to six months ahead; one in a hundred imposed at once in the last fortnight,
waiting to be ratified),
the rest lifted with their review completed. Types, decision bodies and review periods come
from the pack in force. Like the generator's other bulk rows they have no audit events of
their own, so the audit chain stays whole, and the case counter moves past every reference.

Run on a copy of the council, never the one being generated:
`cp /work/main/var/bench/council.sqlite3 var/bench/ &&
PYTHONPATH=. .venv/bin/python -m bench.council.restrictions --total 10000`
(SQLite under var/bench/council.sqlite3, or PostgreSQL by DATABASE_URL). The same seed gives
the same rows.
"""

import argparse
import json
import os
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.council.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.contacts.generate import analyse, columns, insert, row_of  # noqa: E402
from conduct.accounts.models import User  # noqa: E402
from conduct.cases.models import Case, Decision, Restriction, Review  # noqa: E402
from conduct.contacts.models import Hint, Message, Reading  # noqa: E402
from conduct.core.models import ReferenceCounter  # noqa: E402
from conduct.core.working_days import add_months  # noqa: E402
from conduct.customers.models import CouncilService, Customer  # noqa: E402
from conduct.incidents.models import Incident, SafeguardingReferral  # noqa: E402
from conduct.policy.models import PolicyPack  # noqa: E402
from conduct.policy.services import active_pack  # noqa: E402

SEED = 20
IMPORTED = "Imported from the council's earlier register of restrictions."
RECORDS = {
    "behaviour_categories": [],
    "reasons": IMPORTED,
    "disability_link": "not-known",
    "equality_act_reasoning": IMPORTED,
    "human_rights_reasoning": IMPORTED,
    "staff_wellbeing": IMPORTED,
    "mandatory_services_stay_open": True,
    "protected_routes_stay_open": True,
}


def plan(number: int, today: date, pack: PolicyPack, rng: random.Random) -> dict[str, Any]:
    """One imported restriction's shape: its type, state and dates."""
    file = pack.file
    active = rng.random() < 0.75
    immediate = active and rng.random() < 0.01  # imposed in the last fortnight
    review_on = today + timedelta(days=rng.randrange(-30, 180))
    starts_on = review_on - timedelta(days=rng.randrange(30, 120))
    if immediate:
        starts_on = today - timedelta(days=rng.randrange(0, 14))
        review_on = add_months(starts_on, file.review.interval_months)
    if not active:
        starts_on = today - timedelta(days=rng.randrange(200, 900))
        review_on = add_months(starts_on, file.review.interval_months)
    return {
        "number": number,
        "active": active,
        "type": rng.choice(file.restrictions.types).id,
        "immediate": immediate,
        "starts_on": starts_on,
        "review_on": review_on,
        "must_end_by": add_months(starts_on, file.review.maximum_duration_months),
        "whole_council": rng.random() < 0.3,
    }


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def case_rows(
    plans: list[dict[str, Any]], first: int, customers: list[int], pack: int, rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    for item in plans:
        item["customer"] = rng.choice(customers)
        item["reference"] = f"CASE-{first + item['number']:06d}"
        yield row_of(
            Case,
            {
                "reference": item["reference"],
                "status": Case.Status.DECIDED,
                "customer_id": item["customer"],
                "reason": IMPORTED,
                "policy_pack_id": pack,
                "ladder_step": "",
            },
        )


def decision_rows(
    plans: list[dict[str, Any]], cases: dict[str, int], pack: PolicyPack, body: str
) -> Iterator[tuple[Any, ...]]:
    ground = pack.file.immediate_restriction.grounds[0].id
    for item in plans:
        yield row_of(
            Decision,
            {
                **RECORDS,
                "case_id": cases[item["reference"]],
                "policy_pack_id": pack.pk,
                "decision_body": "immediate-restriction" if item["immediate"] else body,
                "decided_at": at(item["starts_on"]),
                "outcome": "restriction",
                "immediate": item["immediate"],
                "immediate_ground": ground if item["immediate"] else "",
            },
        )


def restriction_rows(
    plans: list[dict[str, Any]], cases: dict[str, int], decisions: dict[int, int], today: date
) -> Iterator[tuple[Any, ...]]:
    for item in plans:
        case = cases[item["reference"]]
        yield row_of(
            Restriction,
            {
                "decision_id": decisions[case],
                "case_id": case,
                "customer_id": item["customer"],
                "type": item["type"],
                "parameters": {},
                "scope": "whole-council" if item["whole_council"] else "services",
                "status": "active" if item["active"] else "lifted",
                "starts_on": item["starts_on"],
                "review_on": item["review_on"] if item["active"] else None,
                "must_end_by": item["must_end_by"],
                "ratify_by": item["starts_on"] + timedelta(days=14) if item["immediate"] else None,
                "ended_at": None if item["active"] else at(item["review_on"]),
            },
        )


def review_rows(
    plans: list[dict[str, Any]], restrictions: dict[int, int]
) -> Iterator[tuple[Any, ...]]:
    for item, restriction in zip(plans, restrictions.values(), strict=True):
        done = (
            {}
            if item["active"]
            else {"completed_at": at(item["review_on"]), "outcome": "lift", "reasons": IMPORTED}
        )
        yield row_of(Review, {"restriction_id": restriction, "due_on": item["review_on"], **done})


def top_up(total: int) -> dict[str, Any]:
    rng = random.Random(SEED)  # noqa: S311 reproducible test data, not a secret
    pack = active_pack()
    assert pack is not None, "generate the council first"
    wanted = total - Restriction.objects.count()
    if wanted <= 0:
        return {"added": 0, "restrictions": Restriction.objects.count()}
    today = timezone.localdate()
    customers = list(Customer.objects.values_list("pk", flat=True))
    services = list(CouncilService.objects.values_list("pk", flat=True))
    counter, _ = ReferenceCounter.objects.get_or_create(prefix="CASE")
    first = counter.value + 1
    plans = [plan(n, today, pack, rng) for n in range(wanted)]
    body = pack.file.decision_making.bodies[0].id
    with transaction.atomic():
        insert(Case, columns(Case), case_rows(plans, first, customers, pack.pk, rng))
        ReferenceCounter.objects.filter(prefix="CASE").update(value=first + wanted - 1)
        cases = dict(
            Case.objects.filter(reference__in=[p["reference"] for p in plans]).values_list(
                "reference", "pk"
            )
        )
        insert(Decision, columns(Decision), decision_rows(plans, cases, pack, body))
        decisions = dict(
            Decision.objects.filter(case_id__in=cases.values()).values_list("case_id", "pk")
        )
        insert(Restriction, columns(Restriction), restriction_rows(plans, cases, decisions, today))
        made = dict(
            Restriction.objects.filter(case_id__in=cases.values())
            .order_by("case_id")
            .values_list("case_id", "pk")
        )
        ordered = {cases[p["reference"]]: made[cases[p["reference"]]] for p in plans}
        insert(Review, columns(Review), review_rows(plans, ordered))
        through = Restriction.services.through
        insert(
            through,
            ["restriction_id", "councilservice_id"],
            (
                (restriction, service)
                for item, restriction in zip(plans, ordered.values(), strict=True)
                if not item["whole_council"]
                for service in rng.sample(services, rng.choice([1, 1, 2]))
            ),
        )
    sequences()
    analyse()
    return {
        "database": connection.vendor,
        "added": wanted,
        "restrictions": Restriction.objects.count(),
        "in_force": Restriction.objects.filter(status="active").count(),
    }


def sequences() -> None:
    """PostgreSQL: the id sequences moved past the rows COPY wrote."""
    if connection.vendor != "postgresql":
        return
    models: list[Any] = [Case, Decision, Restriction, Review, Restriction.services.through,
                         SafeguardingReferral, Hint, Reading]  # fmt: skip
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 a model's
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


# What the dashboard's other sections count -----------------------------------------------------


def surfaced(rng: random.Random) -> dict[str, int]:
    """Safeguarding and read-and-file items, which the generator's bulk rows do not raise: one
    incident in fifty with a safeguarding concern and its referral (nine in ten acted on, as
    the generator's informal stage left them); one email in twenty flagged as a threat, abuse
    or self-harm (nine in ten read, within two days); one in ten read and file (four in five
    signed off). Run once: a council that has referrals already is left as it is."""
    if SafeguardingReferral.objects.exists():
        return {}
    with transaction.atomic():
        return surface(rng)


def surface(rng: random.Random) -> dict[str, int]:
    reader = User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[0]
    incidents = list(Incident.objects.values_list("pk", "created_at"))
    flagged = rng.sample(incidents, len(incidents) // 50)
    ids = [pk for pk, _ in flagged]
    for start in range(0, len(ids), 500):
        Incident.objects.filter(pk__in=ids[start : start + 500]).update(
            safeguarding_concern=True, safeguarding_detail="Spoke of harming themselves."
        )
    insert(
        SafeguardingReferral,
        columns(SafeguardingReferral),
        (
            row_of(SafeguardingReferral, {"incident_id": pk, "flagged_at": at_})
            for pk, at_ in flagged
        ),
    )
    # Messages the services already flagged or filed keep what they have.
    messages = list(
        Message.objects.filter(hints__isnull=True, reading__isnull=True).values_list(
            "pk", "received_at"
        )
    )
    hints = rng.sample(messages, len(messages) // 20)
    insert(Hint, columns(Hint), (hint_row(pk, at_, reader, rng) for pk, at_ in hints))
    readings = rng.sample(messages, len(messages) // 10)
    insert(Reading, columns(Reading), (reading_row(pk, at_, reader, rng) for pk, at_ in readings))
    return {"referrals": len(flagged), "hints": len(hints), "readings": len(readings)}


def hint_row(message: int, received: datetime, reader: int, rng: random.Random) -> tuple[Any, ...]:
    seen = received + timedelta(minutes=rng.randrange(5, 2 * 24 * 60))
    read = rng.random() < 0.9
    return row_of(
        Hint,
        {
            "created_at": received,
            "message_id": message,
            "kind": rng.choice(["threat", "abuse", "self-harm"]),
            "phrases": [],
            "seen_at": seen if read else None,
            "seen_by_id": reader if read else None,
        },
    )


def reading_row(
    message: int, received: datetime, reader: int, rng: random.Random
) -> tuple[Any, ...]:
    done = rng.random() < 0.8
    signed = {
        "signed_off_at": received + timedelta(days=2),
        "signed_off_by_id": reader,
        "outcome": "nothing-new",
    }
    return row_of(
        Reading,
        {"message_id": message, "due_at": received + timedelta(days=5), **(signed if done else {})},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--total", type=int, default=10_000)
    args = parser.parse_args()
    figures = top_up(args.total)
    figures |= surfaced(random.Random(SEED + 1))  # noqa: S311 reproducible test data
    sequences()
    analyse()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
