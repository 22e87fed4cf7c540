"""The decision, immediate restriction, review and appeal pages ask each choice's own questions
under that choice (GOV.UK conditional reveal), keep every answer on error, and check only the
questions the choices made ask."""

import pytest
from bs4 import BeautifulSoup, Tag
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.cases.appeals import assign_appeals_officer, lodge_appeal
from conduct.cases.forms_decisions import DecisionForm
from conduct.cases.models import Appeal
from conduct.cases.tests import factories
from conduct.cases.tests.factories_reviews import restriction
from conduct.cases.tests.test_decisions_views import decision_post, page

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def one(html: Tag, selector: str) -> Tag:
    found = html.select_one(selector)
    assert found is not None, f"nothing matches {selector}"
    return found


def choice(name: str, value: str) -> str:
    return f'input[name="{name}"][value="{value}"]'


def reveal(html: Tag, name: str, value: str) -> Tag:
    """The follow-on questions a choice asks (shown by reveal.js only while it is chosen)."""
    one(html, choice(name, value))
    return one(html, f'.conduct-reveal[data-reveal-name="{name}"][data-reveal-value="{value}"]')


def names_in(block: Tag) -> set[str]:
    return {str(tag["name"]) for tag in block.select("[name]")}


def is_open(html: Tag, name: str, value: str) -> bool:
    """The choice is made, so its questions show (reveal.js) and its block is in the page."""
    reveal(html, name, value)
    return html.select_one(choice(name, value) + "[checked]") is not None


def value_of(html: Tag, name: str) -> str:
    field = one(html, f'[name="{name}"]')
    return field.get_text() if field.name == "textarea" else str(field.get("value"))


def summary(html: Tag) -> list[str]:
    return [li.get_text(strip=True) for li in html.select(".govuk-error-summary__list li")]


@pytest.fixture
def ready(make_staff):
    """A case ready for the panel's decision, and the panel signed in."""
    manager = make_staff(Role.LINE_MANAGER)
    case = factories.investigated(factories.warned_case(manager), make_staff(Role.CASE_OFFICER))
    return case, factories.panel()


def test_each_outcome_asks_only_its_own_questions(client, sign_in, ready):
    """Each outcome's questions sit in its own closed reveal; a restriction's type asks its own
    details, and its scope asks which services or why the whole council."""
    case, members = ready
    sign_in(members[0])
    html = soup(client.get(page("record_decision", case)))
    warning = reveal(html, "outcome", "formal-warning")
    assert names_in(warning) == {
        "warning_behaviour",
        "single_point_of_contact",
        "monitoring_months",
    }
    assert names_in(reveal(html, "outcome", "further-action")) == {"legal_advice"}
    restricting = reveal(html, "outcome", "restriction")
    assert {"restriction_type", "scope", "services", "p__named-officer__officer"} <= names_in(
        restricting
    )
    assert not is_open(html, "outcome", "formal-warning")
    assert names_in(reveal(html, "restriction_type", "named-officer")) == {
        "p__named-officer__officer",
        "p__named-officer__inbox",
    }
    assert names_in(reveal(html, "scope", "whole-council")) == {"whole_council_reason"}
    assert is_open(html, "scope", "services"), "named services is the usual scope"


def test_without_javascript_every_question_is_on_the_page(client, sign_in, ready):
    """GOV.UK Frontend hides a reveal only once its script runs; every field is in the page."""
    case, members = ready
    sign_in(members[0])
    response = client.get(page("record_decision", case))
    named = names_in(soup(response))
    fields = set(DecisionForm(case=case).fields)
    assert fields <= named, fields - named
    assert not reveal(soup(response), "outcome", "restriction").has_attr("hidden")
    assert "aria-expanded" not in response.content.decode()


def test_an_error_keeps_every_answer_and_opens_its_branch(client, sign_in, ready):
    """A restriction without reasons: the summary names only what the restriction asks; the
    warning's months typed before changing outcome stay on the page, unchecked."""
    case, members = ready
    sign_in(members[0])
    data = decision_post(
        members,
        reasons="",
        monitoring_months="abc",
        warning_behaviour="Typed before choosing a restriction",
        **{"p__named-officer__inbox": "housing@example.org"},
    )
    html = soup(client.post(page("record_decision", case), data))
    assert summary(html) == ["Enter the reasons for the decision"]
    assert is_open(html, "outcome", "restriction")
    assert is_open(html, "restriction_type", "named-officer")
    assert value_of(html, "monitoring_months") == "abc"
    assert "Typed before choosing a restriction" in value_of(html, "warning_behaviour")
    assert value_of(html, "p__named-officer__inbox") == "housing@example.org"
    chosen = one(html, 'input[name="restriction_type"][checked]')
    assert chosen["value"] == "named-officer"


def test_the_error_summary_follows_the_page(client, sign_in, ready):
    """With nothing answered, the summary lists the problems in the order the page asks."""
    case, members = ready
    sign_in(members[0])
    html = soup(client.post(page("record_decision", case), {}))
    links = [str(a["href"]).lstrip("#") for a in html.select(".govuk-error-summary__list a")]
    on_page = [str(tag["id"]) for tag in html.select("[id]") if tag["id"] in links]
    assert links == on_page
    assert links[:3] == ["id_members", "id_declaration", "id_outcome"]


def test_an_error_in_an_outcome_branch_shows_with_the_branch_open(client, sign_in, ready):
    """A warning's monitoring period that is not a number: named in the summary, branch open."""
    case, members = ready
    sign_in(members[0])
    data = decision_post(members, outcome="formal-warning", monitoring_months="abc")
    html = soup(client.post(page("record_decision", case), data))
    assert summary(html) == ["Enter a whole number."] or any(
        "number" in line for line in summary(html)
    )
    assert is_open(html, "outcome", "formal-warning")
    assert not is_open(html, "outcome", "restriction")


def test_the_immediate_restriction_page_reveals_each_types_details(client, sign_in, make_staff):
    """Restricting at once: each type's details and each scope's question sit under the choice."""
    manager = make_staff(Role.LINE_MANAGER)
    case = factories.warned_case(manager)
    sign_in(manager)
    html = soup(client.get(page("impose_immediate_restriction", case)))
    assert names_in(reveal(html, "restriction_type", "building-access")) == {
        "p__building-access__buildings",
        "p__building-access__access",
    }
    assert not is_open(html, "restriction_type", "building-access")
    assert names_in(reveal(html, "scope", "whole-council")) == {"whole_council_reason"}
    text = html.get_text(" ")
    assert "senior-officer-panel" not in text and "senior officer panel" not in text
    assert "by: Senior officer panel" in " ".join(text.split())


def test_the_review_asks_months_only_to_extend_or_vary(client, sign_in, make_staff):
    """Lift asks nothing more; extend asks the months; vary the months and the new terms."""
    sign_in(make_staff(Role.DECISION_MAKER))
    item = restriction()
    url = reverse("cases:complete_review", args=[item.pk])
    html = soup(client.get(url))
    assert names_in(reveal(html, "outcome", "extend")) == {"extend_by_months"}
    assert names_in(reveal(html, "outcome", "vary")) == {
        "vary_by_months",
        "term_officer",
        "term_inbox",
    }
    assert html.select_one('[data-reveal-value="lift"]') is None
    kept = soup(client.post(url, {"outcome": "vary", "vary_by_months": "x", "reasons": "Why"}))
    assert summary(kept) == ["Months until the next review must be a whole number"]
    assert is_open(kept, "outcome", "vary")
    officer = str(item.parameters["officer"])
    answer = {"outcome": "vary", "vary_by_months": "2", "reasons": "Why", "term_officer": officer}
    response = client.post(url, answer)
    assert response.status_code == 302, summary(soup(response))
    item.refresh_from_db()
    assert item.reviews.filter(outcome="vary").count() == 1


def test_the_appeal_decision_asks_for_new_terms_only_to_vary(client, sign_in, make_staff):
    """The restrictions' details sit under "Vary"; confirm and quash ask nothing more."""
    item = restriction()
    officer = make_staff(Role.CASE_OFFICER)
    appeals = make_staff(Role.APPEALS_OFFICER)
    appeal = lodge_appeal(
        item.case, item.decision, by=officer, received_on=timezone.localdate(), grounds="Unfair."
    )
    assign_appeals_officer(appeal, by=officer, officer=appeals)
    sign_in(appeals)
    html = soup(client.get(reverse("cases:decide_appeal", args=[appeal.pk])))
    assert names_in(reveal(html, "outcome", Appeal.Outcome.VARY)) == {
        f"term_{item.pk}_officer",
        f"term_{item.pk}_inbox",
    }


def test_text_left_under_another_outcome_is_not_recorded(client, sign_in, ready):
    """Typed under "Resolve it informally", then a restriction chosen: only the restriction's
    answers are recorded."""
    case, members = ready
    sign_in(members[0])
    data = decision_post(
        members,
        other_resolution="Typed before choosing a restriction",
        legal_advice="Typed under further action",
        restriction_legal_advice="Advice on this restriction",
    )
    assert client.post(page("record_decision", case), data).status_code == 302
    made = case.decisions.get()
    assert made.other_resolution == ""
    assert made.legal_advice == "Advice on this restriction"
