"""The ten most used pages (and the start page), the roles that use them, and where each one's
address comes from in a generated council (bench.council.generate).

Chosen from the roles and the journey in the product spec: frontline officers screen and find
a person, open the customer page and log an incident; line managers work their queue and the
incident page; case officers and decision makers work the case page, the letters and the
correspondence; the health and safety officer keeps the alert register; auditors and the
decision body read the central register.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count

from conduct.accounts.demo import demo_email
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.cases.models import Case, Restriction
from conduct.incidents.models import Incident


@dataclass(frozen=True)
class Page:
    name: str
    roles: tuple[Role, ...]
    address: Callable[[], str]


def busiest_customer() -> str:
    """A customer under a live restriction with many incidents: the heaviest customer page."""
    restricted = Restriction.objects.values("customer_id")
    found = (
        Incident.objects.filter(customer_id__in=restricted)
        .values("customer__reference")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert found is not None, "generate the council first (bench.council.generate)"
    return str(found["customer__reference"])


def customer_page() -> str:
    return f"/customers/{busiest_customer()}/"


def incident_page() -> str:
    """The demo officer's latest incident about a known customer: their line manager and the
    case officers may open it too."""
    officer = demo_user(Role.FRONTLINE_OFFICER)
    incident = (
        Incident.objects.filter(created_by=officer, customer__isnull=False)
        .order_by("-occurred_at")
        .first()
    )
    assert incident is not None
    return f"/incidents/{incident.reference}/"


def case_page() -> str:
    case = Case.objects.filter(restrictions__isnull=False).order_by("-pk").first()
    assert case is not None
    return f"/cases/{case.reference}/"


def search_page() -> str:
    return "/customers/?q=Smith"


def log_form() -> str:
    return f"/incidents/log/?customer={busiest_customer()}"


def fixed(address: str) -> Callable[[], str]:
    return lambda: address


OFFICER, MANAGER = Role.FRONTLINE_OFFICER, Role.LINE_MANAGER
CASE_OFFICER, DECIDER = Role.CASE_OFFICER, Role.DECISION_MAKER
SAFETY, AUDITOR = Role.HEALTH_AND_SAFETY_OFFICER, Role.AUDITOR
PAGES = [
    Page("start page", (OFFICER, MANAGER, CASE_OFFICER), fixed("/")),
    Page("customer page", (OFFICER, MANAGER, CASE_OFFICER), customer_page),
    Page("customer search", (OFFICER, CASE_OFFICER), search_page),
    Page("log an incident form", (OFFICER,), log_form),
    Page("incident page", (OFFICER, MANAGER, CASE_OFFICER), incident_page),
    Page("informal queue", (MANAGER,), fixed("/incidents/team/")),
    Page("case page", (CASE_OFFICER, DECIDER), case_page),
    Page("central register", (DECIDER, AUDITOR), fixed("/cases/register/")),
    Page("alert register", (SAFETY, MANAGER), fixed("/alerts/")),
    Page("letters list", (CASE_OFFICER,), fixed("/letters/")),
    Page("correspondence list", (CASE_OFFICER,), fixed("/contacts/")),
]


def demo_user(role: Role) -> User:
    return User.objects.get(email=demo_email(role))
