"""The footer on every page, and the three pages it links to: the accessibility statement and
the privacy notice for anyone, signed in or not; help for anyone signed in."""

import re

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.test import Client

from conduct.accounts.roles import Role
from conduct.council import privacy
from conduct.council.fictional import FICTIONAL_COUNCIL
from conduct.policy.services import load_policy_pack

pytestmark = pytest.mark.django_db


def text(page: bytes, selector: str = "main") -> str:
    found = BeautifulSoup(page, "html.parser").select_one(selector)
    assert found is not None
    return re.sub(r"\s+", " ", found.get_text(" ")).strip()


def footer_links(page: bytes) -> list[str]:
    soup = BeautifulSoup(page, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("footer .govuk-footer a")]


class TestTheFooter:
    def test_signed_in_pages_link_help_the_statement_and_the_notice(
        self, client: Client, make_staff, sign_in
    ) -> None:
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        links = footer_links(client.get("/").content)
        assert links[:3] == ["Help", "Accessibility statement", "Privacy notice"]
        assert "Open Government Licence" not in client.get("/").content.decode()

    def test_the_sign_in_page_links_the_statement_and_the_notice(self, client: Client) -> None:
        links = footer_links(client.get("/sign-in/").content)
        assert "Accessibility statement" in links and "Privacy notice" in links
        assert "Help" not in links


class TestWhoMayRead:
    @pytest.mark.parametrize("url", ["/accessibility/", "/privacy/"])
    def test_anyone_reads_the_statement_and_the_notice(self, client: Client, url: str) -> None:
        assert client.get(url).status_code == 200

    def test_help_is_for_anyone_signed_in(self, client: Client, make_staff, sign_in) -> None:
        assert client.get("/help/").status_code == 302
        sign_in(make_staff(Role.FRONTLINE_OFFICER))
        assert client.get("/help/").status_code == 200


class TestTheAccessibilityStatement:
    def test_it_follows_the_model_statement_with_the_councils_facts(self, client: Client) -> None:
        said = text(client.get("/accessibility/").content)
        for heading in (
            "How accessible this service is",
            "What to do if you cannot use this service",
            "Reporting accessibility problems with this service",
            "Enforcement procedure",
            "Technical information about this service’s accessibility",
            "Compliance status",
            "How we tested this service",
            "Preparation of this accessibility statement",
        ):
            assert heading in said
        assert f"email: {FICTIONAL_COUNCIL['email']}" in said
        assert f"phone: {FICTIONAL_COUNCIL['phone']}" in said
        assert "fully compliant with the Web Content Accessibility Guidelines version 2.2 AA" in (
            said
        )
        assert "Equality Commission for Northern Ireland (ECNI)" in said
        assert "axe-core 4." in said and f"each of the {len(Role)} staff roles" in said
        assert "This statement was prepared on 1 December 2026." in said

    def test_known_problems_make_it_partially_compliant(self, client: Client, settings) -> None:
        settings.COUNCIL = {**FICTIONAL_COUNCIL, "accessibility_problems": "Letters are PDFs"}
        said = text(client.get("/accessibility/").content)
        assert "partially compliant" in said and "Letters are PDFs" in said


class TestThePrivacyNotice:
    def test_it_names_the_controller_the_dpo_the_basis_and_the_ico(self, client: Client) -> None:
        said = text(client.get("/privacy/").content)
        assert f"{FICTIONAL_COUNCIL['name']} is the data controller" in said
        assert f"email {FICTIONAL_COUNCIL['dpo_email']}" in said
        assert "public task (Article 6(1)(e))" in said
        assert "Schedule 1" in said and "paragraph 8" in said and "paragraph 18" in said
        assert "Equality monitoring answers" in said and "Safeguarding notes" in said
        assert "0303 123 1113" in said

    def test_how_long_comes_from_the_policy_in_force(self, client: Client, settings) -> None:
        pack = load_policy_pack(settings.POLICY_DIR / "model.toml", by=None, activate=True)
        said = text(client.get("/privacy/").content)
        category = pack.file.markers.categories[0]
        assert f"kept for {category.retention_years} years" in said
        assert f"cannot last longer than {pack.file.review.maximum_duration_months} months" in said

    def test_webhook_subscribers_are_named_when_there_are_any(self, client: Client) -> None:
        apps.get_model("webhooks", "Subscription").objects.create(
            name="Housing CRM", url="https://crm.example/hook", secret_encrypted="x"
        )
        assert "the council’s own systems that receive updates: Housing CRM" in text(
            client.get("/privacy/").content
        )

    def test_every_category_names_records_that_exist(self) -> None:
        """Each kind of information the notice lists is held in a model Conduct has, so the
        notice changes when the records do (issue 21 adds retention per record)."""
        for held in privacy.HELD:
            for record in held.records:
                assert apps.get_model(record) is not None, record


class TestHelp:
    def test_it_gives_the_service_desk_the_guidance_and_each_roles_start_page(
        self, client: Client, make_staff, sign_in, settings
    ) -> None:
        load_policy_pack(settings.POLICY_DIR / "west-lindsey-2024.toml", by=None, activate=True)
        sign_in(make_staff(Role.CASE_OFFICER))
        said = text(client.get("/help/").content)
        assert f"email: {FICTIONAL_COUNCIL['service_desk_email']}" in said
        assert "The policy in force" in said
        assert "Unacceptable Customer Action Policy and Guidance" in said
        assert "Administrator" in said and "Incidents needing more detail from you" in said
        assert "Before you meet or visit someone" in said
