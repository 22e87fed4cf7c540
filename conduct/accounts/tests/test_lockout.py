"""Wrong passwords are limited per email and address, per address and per account."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conduct.accounts import lockout
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import PASSWORD
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign_in")
WAIT = "There have been too many wrong passwords. Wait 15 minutes, then try again."


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 6
    settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT = 4


def attempt(email: str, address: str, password: str = PASSWORD):
    """One sign-in from its own browser at the given address."""
    return Client(REMOTE_ADDR=address).post(SIGN_IN, {"email": email, "password": password})


def signed_in(response) -> bool:
    return response.status_code == 302


def test_one_address_cannot_try_a_few_passwords_on_every_account(make_staff):
    """Below the pair's limit on each of several emails, the address is still refused in the end."""
    for n in range(3):
        for _ in range(2):
            attempt(f"someone{n}@council.example", "203.0.113.9", "wrong-password-here")
    officer = make_staff(Role.FRONTLINE_OFFICER)
    response = attempt(officer.email, "203.0.113.9")
    assert response.status_code == 429 and WAIT in response.content.decode()
    assert signed_in(attempt(officer.email, "198.51.100.1"))
    assert AuditEvent.objects.filter(
        verb="accounts.sign_in_failed",
        payload__reason=lockout.ADDRESS,
        payload__address="203.0.113.9",
    ).exists()


def test_one_account_cannot_be_tried_from_many_addresses(make_staff):
    """Wrong passwords spread over addresses lock the account at new addresses for the cool-off."""
    officer = make_staff(Role.CASE_OFFICER)
    for n in range(4):
        attempt(officer.email, f"203.0.113.{n}", "wrong-password-here")
    response = attempt(officer.email, "198.51.100.7")
    assert response.status_code == 429 and WAIT in response.content.decode()
    assert AuditEvent.objects.filter(payload__reason=lockout.ACCOUNT).exists()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert signed_in(attempt(officer.email, "198.51.100.7"))


def test_wrong_passwords_during_a_lock_do_not_make_it_longer(make_staff):
    """Someone sending wrong passwords for a locked account cannot keep it locked past its cool-off."""
    officer = make_staff(Role.LINE_MANAGER)
    start = timezone.now()
    for n in range(4):
        attempt(officer.email, f"203.0.113.{n}", "wrong-password-here")
    with time_machine.travel(start + timedelta(minutes=10)):
        for n in range(4):
            assert attempt(officer.email, f"192.0.2.{n}", "wrong-password-here").status_code == 429
    with time_machine.travel(start + timedelta(minutes=16)):
        assert signed_in(attempt(officer.email, "198.51.100.7"))


def test_the_account_lock_spares_an_address_the_person_signed_in_from(make_staff):
    """Wrong passwords from elsewhere do not keep someone out where they usually sign in."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    assert signed_in(attempt(officer.email, "198.51.100.20"))
    for n in range(4):
        attempt(officer.email, f"203.0.113.{n}", "wrong-password-here")
    assert attempt(officer.email, "198.51.100.99").status_code == 429
    assert signed_in(attempt(officer.email, "198.51.100.20"))


def test_a_lock_reads_the_same_whether_or_not_the_account_exists(make_staff):
    """The page refusing an unknown email is the page refusing a real one, word for word."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    pages = []
    for email in (officer.email, "nobody@council.example"):
        for n in range(4):
            attempt(email, f"203.0.113.{n}", "wrong-password-here")
        response = attempt(email, "198.51.100.7", "wrong-password-here")
        assert response.status_code == 429
        page = response.content.decode().replace(email, "EMAIL")
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page))
    assert pages[0] == pages[1]


def test_behind_a_proxy_each_client_address_is_counted_on_its_own(make_staff, settings):
    """With the proxy declared, addresses come from X-Forwarded-For, so one client's wrong
    passwords do not lock out everyone who reaches Conduct through the same proxy."""
    settings.TRUSTED_PROXY_COUNT = 1
    officer = make_staff(Role.FRONTLINE_OFFICER)

    def through_proxy(client_address: str, email: str, password: str = PASSWORD):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client_address}")
        return client.post(SIGN_IN, {"email": email, "password": password})

    for n in range(3):
        for _ in range(2):
            through_proxy("203.0.113.9", f"someone{n}@council.example", "wrong-password-here")
    assert through_proxy("203.0.113.9", officer.email).status_code == 429
    assert signed_in(through_proxy("198.51.100.1", officer.email))
