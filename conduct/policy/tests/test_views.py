"""The policy page: what is in force, for any member of staff, and only for staff."""

import pytest
from django.urls import reverse
from markupsafe import escape

from conduct.accounts.roles import Role
from conduct.policy.services import load_policy_pack
from conduct.policy.tests.factories import MODEL_PACK, MODEL_VERSION

pytestmark = pytest.mark.django_db


def test_a_frontline_officer_sees_the_pack_in_force(client, make_staff, sign_in):
    """The page shows the title, version, review and appeal rules, letters and restrictions."""
    load_policy_pack(MODEL_PACK, by=None, activate=True)
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    response = client.get(reverse("policy:active_pack"))
    assert response.status_code == 200
    body = response.content.decode()
    for text in [
        "Model policy on unacceptable customer actions",
        f"model, version {MODEL_VERSION}",
        "reviewed after 3 months",
        "Within 20 working days of the decision",
        "Written contact only",
        "How the customer can still make contact",
        "Local Government and Social Care Ombudsman",
        "Clause D6, D8",
    ]:
        assert str(escape(text)) in body, text


def test_the_page_says_when_no_pack_is_in_force(client, make_staff, sign_in):
    """Before any pack is activated the page says so and how to fix it."""
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    response = client.get(reverse("policy:active_pack"))
    assert response.status_code == 200
    assert "No policy pack is in force yet" in response.content.decode()


def test_people_who_are_not_signed_in_are_sent_to_sign_in(client):
    """The policy page is for staff only."""
    response = client.get(reverse("policy:active_pack"))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize(
    "pack_id",
    [
        "west-lindsey-2024",
        "north-northamptonshire-2024",
        "unreasonable-behaviour-2017",
        "ucb-2024-2028",
    ],
)
def test_each_council_pack_shows_on_the_policy_page(client, make_staff, sign_in, pack_id):
    """Every council's pack renders in force, passing the page checks, with its own clauses."""
    pack = load_policy_pack(MODEL_PACK.parent / f"{pack_id}.toml", by=None, activate=True)
    sign_in(make_staff(Role.CASE_OFFICER))
    response = client.get(reverse("policy:active_pack"))
    assert response.status_code == 200
    body = response.content.decode()
    assert str(escape(pack.file.pack.council)) in body
    assert "Model default" in body


@pytest.mark.parametrize(
    ("pack_id", "texts"),
    [
        (
            "west-lindsey-2024",
            [
                "Staff. Not behaviour towards elected members.",
                "Councillors’ guide to handling harassment, abuse and intimidation (18.2)",
                "Clause 1.10, 18.1, 18.2",
            ],
        ),
        ("unreasonable-behaviour-2017", ["Staff, the council’s representatives and elected"]),
        (
            "ucb-2024-2028",
            ["Always noted as a potentially aggressive person when physical violence is used"],
        ),
    ],
)
def test_the_page_says_whom_the_policy_covers_and_which_markers_it_always_notes(
    client, make_staff, sign_in, pack_id, texts
):
    load_policy_pack(MODEL_PACK.parent / f"{pack_id}.toml", by=None, activate=True)
    sign_in(make_staff(Role.CASE_OFFICER))
    body = client.get(reverse("policy:active_pack")).content.decode()
    for text in texts:
        assert str(escape(text)) in body, text
