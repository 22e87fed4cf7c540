"""Add a member of council staff with one or more roles."""

import getpass
import os
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from conduct.accounts import services
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.core.refusals import Refusal
from conduct.customers.models import CouncilService


class Command(BaseCommand):
    help = "Add a member of staff. The password comes from STAFF_PASSWORD or a prompt."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, help="Full name")
        parser.add_argument(
            "--role",
            action="append",
            required=True,
            choices=Role.values,
            dest="roles",
            help="A role; repeat for more than one",
        )
        parser.add_argument(
            "--post",
            action="append",
            default=[],
            dest="posts",
            metavar="ID[:SERVICE]",
            help="A post a policy pack names, for the whole council or for one service "
            "(its slug, as in --post service-lead:housing); repeat for more than one",
        )
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="Create the account without a password (cannot sign in yet)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = User.objects.normalize_email(options["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"A staff member with the email address {email} already exists.")
        password = None if options["no_password"] else self._password()
        if password is not None:
            try:
                validate_password(password, User(email=email, full_name=options["name"]))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        roles = [Role(value) for value in options["roles"]]
        posts = [self._post(given) for given in options["posts"]]
        try:
            user = services.create_staff_member(
                email=email,
                full_name=options["name"],
                roles=roles,
                password=password,
                by=None,
                posts=posts,
            )
        except Refusal as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Added {user.full_name} <{user.email}>: {', '.join(r.label for r in roles)}"
        )
        for post in user.posts.all():
            self.stdout.write(f"Post: {post}")
        if user.needs_two_factor:
            self.stdout.write(
                "We have emailed them a link to set up an authenticator app. If it does not "
                "arrive, run issue_two_factor_link to see a new one."
            )

    def _post(self, given: str) -> tuple[str, CouncilService | None]:
        post_id, _, slug = given.partition(":")
        if not slug:
            return post_id, None
        service = CouncilService.objects.filter(slug=slug).first()
        if service is None:
            raise CommandError(f'There is no council service "{slug}" in the service catalogue.')
        return post_id, service

    def _password(self) -> str:
        password = os.environ.get("STAFF_PASSWORD")
        if password:
            return password
        if not self.stdin_is_interactive():
            raise CommandError("Set STAFF_PASSWORD, or run the command in a terminal to be asked.")
        return getpass.getpass("Password: ")

    def stdin_is_interactive(self) -> bool:
        import sys

        return sys.stdin.isatty()
