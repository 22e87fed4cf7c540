"""Single sign-on in Chromium: the button, the provider on 127.0.0.1, and back (ADR 0006)."""

from collections.abc import Iterator

import pytest
from pytest_django.live_server_helper import LiveServer

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.oidc_provider import Person, TestProvider, configure
from e2e.test_sign_in import sign_out


@pytest.fixture
def provider(settings, live_server: LiveServer, transactional_db: None) -> Iterator[TestProvider]:
    """A provider of its own, with the live server's callback registered."""
    provider = TestProvider().start()
    configure(settings, provider, f"{live_server.url}/sign-in/single-sign-on/callback/")
    yield provider
    provider.stop()


def sign_in_through_the_provider(checked_page, provider: TestProvider, person: Person) -> None:
    """`person` is signed in at the provider; they click the button on Conduct's sign-in page."""
    provider.person = person
    checked_page.goto("/sign-in/")
    button = checked_page.page.get_by_role("button", name="Sign in with Test Council", exact=True)
    button.click()
    checked_page.check()


def test_an_administrator_signs_in_with_the_councils_provider_and_out(checked_page, provider):
    """A new administrator whose provider checked a second factor goes straight to their work."""
    alex = Person("e-1", "alex.smith@council.example", "Alex Smith", ["conduct-administrators"])
    alex.amr = ["pwd", "mfa"]
    sign_in_through_the_provider(checked_page, provider, alex)
    page = checked_page.page
    assert page.get_by_role("heading", level=1).inner_text() == "Your work"
    assert Role.ADMINISTRATOR.label in page.locator(".govuk-caption-l").inner_text()
    assert User.objects.get().email == "alex.smith@council.example"
    sign_out(checked_page)
    assert "You may still be signed in to Test Council" in page.locator("main").inner_text()


def test_someone_taken_out_of_the_group_is_told_why_they_cannot_sign_in(checked_page, provider):
    """After the provider stops giving a Conduct role, the next sign-in is refused in words."""
    sam = Person("kc-77", "sam.jones@council.example", "Sam Jones", ["conduct-frontline"])
    sign_in_through_the_provider(checked_page, provider, sam)
    sign_out(checked_page)
    sam.groups = ["finance"]
    sign_in_through_the_provider(checked_page, provider, sam)
    page = checked_page.page
    assert page.get_by_role("heading", level=1).inner_text() == "You do not have access to Conduct"
    assert "does not give you a role in Conduct" in page.locator("main").inner_text()
    assert User.objects.get().roles == []
