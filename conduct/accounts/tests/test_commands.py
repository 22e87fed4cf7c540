"""Operators' commands: add staff, demo sign-ins, current demo codes."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from conduct.accounts.demo import DEMO_NAMES
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_create_staff_member_adds_someone_with_roles(monkeypatch):
    """The command creates the account with its roles and records it in the audit trail."""
    monkeypatch.setenv("STAFF_PASSWORD", "a-long-enough-password-7")
    out = StringIO()
    call_command(
        "create_staff_member",
        "--email",
        "Pat.Lee@Council.example",
        "--name",
        "Pat Lee",
        "--role",
        "decision-maker",
        "--role",
        "case-officer",
        stdout=out,
    )
    pat = User.objects.get(email="Pat.Lee@council.example")
    assert set(pat.roles) == {Role.DECISION_MAKER, Role.CASE_OFFICER}
    assert pat.check_password("a-long-enough-password-7")
    assert "authenticator app" in out.getvalue()
    assert AuditEvent.objects.filter(
        verb="accounts.staff_member_created", target_id=str(pat.pk)
    ).exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "too short"),
        ("password123456", "too common"),
        ("12345678901234", "entirely numeric"),
    ],
)
def test_create_staff_member_applies_the_password_rules(monkeypatch, password, message):
    """Django's password validators apply, and nothing is created when they fail."""
    monkeypatch.setenv("STAFF_PASSWORD", password)
    with pytest.raises(CommandError, match=message):
        call_command(
            "create_staff_member",
            "--email",
            "a@council.example",
            "--name",
            "A B",
            "--role",
            "auditor",
            stdout=StringIO(),
        )
    assert not User.objects.filter(email="a@council.example").exists()


def test_create_staff_member_refuses_a_duplicate_email(make_staff, monkeypatch):
    """An email address belongs to one member of staff."""
    existing = make_staff(Role.AUDITOR)
    monkeypatch.setenv("STAFF_PASSWORD", "a-long-enough-password-7")
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_staff_member",
            "--email",
            existing.email.upper(),
            "--name",
            "X",
            "--role",
            "auditor",
            stdout=StringIO(),
        )


def test_demo_data_loads_one_person_per_role_and_twice_changes_nothing():
    """Loading the demo data again adds no staff and writes no audit events."""
    call_command("load_demo_data", stdout=StringIO())
    staff, events = User.objects.count(), AuditEvent.objects.count()
    assert staff == len(DEMO_NAMES) == len(Role)
    call_command("load_demo_data", stdout=StringIO())
    assert (User.objects.count(), AuditEvent.objects.count()) == (staff, events)


def test_demo_sign_ins_show_a_secret_and_a_code_command_for_two_factor_roles():
    """The printout lets a newcomer sign in as anyone, including two-factor roles."""
    call_command("load_demo_data", stdout=StringIO())
    out = StringIO()
    call_command("show_demo_sign_ins", stdout=out)
    text = out.getvalue()
    for role in Role:
        assert f"{role.value}@conduct.example" in text
    assert text.count("two-factor secret") == len(settings.TWO_FACTOR_ROLES)
    code = StringIO()
    call_command("totp_code", "auditor@conduct.example", stdout=code)
    assert code.getvalue().strip().isdigit() and len(code.getvalue().strip()) == 6


def test_demo_commands_refuse_outside_demo_mode(settings):
    """Production never prints sign-ins or codes."""
    settings.DEMO_MODE = False
    for command in (["show_demo_sign_ins"], ["totp_code", "x@y.z"], ["load_demo_data"]):
        with pytest.raises(CommandError, match="demo mode"):
            call_command(*command, stdout=StringIO())
