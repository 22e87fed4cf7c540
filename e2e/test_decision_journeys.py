"""The decision workflow in Chromium: the decision, the review and the appeal, page by page;
each choice on those pages shows only its own questions, and without JavaScript every question.

The data before each journey is made through the real services under the model
pack; every page reached is checked with axe-core and must raise no Content
Security Policy error.
"""

from datetime import UTC, datetime, time
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts.management.commands.totp_code import current_code
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import PASSWORD
from conduct.cases.models import Appeal, Case, FormalWarning, Restriction
from conduct.cases.tests import factories
from conduct.core.working_days import add_months
from conduct.policy.services import load_policy_pack


@pytest.fixture
def pack(transactional_db):
    return load_policy_pack(settings.POLICY_DIR / "model.toml", by=None, activate=True)


@pytest.fixture
def people(staff, pack) -> dict[str, User]:
    """Who takes part: the officer and manager who escalated, and the staff who decide."""
    return {
        "officer": staff(Role.FRONTLINE_OFFICER),
        "manager": staff(Role.LINE_MANAGER),
        "case_officer": staff(Role.CASE_OFFICER),
        "decider": staff(Role.DECISION_MAKER),
        "safety": staff(Role.HEALTH_AND_SAFETY_OFFICER),
        "appeals": staff(Role.APPEALS_OFFICER),
    }


def sign_in(checked_page: Any, user: User) -> None:
    """Sign in with the password, and the authenticator's code where the role needs one."""
    page = checked_page.page
    device = None
    if any(role.needs_two_factor for role in user.roles):
        device = TOTPDevice.objects.create(user=user, confirmed=True)
    checked_page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    checked_page.check()
    if device is not None:
        page.get_by_label("Security code").fill(current_code(device))
        page.get_by_role("button", name="Sign in").click()
        checked_page.check()
    assert heading(checked_page) == "Your work"


def sign_out(checked_page: Any) -> None:
    checked_page.page.get_by_role("button", name="Sign out").click()
    checked_page.check()


def heading(checked_page: Any) -> str:
    return checked_page.page.get_by_role("heading", level=1).inner_text()


def click(checked_page: Any, role: str, name: str) -> None:
    """Follow a link or press a button by its words, then check the page it leads to."""
    checked_page.page.locator("main").get_by_role(role, name=name, exact=True).first.click()
    checked_page.check()


def escalated_case(people: dict[str, User]) -> Case:
    """An officer's incident, an informal warning from the line manager, then a case."""
    return factories.warned_case(people["manager"])


def restricted_case(people: dict[str, User]) -> Case:
    """A case the model pack's panel has decided: a named officer restriction."""
    case = factories.investigated(escalated_case(people), people["case_officer"])
    factories.restricted(case, [people["decider"], people["safety"]])
    return case


def fill(page: Any, name: str, value: str) -> None:
    page.locator(f'[name="{name}"]').fill(value)


def tick(page: Any, name: str, value: str = "on") -> None:
    page.locator(f'input[name="{name}"][value="{value}"]').check()


def save_the_decision(checked_page: Any, case: Case) -> None:
    """Answer the records every decision carries, save, and arrive back at the case."""
    page = checked_page.page
    tick(page, "behaviour_categories", "aggressive-or-abusive")
    fill(page, "reasons", "Repeated abuse of reception staff after an informal warning.")
    tick(page, "disability_link", "no")
    fill(page, "equality_act_reasoning", "No disability known; adjustments were offered.")
    fill(page, "human_rights_reasoning", "A named officer is the least restrictive option.")
    fill(page, "staff_wellbeing", "Two officers needed support.")
    tick(page, "mandatory_services_stay_open")
    tick(page, "protected_routes_stay_open")
    page.get_by_role("button", name="Save the decision").click()
    checked_page.check()
    assert heading(checked_page) == f"Case {case.reference}"


def test_a_case_is_investigated_and_the_panel_restricts(checked_page, people):
    """A case officer investigates; a decision maker records a restriction from the form."""
    case = escalated_case(people)
    page = checked_page.page
    sign_in(checked_page, people["case_officer"])
    checked_page.goto(f"/cases/{case.reference}/")
    click(checked_page, "button", "Start the investigation")
    assert heading(checked_page) == "Start the investigation"
    click(checked_page, "button", "Start the investigation")
    click(checked_page, "button", "Record the investigation")
    fill(page, "evidence_reviewed", "Three incident reports and the call log.")
    tick(page, "known_to_social_care")
    fill(page, "underlying_causes", "No unmet communication needs; no disability known.")
    fill(page, "adjustments_considered", "Offered a named officer and written summaries.")
    tick(page, "complaint_handled_properly", "yes")
    click(checked_page, "button", "Record the investigation")
    case.refresh_from_db()
    assert case.status == Case.Status.READY_FOR_DECISION
    sign_out(checked_page)

    sign_in(checked_page, people["decider"])
    checked_page.goto(f"/cases/{case.reference}/")
    click(checked_page, "button", "Record the decision")
    tick(page, "members", str(people["decider"].pk))
    tick(page, "members", str(people["safety"].pk))
    tick(page, "declaration")
    tick(page, "outcome", "restriction")
    tick(page, "restriction_type", "named-officer")
    tick(page, "scope", "services")
    page.get_by_role("group", name="Services covered").get_by_label("Housing").check()
    page.locator('[name="p__named-officer__officer"]').select_option(str(people["case_officer"].pk))
    save_the_decision(checked_page, case)
    restriction = Restriction.objects.get(case=case)
    assert restriction.type == "named-officer"
    assert restriction.parameters["officer"] == people["case_officer"].pk
    assert restriction.review_on is not None


def test_a_decision_maker_extends_a_restriction_at_review(checked_page, people):
    """On the review date a decision maker extends the restriction by the pack's 3 months."""
    case = restricted_case(people)
    restriction = Restriction.objects.get(case=case)
    first_review = restriction.review_on
    assert first_review is not None
    page = checked_page.page
    with time_machine.travel(datetime.combine(first_review, time(10, 0), tzinfo=UTC)):
        sign_in(checked_page, people["decider"])
        checked_page.goto(f"/cases/{case.reference}/")
        click(checked_page, "button", "Review the restriction")
        assert heading(checked_page) == "Review the restriction"
        tick(page, "outcome", "extend")
        fill(page, "extend_by_months", "3")
        fill(page, "reasons", "Two more abusive calls since the restriction started.")
        page.get_by_role("button", name="Record the review").click()
        checked_page.check()
    restriction.refresh_from_db()
    assert restriction.status == Restriction.Status.ACTIVE
    assert restriction.review_on == add_months(first_review, 3)
    assert restriction.reviews.filter(outcome="extend").count() == 1


def test_an_appeal_is_lodged_and_an_uninvolved_officer_decides_it(checked_page, people):
    """A case officer records the appeal; the appeals officer quashes the restriction."""
    case = restricted_case(people)
    page = checked_page.page
    sign_in(checked_page, people["case_officer"])
    checked_page.goto(f"/cases/{case.reference}/")
    click(checked_page, "button", "Record an appeal")
    assert heading(checked_page) == "Record an appeal"
    today = timezone.localdate()
    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        fill(page, f"received_on_{part}", str(value))
    fill(page, "grounds", "The customer says the officer provoked them.")
    page.get_by_role("button", name="Record the appeal").click()
    checked_page.check()
    appeal = Appeal.objects.get(case=case)
    sign_out(checked_page)

    sign_in(checked_page, people["appeals"])
    checked_page.goto(f"/cases/{case.reference}/")
    click(checked_page, "button", "Decide the appeal")
    assert heading(checked_page) == "Decide the appeal"
    assert case.customer.full_name in page.locator("#identity-bar").inner_text()
    pack_link = page.get_by_role("link", name="Download the decision pack as it stood")
    assert pack_link.get_attribute("href") == (
        f"/cases/{case.reference}/decision-pack/frozen/{case.frozen_packs.get().pk}.pdf"
    )
    tick(page, "outcome", "quash")
    fill(page, "reasons", "The restriction was not the least restrictive option.")
    page.get_by_role("button", name="Record the decision").click()
    checked_page.check()
    assert "Confirm that you were not involved" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("I was not involved in the decision, the incidents or the escalation").check()
    page.get_by_role("button", name="Record the decision").click()
    checked_page.check()
    appeal.refresh_from_db()
    assert appeal.outcome == "quash" and appeal.appeals_officer == people["appeals"]
    assert appeal.ombudsman_signposted == ["lgsco"] and appeal.declared_not_involved_at
    assert Restriction.objects.get(case=case).status == Restriction.Status.QUASHED


# Each choice shows only its own questions --------------------------------------------------

WARNING = ["warning_behaviour", "single_point_of_contact", "monitoring_months"]
RESTRICTION = ["restriction_type", "restricted_person", "scope", "review_in_months"]


def shown(page: Any, name: str) -> bool:
    return page.locator(f'[name="{name}"]').first.is_visible()


def only_shown(page: Any, asked: list[str], others: list[str]) -> None:
    assert [name for name in asked if not shown(page, name)] == []
    assert [name for name in others if shown(page, name)] == []


def errors(page: Any) -> list[str]:
    return page.locator(".govuk-error-summary__list li").all_inner_texts()


def test_the_decision_shows_only_the_chosen_outcomes_questions(checked_page, people):
    """Each outcome, restriction type and scope reveals its own questions; an error keeps every
    answer, even one in a branch no longer chosen, and the branch with the error stays open."""
    case = factories.investigated(escalated_case(people), people["case_officer"])
    page = checked_page.page
    sign_in(checked_page, people["decider"])
    checked_page.goto(f"/cases/{case.reference}/decision/")
    assert heading(checked_page) == "Record the decision"
    only_shown(page, [], [*WARNING, *RESTRICTION, "other_resolution", "legal_advice"])
    for outcome, asked in (
        ("informal-resolution", ["other_resolution"]),
        ("formal-warning", WARNING),
        ("further-action", ["legal_advice"]),
        ("restriction", RESTRICTION),
    ):
        tick(page, "outcome", outcome)
        checked_page.check()
        everything = [*WARNING, *RESTRICTION, "other_resolution", "legal_advice"]
        only_shown(page, asked, [name for name in everything if name not in asked])
        if outcome == "formal-warning":
            fill(page, "warning_behaviour", "Typed while a warning was chosen")

    officer, inbox = "p__named-officer__officer", "p__named-officer__inbox"
    only_shown(page, ["services"], [officer, "p__building-access__buildings"])
    tick(page, "restriction_type", "named-officer")
    checked_page.check()
    only_shown(page, [officer, inbox], ["p__building-access__buildings"])
    tick(page, "scope", "whole-council")
    checked_page.check()
    only_shown(page, ["whole_council_reason"], ["services"])
    tick(page, "scope", "services")
    page.locator(f'[name="{officer}"]').select_option(str(people["case_officer"].pk))
    fill(page, inbox, "housing@example.org")
    page.get_by_role("group", name="Services covered").get_by_label("Housing").check()
    page.get_by_role("button", name="Save the decision").click()
    checked_page.check()

    assert errors(page)[:3] == [
        "Select the members who decided",
        "Confirm that no member took part",
        "Select the behaviour category",
    ]
    only_shown(page, [*RESTRICTION, officer, "services"], WARNING)
    assert page.locator(f'[name="{officer}"]').input_value() == str(people["case_officer"].pk)
    assert page.locator(f'[name="{inbox}"]').input_value() == "housing@example.org"
    tick(page, "outcome", "formal-warning")
    assert page.locator('[name="warning_behaviour"]').input_value() == (
        "Typed while a warning was chosen"
    )
    tick(page, "outcome", "restriction")
    assert shown(page, officer), "the restriction's own choices are still made"

    tick(page, "members", str(people["decider"].pk))
    tick(page, "members", str(people["safety"].pk))
    tick(page, "declaration")
    save_the_decision(checked_page, case)
    restriction = Restriction.objects.get(case=case)
    assert restriction.parameters == {
        "officer": people["case_officer"].pk,
        "inbox": "housing@example.org",
    }
    assert not FormalWarning.objects.filter(case=case).exists()


def test_restricting_at_once_shows_only_the_chosen_types_details(checked_page, people):
    """The line manager picks a type and sees only its details; a missing ground keeps them."""
    case = escalated_case(people)
    page = checked_page.page
    sign_in(checked_page, people["manager"])
    checked_page.goto(f"/cases/{case.reference}/restrict-at-once/")
    assert heading(checked_page) == "Restrict at once"
    buildings = "p__building-access__buildings"
    only_shown(page, ["restriction_type", "scope", "services"], [buildings])
    tick(page, "restriction_type", "building-access")
    checked_page.check()
    only_shown(page, [buildings], ["p__named-officer__officer"])
    fill(page, buildings, "Civic Centre")
    page.get_by_role("button", name="Restrict at once").click()
    checked_page.check()
    assert errors(page)[0] == "Select the ground for restricting at once"
    assert shown(page, buildings)
    assert page.locator(f'[name="{buildings}"]').input_value() == "Civic Centre"


def test_the_review_shows_only_the_chosen_outcomes_questions(checked_page, people):
    """Lift asks nothing more, extend asks the months, vary the months and the new terms."""
    case = restricted_case(people)
    restriction = Restriction.objects.get(case=case)
    assert restriction.review_on is not None
    page = checked_page.page
    with time_machine.travel(datetime.combine(restriction.review_on, time(10, 0), tzinfo=UTC)):
        sign_in(checked_page, people["decider"])
        checked_page.goto(f"/cases/restrictions/{restriction.pk}/review/")
        terms = ["vary_by_months", "term_officer", "term_inbox"]
        only_shown(page, ["reasons"], ["extend_by_months", *terms])
        for outcome, asked in (("lift", []), ("extend", ["extend_by_months"]), ("vary", terms)):
            tick(page, "outcome", outcome)
            checked_page.check()
            everything = ["extend_by_months", *terms]
            only_shown(page, asked, [name for name in everything if name not in asked])
        fill(page, "vary_by_months", "three")
        page.get_by_role("button", name="Record the review").click()
        checked_page.check()
        assert errors(page) == ["Months until the next review must be a whole number"]
        only_shown(page, terms, ["extend_by_months"])
        assert page.locator('[name="vary_by_months"]').input_value() == "three"


def test_without_javascript_every_question_shows(browser, live_server, people):
    """With scripts off, every outcome's questions are on the page and can be answered."""
    case = factories.investigated(escalated_case(people), people["case_officer"])
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(people["manager"].email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/cases/{case.reference}/restrict-at-once/")
    only_shown(page, ["p__building-access__buildings", "whole_council_reason", "services"], [])
    context.close()
