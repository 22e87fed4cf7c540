"""The central register: every warning, restriction, review and appeal, filtered, and as CSV."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.cases.appeals import lodge_appeal
from conduct.cases.decisions import IMMEDIATE_BODY
from conduct.cases.models import Decision
from conduct.cases.register import RESTRICTED_AT_ONCE, Filters, entries
from conduct.cases.tests.factories_reviews import (
    decided_case,
    decision,
    formal_warning,
    restriction,
)
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_register(make_staff):
    """A warning, two restrictions (one with an overdue review) and an appeal."""
    today = timezone.localdate()
    case = decided_case()
    made = decision(case)
    warning = formal_warning(case, decision(case, outcome="formal-warning"))
    current = restriction(case, made=made)
    with time_machine.travel(today - timedelta(days=120), tick=False):
        old = restriction()
    appeal = lodge_appeal(
        case, made, by=make_staff(Role.CASE_OFFICER), received_on=today, grounds="Unfair."
    )
    return {"warning": warning, "current": current, "old": old, "appeal": appeal}


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def kinds(found) -> list[str]:
    return sorted(entry.kind for entry in found)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["appeal", "restriction", "restriction", "review", "review", "warning"]),
        ({"kind": "restriction"}, ["restriction", "restriction"]),
        ({"due": "overdue"}, ["restriction", "review"]),
        ({"kind": "review", "status": "open"}, ["review", "review"]),
        ({"status": "active"}, ["restriction", "restriction", "warning"]),
        ({"kind": "appeal", "status": "open"}, ["appeal"]),
        (
            {"pack": "model"},
            ["appeal", "restriction", "restriction", "review", "review", "warning"],
        ),
        ({"pack": "west-lindsey-2024"}, []),
        ({"body": "director"}, []),
        ({"service": "housing"}, ["restriction", "restriction", "review", "review"]),
    ],
)
def test_filters(on_register, filters, expected):
    """Each filter narrows the register to the matching entries."""
    assert kinds(entries(Filters(**filters))) == expected


def test_overdue_and_must_be_told_are_shown(on_register):
    """The old restriction's review is overdue; a decided appeal would need telling."""
    overdue = entries(Filters(kind="review", due="overdue"))
    assert len(overdue) == 1 and overdue[0].overdue


def test_the_page_filters_and_audits(client, sign_in, make_staff, on_register):
    """The register page shows the filtered entries, and looking at it is recorded."""
    sign_in(make_staff(Role.AUDITOR))
    page = client.get(reverse("cases:register"), {"due": "overdue"})
    html = page.content.decode()
    assert page.status_code == 200 and "Overdue" in html and "2 entries" in html
    assert AuditEvent.objects.filter(verb="cases.register_viewed").count() == 1


def test_the_csv_export_follows_the_filter(client, sign_in, make_staff, on_register):
    """The CSV holds the filtered entries, with a header, and the download is audited."""
    sign_in(make_staff(Role.CASE_OFFICER))
    response = client.get(reverse("cases:register"), {"kind": "restriction", "format": "csv"})
    assert response["Content-Type"] == "text/csv"
    rows = csv_rows(response)
    assert [row["Kind"] for row in rows] == ["Restriction", "Restriction"]
    assert {row["Policy"] for row in rows} == {"Model policy on unacceptable customer actions"}
    assert sorted(row["Overdue"] for row in rows) == ["No", "Yes"]
    assert AuditEvent.objects.filter(verb="cases.register_exported").count() == 1


def test_the_page_names_things_as_the_pack_does(client, sign_in, make_staff, on_register):
    """Restriction types, decision bodies and policies by their names, never their ids."""
    sign_in(make_staff(Role.AUDITOR))
    html = client.get(reverse("cases:register")).content.decode()
    assert "Contact through a named officer or one inbox" in html
    assert "Senior officer panel" in html
    assert "Model policy on unacceptable customer actions" in html
    for code in ("named-officer", "senior-officer-panel", ">model<", "model 2"):
        assert code not in html.replace('value="senior-officer-panel"', "").replace(
            'value="named-officer"', ""
        ), code


def test_a_restriction_made_at_once_names_no_body_id(client, sign_in, make_staff):
    """An immediate restriction has no decision body: the register says so in words, the policy
    with its version as a person says it, and the CSV's kind is a word too."""
    case = decided_case()
    made = decision(case, immediate=True)
    Decision.objects.filter(pk=made.pk).update(decision_body=IMMEDIATE_BODY)
    restriction(case, made=made)
    sign_in(make_staff(Role.AUDITOR))
    html = client.get(reverse("cases:register")).content.decode()
    assert RESTRICTED_AT_ONCE in html and "immediate-restriction<" not in html
    assert "Model policy on unacceptable customer actions, version 3" in html
    rows = csv_rows(client.get(reverse("cases:register"), {"format": "csv"}))
    assert {row["Decision body"] for row in rows} == {RESTRICTED_AT_ONCE}
    assert {row["Kind"] for row in rows} == {"Restriction", "Review"}


def test_the_case_page_names_the_ground_for_restricting_at_once(client, sign_in, make_staff):
    """The ground is the pack's words ("A credible threat ..."), not its id."""
    case = decided_case()
    decision(case, immediate=True)
    sign_in(make_staff(Role.AUDITOR))
    html = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "A credible threat to harm staff or customers" in html
    assert "credible-threat" not in html
