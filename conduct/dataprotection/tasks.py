"""The jobs of subject access requests: build a bundle, and remind and escalate on schedule
(conduct/office/schedules.py).

The build counts the sections on the bundle's row as it goes, so the request's page shows how
far it has got; it writes its files named by their hash and stamps the row once, so a rerun
does no harm.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from conduct.council import identity
from conduct.dataprotection import building, bundle, files, reminders
from conduct.dataprotection.models import Bundle, ItemDecision


@task()
def build_bundle(bundle_id: int) -> None:
    """Gather every section about the customer, write the PDF and the ZIP, stamp the bundle."""
    try:
        make_bundle(bundle_id)
    except Exception:
        # The officer is told on the request's page and may build again; operators see the job fail.
        building.fail_bundle(bundle_id)
        raise


def make_bundle(bundle_id: int) -> None:
    row = Bundle.objects.select_related("request__customer").get(pk=bundle_id)
    if row.status == Bundle.Status.READY:
        return
    request = row.request
    decisions = {d.item_key: d for d in ItemDecision.objects.filter(request=request)}
    Bundle.objects.filter(pk=row.pk).update(status=Bundle.Status.BUILDING)

    def progress(done: int, total: int) -> None:
        Bundle.objects.filter(pk=row.pk).update(sections_done=done, sections_total=total)

    sections = bundle.gather(request.customer, decisions, progress)
    built_at = timezone.localtime()
    council = identity.current().name or "The council"
    stem = f"subject-access/{request.reference}/bundle-{row.pk}"
    written = {
        "pdf": files.write_once(
            stem, ".pdf", files.pdf_bytes(request, council, sections, built_at)
        ),
        "zip": files.write_once(stem, ".zip", files.zip_bytes(request, sections, built_at)),
    }
    items = [item.summary() for section in sections for item in section.items]
    building.finish_bundle(row.pk, files=written, items=items)


@task()
def remind_and_escalate_subject_access_requests() -> int:
    """Remind a week before each open request's deadline, and escalate once it has passed."""
    soon = timezone.localdate() + timedelta(days=reminders.REMIND_DAYS_BEFORE)
    count = 0
    for request in reminders.open_requests().filter(due_on__lte=soon):
        count += reminders.remind_due_request(request)
        count += reminders.escalate_overdue_request(request)
    return count
