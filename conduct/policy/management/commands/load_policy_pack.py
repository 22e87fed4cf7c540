"""Load a policy pack file as a new version, and optionally put it in force."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from conduct.policy.errors import PolicyPackError
from conduct.policy.services import load_policy_pack


class Command(BaseCommand):
    help = (
        "Check and load a policy pack file (TOML). Loading the same file again changes "
        "nothing; an edited pack needs a new pack.version."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="the pack file, such as policies/model.toml")
        parser.add_argument(
            "--activate", action="store_true", help="put this version in force once loaded"
        )

    def handle(self, *args: Any, path: str, activate: bool, **options: Any) -> None:
        try:
            pack = load_policy_pack(path, by=None, activate=activate)
        except PolicyPackError as error:
            raise CommandError(str(error)) from error
        state = "in force" if pack.is_active else "loaded, not in force"
        self.stdout.write(f"Policy pack {pack} ({pack.title}) is {state}.")
