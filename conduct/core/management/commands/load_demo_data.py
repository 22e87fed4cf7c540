"""Load the demo data `make run` shows. Running it again changes nothing."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conduct.accounts import demo as accounts_demo
from conduct.policy import demo as policy_demo


class Command(BaseCommand):
    help = "Load demo staff and the model policy pack (demo mode only; idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is loaded only in demo mode (make run).")
        staff = accounts_demo.load()
        packs = policy_demo.load()
        self.stdout.write(f"Demo data: {len(staff)} staff and {len(packs)} policy packs added.")
