"""Load the demo data `make run` shows. Running it again changes nothing."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conduct.accounts import demo as accounts_demo
from conduct.alerts import demo as alerts_demo
from conduct.cases import demo as cases_demo
from conduct.contacts import demo as contacts_demo
from conduct.council import demo as council_demo
from conduct.customers import demo as customers_demo
from conduct.incidents import demo as incidents_demo
from conduct.letters import demo as letters_demo
from conduct.policy import demo as policy_demo
from conduct.screening import demo as screening_demo
from conduct.visits import demo as visits_demo


class Command(BaseCommand):
    help = "Load demo staff, policy packs, customers, incidents and cases (demo mode only; idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is loaded only in demo mode (make run).")
        staff = accounts_demo.load()
        packs = policy_demo.load()
        council_demo.load()  # a fictional council with every contact route (conduct/council)
        customers = customers_demo.load()
        incidents = incidents_demo.load()
        cases = cases_demo.load()
        alerts_demo.load()  # warning markers in every state (conduct/alerts/demo.py)
        contacts_demo.load()  # calls, visits and routed emails, a read-and-file queue
        letters_demo.load()  # letters issued, held at reception, approved and drafted
        screening_demo.load()  # every demo customer in the screening index
        visits_demo.load()  # a home visit that needs a second officer (conduct/visits/demo.py)
        self.stdout.write(
            f"Demo data added: {len(staff)} staff, {len(packs)} policy packs, "
            f"{len(customers)} customers, {len(incidents)} incidents, {len(cases)} cases."
        )
