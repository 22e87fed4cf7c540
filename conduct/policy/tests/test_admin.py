"""Choosing and editing the pack in force: administrators only, every change a new version."""

import pytest
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent
from conduct.policy.models import PolicyPack
from conduct.policy.services import active_pack, load_policy_pack
from conduct.policy.tests.factories import MODEL_PACK, MODEL_VERSION, edited_text, model_text

pytestmark = pytest.mark.django_db

PAGES = ["pack_list", "put_in_force", "edit_pack"]


@pytest.fixture
def pack() -> PolicyPack:
    return load_policy_pack(MODEL_PACK, by=None, activate=True)


@pytest.fixture
def admin(make_staff, sign_in):
    return sign_in(make_staff(Role.ADMINISTRATOR))


def address(url_name: str, pack: PolicyPack) -> str:
    return reverse(f"policy:{url_name}", args=[] if url_name == "pack_list" else [pack.pk])


def new_version_text(version: str = "7", **edits: str) -> str:
    return edited_text({f'version = "{MODEL_VERSION}"': f'version = "{version}"', **edits})


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
@pytest.mark.parametrize("url_name", PAGES)
def test_each_page_against_each_role(client, make_staff, sign_in, pack, role, url_name):
    """Only administrators reach the pages that choose and edit packs; others get a 403."""
    sign_in(make_staff(role))
    response = client.get(address(url_name, pack))
    assert response.status_code == (200 if role == Role.ADMINISTRATOR else 403)


@pytest.mark.parametrize("url_name", PAGES)
def test_people_not_signed_in_are_sent_to_sign_in(client, pack, url_name):
    """Nobody reaches the pack pages without signing in."""
    response = client.get(address(url_name, pack))
    assert response.status_code == 302 and response.url.startswith("/sign-in/")


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR], ids=str)
def test_posting_needs_the_permission_too(client, make_staff, sign_in, pack, role):
    """Posting straight to the forms is refused for anyone but an administrator."""
    other = load_policy_pack(MODEL_PACK.parent / "west-lindsey-2024.toml", by=None)
    sign_in(make_staff(role))
    assert client.post(address("put_in_force", other)).status_code == 403
    assert client.post(address("edit_pack", pack), {"text": new_version_text()}).status_code == 403
    assert active_pack() == pack and PolicyPack.objects.count() == 2


def test_the_list_shows_every_version_and_which_is_in_force(client, admin, pack):
    """Each loaded version is listed with its status and the actions open to it."""
    load_policy_pack(MODEL_PACK.parent / "west-lindsey-2024.toml", by=None)
    body = client.get(reverse("policy:pack_list")).content.decode()
    assert "Managing Unacceptable Customer Actions Policy" in body
    assert body.count("In force<") == 1 and body.count("Not in force") == 1
    assert reverse("policy:put_in_force", args=[pack.pk]) not in body


def test_the_policy_page_links_administrators_to_the_packs(client, admin, pack):
    """Administrators find the pack pages from the policy page."""
    body = client.get(reverse("policy:active_pack")).content.decode()
    assert reverse("policy:pack_list") in body


def test_other_staff_see_no_link_to_the_packs(client, make_staff, sign_in, pack):
    """The link is shown only to those who may use it."""
    sign_in(make_staff(Role.DECISION_MAKER))
    body = client.get(reverse("policy:active_pack")).content.decode()
    assert reverse("policy:pack_list") not in body


def test_putting_a_pack_in_force_asks_first_then_switches_and_audits(client, admin, pack):
    """The confirmation page changes nothing; the POST puts the version in force, audited."""
    other = load_policy_pack(MODEL_PACK.parent / "west-lindsey-2024.toml", by=None)
    page = client.get(address("put_in_force", other))
    assert "takes Model policy on unacceptable customer actions" in page.content.decode()
    assert active_pack() == pack
    response = client.post(address("put_in_force", other))
    assert response.status_code == 302 and response.url == reverse("policy:pack_list")
    assert active_pack() == other
    event = AuditEvent.objects.filter(verb="policy.pack_activated").last()
    assert event is not None and event.actor == admin
    assert event.payload["pack_id"] == "west-lindsey-2024"


def test_editing_loads_a_new_version_and_keeps_the_old_one(client, admin, pack):
    """Saving edited text with a new version stores it beside the old, which stays in force."""
    text = new_version_text(**{"interval_months = 3": "interval_months = 2"})
    response = client.post(address("edit_pack", pack), {"text": text.replace("\n", "\r\n")})
    assert response.status_code == 302
    new = PolicyPack.objects.get(version="7")
    assert new.source_text == text and new.file.review.interval_months == 2
    assert new.loaded_by == admin and not new.is_active
    pack.refresh_from_db()
    assert pack.is_active and pack.source_text == model_text()
    event = AuditEvent.objects.get(verb="policy.pack_edited")
    assert event.payload == {
        "pack_id": "model",
        "version": "7",
        "sha256": new.sha256,
        "edited_from": MODEL_VERSION,
    }


def test_the_edit_page_shows_the_versions_text(client, admin, pack):
    """The textarea starts with the text of the version being edited."""
    body = client.get(address("edit_pack", pack)).content.decode()
    assert "retention_years = 10" in body and f"version = &#34;{MODEL_VERSION}&#34;" in body


EDIT_PROBLEMS = [
    pytest.param(
        new_version_text(**{"interval_months = 3": 'interval_months = "3"'}),
        "review.interval_months must be a whole number, not “3”",
        id="wrong type",
    ),
    pytest.param(
        new_version_text(**{"interval_months = 3": "interval_months = three"}),
        "review.interval_months on line",
        id="bad TOML",
    ),
    pytest.param(
        edited_text({"interval_months = 3": "interval_months = 2"}),
        f"pack.version is “{MODEL_VERSION}”, but model version {MODEL_VERSION} is already loaded",
        id="same version, different text",
    ),
    pytest.param(
        model_text(),
        f"pack.version is “{MODEL_VERSION}”, which is already loaded",
        id="same version, same text",
    ),
    pytest.param(
        new_version_text(**{'id = "model"': 'id = "other"'}),
        "pack.id is “other”, but this is the “model” pack",
        id="changed pack id",
    ),
    pytest.param("", "Enter the policy pack file", id="empty"),
]


@pytest.mark.parametrize(("text", "says"), EDIT_PROBLEMS)
def test_a_bad_edit_names_the_key_and_keeps_the_text(client, admin, pack, text, says):
    """The error summary names the key and the problem; what was typed is still there."""
    response = client.post(address("edit_pack", pack), {"text": text})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and says in body
    assert 'href="#id_text"' in body
    if text:
        assert "interval_months" in body and "retention_years = 10" in body
    assert PolicyPack.objects.count() == 1


def test_every_problem_in_a_bad_edit_is_listed(client, admin, pack):
    """Several problems give one entry each in the error summary."""
    text = new_version_text(
        **{"interval_months = 3": "interval_months = 0", 'code = "VA"': "code = 1"}
    )
    body = client.post(address("edit_pack", pack), {"text": text}).content.decode()
    assert "review.interval_months must be 1 or more" in body
    assert "markers.categories[verbal-abuse].code must be text in quotes" in body
