"""Subject access requests through their services: the deadline as the ICO counts it, the clock
restarting when proof of identity had to be asked for, extensions, reminders and escalation on
schedule, and a restricted person's request handled exactly like anyone else's (D5)."""

import ast
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail

from conduct.accounts.models import User
from conduct.cases.models import Restriction
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.customers.tests.factories import customer as a_customer
from conduct.dataprotection import services, tasks
from conduct.dataprotection.models import SubjectAccessRequest
from conduct.dataprotection.tests.seed import build, data_protection_officer, seeded_customer
from conduct.office.start_page import start_page_for

pytestmark = pytest.mark.django_db
Status = SubjectAccessRequest.Status


@pytest.fixture(autouse=True)
def case_files(settings: Any, tmp_path: Path) -> None:
    settings.CASE_FILES_ROOT = tmp_path / "case-files"


def request_on(received: date, **answers: Any) -> SubjectAccessRequest:
    person = a_customer(given_names="Alex", family_name="Asker")
    with time_machine.travel(received, tick=False):
        return services.log_subject_access_request(
            person, received_on=received, channel="email", by=data_protection_officer(), **answers
        )


def logger(request: SubjectAccessRequest) -> User:
    assert request.created_by is not None
    return request.created_by


def test_a_request_received_on_3_september_is_due_on_the_next_working_day_after_3_october() -> None:
    request = request_on(date(2026, 9, 3))
    assert request.clock_starts_on == date(2026, 9, 3) and request.due_on == date(2026, 10, 5)
    event = AuditEvent.objects.get(verb="dataprotection.subject_access_request_logged")
    assert event.payload["due_on"] == "2026-10-05"


def test_the_clock_starts_again_when_proof_of_identity_arrives() -> None:
    request = request_on(date(2026, 9, 3))
    with time_machine.travel(date(2026, 9, 20), tick=False):
        request = services.confirm_identity(
            request,
            how="Passport copy",
            evidence_received_on=date(2026, 9, 15),
            by=logger(request),
        )
    assert request.clock_starts_on == date(2026, 9, 15) and request.due_on == date(2026, 10, 15)
    assert request.status == Status.IDENTITY_CONFIRMED


def test_proof_cannot_arrive_before_the_request() -> None:
    request = request_on(date(2026, 9, 3))
    with pytest.raises(Refusal, match="before the request"):
        services.confirm_identity(
            request,
            how="Passport copy",
            evidence_received_on=date(2026, 9, 1),
            by=logger(request),
        )


def test_the_deadline_extends_by_up_to_two_months_with_a_reason() -> None:
    request = request_on(date(2026, 3, 3))
    request = services.extend_subject_access_deadline(
        request,
        months=2,
        reason="Many years of records across five services",
        by=logger(request),
    )
    assert request.due_on == date(2026, 6, 3) and request.extended_by_months == 2
    with pytest.raises(Refusal, match="two months"):
        services.extend_subject_access_deadline(
            request, months=2, reason="More", by=logger(request)
        )


def test_a_representative_needs_their_authority() -> None:
    with pytest.raises(Refusal, match="authority"):
        request_on(date(2026, 3, 3), representative_name="Sam Solicitor")


def test_reminder_a_week_before_and_escalation_once_overdue_each_once(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.COUNCIL = {"dpo_email": "dpo@council.example"}
    request = request_on(date(2026, 9, 3))  # due 5 October
    run = tasks.remind_and_escalate_subject_access_requests.call
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(date(2026, 9, 20), tick=False):
            assert run() == 0
        with time_machine.travel(date(2026, 9, 29), tick=False):
            assert (run(), run()) == (1, 0)
        with time_machine.travel(date(2026, 10, 6), tick=False):
            assert (run(), run()) == (1, 0)
    verbs = AuditEvent.objects.filter(target_id=str(request.pk)).values_list("verb", flat=True)
    assert "dataprotection.subject_access_reminder_sent" in verbs
    assert "dataprotection.subject_access_overdue_escalated" in verbs
    assert "dpo@council.example" in mail.outbox[-1].to and "Overdue" in mail.outbox[-1].subject


def test_the_start_page_shows_the_data_protection_officer_requests_due_or_overdue() -> None:
    request = request_on(date(2026, 9, 3))
    with time_machine.travel(date(2026, 10, 6), tick=False):
        page = start_page_for(data_protection_officer())
    shown = {s.heading: s.count for s in page.waiting}
    assert shown["Subject access requests due or overdue"] == 1
    assert "Subject access requests" in [tool.heading for tool in page.tools]
    assert request.status == Status.LOGGED


def test_a_restricted_persons_request_is_logged_built_and_released_like_anyone_elses(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """D5: the seeded customer has an active restriction; nothing in the flow asks about it,
    nothing is refused or delayed, and the deadline is the ICO's like anyone else's."""
    seed = seeded_customer()
    assert Restriction.objects.filter(customer=seed.customer, status="active").exists()
    other = request_on(date(2026, 9, 3))
    with time_machine.travel(date(2026, 9, 3), tick=False):
        request = services.log_subject_access_request(
            seed.customer, received_on=date(2026, 9, 3), channel="email", by=seed.dpo
        )
    assert request.due_on == other.due_on
    request = services.confirm_identity(request, how="Known to the officer", by=seed.dpo)
    bundle = build(request, seed.dpo, django_capture_on_commit_callbacks)
    assert bundle.status == "ready"
    services.release_subject_access_bundle(request, by=seed.dpo)
    request.refresh_from_db()
    assert request.status == Status.RELEASED


def test_nothing_in_the_flow_looks_at_restrictions() -> None:
    """The app imports nothing from cases (where restrictions live) or screening (which shows
    them): no code path can refuse or delay a request because of one."""
    app = Path(services.__file__).parent
    imported = set()
    for path in app.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not [
        name for name in imported if name.startswith(("conduct.cases", "conduct.screening"))
    ]
