"""The council details page: administrators set the council's identity once, audited; what
they save is what letters and the footer pages read."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent
from conduct.council import demo, identity
from conduct.council.fictional import FICTIONAL_COUNCIL
from conduct.council.models import CouncilDetails

pytestmark = pytest.mark.django_db
URL = "/council-details/"
LOGO = Path(demo.__file__).parent / "static_demo" / "logo.png"
ANSWERS = {
    "name": "Fenwick Borough Council",
    "address": "Town Hall\nHigh Street\nFenwick\nFW1 2AB",
    "phone": "01632 960 200",
    "email": "contact@fenwick.example",
    "website": "https://fenwick.example",
    "appeals_address": "",
    "appeals_email": "appeals@fenwick.example",
    "dpo_email": "dpo@fenwick.example",
    "service_desk_email": "help@fenwick.example",
    "accessibility_prepared_on_day": "1",
    "accessibility_prepared_on_month": "11",
    "accessibility_prepared_on_year": "2026",
}


class TestWhoMayChangeIt:
    @pytest.mark.parametrize(
        ("role", "status"),
        [(Role.ADMINISTRATOR, 200), (Role.DECISION_MAKER, 403), (Role.AUDITOR, 403)],
    )
    def test_only_administrators(self, client: Client, make_staff, sign_in, role, status) -> None:
        """The page needs council.change_council_details, which administrators hold."""
        sign_in(make_staff(role))
        assert client.get(URL).status_code == status

    def test_signed_out_people_are_sent_to_sign_in(self, client: Client) -> None:
        assert client.get(URL).status_code == 302


class TestSaving:
    def test_saved_details_are_what_letters_read_and_the_change_is_audited(
        self, client: Client, make_staff, sign_in
    ) -> None:
        """Saving writes the one row, keeps the logo, and records which fields changed."""
        admin = sign_in(make_staff(Role.ADMINISTRATOR))
        logo = SimpleUploadedFile("logo.png", LOGO.read_bytes(), content_type="image/png")

        answer = client.post(URL, {**ANSWERS, "logo": logo})

        assert answer.status_code == 302
        council = identity.current()
        assert council.name == "Fenwick Borough Council"
        assert council.address_lines == ("Town Hall", "High Street", "Fenwick", "FW1 2AB")
        assert council.appeals_address_lines == council.address_lines
        assert council.logo_url.startswith("data:image/png;base64,")
        event = AuditEvent.objects.get(verb="council.details_saved")
        assert event.actor == admin
        assert "council name" in event.payload["changed"]
        assert "logo" in event.payload["changed"]

    def test_saving_again_without_a_logo_keeps_the_logo(
        self, client: Client, make_staff, sign_in
    ) -> None:
        sign_in(make_staff(Role.ADMINISTRATOR))
        logo = SimpleUploadedFile("logo.png", LOGO.read_bytes(), content_type="image/png")
        client.post(URL, {**ANSWERS, "logo": logo})
        client.post(URL, {**ANSWERS, "phone": "01632 960 300"})
        council = identity.current()
        assert council.phone == "01632 960 300" and council.logo

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"name": ""}, "Enter council name"),
            ({"address": ""}, "Enter postal address"),
            ({"email": "not an email"}, "Enter an email address in the correct format"),
            ({"accessibility_prepared_on_year": "26"}, "Year must include 4 numbers"),
        ],
    )
    def test_bad_answers_are_refused_with_every_answer_kept(
        self, client: Client, make_staff, sign_in, change, message
    ) -> None:
        """The error summary names the problem; what was typed is still in the form."""
        sign_in(make_staff(Role.ADMINISTRATOR))
        answer = client.post(URL, {**ANSWERS, **change})
        page = answer.content.decode()
        assert answer.status_code == 200
        assert "govuk-error-summary" in page and message in page
        assert "contact@fenwick.example" in page or "email" in change
        assert not CouncilDetails.objects.exists()

    def test_a_logo_that_is_not_an_image_is_refused(
        self, client: Client, make_staff, sign_in
    ) -> None:
        sign_in(make_staff(Role.ADMINISTRATOR))
        fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
        page = client.post(URL, {**ANSWERS, "logo": fake}).content.decode()
        assert "The selected file must be a PNG or JPEG" in page
        assert not CouncilDetails.objects.exists()


class TestWithoutThePage:
    def test_settings_give_the_details_until_the_page_is_saved(self, settings) -> None:
        """A deployment may set COUNCIL; the saved page wins once there is one."""
        settings.COUNCIL = {"name": "From settings", "address": "1 Road"}
        assert identity.current().name == "From settings"
        CouncilDetails.objects.create(pk=1, name="Saved", address="2 Road")
        assert identity.current().name == "Saved"

    def test_the_command_sets_the_details_from_a_file(self, tmp_path: Path) -> None:
        """manage.py set_council_details reads a TOML file, checks it as the page does, audits."""
        given = tmp_path / "council.toml"
        given.write_text(
            'name = "Fenwick Borough Council"\n'
            'address = """Town Hall\nFenwick\nFW1 2AB"""\n'
            'email = "contact@fenwick.example"\n'
            "accessibility_prepared_on = 2026-11-01\n"
        )
        call_command("set_council_details", str(given), "--logo", str(LOGO))
        council = identity.current()
        assert council.name == "Fenwick Borough Council" and council.logo
        assert str(council.accessibility_prepared_on) == "2026-11-01"
        assert AuditEvent.objects.filter(verb="council.details_saved").exists()

    def test_the_command_refuses_a_bad_file(self, tmp_path: Path) -> None:
        given = tmp_path / "council.toml"
        given.write_text('name = "Fenwick"\nemail = "nope"\nphones = "1"\n')
        with pytest.raises(CommandError, match="unknown keys phones"):
            call_command("set_council_details", str(given))

    def test_the_demo_council_is_fictional_complete_and_loaded_once(self) -> None:
        """The demo's council has every contact route letters need; a rerun changes nothing."""
        assert demo.load() is not None
        council = identity.current()
        assert council.name == FICTIONAL_COUNCIL["name"]  # the model pack names no council
        assert council.phone and council.email and council.appeals_to and council.logo
        assert demo.load() is None
