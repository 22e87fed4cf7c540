"""How long one decision pack takes for a large case: 50 incidents and 2,000 contacts.

Run: `flock /tmp/conduct-bench.lock .venv/bin/pytest bench/decision_pack.py -s -q -p no:cacheprovider`
(with DATABASE_URL for PostgreSQL).

The case: 50 incidents over 26 weeks, each with one evidence file, logged
through `log_incident` and added to one case, investigated; the customer has
2,000 contacts over the same weeks (phone, email, visit; three services) and
100 other customers 20 each, so the normal ranges are worked out over 4,000
contacts. Each figure is wall-clock per pack, ROUNDS rounds after one warm-up:
building the typed context (the queries), the page as HTML (Jinja), the PDF
(WeasyPrint), the whole download (all three), and the freeze inside a
decision's transaction (the context and both copies' HTML) and its job after
commit (both PDFs written and stamped).
"""

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path

import pdfplumber
import pytest
from django.db import connection
from django.utils import timezone

from bench import letters
from bench.letters import percentiles
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases import decision_pack, decision_pack_files, decisions
from conduct.cases.decision_pack import Reader
from conduct.cases.models import Case
from conduct.cases.services import add_incident_to_case
from conduct.cases.tests import factories_reviews
from conduct.cases.tests.factories import INVESTIGATION, council_service, model_pack
from conduct.cases.tests.factories_decision_pack import customer_with_needs
from conduct.contacts.models import Contact
from conduct.customers.models import CouncilService, Customer
from conduct.customers.services import create_customer
from conduct.incidents import informal
from conduct.incidents.services import log_incident
from conduct.incidents.tests.factories import PDF, upload

ROUNDS = 10
INCIDENTS, CONTACTS, OTHERS, OTHERS_EACH, WEEKS = 50, 2000, 100, 20, 26
CHANNELS = ["phone", "email", "visit", "phone", "email"]
_keys = count(1)


def timed(work: Callable[[], object]) -> list[float]:
    return letters.timed(work, ROUNDS)


def large_case() -> Case:
    """50 incidents in one investigated case, and the contact log around it."""
    model_pack()
    manager, officer = staff_member(Role.LINE_MANAGER), staff_member(Role.CASE_OFFICER)
    customer = customer_with_needs()
    services = [council_service("Housing"), council_service("Parks", is_mandatory=False)]
    services.append(council_service("Council tax"))
    start = timezone.now() - timedelta(weeks=WEEKS)
    incidents = [
        log_incident(
            by=manager,
            submission_key=f"bench-pack-{next(_keys)}",
            occurred_at=start + timedelta(hours=i * WEEKS * 7 * 24 / INCIDENTS),
            location="Civic Centre reception",
            channel="phone",
            service=services[i % 3],
            customer=customer,
            staff_affected=[manager],
            behaviour_categories=["aggressive-or-abusive"],
            immediate_actions=["end-call"],
            what_happened="Shouted at the officer and would not end the call. " * 4,
            words_used="You lot are useless and I will keep calling until you listen.",
            police_called=i % 10 == 0,
            crime_reference=f"CR/{i:04d}/26" if i % 10 == 0 else "",
            evidence=[upload(f"notes-{i}.pdf", PDF)],
        )
        for i in range(INCIDENTS)
    ]
    informal.record_informal_warning(
        incidents[0],
        given_by=manager,
        given_at=incidents[0].occurred_at + timedelta(hours=1),
        how="phone",
        words_used="If this carries on we may restrict your contact.",
        by=manager,
    )
    case = informal.escalate_to_case(incidents[0], reason="Carried on after a warning", by=manager)
    for incident in incidents[1:]:
        add_incident_to_case(case, incident, by=manager)
    decisions.start_investigation(case, by=officer)
    decisions.record_investigation(case, by=officer, **INVESTIGATION)
    log_contacts(customer, services, start, officer)
    case.refresh_from_db()
    return case


def log_contacts(
    customer: Customer, services: list[CouncilService], start: datetime, officer: User
) -> None:
    """The contact log, bulk-inserted: the benchmark times the pack, not the logging."""
    span = (timezone.now() - start).total_seconds()

    def row(who: Customer, i: int, n: int) -> Contact:
        return Contact(
            customer=who,
            channel=CHANNELS[i % len(CHANNELS)],
            service=services[i % len(services)],
            subject="About the repairs",
            occurred_at=start + timedelta(seconds=span * (i + 0.5) / n),
            officer=officer,
        )

    Contact.objects.bulk_create(row(customer, i, CONTACTS) for i in range(CONTACTS))
    for k in range(OTHERS):
        other = create_customer(by=None, given_names="Other", family_name=f"Customer {k}")
        Contact.objects.bulk_create(row(other, i + k, OTHERS_EACH) for i in range(OTHERS_EACH))


@pytest.mark.django_db
def test_one_decision_pack(settings, tmp_path: Path) -> None:
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.CASE_FILES_ROOT = tmp_path / "case-files"
    case = large_case()
    reader, period = Reader(True), decision_pack.case_period(case)
    pack = decision_pack.build(case, reader, period)
    html = decision_pack_files.page_html(pack)
    pdf = decision_pack_files.pdf_bytes(html)
    figures: dict[str, list[float]] = {
        "context (queries)": timed(lambda: decision_pack.build(case, reader, period)),
        "page HTML (Jinja)": timed(lambda: decision_pack_files.page_html(pack)),
        "PDF (WeasyPrint)": timed(lambda: decision_pack_files.pdf_bytes(html)),
        "whole download": timed(lambda: decision_pack_files.case_pdf(case, reader, period)),
    }
    made = [factories_reviews.decision(case) for _ in range(ROUNDS + 1)]
    frozen = []
    figures["freeze in the decision"] = timed(
        lambda: frozen.append(decision_pack_files.freeze_decision_pack(made[len(frozen)], by=None))
    )
    stored = iter(frozen)
    figures["job after commit (2 PDFs)"] = timed(
        lambda: decision_pack_files.store_frozen_decision_pack(next(stored).pk)
    )
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    print(
        f"\nDecision pack: {INCIDENTS} incidents, {CONTACTS} contacts over "
        f"{len(pack.contact.evidence.weeks)} weeks, on {connection.vendor}, {ROUNDS} rounds (ms). "
        f"The PDF: {pages} pages, {len(pdf) // 1024} KB; the page {len(html) // 1024} KB; "
        f"{timezone.now():%Y-%m-%d %H:%M}"
    )
    print(f"{'step':<28} {'p50':>8} {'p95':>8}")
    for name, timings in figures.items():
        p50, p95 = percentiles(timings)
        print(f"{name:<28} {p50:>8.1f} {p95:>8.1f}")
