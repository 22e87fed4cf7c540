"""The decision pack as a document: HTML, PDF (WeasyPrint), and the copy frozen at each decision.

When a decision is recorded, `freeze_decision_pack` captures the pack's pages
in the decision's own transaction (so they are the pack as it stood), with
their SHA-256 in the row and the audit trail. WeasyPrint is slow beside the
rest of the decision, so the PDFs are written after commit by a background job
(`tasks.store_frozen_decision_pack`), which stamps the row once: a rerun finds
it stored and does nothing, and files are named by their hash, so nothing is
ever overwritten.
"""

import os
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from conduct.accounts.models import User
from conduct.cases import decision_pack
from conduct.cases.decision_pack import DecisionPack, Period, Reader
from conduct.cases.models import Case, Decision, FrozenDecisionPack
from conduct.core import stored_files
from conduct.core.audit import record
from conduct.core.pdf import render_pdf
from conduct.core.stored_files import sha256
from conduct.core.transactions import writes

FULL, WITHHELD = "full", "withheld"


def page_html(pack: DecisionPack) -> str:
    """The pack as a standalone printed document (cases/decision_pack/pdf.html)."""
    return render_to_string("cases/decision_pack/pdf.html", {"pack": pack})


def pdf_bytes(html: str) -> bytes:
    """The same bytes for the same page: WeasyPrint takes the date from the page's metadata."""
    return render_pdf(html)


def case_pdf(case: Case, reader: Reader, period: Period) -> bytes:
    """The pack as it stands now, for this reader, as a PDF."""
    return pdf_bytes(page_html(decision_pack.build(case, reader, period)))


# Freezing at a decision ---------------------------------------------------------------------


@writes
def freeze_decision_pack(decision: Decision, *, by: User | None) -> FrozenDecisionPack:
    """Capture the pack as it stood when the decision was recorded, whole and without safeguarding.

    Runs inside the decision's transaction; `tasks.store_frozen_decision_pack` writes the PDFs.
    """
    case = decision.case
    decided_at = timezone.localtime(decision.decided_at)
    period = decision_pack.case_period(case, until=decided_at.date())
    whole = decision_pack.build_whole(case, period, frozen_at=decided_at)
    pages = {FULL: page_html(whole), WITHHELD: page_html(decision_pack.withheld(whole))}
    frozen = FrozenDecisionPack.objects.create(
        decision=decision,
        case=case,
        period_start=period.start,
        period_end=period.end,
        html=pages[FULL],
        html_sha256=sha256(pages[FULL].encode()),
        withheld_html=pages[WITHHELD],
        withheld_html_sha256=sha256(pages[WITHHELD].encode()),
        created_by=by,
        modified_by=by,
    )
    payload = {"reference": case.reference, "decision": decision.pk, "html": frozen.html_sha256}
    record("cases.decision_pack_frozen", actor=by, target=case, payload=payload)
    return frozen


def store_frozen_decision_pack(frozen_id: int) -> FrozenDecisionPack:
    """Write the frozen pages as PDF under CASE_FILES_ROOT and stamp the row, once."""
    frozen = FrozenDecisionPack.objects.select_related("case").get(pk=frozen_id)
    if frozen.stored_at is not None:
        return frozen
    files = {
        variant: write_pdf(frozen, variant, pdf_bytes(html))
        for variant, html in ((FULL, frozen.html), (WITHHELD, frozen.withheld_html))
    }
    with transaction.atomic():
        stamped = FrozenDecisionPack.objects.filter(pk=frozen.pk, stored_at__isnull=True).update(
            stored_at=timezone.now(),
            pdf_path=files[FULL][0],
            pdf_sha256=files[FULL][1],
            withheld_pdf_path=files[WITHHELD][0],
            withheld_pdf_sha256=files[WITHHELD][1],
        )
        if stamped:
            payload = {
                "reference": frozen.case.reference,
                "decision": frozen.decision_id,
                "pdf_sha256": files[FULL][1],
                "withheld_pdf_sha256": files[WITHHELD][1],
            }
            record("cases.decision_pack_stored", actor=None, target=frozen.case, payload=payload)
    frozen.refresh_from_db()
    return frozen


def write_pdf(frozen: FrozenDecisionPack, variant: str, data: bytes) -> tuple[str, str]:
    return write_once(f"{frozen.case.reference}/decision-{frozen.decision_id}-{variant}", data)


def write_once(stem: str, data: bytes) -> tuple[str, str]:
    """Write a PDF once, read-only, under CASE_FILES_ROOT at `stem` and the start of its hash:
    an existing file of that name is the same file. The path and the SHA-256."""
    digest = sha256(data)
    relative = f"{stem}-{digest[:16]}.pdf"
    path = Path(settings.CASE_FILES_ROOT) / relative
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        os.chmod(temporary, 0o444)
        os.replace(temporary, path)
    return relative, digest


def waiting_to_be_stored() -> list[int]:
    """Frozen packs whose PDFs are not written yet (the job was lost, or failed)."""
    found = FrozenDecisionPack.objects.filter(stored_at__isnull=True).order_by("pk")
    return list(found.values_list("pk", flat=True))


# Reading a frozen copy ----------------------------------------------------------------------


def variant_for(frozen: FrozenDecisionPack, person: User) -> str:
    """The whole pack for those who may see safeguarding notes; otherwise the copy without."""
    return FULL if Reader.of(person, frozen.case.customer).sees_safeguarding else WITHHELD


def file_of(frozen: FrozenDecisionPack, variant: str) -> tuple[str, str]:
    if variant == FULL:
        return frozen.pdf_path, frozen.pdf_sha256
    return frozen.withheld_pdf_path, frozen.withheld_pdf_sha256


def verified_pdf(frozen: FrozenDecisionPack, variant: str) -> bytes:
    """The stored PDF, refused if it no longer matches the hash taken when it was stored."""
    relative, digest = file_of(frozen, variant)
    return read_verified(relative, digest, "the pack stored")


def read_verified(relative: str, digest: str, what: str) -> bytes:
    """A file under CASE_FILES_ROOT, refused unless it matches the SHA-256 taken when written."""
    return stored_files.read_verified(Path(settings.CASE_FILES_ROOT) / relative, digest, what)


def frozen_label(frozen: FrozenDecisionPack) -> str:
    decided: datetime = timezone.localtime(frozen.decision.decided_at)
    return f"{frozen.decision.get_outcome_display()}, decided {decided:%-d %B %Y at %H:%M}"
