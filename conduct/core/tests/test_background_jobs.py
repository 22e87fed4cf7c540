"""Administrators see the jobs that failed every attempt, and send them round again."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conduct.accounts.roles import Role
from conduct.core.models import AuditEvent
from conduct.core.tests.factories import failed_job

pytestmark = pytest.mark.django_db


def failed_referral() -> DBTaskResult:
    return failed_job(
        "conduct.incidents.tasks.flag_for_safeguarding",
        "SMTPServerDisconnected: Connection unexpectedly closed",
    )


def test_an_administrator_sees_what_failed_and_why(client, make_staff, sign_in):
    """The job in words, how often it was tried and its last error; never a code path."""
    failed_referral()
    sign_in(make_staff(Role.ADMINISTRATOR))
    page = client.get(reverse("core:background_jobs")).content.decode()
    assert "Put an incident with a safeguarding concern on the safeguarding route" in page
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert "conduct.incidents.tasks" not in page


def test_trying_again_queues_it_with_fresh_attempts_and_is_audited(client, make_staff, sign_in):
    job = failed_referral()
    admin = sign_in(make_staff(Role.ADMINISTRATOR))
    response = client.post(reverse("core:retry_job", args=[job.pk]), follow=True)
    assert "will be tried again shortly" in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.worker_ids) == ("READY", [])
    event = AuditEvent.objects.get(verb="core.job_retried")
    assert event.actor == admin and event.payload["job"] == str(job.pk)


def test_a_job_that_has_not_failed_is_not_sent_again(client, make_staff, sign_in):
    job = failed_referral()
    DBTaskResult.objects.filter(pk=job.pk).update(status="READY")
    sign_in(make_staff(Role.ADMINISTRATOR))
    response = client.post(reverse("core:retry_job", args=[job.pk]), follow=True)
    assert "Only a failed job can be tried again." in response.content.decode()
    assert not AuditEvent.objects.filter(verb="core.job_retried").exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_only_administrators_may_see_or_retry_jobs(client, make_staff, sign_in, role):
    job = failed_referral()
    sign_in(make_staff(role))
    assert client.get(reverse("core:background_jobs")).status_code == 403
    assert client.post(reverse("core:retry_job", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert job.status == "FAILED"
