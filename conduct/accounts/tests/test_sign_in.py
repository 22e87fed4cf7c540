"""Signing in and out: passwords, two-factor codes, throttling, idle sessions."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts import lockout
from conduct.accounts.management.commands.totp_code import current_code
from conduct.accounts.roles import Role
from conduct.accounts.services import issue_two_factor_enrolment
from conduct.accounts.tests.factories import PASSWORD
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign_in")


def post_sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str):
    return client.post(SIGN_IN, {"email": email, "password": password, **extra})


def test_a_frontline_officer_signs_in_with_a_password_alone(client, make_staff):
    """Roles without two-factor sign-in reach their start page with a right password."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    response = post_sign_in(client, officer.email)
    assert response.status_code == 302 and response.url == "/"
    page = client.get("/")
    assert "Incidents needing more detail from you" in page.content.decode()
    assert AuditEvent.objects.filter(verb="accounts.signed_in", actor=officer).exists()


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("", "", "Enter your email address"),
        ("someone@council.example", "", "Enter your password"),
        ("not-an-email", "x", "Enter an email address in the correct format"),
        (
            "nobody@council.example",
            "wrong-password-here",
            "Enter a correct email address and password",
        ),
    ],
)
def test_bad_sign_ins_get_a_clear_message_and_keep_the_email(
    client, make_staff, email, password, message
):
    """Each wrong answer is named in the error summary and the email typed stays in the box."""
    make_staff(Role.CASE_OFFICER)
    response = client.post(SIGN_IN, {"email": email, "password": password})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and message in body
    assert f'value="{email}"' in body if email else True
    assert "_auth_user_id" not in client.session


def test_too_many_wrong_passwords_lock_the_account_for_a_while(client, settings, make_staff):
    """After the limit, even the right password is refused with a message saying how long to wait."""
    officer = make_staff(Role.LINE_MANAGER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_sign_in(client, officer.email, "wrong-password-again")
    response = post_sign_in(client, officer.email)
    assert "There have been too many wrong passwords. Wait 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        verb="accounts.sign_in_failed", payload__reason=lockout.PAIR
    ).exists()


def test_a_decision_maker_must_enter_a_security_code(client, make_staff):
    """A right password alone does not sign in a two-factor role; the right code then does."""
    decider = make_staff(Role.DECISION_MAKER)
    device = TOTPDevice.objects.create(user=decider, confirmed=True)
    response = post_sign_in(client, decider.email)
    assert response.url == reverse("accounts:two_factor")
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302
    response = client.post(reverse("accounts:two_factor"), {"code": current_code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_security_code_is_refused_with_a_clear_message(client, make_staff):
    """A wrong code keeps the person signed out and says what to enter."""
    auditor = make_staff(Role.AUDITOR)
    device = TOTPDevice.objects.create(user=auditor, confirmed=True)
    post_sign_in(client, auditor.email)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor"), {"code": wrong})
    assert (
        "Enter the 6-digit security code shown in your authenticator app"
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_codes_are_throttled(client, make_staff):
    """After wrong codes, even a right one is refused until the wait is over."""
    admin = make_staff(Role.ADMINISTRATOR)
    device = TOTPDevice.objects.create(user=admin, confirmed=True)
    post_sign_in(client, admin.email)
    for _ in range(3):
        client.post(
            reverse("accounts:two_factor"),
            {"code": "000000" if current_code(device) != "000000" else "111111"},
        )
    response = client.post(reverse("accounts:two_factor"), {"code": current_code(device)})
    assert "You have entered too many wrong codes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_first_sign_in_sets_up_an_authenticator_app(client, make_staff):
    """With a set-up link, a two-factor role with no app is shown a key and QR code after the
    password, and signed in by the first right code."""
    admin = make_staff(Role.ADMINISTRATOR)
    client.get(
        reverse("accounts:enrolment_link", args=[issue_two_factor_enrolment(admin, by=None)])
    )
    response = post_sign_in(client, admin.email)
    assert response.url == reverse("accounts:two_factor")
    page = client.get(reverse("accounts:two_factor"), follow=True)
    assert (
        "Set up your authenticator app" in page.content.decode()
        and "QR code for your authenticator app" in page.content.decode()
    )
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post(reverse("accounts:set_up_two_factor"), {"code": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(verb="accounts.two_factor_set_up", actor=admin).exists()


def test_the_code_page_needs_a_right_password_first(client):
    """Nobody reaches the security-code page without having given a right password."""
    response = client.get(reverse("accounts:two_factor"))
    assert response.url == SIGN_IN


def test_an_idle_session_ends_with_a_message(client, settings, make_staff):
    """After the idle timeout the next request signs the person out and says why."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    post_sign_in(client, officer.email)
    assert client.get("/").status_code == 200
    later = timezone.now() + settings.IDLE_TIMEOUT + timedelta(minutes=1)
    with time_machine.travel(later):
        response = client.get("/")
    assert response.url == f"{SIGN_IN}?reason=idle"
    assert "had not done anything" in client.get(response.url).content.decode()
    assert AuditEvent.objects.filter(verb="accounts.idle_timed_out", actor=officer).exists()


def test_signing_out_ends_the_session(client, make_staff):
    """Signing out is a POST; afterwards pages need signing in again."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    post_sign_in(client, officer.email)
    response = client.post(reverse("accounts:sign_out"))
    assert response.url == reverse("accounts:signed_out")
    assert client.get("/").url.startswith(SIGN_IN)
    assert AuditEvent.objects.filter(verb="accounts.signed_out", actor=officer).exists()


def test_a_session_without_its_second_factor_is_not_trusted(client, make_staff):
    """A decision maker's session that skipped the code (say, forced in) is ended."""
    decider = make_staff(Role.DECISION_MAKER)
    client.force_login(decider)
    assert client.get("/").url == SIGN_IN
