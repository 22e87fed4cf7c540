"""The hooks lower apps offer are filled by the apps above them, in the order the pages
had when customers and core imported those apps themselves."""

from conduct.accounts import api as staff_api
from conduct.alerts import api as alerts_api
from conduct.alerts.bar import MARKERS
from conduct.alerts.timeline import marker_entries
from conduct.api.api import api
from conduct.api.endpoints import audit_router, me_router
from conduct.cases import api as cases_api
from conduct.cases import escalation as case_escalation
from conduct.cases.history import formal_warnings, restrictions
from conduct.cases.timeline import case_entries
from conduct.contacts import api as contacts_api
from conduct.contacts.timeline import contact_entries
from conduct.core import start_page
from conduct.customers import api as customers_api
from conduct.customers import identity, timeline
from conduct.customers.pack_checks import unknown_adjustment_kinds
from conduct.incidents import api as incidents_api
from conduct.incidents import escalation, history
from conduct.incidents.models import Incident
from conduct.incidents.signals import incident_logged
from conduct.incidents.timeline import (
    action_entries,
    incident_entries,
    staff_for_links,
    warning_entries,
)
from conduct.letters import api as letters_api
from conduct.letters.timeline import letter_entries
from conduct.office.start_page import headings_for, start_page_for
from conduct.policy.references import ADDED
from conduct.screening import api as screening_api
from conduct.screening.bar import RESTRICTIONS
from conduct.visits import api as visits_api
from conduct.webhooks import api as webhooks_api


def test_the_timeline_reads_each_kind_in_its_order() -> None:
    """Paged kinds: incidents, informal warnings, actions, then the record's changes; the
    few: cases, letters, markers, contacts (the order breaks ties at the same moment)."""
    assert [kind.entries for kind in timeline.many()] == [
        incident_entries,
        warning_entries,
        action_entries,
        timeline.change_entries,
    ]
    assert [case_entries, letter_entries, marker_entries, contact_entries] == timeline.FEW


def test_office_serves_the_start_pages_core_shows() -> None:
    """Core's start page and the help page ask office what they show."""
    assert start_page.served == [start_page.StartPages(start_page_for, headings_for)]


def test_customers_adds_its_check_to_every_pack_loaded() -> None:
    """A pack naming an unknown kind of adjustment is refused by the check customers adds."""
    assert unknown_adjustment_kinds in ADDED


def test_the_identity_bar_shows_markers_then_restrictions() -> None:
    """Alerts and screening each add their part of the bar; markers come first."""
    assert [part.name for part in identity.PARTS] == ["alerts", "restrictions"]
    assert identity.PARTS == [MARKERS, RESTRICTIONS]


def test_incidents_logged_reach_the_alerts_listener() -> None:
    """Logging an incident proposes the pack's mandatory markers through the signal."""
    assert incident_logged.has_listeners(Incident)


def test_the_incident_page_history_adds_formal_warnings_then_restrictions() -> None:
    """Cases adds its records to the customer's history on the incident page, in order."""
    assert [formal_warnings, restrictions] == history.ADDED


def test_the_api_mounts_every_router_in_its_order_screening_first() -> None:
    """The apps above api offer their routers; the API mounts them as it always has."""
    expected = [
        ("", screening_api.router),
        ("", me_router),
        ("", audit_router),
        ("/customers", customers_api.router),
        ("/incidents", incidents_api.router),
        ("/cases", cases_api.router),
        ("/letters", letters_api.router),
        ("/alerts", alerts_api.router),
        ("/contacts", contacts_api.router),
        ("/visits", visits_api.router),
        ("/staff", staff_api.router),
        ("/webhooks", webhooks_api.router),
    ]
    mounted = [entry for entry in api._routers if entry in expected]  # not nested routers
    assert expected == mounted


def test_escalated_incidents_go_to_the_cases_app() -> None:
    """The informal stage escalates through incidents' desk, which cases staffs."""
    assert escalation.desk() is case_escalation.DESK


def test_the_timeline_readies_incident_links_for_every_kind_at_once() -> None:
    """Incidents, informal warnings and actions all link to an incident: its staff are read
    once for all of them."""
    assert [staff_for_links] == timeline.LINK_PREPARATIONS
