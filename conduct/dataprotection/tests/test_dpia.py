"""The DPIA's facts: every category the privacy notice names with its count, the partners
markers went to, retention as it stands (markers' rules, and none yet for the rest), the
processors the settings name; as a page and a CSV, for the DPO and the auditor only."""

import csv
import io
from typing import Any

import pytest
from django.test import Client

from conduct.accounts.roles import Role
from conduct.alerts.tests import factories as alerts
from conduct.core.models import AuditEvent
from conduct.council.privacy import HELD
from conduct.dataprotection import dpia

pytestmark = pytest.mark.django_db


def test_the_facts_count_what_is_held_and_who_received_it() -> None:
    alerts.disclosure()  # a marker shared with Northamptonshire Police
    found = dpia.facts()
    assert len(found.categories) == len(HELD)
    markers = next(f for f in found.categories if f.name.startswith("Customers: Warning markers"))
    assert "markers: 1; disclosures: 1" in markers.detail and markers.figure == "2"
    police = next(f for f in found.recipients if f.name == "Partner: Northamptonshire Police")
    assert police.figure == "1"
    threats = next(f for f in found.retention if f.name == "Warning markers: Threats")
    assert threats.figure == "3 years"
    assert any(
        f.figure == "None set" and f.name.startswith("Reports of incidents")
        for f in found.retention
    )
    assert found.processors[0].name == "Email delivery"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.DATA_PROTECTION_OFFICER, 200),
        (Role.AUDITOR, 200),
        (Role.ADMINISTRATOR, 403),
        (Role.CASE_OFFICER, 403),
    ],
)
def test_the_page_and_csv_are_for_the_dpo_and_the_auditor(
    client: Client, sign_in: Any, make_staff: Any, role: Role, status: int
) -> None:
    sign_in(make_staff(role))
    assert client.get("/data-protection/dpia/").status_code == status
    response = client.get("/data-protection/dpia.csv")
    assert response.status_code == status
    if status == 200:
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == ["Part", "Name", "Detail", "Figure"]
        assert {row[0] for row in rows[1:]} == {
            "Personal data held",
            "Who receives it",
            "How long it is kept",
            "Processors",
        }
        assert AuditEvent.objects.filter(verb="dataprotection.dpia_facts_viewed").count() == 2
