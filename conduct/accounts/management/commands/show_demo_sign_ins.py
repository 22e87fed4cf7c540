"""Print the demo sign-ins: one member of staff per role."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conduct.accounts import demo


class Command(BaseCommand):
    help = "Print the demo staff sign-ins (demo mode only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo sign-ins exist only in demo mode (make run).")
        self.stdout.write(f"\nDemo sign-ins (password for all: {demo.DEMO_PASSWORD})\n")
        for sign_in in demo.sign_ins():
            line = f"  {sign_in.role.label:<34} {sign_in.email}"
            if sign_in.totp_secret:
                line += f"\n  {'':<34} two-factor secret {sign_in.totp_secret}"
                line += f"\n  {'':<34} current code: make totp EMAIL={sign_in.email}"
            self.stdout.write(line)
        self.stdout.write("")
