"""Loading versions and choosing the one in force: idempotent, refusing silent edits, audited."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conduct.accounts.roles import Role
from conduct.core.audit import verify_chain
from conduct.core.models import AuditEvent
from conduct.policy.errors import PolicyPackError
from conduct.policy.models import PolicyPack
from conduct.policy.services import activate_policy_pack, active_pack, load_policy_pack
from conduct.policy.tests.factories import (
    MODEL_PACK,
    MODEL_VERSION,
    edited_text,
    stored_pack,
    unsaved_pack,
    versioned_text,
    write_pack,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int]:
    return PolicyPack.objects.count(), AuditEvent.objects.count()


def test_loading_stores_the_text_settings_and_hash_and_audits_it(make_staff):
    """A new version is stored with its text and validated settings, and the load is audited."""
    admin = make_staff(Role.ADMINISTRATOR)
    pack = load_policy_pack(MODEL_PACK, by=admin)
    assert (pack.pack_id, pack.version, pack.is_active) == ("model", MODEL_VERSION, False)
    assert pack.source_text == MODEL_PACK.read_text(encoding="utf-8")
    assert pack.file.review.interval_months == 3
    assert pack.loaded_by == admin and len(pack.sha256) == 64
    event = AuditEvent.objects.get(verb="policy.pack_loaded")
    assert (event.actor, event.target_id) == (admin, str(pack.pk))
    assert event.payload["pack_id"] == "model" and event.payload["version"] == MODEL_VERSION
    assert verify_chain() is None


def test_loading_the_same_text_again_returns_the_version_and_writes_nothing():
    """Deployments can load on every start: the second load changes no row and no audit event."""
    first = load_policy_pack(MODEL_PACK, by=None, activate=True)
    before = counts()
    again = load_policy_pack(MODEL_PACK, by=None, activate=True)
    assert again.pk == first.pk and again.is_active
    assert counts() == before


def test_changed_text_under_a_version_already_loaded_is_refused(tmp_path):
    """Editing a pack without a new version is refused, naming the file and pack.version."""
    load_policy_pack(MODEL_PACK, by=None)
    before = counts()
    edited = write_pack(tmp_path, edited_text({"interval_months = 3": "interval_months = 2"}))
    with pytest.raises(PolicyPackError) as refused:
        load_policy_pack(edited, by=None)
    assert str(edited) in str(refused.value)
    expected = f'- pack.version is "{MODEL_VERSION}", but model version {MODEL_VERSION} is already'
    assert expected in str(refused.value)
    assert counts() == before


def test_an_edited_pack_with_a_new_version_is_kept_beside_the_old_one(tmp_path):
    """A new version is a new row; the old version stays for the decisions that cite it."""
    old = load_policy_pack(MODEL_PACK, by=None)
    new = load_policy_pack(write_pack(tmp_path, versioned_text("7")), by=None)
    assert new.pk != old.pk
    assert list(PolicyPack.objects.values_list("version", flat=True)) == [MODEL_VERSION, "7"]


def test_a_bad_pack_writes_nothing(tmp_path):
    """A pack that fails validation leaves no row and no audit event."""
    bad = write_pack(tmp_path, edited_text({'decided_by = "appeals-officer"': 'decided_by = "x"'}))
    with pytest.raises(PolicyPackError):
        load_policy_pack(bad, by=None, activate=True)
    assert counts() == (0, 0)


def test_activating_a_version_takes_the_previous_one_out_of_force(tmp_path, make_staff):
    """Only one version is in force; switching is audited with the version it replaces."""
    admin = make_staff(Role.ADMINISTRATOR)
    old = load_policy_pack(MODEL_PACK, by=admin, activate=True)
    new = load_policy_pack(write_pack(tmp_path, versioned_text("7")), by=admin)
    activate_policy_pack(new, by=admin)
    old.refresh_from_db()
    assert new.is_active and not old.is_active
    assert active_pack() == new
    event = AuditEvent.objects.filter(verb="policy.pack_activated").last()
    assert event is not None
    assert event.payload["version"] == "7"
    assert event.payload["replaces"] == f"model version {MODEL_VERSION}"


def test_activating_the_pack_already_in_force_writes_nothing():
    """Activating twice is harmless: no second audit event."""
    pack = load_policy_pack(MODEL_PACK, by=None, activate=True)
    before = counts()
    activate_policy_pack(pack, by=None)
    assert counts() == before


def test_there_is_no_pack_in_force_until_one_is_activated():
    """Loading alone does not put a pack in force."""
    load_policy_pack(MODEL_PACK, by=None)
    assert active_pack() is None


def test_the_database_refuses_a_second_pack_in_force():
    """The partial unique constraint holds even for writes that bypass the services."""
    stored_pack(is_active=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        stored_pack(is_active=True)


def test_the_database_refuses_the_same_version_twice():
    """A pack id and version identify one stored text."""
    stored_pack(version="7")
    with pytest.raises(IntegrityError), transaction.atomic():
        stored_pack(version="7")


def test_clean_explains_why_a_second_pack_cannot_be_in_force():
    """Forms get a readable message before the database would refuse."""
    stored_pack(is_active=True)
    second = unsaved_pack(is_active=True)
    with pytest.raises(ValidationError, match="already in force"):
        second.clean()
