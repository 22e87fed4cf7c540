"""Posts in Chromium (issue 17.1): under the UCB policy an administrator gives a decision maker
the Executive Officer's post from the staff page, sees it listed, and ends it again. Every
page reached is checked with axe-core."""

from typing import Any

from django.conf import settings

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.policy.services import load_policy_pack
from e2e.test_decision_journeys import click, heading, sign_in

EXECUTIVE_OFFICER = "Executive Officer, Customer Services & Organisational Development"


def test_an_administrator_gives_and_ends_a_post(checked_page: Any, staff: Any) -> None:
    load_policy_pack(settings.POLICY_DIR / "ucb-2024-2028.toml", by=None, activate=True)
    admin: User = staff(Role.ADMINISTRATOR)
    decider: User = staff(Role.DECISION_MAKER)
    page = checked_page.page
    sign_in(checked_page, admin)

    checked_page.goto("/staff/")
    click(checked_page, "link", f"Change posts of {decider.full_name}")
    assert heading(checked_page) == f"Give {decider.full_name} a post"
    assert f"{decider.full_name} holds no posts" in page.locator("main").inner_text()
    click(checked_page, "button", "Give post")
    assert "Select the post" in page.locator(".govuk-error-summary").inner_text()
    page.locator('select[name="post"]').select_option(label=EXECUTIVE_OFFICER)
    click(checked_page, "button", "Give post")
    assert decider.posts.filter(ended_at__isnull=True).count() == 1

    checked_page.goto("/staff/")
    assert EXECUTIVE_OFFICER in page.locator("main").inner_text()
    click(checked_page, "link", f"Change posts of {decider.full_name}")
    click(checked_page, "button", f"End post {EXECUTIVE_OFFICER}")
    assert not decider.posts.filter(ended_at__isnull=True).exists()
