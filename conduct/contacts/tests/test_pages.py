"""The contacts pages: quick logging, correspondence, what is new, sign-off, frequency evidence."""

import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.contacts import services
from conduct.contacts.models import Breach, Contact, Message, Reading
from conduct.contacts.tests import factories
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db


class TestQuickLogging:
    def test_a_call_is_logged_now_by_me(self, client, make_staff, sign_in) -> None:
        """Only what it was about is needed: the channel defaults to a call, the time to now."""
        officer = sign_in(make_staff(Role.FRONTLINE_OFFICER))
        customer = factories.customer()
        page = client.get(reverse("customers:detail", args=[customer.reference]))
        assert "Log a call or visit" in page.content.decode()
        url = reverse("contacts:log_contact", args=[customer.reference])
        response = client.post(url, {"channel": "phone", "subject": "Asked about the bins"})
        assert response.status_code == 302
        contact = Contact.objects.get()
        assert contact.officer == officer and contact.channel == "phone"
        assert timezone.now() - contact.occurred_at < timedelta(minutes=1)

    def test_a_missing_subject_keeps_the_answers(self, client, make_staff, sign_in) -> None:
        """Bad input shows the error summary and keeps what was typed; nothing is saved."""
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        customer = factories.customer()
        url = reverse("contacts:log_contact", args=[customer.reference])
        response = client.post(url, {"channel": "visit", "time": "25:00", "subject": ""})
        body = response.content.decode()
        assert "Enter what the contact was about" in body and "Enter a time like 14:30" in body
        assert 'value="visit" checked' in body
        assert not Contact.objects.exists()

    def test_an_auditor_may_not_log(self, client, make_staff, sign_in) -> None:
        """Logging contacts is for staff who deal with customers."""
        sign_in(make_staff(Role.AUDITOR))
        customer = factories.customer()
        url = reverse("contacts:log_contact", args=[customer.reference])
        assert client.post(url, {"channel": "phone", "subject": "x"}).status_code == 403


class TestBreaches:
    def test_a_call_outside_set_times_is_flagged_not_acted_on(self, make_staff) -> None:
        """A call at 18:00 against "Monday to Friday, 10:00 to 12:00" is a Breach on the case."""
        customer = factories.customer()
        restriction = factories.restrict(
            customer, "set-times", times="Monday to Friday, 10:00 to 12:00"
        )
        evening = timezone.localtime().replace(hour=18, minute=0) - timedelta(days=1)
        contact = services.log_contact(
            customer,
            by=make_staff(Role.FRONTLINE_OFFICER),
            channel="phone",
            subject="Bins",
            occurred_at=evening,
        )
        breach = Breach.objects.get()
        assert breach.contact == contact and breach.case == restriction.case
        assert breach.kind == "outside-times"
        restriction.refresh_from_db()
        assert restriction.status == "active"

    def test_too_many_calls_and_another_officer(self, make_staff) -> None:
        """The third call in a week against "2 calls a week" is flagged; so is a named-officer miss."""
        customer = factories.customer()
        factories.restrict(customer, "limited-calls", most_calls=2, period="1 week")
        factories.named_officer(customer)
        someone = make_staff(Role.FRONTLINE_OFFICER)
        for n in range(3):
            services.log_contact(customer, by=someone, channel="phone", subject=f"Call {n}")
        kinds = sorted(Breach.objects.values_list("kind", flat=True))
        assert kinds.count("too-many-calls") == 1
        assert kinds.count("not-named-officer") == 3

    def test_breaches_show_on_the_case_and_the_frequency_page(
        self, client, make_staff, sign_in
    ) -> None:
        """The case page lists flagged breaches; the frequency page draws the chart and its table."""
        customer = factories.customer()
        restriction = factories.restrict(
            customer, "building-access", buildings="The Guildhall", access="No access"
        )
        services.log_contact(
            customer,
            by=make_staff(Role.FRONTLINE_OFFICER),
            channel="visit",
            subject="Came in",
            service=factories.cases.council_service(),
        )
        sign_in(make_staff(Role.CASE_OFFICER))
        case_page = client.get(
            reverse("cases:detail", args=[restriction.case.reference])
        ).content.decode()
        assert "A visit where building access is restricted" in case_page
        page = client.get(reverse("contacts:case_frequency", args=[restriction.case.reference]))
        body = page.content.decode()
        assert '<svg class="conduct-chart"' in body and "Contacts per week by channel" in body
        assert "90th percentile" in body


class TestReading:
    def test_the_queue_message_and_sign_off(self, client, make_staff, sign_in) -> None:
        """A read-and-file email is queued, shows its new sentences, and is signed off by a reader."""
        customer = factories.customer("sam@example.org")
        factories.restrict(customer, "read-and-file", matters="The 2023 parking complaint")
        factories.receive(
            factories.email(
                "sam@example.org", "I'm writing about the parking fine again. It was wrong."
            )
        )
        second = factories.receive(
            factories.email(
                "sam@example.org", "I'm writing about the parking fine again. My son is now unwell."
            )
        )
        sign_in(make_staff(Role.CASE_OFFICER))
        queue = client.get(reverse("contacts:correspondence")).content.decode()
        assert "2 to read and sign off" in queue
        page = client.get(reverse("contacts:message", args=[second.pk])).content.decode()
        assert '<mark class="conduct-new">My son is now unwell.</mark>' in page
        assert "1 of 2 sentences" in page
        reading = Reading.objects.get(message=second)
        response = client.post(
            reverse("contacts:sign_off", args=[reading.pk]),
            {"outcome": "nothing-new", "reason": ""},
        )
        assert response.status_code == 302
        reading.refresh_from_db()
        assert reading.outcome == "nothing-new"

    def test_escalating_without_a_reason_is_refused(self, client, make_staff, sign_in) -> None:
        """The service's refusal shows as an error on the form."""
        customer = factories.customer("sam@example.org")
        factories.restrict(customer, "read-and-file", matters="x")
        message = factories.receive(factories.email("sam@example.org"))
        sign_in(make_staff(Role.CASE_OFFICER))
        url = reverse("contacts:sign_off", args=[message.reading.pk])
        body = client.post(url, {"outcome": "new-issue", "reason": ""}).content.decode()
        assert "Enter why it is escalated" in body

    def test_a_hint_is_marked_read(self, client, make_staff, sign_in) -> None:
        """A self-harm hint is shown and a person records that they read it."""
        customer = factories.customer("sam@example.org")
        message = factories.receive(
            factories.email("sam@example.org", "Some days I want to end it all.")
        )
        sign_in(make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES))
        start = client.get(reverse("core:start")).content.decode()
        assert "1 email may be a protected route" in start
        hint = message.hints.get(kind="self-harm")
        client.post(reverse("contacts:hint_seen", args=[hint.pk]), {"note": "Called the customer"})
        hint.refresh_from_db()
        assert hint.seen_at is not None and hint.note == "Called the customer"
        assert customer.contacts.count() == 1


class TestUpload:
    def test_an_eml_file_is_stored_and_matched(self, client, make_staff, sign_in) -> None:
        """An .eml saved from someone's inbox is stored against the customer, audited as theirs."""
        officer = sign_in(make_staff(Role.FRONTLINE_OFFICER))
        customer = factories.customer("sam@example.org")
        raw = factories.email("sam@example.org", "About my bins again, please reply.")
        upload = SimpleUploadedFile("from-sam.eml", raw, content_type="message/rfc822")
        response = client.post(reverse("contacts:upload_email"), {"file": upload})
        message = Message.objects.get()
        assert response.status_code == 302 and message.customer == customer
        assert message.mailbox == "upload" and message.contact is not None
        assert AuditEvent.objects.filter(verb="contacts.message_received", actor=officer).exists()

    def test_an_email_over_the_limit_is_refused_before_it_is_read(
        self, client, make_staff, sign_in
    ) -> None:
        """A 26 MB .eml is refused with the limit in words (25 MB by default); nothing is stored."""
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        factories.customer("sam@example.org")
        photo = os.urandom(19 * 1024 * 1024)  # base64 makes it about 26 MB
        raw = factories.email("sam@example.org", attachments=[("photo.jpg", photo, "image/jpeg")])
        assert len(raw) > 25 * 1024 * 1024
        upload = SimpleUploadedFile("big.eml", raw, content_type="message/rfc822")
        response = client.post(reverse("contacts:upload_email"), {"file": upload})
        body = response.content.decode()
        assert response.status_code == 200
        assert "The selected file must be smaller than 25.0 MB" in body
        assert "govuk-error-summary" in body
        assert not Message.objects.exists()

    def test_a_damaged_outlook_file_is_refused_plainly(self, client, make_staff, sign_in) -> None:
        """A .msg that extract-msg cannot read gives an error on the form, and nothing is stored."""
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        damaged = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600
        upload = SimpleUploadedFile("broken.msg", damaged)
        body = client.post(reverse("contacts:upload_email"), {"file": upload}).content.decode()
        assert "The file could not be read as an email" in body
        assert not Message.objects.exists()
