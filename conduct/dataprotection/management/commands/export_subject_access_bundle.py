"""`manage.py export_subject_access_bundle REFERENCE DIRECTORY`: copy a request's latest built
bundle (the PDF and the ZIP) out of Conduct, checked against their hashes and audited, for an
operator sending it by a route the pages do not offer (a secure file transfer, a disc)."""

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from conduct.core.audit import record
from conduct.core.stored_files import TamperedFileError
from conduct.dataprotection.files import read_bundle_file
from conduct.dataprotection.models import Bundle, SubjectAccessRequest


class Command(BaseCommand):
    help = "Copy a subject access request's latest built bundle, PDF and ZIP, to a directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The request's reference, such as SAR-000012")
        parser.add_argument("directory", type=Path, help="An existing directory to copy into")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        request = SubjectAccessRequest.objects.filter(reference=options["reference"]).first()
        if request is None:
            raise CommandError(f"No subject access request is called {options['reference']}")
        bundle = request.bundles.filter(status=Bundle.Status.READY).order_by("-pk").first()
        if bundle is None:
            raise CommandError(f"{request.reference} has no bundle built: build it first")
        for kind, path, digest in (
            ("pdf", bundle.pdf_path, bundle.pdf_sha256),
            ("zip", bundle.zip_path, bundle.zip_sha256),
        ):
            try:
                read_bundle_file(path, digest)
            except TamperedFileError as error:
                raise CommandError(f"{error}: build the bundle again") from error
            target = directory / f"{request.reference}-bundle-{bundle.pk}.{kind}"
            shutil.copyfile(Path(settings.CASE_FILES_ROOT) / path, target)
            record(
                "dataprotection.subject_access_bundle_downloaded",
                actor=None,
                target=request,
                payload={"reference": request.reference, "format": kind, "sha256": digest},
            )
            self.stdout.write(f"{target} SHA-256 {digest}")
