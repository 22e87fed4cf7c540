"""What each role must not see on the pages it may open (design principle 5: need to know).

One customer's file holds a marker (handling instructions and restricted detail), an incident
with a narrative and a safeguarding concern, a safeguarding note, a case with an appeal, and
an email routed to no one in particular. Each role opens every page about it that it may; the
table says which pieces of the file it sees, and every other piece must be absent.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts.tests.factories import HANDLING, SECRET, live_person_marker
from conduct.cases.appeals import lodge_appeal
from conduct.cases.models import Case
from conduct.cases.services import open_case
from conduct.cases.tests.factories_reviews import decision
from conduct.contacts.tests import factories as contacts
from conduct.customers.services import add_safeguarding_note
from conduct.incidents.tests import factories as incidents

pytestmark = pytest.mark.django_db
R = Role

SECRETS = {
    "handling": HANDLING,
    "restricted detail": SECRET,
    "narrative": "Threw a chair across the waiting area",
    "incident safeguarding detail": "Said they would hurt themselves tonight",
    "safeguarding note": "Lives with a vulnerable adult who relies on them",
    "email": "Rent arrears letter again",
    "appeal": "The officer provoked them, the customer says",
}
# What each role sees of the file, on the pages it may open; everything else must be absent.
SEES = {
    R.FRONTLINE_OFFICER: {"handling"},
    R.LINE_MANAGER: {"handling", "safeguarding note", "appeal"},
    R.CASE_OFFICER: set(SECRETS) - {"restricted detail"},
    R.DECISION_MAKER: set(SECRETS) - {"restricted detail"},
    R.HEALTH_AND_SAFETY_OFFICER: {
        "handling",
        "narrative",
        "incident safeguarding detail",
        "safeguarding note",
        "appeal",
    },
    R.COMPLAINTS_AND_CUSTOMER_SERVICES: {"handling", "email"},
    R.APPEALS_OFFICER: {"handling", "appeal"},
    R.AUDITOR: {"handling", "narrative", "email", "appeal"},
    R.ADMINISTRATOR: {"handling"},
    R.DATA_PROTECTION_OFFICER: {"handling"},
}


@pytest.fixture
def file():
    """The customer's file, built through the services; the incident logged by someone else."""
    customer = contacts.customer("sam@example.org")
    logger = staff_member(R.FRONTLINE_OFFICER)
    incident = incidents.incident(
        logger,
        customer=customer,
        unknown_person_description="",
        what_happened=SECRETS["narrative"],
        safeguarding_concern=True,
        safeguarding_detail=SECRETS["incident safeguarding detail"],
    )
    add_safeguarding_note(customer, note=SECRETS["safeguarding note"], by=None)
    marker = live_person_marker(customer)
    case = open_case(customer, incidents=[incident], reason="Repeated abuse", by=logger)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DECIDED)
    case.refresh_from_db()
    made = decision(case)
    lodge_appeal(
        case,
        made,
        by=staff_member(R.CASE_OFFICER),
        received_on=timezone.localdate(),
        grounds=SECRETS["appeal"],
    )
    message = contacts.receive(contacts.email("sam@example.org", subject=SECRETS["email"]))
    return [
        reverse("customers:detail", args=[customer.reference]),
        reverse("contacts:customer_contacts", args=[customer.reference]),
        reverse("contacts:message", args=[message.pk]),
        reverse("incidents:detail", args=[incident.reference]),
        reverse("alerts:marker", args=[marker.reference]),
        reverse("cases:detail", args=[case.reference]),
    ]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_only_its_part_of_the_file(client, sign_in, file, role):
    """On every page about the customer the role may open, each piece of the file it must not
    see is absent, and each piece it needs appears on at least one of them."""
    sign_in(staff_member(role))
    opened = {}
    for url in file:
        response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        if response.status_code == 200:
            opened[url] = response.content.decode()
    for name, text in SECRETS.items():
        shown_on = [url for url, page in opened.items() if text in page]
        if name in SEES[role]:
            assert shown_on, f"{role.label} should see the {name}"
        else:
            assert not shown_on, f"{role.label} sees the {name} on {shown_on}"
