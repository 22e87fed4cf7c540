"""`manage.py import_customers FILE`: a council's customer and alert register from CSV or XLSX.

The work is in conduct/alerts/importing.py, shared with the administrator’s upload page; the
command is alerts’ as the register it imports is (its name is the one operators know).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from conduct.alerts import importing
from conduct.core.refusals import Refusal


class Command(BaseCommand):
    help = (
        "Import customers, and optionally their warning markers, from a CSV (UTF-8, or "
        "Windows-1252) or XLSX file. Bad rows are reported with their line numbers; good rows "
        "are imported. Matching is on the council's reference, so running it twice changes "
        "nothing.\n\n" + importing.HELP
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The .csv or .xlsx file")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar")
        parser.add_argument(
            "--batch",
            type=int,
            default=importing.BATCH,
            choices=range(1, 10_001),
            metavar="ROWS",
            help=f"Rows written in each transaction (1 to 10,000; default {importing.BATCH})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        try:
            register = importing.read_register(path.name, path.read_bytes())
        except Refusal as error:
            raise CommandError(f"{path}: {error}") from error
        for note in register.notes:
            self.stderr.write(self.style.WARNING(note))
        bar = None
        if not options["no_progress"]:
            total = len(register.good)
            bar = tqdm(total=total, desc="Importing", unit=" rows", file=self.stderr)
        try:
            result = importing.import_rows(
                register,
                by=None,
                progress=(lambda done, total: bar.update(done - bar.n)) if bar else None,
                batch_size=options["batch"],
            )
        finally:
            if bar is not None:
                bar.close()
        for row in result.bad:
            self.stderr.write(f"Line {row.line}: {'; '.join(row.problems)}")
        self.stdout.write(
            f"{result.created} customers added, {result.already_there} already there, "
            f"{result.markers} provisional markers added, {len(result.bad)} bad rows"
        )
