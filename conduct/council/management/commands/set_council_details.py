"""Set the council's details from a TOML file, as the council details page would.

    manage.py set_council_details council.toml [--logo logo.png]

The file's keys are the page's fields (name, address, phone, email, website,
appeals_address, appeals_email, dpo_email, dpo_phone, ico_registration,
service_desk_email, service_desk_phone, accessibility_prepared_on,
accessibility_reviewed_on, accessibility_problems, accessibility_manual_checks); addresses are multi-line strings.
Keys left out keep what is saved. The same checks as the page apply; the change is audited.
"""

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser

from conduct.council import identity, services
from conduct.council.forms import CouncilDetailsForm
from conduct.council.identity import NAMES


def form_data(values: dict[str, Any]) -> dict[str, str]:
    """The values as the page would post them: a date as its day, month and year boxes."""
    data: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, date):
            data |= {f"{key}_day": str(value.day), f"{key}_month": str(value.month)}
            data[f"{key}_year"] = str(value.year)
        else:
            data[key] = str(value)
    return data


class Command(BaseCommand):
    help = "Set the council's name, address and contact details from a TOML file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--logo", type=Path, help="A PNG or JPEG printed on every letter")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            given = tomllib.loads(options["file"].read_text())
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise CommandError(f"{options['file']}: {error}") from error
        unknown = sorted(set(given) - set(CouncilDetailsForm.base_fields))
        if unknown:
            raise CommandError(f"{options['file']}: unknown keys {', '.join(unknown)}")
        saved = identity.current()
        values = {
            name: getattr(saved, name)
            for name in CouncilDetailsForm.base_fields
            if name in NAMES and name != "logo"
        }
        values = {k: v for k, v in values.items() if v not in (None, "")} | given
        files = {}
        if options["logo"]:
            logo: Path = options["logo"]
            files["logo"] = SimpleUploadedFile(logo.name, logo.read_bytes())
        form = CouncilDetailsForm(form_data(values), files)
        if not form.is_valid():
            problems = [f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()]
            raise CommandError("; ".join(problems))
        services.save_details(form.details(), by=None, logo=form.cleaned_data["logo"])
        self.stdout.write(f"Saved the details of {form.cleaned_data['name']}.")
