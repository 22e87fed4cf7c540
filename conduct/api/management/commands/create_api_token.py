"""Issue an API token for another system, acting as a named member of staff."""

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from conduct.accounts.models import User
from conduct.api import services
from conduct.api.scopes import UnknownScopeError
from conduct.core.refusals import Refusal


class Command(BaseCommand):
    help = "Create an API token. Its secret is printed once and cannot be shown again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'CRM'")
        parser.add_argument(
            "--as",
            required=True,
            dest="email",
            metavar="EMAIL",
            help="The staff member the token acts as; their permissions apply",
        )
        parser.add_argument(
            "--scope",
            action="append",
            required=True,
            dest="scopes",
            help="A scope, e.g. audit:read; repeat for more than one",
        )
        parser.add_argument(
            "--expires-days",
            type=int,
            metavar="N",
            help="Stop the token working after N days (default: never)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        acting_as = User.objects.filter(email__iexact=options["email"]).first()
        if acting_as is None:
            raise CommandError(
                f"There is no staff member with the email address {options['email']}."
            )
        days = options["expires_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-days must be 1 or more.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            token, secret = services.create_api_token(
                name=options["name"],
                acting_as=acting_as,
                scopes=options["scopes"],
                by=None,
                expires_at=expires_at,
            )
        except (UnknownScopeError, Refusal) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Created API token {token} acting as {acting_as.email} "
            f"with scopes {', '.join(token.scopes)}."
        )
        self.stdout.write(
            self.style.WARNING("Copy the secret now. It is not stored and will not be shown again:")
        )
        self.stdout.write(secret)
