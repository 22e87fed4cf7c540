"""Load every policy pack file in policies/, putting the deployment's pack in force."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conduct.policy.errors import PolicyPackError
from conduct.policy.services import active_pack, load_policy_packs


class Command(BaseCommand):
    help = (
        "Check and load every policy pack file (TOML) in a directory, policies/ unless "
        "given. Files already loaded change nothing. If no pack is in force, the one "
        "named by the POLICY_PACK setting is put in force."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--directory",
            default=str(settings.POLICY_DIR),
            help="the directory of pack files (default: policies/)",
        )

    def handle(self, *args: Any, directory: str, **options: Any) -> None:
        try:
            added = load_policy_packs(Path(directory), by=None, in_force=settings.POLICY_PACK)
        except PolicyPackError as error:
            raise CommandError(str(error)) from error
        for pack in added:
            self.stdout.write(f"Loaded policy pack {pack} ({pack.title}).")
        if not added:
            self.stdout.write("Every policy pack file was already loaded.")
        self.stdout.write(f"In force: {active_pack()}.")
