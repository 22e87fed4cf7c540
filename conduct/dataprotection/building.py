"""The steps of the job that builds a bundle which change the request (tasks.build_bundle):
it is ready, or it could not be built. No person makes them, so they are not declared moves."""

from django.utils import timezone

from conduct.core.transactions import writes
from conduct.dataprotection.changes import audit, locked, save
from conduct.dataprotection.models import Bundle, SubjectAccessRequest

Status = SubjectAccessRequest.Status


@writes
def finish_bundle(
    bundle_id: int, *, files: dict[str, tuple[str, str]], items: list[dict[str, str]]
) -> bool:
    """The job's last step: the bundle is ready and the request waits for review. A rerun of a
    finished build changes nothing."""
    bundle = Bundle.objects.select_for_update().get(pk=bundle_id)
    if bundle.status == Bundle.Status.READY:
        return False
    (bundle.pdf_path, bundle.pdf_sha256), (bundle.zip_path, bundle.zip_sha256) = (
        files["pdf"],
        files["zip"],
    )
    bundle.items, bundle.status, bundle.finished_at = items, Bundle.Status.READY, timezone.now()
    bundle.sections_done = bundle.sections_total
    bundle.save()
    request = locked(bundle.request)
    if request.status == Status.BUILDING:
        request.status = Status.READY_FOR_REVIEW
        save(request, None, "status")
    audit("subject_access_bundle_built", request, None, bundle=bundle.pk, items=len(items))
    return True


@writes
def fail_bundle(bundle_id: int) -> None:
    """The job failed: the page says so and the officer may build it again."""
    bundle = Bundle.objects.select_for_update().get(pk=bundle_id)
    if bundle.status == Bundle.Status.READY:
        return
    bundle.status, bundle.finished_at = Bundle.Status.FAILED, timezone.now()
    bundle.save(update_fields=["status", "finished_at", "modified_at"])
    request = locked(bundle.request)
    if request.status == Status.BUILDING:
        request.status = Status.IDENTITY_CONFIRMED
        save(request, None, "status")
    audit("subject_access_bundle_failed", request, None, bundle=bundle.pk)
