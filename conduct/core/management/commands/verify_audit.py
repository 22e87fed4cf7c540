"""Check the audit trail's hash chain and report the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from conduct.core.audit import verify_chain
from conduct.core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit trail: every event unchanged, none missing."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"The audit trail is broken at event #{broken.sequence}: {broken.reason}."
            )
        self.stdout.write(
            f"The audit trail is intact: {AuditEvent.objects.count()} events checked."
        )
