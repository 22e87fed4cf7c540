"""A reader asks for the decision pack as a PDF; a job makes it (decision_pack_pdfs.py)."""

from conduct.accounts.models import User
from conduct.cases import tasks
from conduct.cases.decision_pack import Period
from conduct.cases.models import Case, DecisionPackPdf
from conduct.core.audit import record
from conduct.core.transactions import writes


@writes
def request_decision_pack_pdf(case: Case, period: Period, *, by: User) -> DecisionPackPdf:
    """Record that this reader wants the pack over this period as a PDF, and queue the job."""
    made = DecisionPackPdf.objects.create(
        case=case,
        requested_by=by,
        period_start=period.start,
        period_end=period.end,
        created_by=by,
        modified_by=by,
    )
    payload = {"reference": case.reference, "start": period.start, "end": period.end}
    record("cases.decision_pack_pdf_requested", actor=by, target=case, payload=payload)
    tasks.make_decision_pack_pdf.enqueue(made.pk)
    return made
