"""Sharing markers with partners (I7): who may, what must be said, the minimum, exactly what was sent."""

import hashlib
import io
import json
from datetime import timedelta
from typing import Any

import pdfplumber
import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.flag import Flag

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts import disclosures, services, sharing
from conduct.alerts.models import Disclosure, DisclosureChangeError
from conduct.alerts.tests import factories
from conduct.api.tests.factories import bearer, issue_token
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def flag_of(made: Disclosure) -> dict[str, Any]:
    return json.loads(bytes(made.flag_json))


class TestWhoMayShare:
    @pytest.mark.parametrize(
        "role", [Role.HEALTH_AND_SAFETY_OFFICER, Role.LINE_MANAGER, Role.CASE_OFFICER]
    )
    def test_permitted_roles_share(self, role: Role) -> None:
        """Health and safety, line managers and case officers may record a disclosure."""
        made = factories.disclosure(by=staff_member(role))
        assert made.reference.startswith("DS-")
        assert made.created_by is not None and made.created_by.has_role(role)

    @pytest.mark.parametrize(
        "role", [Role.FRONTLINE_OFFICER, Role.AUDITOR, Role.COMPLAINTS_AND_CUSTOMER_SERVICES]
    )
    def test_others_refused(self, role: Role) -> None:
        """Frontline officers (and others who do not weigh necessity) cannot share a marker."""
        with pytest.raises(Refusal, match="can share a marker"):
            factories.disclosure(by=staff_member(role))
        assert Disclosure.objects.count() == 0

    def test_only_live_markers(self) -> None:
        """A provisional marker is not yet accurate enough to leave the council."""
        with pytest.raises(Refusal, match="not live"):
            factories.disclosure(factories.person_marker())

    def test_withdrawn_marker_refused(self) -> None:
        """Nor is a withdrawn one."""
        marker = factories.live_person_marker()
        services.withdraw_marker(marker, reason="Wrong person", by=staff_member(Role.LINE_MANAGER))
        with pytest.raises(Refusal, match="not live"):
            factories.disclosure(marker)


class TestWhatMustBeSaid:
    @pytest.mark.parametrize(
        ("field", "message"),
        [
            ("necessity", "Enter why sharing the marker is necessary"),
            ("organisation", "Enter the name of the organisation"),
            ("recipient_name", "Enter the name of the person you are sharing it with"),
            (
                "recipient_contact",
                "Enter how to reach them, such as an email address or phone number",
            ),
        ],
    )
    def test_blank_answers_refused(self, field: str, message: str) -> None:
        """No reason (or no named recipient) is refused, and nothing is recorded."""
        with pytest.raises(Refusal) as error:
            factories.disclosure(None, by=None, **{field: "  "})
        assert error.value.answers[field] == message
        assert Disclosure.objects.count() == 0

    def test_lawful_basis_from_the_list(self) -> None:
        """A lawful basis outside the short list is refused."""
        with pytest.raises(Refusal) as error:
            factories.disclosure(lawful_basis="because")
        assert error.value.answers["lawful_basis"] == "Select the lawful basis for sharing"

    def test_detail_needs_its_own_reason(self) -> None:
        """Ticking the restricted detail without saying why is refused."""
        with pytest.raises(Refusal) as error:
            factories.disclosure(include_detail=True)
        assert error.value.answers["detail_justification"] == (
            "Enter why the restricted detail must be shared too"
        )

    def test_database_refuses_unjustified_detail(self) -> None:
        """The constraint holds whatever the route: detail shared means its reason is kept."""
        made = factories.disclosure()
        fields = {f.attname: getattr(made, f.attname) for f in Disclosure._meta.concrete_fields}
        fields.update(id=None, reference="DS-999999", includes_detail=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            Disclosure.objects.create(**fields)


class TestTheMinimum:
    def test_detail_not_shared_unless_chosen(self) -> None:
        """By default neither the Flag, the PDF nor the stored copy carry the restricted detail."""
        made = factories.disclosure()
        assert factories.SECRET not in bytes(made.flag_json).decode()
        assert factories.SECRET not in pdf_text(bytes(made.summary_pdf))
        assert factories.SECRET not in json.dumps(made.shared)
        assert "extension" not in flag_of(made)

    def test_detail_shared_when_chosen(self) -> None:
        """Chosen with its reason, the detail goes in the Flag's extension and the summary."""
        made = factories.disclosure(
            include_detail=True, detail_justification="The officers must know about the knife."
        )
        assert made.includes_detail
        assert flag_of(made)["extension"][0]["valueString"] == factories.SECRET
        assert "knife in the glovebox" in pdf_text(bytes(made.summary_pdf))

    def test_subject_by_reference_only(self) -> None:
        """The person is named by the council's reference, never by name or address."""
        marker = factories.live_person_marker()
        made = factories.disclosure(marker)
        assert marker.customer is not None
        flag = flag_of(made)
        assert flag["subject"] == {
            "type": "Patient",
            "identifier": {"system": sharing.CUSTOMER_SYSTEM, "value": marker.customer.reference},
        }
        everything = bytes(made.flag_json).decode() + pdf_text(bytes(made.summary_pdf))
        assert marker.customer.family_name not in everything

    def test_a_valid_fhir_flag(self) -> None:
        """The Flag is a valid FHIR Flag with the HACT code and the handling as code.text."""
        marker = factories.live_person_marker()
        made = factories.disclosure(marker)
        flag: Any = Flag.model_validate(flag_of(made))
        assert flag.status == "active"
        assert flag.code.coding[0].code == "TH"
        assert flag.code.coding[0].system == sharing.HACT_SYSTEM
        assert flag.code.text == factories.HANDLING
        assert flag.category[0].coding[0].code == "behavioral"
        assert str(flag.period.start) == marker.starts_on.isoformat()
        assert str(flag.period.end) == marker.review_on.isoformat()

    def test_premises_flag_names_a_location(self) -> None:
        """A hazard at an address is a safety Flag about a location, by its reference."""
        marker = factories.make_live(factories.premises_marker())
        flag = flag_of(factories.disclosure(marker))
        Flag.model_validate(flag)
        assert flag["subject"]["type"] == "Location"
        assert flag["category"][0]["coding"][0]["code"] == "safety"
        assert "Mill Lane" not in json.dumps(flag)


class TestWhatWasSent:
    def test_bytes_and_hashes_kept(self) -> None:
        """The exact bytes shared are on the row with their SHA-256; the PDF reads back."""
        made = factories.disclosure()
        pdf, flag = bytes(made.summary_pdf), bytes(made.flag_json)
        assert hashlib.sha256(pdf).hexdigest() == made.summary_pdf_sha256
        assert hashlib.sha256(flag).hexdigest() == made.flag_json_sha256
        text = pdf_text(pdf)
        assert "OFFICIAL-SENSITIVE" in text
        assert "Northamptonshire Police" in text
        assert "Meet in pairs" in text

    def test_one_function_builds_both(self) -> None:
        """The Flag stored is the Flag the stored content makes: recorded is what was sent."""
        made = factories.disclosure()
        content = sharing.SharedMarker.from_json(made.shared)
        assert sharing.flag_bytes(content) == bytes(made.flag_json)

    def test_audited(self) -> None:
        """Recording a disclosure is an audit event on the marker naming the organisation."""
        made = factories.disclosure()
        event = AuditEvent.objects.get(verb="alerts.marker_disclosed")
        assert event.target_id == str(made.marker_id)
        assert event.payload["organisation"] == "Northamptonshire Police"
        assert event.payload["detail"] == "without the detail"

    def test_orm_refuses_change(self) -> None:
        """A disclosure cannot be edited or deleted through the ORM."""
        made = factories.disclosure()
        made.necessity = "Changed afterwards"
        with pytest.raises(DisclosureChangeError):
            made.save()
        with pytest.raises(DisclosureChangeError):
            made.delete()
        with pytest.raises(DisclosureChangeError):
            Disclosure.objects.filter(pk=made.pk).update(necessity="x")
        with pytest.raises(DisclosureChangeError):
            Disclosure.objects.all().delete()

    def test_database_refuses_change(self) -> None:
        """Nor with SQL: the trigger refuses an update on SQLite and PostgreSQL."""
        made = factories.disclosure()
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE alerts_disclosure SET necessity = %s WHERE id = %s", ["x", made.pk]
            )
        made.refresh_from_db()
        assert made.necessity.startswith("Joint visit")

    def test_tampering_is_noticed(self) -> None:
        """A stored copy that no longer matches its hash is refused, not handed out."""
        made = factories.disclosure()
        made.summary_pdf = b"%PDF- something else"
        with pytest.raises(disclosures.TamperedDisclosureError):
            disclosures.verified(made, "pdf")


# Pages ---------------------------------------------------------------------------------------


def share_url(marker: Any) -> str:
    return reverse("alerts:share", args=[marker.reference])


FORM = {
    "organisation": "Acme Repairs Ltd",
    "organisation_kind": "contractor",
    "recipient_name": "Sam Ortiz",
    "recipient_contact": "07700 900123",
    "necessity": "Gas safety visit next week.",
    "lawful_basis": "public-task",
}


class TestPages:
    def test_share_from_the_form(self, client: Client, sign_in: Any) -> None:
        """A line manager shares from the page and lands on the disclosure, shown from the copy."""
        marker = factories.live_person_marker()
        sign_in(staff_member(Role.LINE_MANAGER))
        page = client.get(share_url(marker))
        assert "What they will be sent" in page.content.decode()
        assert factories.SECRET not in page.content.decode()
        response = client.post(share_url(marker), FORM, follow=True)
        made = Disclosure.objects.get()
        assert response.redirect_chain[-1][0] == reverse("alerts:disclosure", args=[made.reference])
        text = response.content.decode()
        assert "Acme Repairs Ltd" in text and "Not shared" in text
        assert AuditEvent.objects.filter(verb="alerts.disclosure_viewed").count() == 1

    def test_errors_keep_answers(self, client: Client, sign_in: Any) -> None:
        """Without a reason the page shows the error summary and keeps what was typed."""
        marker = factories.live_person_marker()
        sign_in(staff_member(Role.LINE_MANAGER))
        response = client.post(share_url(marker), {**FORM, "necessity": ""})
        text = response.content.decode()
        assert "Enter why sharing the marker is necessary" in text
        assert "Acme Repairs Ltd" in text
        assert Disclosure.objects.count() == 0

    def test_the_reason_for_sharing_the_detail_is_asked_under_the_box(
        self, client: Client, sign_in: Any
    ) -> None:
        """Ticking the box reveals why (GOV.UK's conditional); unticked, a reason is not asked."""
        marker = factories.live_person_marker()
        sign_in(staff_member(Role.LINE_MANAGER))
        page = client.get(share_url(marker)).content.decode()
        assert page.count('name="detail_justification"') == 1
        assert 'class="govuk-checkboxes__conditional' in page
        response = client.post(share_url(marker), {**FORM, "include_detail": "on"})
        assert "Enter why the restricted detail must be shared too" in response.content.decode()

    def test_frontline_cannot_open_the_form(self, client: Client, sign_in: Any) -> None:
        """Frontline staff get a 403 and cannot post a disclosure."""
        marker = factories.live_person_marker()
        sign_in(staff_member(Role.FRONTLINE_OFFICER))
        assert client.get(share_url(marker)).status_code == 403
        assert client.post(share_url(marker), FORM).status_code == 403
        assert Disclosure.objects.count() == 0

    def test_marker_page_lists_disclosures(self, client: Client, sign_in: Any) -> None:
        """The marker's page lists who it was shared with, for staff who may see disclosures."""
        made = factories.disclosure()
        sign_in(staff_member(Role.CASE_OFFICER))
        text = client.get(reverse("alerts:marker", args=[made.marker.reference])).content.decode()
        assert made.reference in text and "PC Dana Holt" in text

    def test_detail_in_a_disclosure_is_need_to_know(self, client: Client, sign_in: Any) -> None:
        """An auditor sees that detail was shared, never the detail, and cannot download it."""
        made = factories.disclosure(include_detail=True, detail_justification="Officer safety")
        sign_in(staff_member(Role.AUDITOR))
        text = client.get(reverse("alerts:disclosure", args=[made.reference])).content.decode()
        assert factories.SECRET not in text
        assert "Only staff who need to know can read it" in text
        pdf = reverse("alerts:disclosure_download", args=[made.reference, "summary.pdf"])
        assert client.get(pdf).status_code == 403

    def test_downloads_are_the_stored_bytes(self, client: Client, sign_in: Any) -> None:
        """The PDF and Flag downloaded are byte for byte what was stored, and audited."""
        made = factories.disclosure()
        sign_in(staff_member(Role.HEALTH_AND_SAFETY_OFFICER))
        for name, stored in (("summary.pdf", made.summary_pdf), ("flag.json", made.flag_json)):
            response = client.get(
                reverse("alerts:disclosure_download", args=[made.reference, name])
            )
            assert response.content == bytes(stored)
        assert AuditEvent.objects.filter(verb="alerts.disclosure_downloaded").count() == 2


class TestReport:
    def test_filter_by_organisation_and_date(self, client: Client, sign_in: Any) -> None:
        """The report filters by organisation and by the day shared."""
        police = factories.disclosure()
        repairs = factories.disclosure(
            organisation="Acme Repairs Ltd", organisation_kind="contractor"
        )
        sign_in(staff_member(Role.AUDITOR))
        url = reverse("alerts:disclosures")
        text = client.get(url, {"organisation": "acme"}).content.decode()
        assert repairs.reference in text and police.reference not in text
        before = timezone.localdate(police.created_at) - timedelta(days=1)
        earlier = {"shared_to_day": before.day, "shared_to_month": before.month,
                   "shared_to_year": before.year}  # fmt: skip
        assert police.reference not in client.get(url, earlier).content.decode()
        assert (
            police.reference
            in client.get(
                url,
                {
                    "shared_from_day": before.day,
                    "shared_from_month": before.month,
                    "shared_from_year": before.year,
                },
            ).content.decode()
        )

    def test_csv(self, client: Client, sign_in: Any) -> None:
        """The CSV names who shared what with whom, when and why, and is audited."""
        made = factories.disclosure()
        sign_in(staff_member(Role.AUDITOR))
        response = client.get(reverse("alerts:disclosures"), {"format": "csv"})
        assert response["Content-Type"] == "text/csv"
        lines = response.content.decode().splitlines()
        assert lines[0].startswith("Disclosure,Shared at,Shared by,Marker")
        assert made.reference in lines[1] and "Joint visit on 4 March" in lines[1]
        assert factories.SECRET not in response.content.decode()
        assert AuditEvent.objects.filter(verb="alerts.disclosure_report_viewed").exists()

    def test_frontline_refused(self, client: Client, sign_in: Any) -> None:
        """Frontline staff cannot open the report."""
        sign_in(staff_member(Role.FRONTLINE_OFFICER))
        assert client.get(reverse("alerts:disclosures")).status_code == 403


# API -----------------------------------------------------------------------------------------


def api_url(marker: Any) -> str:
    return f"/api/v1/alerts/markers/{marker.reference}/disclosures"


def token(role: Role, *scopes: str) -> dict[str, Any]:
    _, secret = issue_token(staff_member(role), *scopes)
    return bearer(secret)


class TestApi:
    def test_record_returns_the_flag(self, client: Client) -> None:
        """POST records a disclosure and answers with the stored FHIR Flag; GET lists it."""
        marker = factories.live_person_marker()
        response = client.post(
            api_url(marker), FORM, content_type="application/json",
            **token(Role.HEALTH_AND_SAFETY_OFFICER, "alerts:write"),
        )  # fmt: skip
        assert response.status_code == 201, response.content
        made = Disclosure.objects.get()
        assert response.json()["flag"] == flag_of(made)
        assert response.json()["disclosure"]["reference"] == made.reference
        listed = client.get(api_url(marker), **token(Role.AUDITOR, "alerts:read"))
        assert [item["reference"] for item in listed.json()] == [made.reference]
        assert "flag" not in listed.json()[0]

    def test_scope_needed(self, client: Client) -> None:
        """A read-only token cannot record a disclosure; a write-only token cannot list them."""
        marker = factories.live_person_marker()
        posted = client.post(
            api_url(marker), FORM, content_type="application/json",
            **token(Role.HEALTH_AND_SAFETY_OFFICER, "alerts:read"),
        )  # fmt: skip
        assert posted.status_code == 403
        listed = client.get(api_url(marker), **token(Role.AUDITOR, "alerts:write"))
        assert listed.status_code == 403
        assert Disclosure.objects.count() == 0

    def test_frontline_token_refused(self, client: Client) -> None:
        """The acting person's role still applies: a frontline token gets a 403 problem."""
        marker = factories.live_person_marker()
        response = client.post(
            api_url(marker), FORM, content_type="application/json",
            **token(Role.FRONTLINE_OFFICER, "alerts:write"),
        )  # fmt: skip
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"

    def test_no_reason_is_422(self, client: Client) -> None:
        """A blank reason is a 422 naming the field; the detail unchosen stays out of the Flag."""
        marker = factories.live_person_marker()
        auth = token(Role.LINE_MANAGER, "alerts:write")
        blank = client.post(
            api_url(marker), {**FORM, "necessity": " "}, content_type="application/json", **auth
        )
        assert blank.status_code == 422
        assert "necessity" in blank.content.decode()
        done = client.post(api_url(marker), FORM, content_type="application/json", **auth)
        assert factories.SECRET not in done.content.decode()

    def test_idempotent(self, client: Client) -> None:
        """The same Idempotency-Key records one disclosure however often it is sent."""
        marker = factories.live_person_marker()
        auth = {**token(Role.LINE_MANAGER, "alerts:write"), "HTTP_IDEMPOTENCY_KEY": "share-1"}
        first = client.post(api_url(marker), FORM, content_type="application/json", **auth)
        again = client.post(api_url(marker), FORM, content_type="application/json", **auth)
        assert first.json() == again.json()
        assert Disclosure.objects.count() == 1
