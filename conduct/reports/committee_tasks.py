"""The committee report's PDF, made by a worker: a year's report took 6 s to print on a full
office's council (docs/performance.md), too long for a request.

"Download as PDF" queues `make_committee_report_pdf` with a random token; the job writes the
file under CASE_FILES_ROOT/committee-reports, named by the person who asked, the period and
the token, so only they can download it and the status page needs no table. A job that fails
leaves a `.failed` file beside it, so the page can say so and offer to try again. Both go
after COMMITTEE_REPORT_PDF_KEEP (`remove-old-committee-report-pdfs`, hourly).
"""

import secrets
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from conduct.council import identity
from conduct.reports import committee, committee_files
from conduct.reports.committee import Period


def folder() -> Path:
    return Path(settings.CASE_FILES_ROOT) / "committee-reports"


def file_for(person_id: int, token: str) -> Path | None:
    """The PDF (or its `.failed` note) one person asked for by this token, if it exists yet."""
    found = sorted(folder().glob(f"{person_id}_*_{token}.*")) if folder().exists() else []
    return found[0] if found else None


def period_of(path: Path) -> Period:
    _, start, end, _ = path.stem.split("_")
    return Period(date.fromisoformat(start), date.fromisoformat(end))


def name_for(person_id: int, period: Period, token: str) -> str:
    return f"{person_id}_{period.start.isoformat()}_{period.end.isoformat()}_{token}"


@task()
def make_committee_report_pdf(person_id: int, start: str, end: str, token: str) -> str:
    """Print the report for the period and keep it for the person who asked."""
    period = Period(date.fromisoformat(start), date.fromisoformat(end))
    folder().mkdir(parents=True, exist_ok=True)
    stem = folder() / name_for(person_id, period, token)
    try:
        data = committee_files.pdf_bytes(
            committee.build(period), identity.current().name or "The council"
        )
    except Exception:
        stem.with_suffix(".failed").touch()
        raise
    partial = stem.with_suffix(".part")
    partial.write_bytes(data)
    partial.rename(stem.with_suffix(".pdf"))  # whole or not there: the page never sees half
    return str(stem.with_suffix(".pdf"))


@task()
def remove_old_committee_report_pdfs() -> int:
    """Remove the PDFs made on request (and the notes of failed ones) once they are older than
    COMMITTEE_REPORT_PDF_KEEP: the person who asked has had the time to download it."""
    if not folder().exists():
        return 0
    cutoff = (timezone.now() - settings.COMMITTEE_REPORT_PDF_KEEP).timestamp()
    old = [path for path in folder().iterdir() if path.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


def ask_for_pdf(person_id: int, period: Period) -> str:
    """Queue the PDF; the token names it on the status page."""
    token = secrets.token_hex(16)
    make_committee_report_pdf.enqueue(
        person_id, period.start.isoformat(), period.end.isoformat(), token
    )
    return token
