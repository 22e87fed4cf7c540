"""Remove evidence files that no incident holds: left by work that was rolled back.

A file is written before its transaction commits; if a caller's wider
transaction then rolls back, the file stays on disk with no Evidence row. Run
daily; it only removes files older than --older-than-hours, so work in
progress is never touched.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from conduct.incidents.services import remove_orphaned_evidence


class Command(BaseCommand):
    help = "Remove evidence files no incident holds (older than --older-than-hours, default 24)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--older-than-hours", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        removed = remove_orphaned_evidence(older_than_hours=options["older_than_hours"])
        self.stdout.write(f"Removed {removed} evidence files that no incident holds.")
