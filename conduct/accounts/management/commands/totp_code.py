"""Print the current two-factor code of a demo staff member."""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current security code for a demo sign-in (demo mode only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Codes are printed only in demo mode (make run).")
        device = TOTPDevice.objects.filter(user__email=options["email"], confirmed=True).first()
        if device is None:
            raise CommandError(f"{options['email']} has no authenticator app set up.")
        self.stdout.write(current_code(device))


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
