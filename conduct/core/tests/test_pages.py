"""Every page names its permission; each role sees its own start page; errors are GOV.UK pages."""

import pytest
from bs4 import BeautifulSoup
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent
from conduct.office.start_page import SECTIONS, TOOLS

pytestmark = pytest.mark.django_db


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_page_names_a_permission_or_says_why_it_is_public():
    """No view slips through without `requires` or `public`; the API checks its own tokens."""
    unguarded = [
        route
        for route, view in walk(get_resolver().url_patterns)
        if not route.startswith("api/v1/")
        and not hasattr(view, "required_permission")
        and not hasattr(view, "public_because")
    ]
    assert unguarded == []


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_a_start_page_saying_what_will_appear(client, make_staff, sign_in, role):
    """Every role lands on a page with its own sections, and only those: with nothing waiting,
    each is named in the one list of what was checked, and its tools have their own headings."""
    sign_in(make_staff(role))
    page = BeautifulSoup(client.get("/").content, "html.parser")
    main = page.main  # the footer has its own (hidden) heading
    assert main is not None
    headings = {h2.get_text(" ", strip=True) for h2 in main.find_all("h2")}
    checked = {li.get_text(strip=True) for li in main.select(".govuk-details li")}
    assert checked == {section.heading for section in SECTIONS if role in section.roles}
    assert {tool.heading for tool in TOOLS if role in tool.roles} <= headings


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        (Role.FRONTLINE_OFFICER, "core:audit_trail", 403),
        (Role.FRONTLINE_OFFICER, "accounts:staff", 403),
        (Role.CASE_OFFICER, "policy:active_pack", 200),
        (Role.LINE_MANAGER, "core:start", 200),
    ],
)
def test_pages_answer_by_role(client, make_staff, sign_in, role, url, status):
    """A role without the permission gets the GOV.UK 403 page, not a redirect loop."""
    sign_in(make_staff(role))
    response = client.get(reverse(url))
    assert response.status_code == status
    if status == 403:
        assert "You do not have permission to see this page" in response.content.decode()


def test_people_not_signed_in_are_sent_to_sign_in(client):
    """Any protected page redirects to the sign-in page with a way back."""
    response = client.get(reverse("core:audit_trail"))
    assert response.status_code == 302
    assert response.url == "/sign-in/?next=/audit-trail/"


def test_unknown_addresses_get_the_gov_uk_not_found_page(client):
    """404s are styled pages with one h1 (the page checks run on them too)."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_audit_trail_records_that_it_was_read(client, make_staff, sign_in):
    """Looking at the audit trail is itself an audit event, and the page lists events as sentences."""
    auditor = sign_in(make_staff(Role.AUDITOR))
    response = client.get(reverse("core:audit_trail"))
    assert response.status_code == 200
    assert f"Conduct added {auditor.email} with roles Auditor" in response.content.decode()
    assert AuditEvent.objects.filter(verb="core.audit_trail_viewed", actor=auditor).exists()


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        ("server_error", 500, "Sorry, there is a problem with the service"),
        ("bad_request", 400, "Sorry, there is a problem with that request"),
        ("forbidden", 403, "You do not have permission to see this page"),
        ("not_found", 404, "Page not found"),
    ],
)
def test_error_pages_are_gov_uk_pages_even_without_a_session(rf, handler, status, heading):
    """Error handlers render the layout with no signed-in person and pass the page checks."""
    from conduct.core import views
    from conduct.core.page_checks import problems

    request = rf.get("/broken/")
    response = getattr(views, handler)(request)
    body = response.content.decode()
    assert response.status_code == status
    assert heading in body and problems(body) == []


def test_a_line_manager_sees_how_many_team_incidents_wait(client, make_staff, sign_in):
    """The start page counts what is waiting and links to the queue."""
    from conduct.accounts.services import set_line_manager
    from conduct.incidents.tests.factories import incident

    manager = sign_in(make_staff(Role.LINE_MANAGER))
    officer = make_staff(Role.FRONTLINE_OFFICER)
    set_line_manager(officer, manager, by=None)
    incident(officer)
    body = client.get("/").content.decode()
    assert "1 incident is waiting for you to review." in body
    assert reverse("incidents:team") in body
