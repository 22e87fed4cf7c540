"""The decision pack as a PDF on request, made by a background job (issue 18.10).

WeasyPrint takes seconds over a long case, too long to hold a request. So the page's
"Download as PDF" records a request (`decision_pack_requests.request_decision_pack_pdf`) and queues
`tasks.make_decision_pack_pdf` in the same transaction; the status page refreshes
until the row is READY, and the person who asked downloads the file, checked against
its SHA-256. The job is safe to run twice: it writes a file named by its hash and
stamps the row only while it is not yet READY. Copies are removed after
DECISION_PACK_PDF_KEEP by `remove_old_decision_pack_pdfs`; the frozen packs stay.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from conduct.cases import decision_pack
from conduct.cases.decision_pack import Period, Reader
from conduct.cases.decision_pack_files import page_html, pdf_bytes, read_verified, write_once
from conduct.cases.models import DecisionPackPdf

logger = logging.getLogger("conduct.cases")
Status = DecisionPackPdf.Status


def make_decision_pack_pdf(pdf_id: int) -> DecisionPackPdf:
    """Build the pack for the person who asked, write it under CASE_FILES_ROOT, stamp the row."""
    row = DecisionPackPdf.objects.select_related("case__customer", "requested_by").get(pk=pdf_id)
    if row.status == Status.READY:
        return row
    reader = Reader.of(row.requested_by, row.case.customer)
    pack = decision_pack.build(row.case, reader, Period(row.period_start, row.period_end))
    data = pdf_bytes(page_html(pack))
    relative, digest = write_pdf(row, data)
    with transaction.atomic():
        DecisionPackPdf.objects.filter(pk=row.pk).exclude(status=Status.READY).update(
            status=Status.READY,
            safeguarding=pack.safeguarding is not None,
            pdf_path=relative,
            pdf_sha256=digest,
            size=len(data),
            finished_at=timezone.now(),
        )
    row.refresh_from_db()
    return row


def mark_failed(pdf_id: int) -> None:
    """Say so on the status page; a later attempt of the same job may still make it."""
    DecisionPackPdf.objects.filter(pk=pdf_id, status=Status.QUEUED).update(
        status=Status.FAILED, finished_at=timezone.now()
    )


def write_pdf(row: DecisionPackPdf, data: bytes) -> tuple[str, str]:
    return write_once(f"{row.case.reference}/pack-pdfs/{row.pk}", data)


def verified_pdf(row: DecisionPackPdf) -> bytes:
    """The stored PDF, refused if it no longer matches the hash taken when it was made."""
    return read_verified(row.pdf_path, row.pdf_sha256, "the PDF made")


def remove_old_decision_pack_pdfs() -> int:
    """Remove PDFs made on request, file and row, once older than DECISION_PACK_PDF_KEEP."""
    cutoff = timezone.now() - settings.DECISION_PACK_PDF_KEEP
    old = list(DecisionPackPdf.objects.filter(created_at__lt=cutoff).order_by("pk"))
    for row in old:
        if row.pdf_path:
            (Path(settings.CASE_FILES_ROOT) / row.pdf_path).unlink(missing_ok=True)
        DecisionPackPdf.objects.filter(pk=row.pk).delete()
    if old:
        logger.info("Removed %d decision pack PDFs made on request", len(old))
    return len(old)
