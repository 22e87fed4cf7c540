"""Issue a link to set up an authenticator app, and print it: for the first administrator,
before anyone can issue one from the Staff page, or when email is not working."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from conduct.accounts import enrolment, services
from conduct.accounts.models import User
from conduct.core.refusals import Refusal


class Command(BaseCommand):
    help = (
        "Issue a member of staff a one-time link to set up their authenticator app, revoking "
        "any earlier link and removing their app, and print it."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        member = User.objects.filter(email__iexact=options["email"], is_active=True).first()
        if member is None:
            raise CommandError(f"No active staff member has the email address {options['email']}.")
        try:
            secret = services.issue_two_factor_enrolment(member, by=None)
        except Refusal as error:
            raise CommandError(f"{error}.") from error
        self.stdout.write(f"Emailed to {member.email}, and shown here once:")
        self.stdout.write(enrolment.link_url(secret))
