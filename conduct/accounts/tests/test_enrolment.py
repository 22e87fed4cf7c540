"""Authenticator apps are set up only through a one-time link an administrator issues."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts import services
from conduct.accounts.management.commands.totp_code import current_code
from conduct.accounts.models import TwoFactorEnrolment
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import PASSWORD
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db
SET_UP = reverse("accounts:set_up_two_factor")
NO_LINK = "You need a link to set up your authenticator app"
CLOSED = "This link cannot be used"
# The QR code's own title: the footer draws an SVG on every page, the QR code only here.
QR_TITLE = "QR code for your authenticator app"


def link(secret: str) -> str:
    return reverse("accounts:enrolment_link", args=[secret])


def sign_in_with_password(client: Client, email: str) -> None:
    client.post(reverse("accounts:sign_in"), {"email": email, "password": PASSWORD})


def set_up_app(client: Client, member) -> TOTPDevice:
    """Reach the set-up page after the password and enter the first code the new app shows."""
    page = client.get(SET_UP)
    assert page.status_code == 200 and QR_TITLE in page.content.decode()
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    response = client.post(SET_UP, {"code": current_code(device)})
    assert response.status_code == 302
    return device


def test_a_password_alone_cannot_set_up_an_authenticator_app(client, make_staff):
    """Whoever has the password of a two-factor role with no app is told to ask for a link, and
    no key is made or shown, so they cannot bind an app of their own."""
    admin = make_staff(Role.ADMINISTRATOR)
    sign_in_with_password(client, admin.email)
    page = client.get(reverse("accounts:two_factor"), follow=True)
    assert page.status_code == 403 and NO_LINK in page.content.decode()
    assert QR_TITLE not in page.content.decode()
    response = client.post(SET_UP, {"code": "123456"})
    assert response.status_code == 403
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert "_auth_user_id" not in client.session


def test_a_link_sets_up_the_app_once(client, make_staff):
    """Link, then password, then the first right code: signed in, app set up, link used up."""
    decider = make_staff(Role.DECISION_MAKER)
    secret = services.issue_two_factor_enrolment(decider, by=None)
    opened = client.get(link(secret))
    assert "Set up your authenticator app" in opened.content.decode()
    sign_in_with_password(client, decider.email)
    device = set_up_app(client, decider)
    device.refresh_from_db()
    assert device.confirmed and client.get("/").status_code == 200
    assert AuditEvent.objects.filter(verb="accounts.two_factor_set_up", actor=decider).exists()
    again = Client().get(link(secret))
    assert again.status_code == 404 and CLOSED in again.content.decode()


def test_a_link_is_used_up_even_by_a_session_that_opened_it_earlier(make_staff):
    """Two browsers that opened the same link cannot both set up an app with it."""
    auditor = make_staff(Role.AUDITOR)
    secret = services.issue_two_factor_enrolment(auditor, by=None)
    first, second = Client(), Client()
    for browser in (first, second):
        browser.get(link(secret))
        sign_in_with_password(browser, auditor.email)
        browser.get(SET_UP)
    set_up_app(first, auditor)
    TOTPDevice.objects.filter(user=auditor).delete()  # as if the app were lost meanwhile
    sign_in_with_password(second, auditor.email)
    assert second.get(SET_UP, follow=True).status_code == 403


def test_an_expired_link_cannot_be_used(client, make_staff, settings):
    """After TWO_FACTOR_ENROLMENT_TIME the link opens nothing, even in a browser that opened it."""
    admin = make_staff(Role.ADMINISTRATOR)
    secret = services.issue_two_factor_enrolment(admin, by=None)
    client.get(link(secret))
    later = timezone.now() + settings.TWO_FACTOR_ENROLMENT_TIME + timedelta(minutes=1)
    with time_machine.travel(later):
        assert CLOSED in Client().get(link(secret)).content.decode()
        sign_in_with_password(client, admin.email)
        assert NO_LINK in client.get(SET_UP).content.decode()


def test_a_new_link_revokes_the_one_before(client, make_staff):
    """Issuing again closes the earlier link; the newer one works."""
    admin = make_staff(Role.ADMINISTRATOR)
    old = services.issue_two_factor_enrolment(admin, by=None)
    new = services.issue_two_factor_enrolment(admin, by=None)
    assert CLOSED in client.get(link(old)).content.decode()
    client.get(link(new))
    sign_in_with_password(client, admin.email)
    set_up_app(client, admin)
    assert TwoFactorEnrolment.objects.filter(staff_member=admin, revoked_at__isnull=False).count()


def test_one_persons_link_does_not_set_up_anothers_app(client, make_staff):
    """A link opened in a browser is no use to someone else who signs in there."""
    owner, other = make_staff(Role.AUDITOR), make_staff(Role.AUDITOR)
    client.get(link(services.issue_two_factor_enrolment(owner, by=None)))
    sign_in_with_password(client, other.email)
    assert NO_LINK in client.get(SET_UP).content.decode()


def test_a_link_replaces_a_lost_app_and_keeps_only_a_hash(
    make_staff, settings, django_capture_on_commit_callbacks
):
    """Issuing removes the app the person had, emails them the link, and stores only its hash."""
    settings.SITE_URL = "https://conduct.council.example"
    decider = make_staff(Role.DECISION_MAKER)
    TOTPDevice.objects.create(user=decider, confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        secret = services.issue_two_factor_enrolment(decider, by=None)
    assert not TOTPDevice.objects.filter(user=decider).exists()
    stored = TwoFactorEnrolment.objects.get(staff_member=decider)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert [message.to for message in mail.outbox] == [[decider.email]]
    assert f"https://conduct.council.example{link(secret)}" in mail.outbox[0].body
    event = AuditEvent.objects.get(
        verb="accounts.two_factor_enrolment_issued", target_id=decider.pk
    )
    assert event.payload["authenticator_removed"] == "yes"


def test_a_new_two_factor_member_is_emailed_a_link(db, django_capture_on_commit_callbacks):
    """Adding a member of staff in a two-factor role issues them a link; other roles get none."""
    for role in (Role.FRONTLINE_OFFICER, Role.ADMINISTRATOR):
        with django_capture_on_commit_callbacks(execute=True):
            services.create_staff_member(
                email=f"{role.value}@council.example",
                full_name="New Starter",
                roles=[role],
                password=PASSWORD,
                by=None,
            )
    assert [message.to for message in mail.outbox] == [["administrator@council.example"]]
    assert TwoFactorEnrolment.objects.get().staff_member.email == "administrator@council.example"


def test_an_administrator_sends_a_link_from_the_staff_page(
    client, make_staff, sign_in, django_capture_on_commit_callbacks
):
    """The staff page offers the link; confirming shows it once and emails it."""
    sign_in(make_staff(Role.ADMINISTRATOR))
    auditor = make_staff(Role.AUDITOR)
    page = client.get(reverse("accounts:staff")).content.decode()
    issue = reverse("accounts:issue_enrolment_link", args=[auditor.pk])
    assert issue in page and "App not set up" in page
    assert "Send link" in client.get(issue).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        shown = client.post(issue).content.decode()
    assert "Link sent" in shown
    assert mail.outbox[0].body.split("\n\n")[2] in shown


def test_an_auditor_cannot_send_a_link(client, make_staff, sign_in):
    """Only administrators issue links: an auditor sees the staff page without the action."""
    sign_in(make_staff(Role.AUDITOR))
    admin = make_staff(Role.ADMINISTRATOR)
    issue = reverse("accounts:issue_enrolment_link", args=[admin.pk])
    assert issue not in client.get(reverse("accounts:staff")).content.decode()
    assert client.post(issue).status_code == 403
    assert not TwoFactorEnrolment.objects.exists()


def test_the_command_prints_a_link_for_the_first_administrator(make_staff):
    """Before anyone can use the staff page, an operator issues the first link from the command."""
    admin = make_staff(Role.ADMINISTRATOR)
    out = StringIO()
    call_command("issue_two_factor_link", "--email", admin.email, stdout=out)
    secret = out.getvalue().strip().rsplit("/", 2)[-2]
    assert TwoFactorEnrolment.objects.get(staff_member=admin).secret_hash == (
        hashlib.sha256(secret.encode()).hexdigest()
    )


def test_resetting_a_lost_app_warns_that_the_old_one_stops_working(client, make_staff, sign_in):
    """For someone with an app, the staff page offers a reset, and the page says what it does."""
    sign_in(make_staff(Role.ADMINISTRATOR))
    decider = make_staff(Role.DECISION_MAKER)
    TOTPDevice.objects.create(user=decider, confirmed=True)
    page = client.get(reverse("accounts:staff")).content.decode()
    assert f'Reset app<span class="govuk-visually-hidden"> for {decider.full_name}' in page
    issue = reverse("accounts:issue_enrolment_link", args=[decider.pk])
    assert "This removes the authenticator app they use now" in client.get(issue).content.decode()
    client.post(issue)
    assert not TOTPDevice.objects.filter(user=decider).exists()
