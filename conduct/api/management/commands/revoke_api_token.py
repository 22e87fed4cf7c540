"""Stop an API token working at once, found by the prefix shown when it was created."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from conduct.api import services
from conduct.api.models import ApiToken
from conduct.core.refusals import Refusal


class Command(BaseCommand):
    help = "Revoke an API token by its prefix (the part after 'cdt_')."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("prefix", help="The token's prefix, e.g. 'a1b2c3d4'")

    def handle(self, *args: Any, **options: Any) -> None:
        prefix = options["prefix"].removeprefix("cdt_").split("_")[0]
        token = ApiToken.objects.filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"There is no API token with the prefix {prefix}.")
        try:
            services.revoke_api_token(token, by=None)
        except Refusal as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Revoked API token {token}.")
