"""`manage.py rebuild_screening_index`: the whole screening index from the customer records."""

from typing import Any

from django.core.management.base import BaseCommand

from conduct.screening.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the screening index (blocking keys and profiles) from every live customer"

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        self.stdout.write(f"Indexed {count} customers for screening.")
