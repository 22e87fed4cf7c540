"""Who sees what: every incidents page and endpoint against every role, and the reads audited."""

import pytest
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.models import AuditEvent
from conduct.incidents.tests import factories
from conduct.incidents.tests.factories import upload

pytestmark = pytest.mark.django_db
R = Role

# Role → (may log, sees the summary, reads the narrative, downloads evidence), for an incident
# someone else logged, outside their team.
MATRIX = {
    R.FRONTLINE_OFFICER: (True, False, False, False),
    R.LINE_MANAGER: (True, False, False, False),
    R.CASE_OFFICER: (True, True, True, True),
    R.DECISION_MAKER: (True, True, True, True),
    R.HEALTH_AND_SAFETY_OFFICER: (True, True, True, True),
    R.COMPLAINTS_AND_CUSTOMER_SERVICES: (True, True, False, False),
    R.APPEALS_OFFICER: (False, False, False, False),
    R.AUDITOR: (False, True, True, True),
    R.ADMINISTRATOR: (True, False, False, False),
    R.DATA_PROTECTION_OFFICER: (False, False, False, False),
}


@pytest.fixture
def logged(make_staff, pack):
    """An incident with a file, logged by an officer whose manager is known."""
    manager = make_staff(Role.LINE_MANAGER)
    officer = make_staff(Role.FRONTLINE_OFFICER)
    officer.line_manager = manager
    officer.save()
    incident = factories.incident(officer, evidence=[upload("letter.pdf", factories.PDF)])
    return incident


def status(allowed: bool) -> int:
    return 200 if allowed else 403


@pytest.mark.parametrize("role", list(Role))
def test_each_role_on_each_page(client, make_staff, sign_in, logged, role):
    """Pages answer 200 or 403 exactly as the matrix says, for every role."""
    may_log, summary, narrative, download = MATRIX[role]
    sign_in(make_staff(role))
    ref, file_id = logged.reference, logged.evidence.get().pk
    assert client.get(reverse("incidents:log")).status_code == status(may_log)
    assert client.get(reverse("incidents:mine")).status_code == status(may_log)
    assert client.get(reverse("incidents:logged", args=[ref])).status_code == status(summary)
    page = client.get(reverse("incidents:detail", args=[ref]))
    assert page.status_code == status(summary)
    if summary:
        assert (logged.what_happened in page.content.decode()) is narrative
    download_url = reverse("incidents:evidence", args=[ref, file_id])
    assert client.get(download_url).status_code == status(download)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_on_each_endpoint(client, make_staff, logged, role):
    """The API gives the same answers as the pages, for every role."""
    may_log, summary, narrative, download = MATRIX[role]
    member = make_staff(role)
    _, secret = issue_token(member, "incidents:read", "incidents:write")
    auth = bearer(secret)
    ref = logged.reference
    body = {
        "occurred_at": "2026-01-05T10:00:00+00:00",
        "location": "Reception",
        "channel": "phone",
        "service": logged.service.slug,
        "unknown_person_description": "Caller",
        "behaviour_categories": ["unreasonable-demands"],
        "what_happened": "Shouted",
        "affected": ["staff-member"],
        "physical_violence": "none",
        "abuse_or_harassment": True,
    }
    created = client.post("/api/v1/incidents", body, content_type="application/json", **auth)
    assert created.status_code == (201 if may_log else 403)
    assert client.get("/api/v1/incidents", **auth).status_code == 200
    read = client.get(f"/api/v1/incidents/{ref}", **auth)
    assert read.status_code == status(summary)
    if summary:
        assert (read.json()["narrative"] is not None) is narrative
    file_id = logged.evidence.get().pk
    got = client.get(f"/api/v1/incidents/{ref}/evidence/{file_id}", **auth)
    assert got.status_code == status(download)
    patch = client.patch(
        f"/api/v1/incidents/{ref}", {"location": "X"}, content_type="application/json", **auth
    )
    assert patch.status_code == 403
    files = client.post(
        f"/api/v1/incidents/{ref}/evidence", {"files": [upload("a.pdf", factories.PDF)]}, **auth
    )
    assert files.status_code == 403


@pytest.mark.parametrize(
    "who",
    ["logger", "affected", "manager"],
)
def test_the_people_close_to_an_incident_read_it_all(client, make_staff, sign_in, pack, who):
    """The officer who logged it, staff affected and the logger’s line manager read the narrative."""
    manager = make_staff(Role.LINE_MANAGER)
    officer = make_staff(Role.FRONTLINE_OFFICER)
    officer.line_manager = manager
    officer.save()
    colleague = make_staff(Role.FRONTLINE_OFFICER)
    incident = factories.incident(officer, staff_affected=[colleague])
    sign_in({"logger": officer, "affected": colleague, "manager": manager}[who])
    page = client.get(reverse("incidents:detail", args=[incident.reference]))
    assert incident.what_happened in page.content.decode()


def test_a_manager_not_over_the_logger_does_not(client, make_staff, sign_in, logged):
    """Another team’s line manager is refused."""
    sign_in(make_staff(Role.LINE_MANAGER))
    assert client.get(reverse("incidents:detail", args=[logged.reference])).status_code == 403


def test_customer_services_who_logged_it_read_the_narrative(client, make_staff, sign_in, pack):
    """Complaints and customer services see the narrative of what they logged themselves."""
    member = sign_in(make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES))
    incident = factories.incident(member)
    page = client.get(reverse("incidents:detail", args=[incident.reference]))
    assert incident.what_happened in page.content.decode()


def test_reading_the_narrative_is_audited_and_the_summary_alone_is_not(
    client, make_staff, sign_in, logged
):
    """A case officer’s read is recorded; customer services’ summary-only view records nothing."""
    reader = sign_in(make_staff(Role.CASE_OFFICER))
    client.get(reverse("incidents:detail", args=[logged.reference]))
    event = AuditEvent.objects.get(verb="incidents.narrative_viewed")
    assert event.actor == reader and event.payload["reference"] == logged.reference
    sign_in(make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES))
    client.get(reverse("incidents:detail", args=[logged.reference]))
    assert AuditEvent.objects.filter(verb="incidents.narrative_viewed").count() == 1


def test_a_download_is_the_file_as_an_attachment_and_audited(client, make_staff, sign_in, logged):
    """The bytes come back under the original name, typed by content, not sniffed, and recorded."""
    reader = sign_in(make_staff(Role.HEALTH_AND_SAFETY_OFFICER))
    item = logged.evidence.get()
    response = client.get(reverse("incidents:evidence", args=[logged.reference, item.pk]))
    assert b"".join(response.streaming_content) == factories.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(verb="incidents.evidence_downloaded")
    assert event.actor == reader and event.payload["sha256"] == item.sha256


def test_the_officer_sees_what_they_logged_newest_first(client, make_staff, sign_in, pack):
    """The list holds the officer’s own incidents only."""
    officer = sign_in(make_staff(Role.FRONTLINE_OFFICER))
    first = factories.incident(officer)
    second = factories.incident(officer)
    factories.incident(make_staff(Role.FRONTLINE_OFFICER), location="Elsewhere")
    body = client.get(reverse("incidents:mine")).content.decode()
    assert body.index(second.reference) < body.index(first.reference)
    assert body.count('">INC-') == 2


@pytest.mark.parametrize(
    ("role", "sees"),
    [(R.AUDITOR, False), (R.CASE_OFFICER, True), (R.HEALTH_AND_SAFETY_OFFICER, True)],
)
def test_safeguarding_detail_follows_the_one_safeguarding_rule(
    client, make_staff, sign_in, pack, role, sees
):
    """An incident's safeguarding detail, on the page and in the API, shows only to those who may
    see a customer's safeguarding notes (customers.view_safeguarding), whoever reads the narrative."""
    detail = "Said they would hurt themselves tonight"
    incident = factories.incident(
        make_staff(Role.FRONTLINE_OFFICER), safeguarding_concern=True, safeguarding_detail=detail
    )
    reader = sign_in(make_staff(role))
    page = client.get(reverse("incidents:detail", args=[incident.reference])).content.decode()
    assert incident.what_happened in page
    assert (detail in page) is sees
    _, secret = issue_token(reader, "incidents:read")
    narrative = client.get(f"/api/v1/incidents/{incident.reference}", **bearer(secret)).json()
    assert (narrative["narrative"]["safeguarding_detail"] == detail) is sees
