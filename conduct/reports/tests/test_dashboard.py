"""The oversight dashboard: every figure on a council worked out by hand (factories_dashboard),
the list each figure links to, the rows with names and dates, who may see it, and that each
read is audited."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.cases.register import Filters, entries
from conduct.cases.tests.factories_reviews import restriction
from conduct.core.models import AuditEvent
from conduct.reports.dashboard import Section, dashboard
from conduct.reports.tests.factories_dashboard import council

pytestmark = pytest.mark.django_db

MAY_SEE = [
    Role.LINE_MANAGER,
    Role.DECISION_MAKER,
    Role.HEALTH_AND_SAFETY_OFFICER,
    Role.COMPLAINTS_AND_CUSTOMER_SERVICES,
    Role.AUDITOR,
]
MAY_NOT = [Role.FRONTLINE_OFFICER, Role.CASE_OFFICER, Role.APPEALS_OFFICER, Role.ADMINISTRATOR]

# Worked out by hand in factories_dashboard.council's docstring.
COUNTS = {
    "safeguarding": {"emails_open": 1, "emails_recent": 2, "incidents_open": 1,
                     "incidents_recent": 2},
    "reviews": {"overdue": 1, "due": 1},
    "appeals": {"overdue": 1, "open": 2},
    "ratification": {"waiting": 1, "late": 0},
    "to_tell": {"all": 2, "decision": 1, "review": 1, "appeal": 0, "ratification": 0},
    "read_and_file": {"waiting": 3, "under_7_days": 1, "7_to_28_days": 1, "over_28_days": 1},
    "in_force": {
        "restrictions": 4,
        "restriction_type:named-officer": 2,
        "restriction_type:written-only": 1,
        "restriction_type:building-access": 1,
        "restriction_service:housing": 3,
        "restriction_service:council-tax": 2,
        "markers": 3,
        "marker_type:threats": 2,
        "marker_type:dangerous-animals": 1,
        "markers_person": 2,
        "markers_premises": 1,
    },
}  # fmt: skip

REGISTER = "/cases/register/?"
LINKS = {
    ("reviews", "overdue"): REGISTER + "kind=review&due=overdue",
    ("reviews", "due"): REGISTER + "kind=review&due=due",
    ("appeals", "overdue"): REGISTER + "kind=appeal&due=overdue",
    ("appeals", "open"): REGISTER + "kind=appeal&status=open",
    ("ratification", "waiting"): REGISTER + "kind=restriction&ratification=awaiting",
    ("to_tell", "all"): REGISTER + "told=no",
    ("to_tell", "review"): REGISTER + "kind=review&told=no",
    ("in_force", "restrictions"): REGISTER + "kind=restriction&status=active",
    ("in_force", "restriction_type:named-officer"): REGISTER
    + "kind=restriction&status=active&type=named-officer",
    ("in_force", "restriction_service:housing"): REGISTER
    + "kind=restriction&status=active&service=housing",
    ("in_force", "markers"): "/alerts/?status=live",
    ("in_force", "marker_type:threats"): "/alerts/?status=live&category=threats",
    ("in_force", "markers_premises"): "/alerts/?status=live&subject=premises",
    ("read_and_file", "over_28_days"): "/contacts/#read-and-file",
    ("safeguarding", "emails_open"): "/contacts/#surfaced",
    ("safeguarding", "incidents_open"): "/reports/#safeguarding-incidents",
}


@pytest.fixture
def town():
    return council()


def by_key(sections: list[Section]) -> dict[str, Section]:
    return {section.key: section for section in sections}


def test_sections_come_most_urgent_first(town):
    """Safeguarding, then what is late, then what is waiting, then what is in force."""
    assert [s.key for s in dashboard()] == [
        "safeguarding", "reviews", "appeals", "ratification", "to_tell", "read_and_file",
        "in_force",
    ]  # fmt: skip


def test_every_figure_is_the_hand_worked_count(town):
    """Each section's counts are those worked out by hand, and nothing else is counted."""
    found = {s.key: {f.key: f.count for f in s.figures} for s in dashboard()}
    assert found == COUNTS


def test_figures_link_to_the_list_behind_them(town):
    """Each figure's link is the register with its filters set, or the list page that holds it."""
    sections = by_key(dashboard())
    links = {(key, f.key): f.href for key, s in sections.items() for f in s.figures}
    assert {place: links[place] for place in LINKS} == LINKS


# Figures that link to a wider list than themselves: those past the date to ratify (the
# register lists every one waiting), and duties about a decision or a ratification (a
# decision's entries are its warning and restrictions, listed with every kind still to tell).
WIDER = {("ratification", "late"), ("to_tell", "decision"), ("to_tell", "ratification")}


def test_the_register_behind_a_figure_lists_as_many_entries(town):
    """Following a register link gives the same number of entries as the figure says."""
    for section in dashboard():
        for figure in section.figures:
            if figure.href.startswith(REGISTER) and (section.key, figure.key) not in WIDER:
                query = QueryDict(figure.href.removeprefix(REGISTER))
                assert len(entries(Filters.from_query(query))) == figure.count, figure


def test_pack_names_and_services_are_shown_never_ids(town):
    """Restriction types carry the pack's own names; services their names."""
    labels = {f.key: f.label for f in by_key(dashboard())["in_force"].figures}
    assert (
        labels["restriction_type:named-officer"] == "Contact through a named officer or one inbox"
    )
    assert labels["restriction_type:written-only"] == "Written contact only"
    assert labels["restriction_type:building-access"] == "Restricted access to council buildings"
    assert labels["restriction_service:council-tax"] == "Covering Council tax"
    assert labels["marker_type:dangerous-animals"] == "Dangerous animals"
    assert by_key(dashboard())["in_force"].notes == [
        "1 restriction covers the whole council, so it counts under every service."
    ]


def rows(section: Section) -> list[tuple[str, object, object]]:
    return [(row.customer, row.on, row.days) for row in section.rows]


def test_reviews_appeals_and_ratification_list_names_and_dates(town):
    """Reviews overdue then due (not Cat's in 40 days, not Eve's lifted one), appeals overdue
    first, and the immediate restriction with how long it has waited."""
    today = town.today
    sections = by_key(dashboard())
    assert rows(sections["reviews"]) == [
        ("Ann Able", today - timedelta(days=5), 5),
        ("Bob Best", today + timedelta(days=10), 0),
    ]
    assert rows(sections["appeals"]) == [
        ("Ann Able", today - timedelta(days=2), 2),
        ("Bob Best", today + timedelta(days=8), 0),
    ]
    assert rows(sections["ratification"]) == [("Dan Dale", today + timedelta(days=2), 3)]
    assert [row.reference for row in sections["reviews"].rows] == [
        town.restrictions["ann"].case.reference,
        town.restrictions["bob"].case.reference,
    ]


def test_customers_to_tell_say_why_not_where_recorded(town):
    """Bob about the decision, Ann about her review; no letter is drafted for either yet."""
    section = by_key(dashboard())["to_tell"]
    assert [(row.customer, row.what, row.note) for row in section.rows] == [
        ("Bob Best", "The decision", "No letter drafted yet"),
        ("Ann Able", "The review outcome", "No letter drafted yet"),
    ]


def test_read_and_file_backlog_and_safeguarding_times(town):
    """The oldest read-and-file email is 40 days old; safeguarding medians are 2 and 3 hours;
    the incident not yet acted on is listed."""
    sections = by_key(dashboard())
    assert sections["read_and_file"].oldest_on == town.today - timedelta(days=40)
    medians = {m.key: m.hours for m in sections["safeguarding"].medians}
    assert medians == {"emails": 2.0, "incidents": 3.0}
    assert [row.reference for row in sections["safeguarding"].rows] == [
        town.incidents["waiting"].reference
    ]


def test_lists_are_cut_at_the_rows_asked_for(town):
    """`rows` cuts each list; the counts stay whole."""
    sections = by_key(dashboard(rows=1))
    assert len(sections["reviews"].rows) == 1
    assert {f.key: f.count for f in sections["reviews"].figures} == COUNTS["reviews"]


# The page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", MAY_SEE)
def test_overseers_see_the_page_and_each_read_is_audited(client, make_staff, sign_in, role, town):
    """Line managers, decision makers, health and safety, complaints and the auditor see it;
    the read is on the audit trail."""
    user = sign_in(make_staff(role))
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Oversight dashboard" in page and "Ann Able" in page and "Dan Dale" in page
    read = AuditEvent.objects.filter(verb="reports.dashboard_viewed").get()
    assert read.actor_id == user.pk and read.payload["via"] == "on its page"


@pytest.mark.parametrize("role", MAY_NOT)
def test_others_are_refused(client, make_staff, sign_in, role):
    """Frontline and case officers, appeals officers and administrators get 403, unaudited."""
    sign_in(make_staff(role))
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert not AuditEvent.objects.filter(verb="reports.dashboard_viewed").exists()


def test_signed_out_goes_to_sign_in(client):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_figures_link_only_where_the_person_may_open_the_list(client, make_staff, sign_in, town):
    """The auditor may open the central register, so its figures are links; a line manager
    may not, so they read the same figures as text, never a link to a 403."""
    sign_in(make_staff(Role.AUDITOR))
    link = 'href="/cases/register/?kind=review&amp;due=overdue"'
    assert link in client.get(reverse("reports:dashboard")).content.decode()
    sign_in(make_staff(Role.LINE_MANAGER))
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert link not in page and "Reviews overdue" in page


def test_the_page_does_not_creep_with_the_rows(
    client, make_staff, sign_in, town, django_assert_max_num_queries
):
    """The figures are a fixed handful of aggregate queries: five more restrictions in force
    (and their reviews) add none."""
    sign_in(make_staff(Role.AUDITOR))
    client.get(reverse("reports:dashboard"))  # the process's first read of the packs
    with django_assert_max_num_queries(QUERIES) as before:
        client.get(reverse("reports:dashboard"))
    for _ in range(5):
        restriction()
    with django_assert_max_num_queries(QUERIES) as after:
        client.get(reverse("reports:dashboard"))
    assert len(after.captured_queries) == len(before.captured_queries)


QUERIES = 30  # the session, the person, the audit write, the figures and lists, the packs
