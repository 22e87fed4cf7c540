"""log_incident: checked against the pack in force, idempotent, atomic with its files."""

from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal
from conduct.customers.models import Customer
from conduct.incidents import services, tasks
from conduct.incidents.models import Evidence, Incident, Injury, SafeguardingReferral
from conduct.incidents.tests import factories
from conduct.incidents.tests.factories import answers, upload

pytestmark = pytest.mark.django_db


def log(officer, key="key-1", **overrides):
    return services.log_incident(by=officer, submission_key=key, **answers(**overrides))


def test_an_incident_is_logged_under_the_pack_in_force_and_audited(officer, pack):
    """It gets the next INC reference, stores the pack, and the audit names the reference."""
    incident = log(officer, staff_affected=[officer])
    assert incident.reference.startswith("INC-")
    assert incident.policy_pack == pack
    assert list(incident.staff_affected.all()) == [officer]
    event = AuditEvent.objects.get(verb="incidents.incident_logged")
    assert event.actor == officer and event.payload["reference"] == incident.reference
    assert "what_happened" not in event.payload


def test_the_same_submission_key_logs_one_incident(officer, pack):
    """A second call with the same key returns the first incident and writes nothing."""
    first = log(officer)
    events = AuditEvent.objects.count()
    second = log(officer, location="Somewhere else")
    assert second == first and Incident.objects.count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"behaviour_categories": []},
            "behaviour_categories",
            "Select at least one kind of behaviour",
        ),
        (
            {"behaviour_categories": ["rudeness"]},
            "behaviour_categories",
            "rudeness is not a kind of behaviour in the policy",
        ),
        (
            {"behaviour_examples": ["Shouting"]},
            "behaviour_examples",
            "“Shouting” is not an example of the behaviour you selected",
        ),
        (
            {"behaviour_examples": ["Refusing to say what the complaint is about"]},
            "behaviour_examples",
            "is not an example",
        ),
        (
            {"immediate_actions": ["taser"]},
            "immediate_actions",
            "taser is not an action in the policy",
        ),
        ({"unknown_person_description": ""}, "customer", "Say who was involved"),
        ({"new_customer": services.NewCustomer("", "")}, "customer", "Say who was involved"),
        ({"location": " "}, "location", "Enter where it happened"),
        ({"what_happened": ""}, "what_happened", "Enter what happened"),
        ({"channel": "pigeon"}, "channel", "Select how the contact was made"),
        ({"crime_reference": "CR/1"}, "crime_reference", "only if the police were called"),
        ({"safeguarding_concern": True}, "safeguarding_detail", "Enter what worried you"),
        (
            {"occurred_at": timezone.now() + timedelta(hours=1)},
            "occurred_at",
            "must be in the past",
        ),
    ],
)
def test_answers_the_rules_refuse(officer, pack, overrides, field, message):
    """Each rule refuses with a message naming the answer, and nothing is written."""
    with pytest.raises(Refusal) as refused:
        log(officer, **overrides)
    assert refused.value.field == field and message in str(refused.value)
    assert not Incident.objects.exists()


def test_without_a_pack_in_force_nothing_can_be_logged(officer):
    """Behaviour is recorded in the pack's words, so a pack must be in force."""
    with pytest.raises(Refusal, match="No policy pack is in force"):
        log(officer)


def test_someone_new_is_added_as_a_customer_with_the_incident(officer, pack):
    """A new person becomes a customer record in the same transaction, postcode and all."""
    new = services.NewCustomer("Alex", "Jones", date(1980, 5, 1), "SW1A 1AA", "1 High Street")
    incident = log(officer, unknown_person_description="", new_customer=new)
    customer = Customer.objects.get()
    assert incident.customer == customer and customer.full_name == "Alex Jones"
    assert customer.addresses.get().postcode == "SW1A 1AA"


def test_a_customer_on_conduct_is_linked(officer, pack):
    """An existing customer is named instead of described."""
    customer = factories.customer()
    incident = log(officer, unknown_person_description="", customer=customer)
    assert incident.customer == customer


@time_machine.travel("2026-03-02 10:00 +0000", tick=False)
@pytest.mark.parametrize(
    ("injury", "due"),
    [
        (Injury.NONE, None),
        (Injury.OVER_SEVEN_DAYS, date(2026, 3, 16)),
        (Injury.SPECIFIED, date(2026, 3, 1)),
    ],
)
def test_the_riddor_deadline_is_worked_out_from_the_injury(officer, pack, injury, due):
    """The report date follows from the injury and the day it happened (yesterday here)."""
    incident = log(officer, injury=injury, occurred_at=timezone.now() - timedelta(days=1))
    assert incident.riddor_report_due == due


def test_evidence_is_stored_with_its_hash(officer, pack, evidence_root):
    """Each accepted file becomes an Evidence row pointing at its stored copy."""
    incident = log(
        officer, evidence=[upload("a.pdf", factories.PDF), upload("b.msg", factories.outlook_msg())]
    )
    files = list(incident.evidence.order_by("original_name"))
    assert [(f.original_name, f.content_type) for f in files] == [
        ("a.pdf", "application/pdf"),
        ("b.msg", "application/vnd.ms-outlook"),
    ]
    assert all((Path(evidence_root) / f.stored_name).exists() for f in files)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            factories.HTML,
            "report.pdf is not a PDF, image, audio, video, email or text file",
        ),
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("big.pdf", factories.PDF + b"0" * 2048, "big.pdf must be smaller than 1.0 KB"),
    ],
)
def test_a_refused_file_leaves_nothing_behind(
    officer, pack, settings, evidence_root, name, content, message
):
    """With one bad file among good ones: no incident, no customer, no evidence, no file on disk."""
    settings.EVIDENCE_MAX_BYTES = 1024
    new = services.NewCustomer("Alex", "Jones")
    files = [upload("good.png", factories.png()), upload(name, content)]
    with pytest.raises(Refusal, match=message):
        log(officer, unknown_person_description="", new_customer=new, evidence=files)
    assert not Incident.objects.exists() and not Customer.objects.exists()
    assert not Evidence.objects.exists()
    assert not Path(evidence_root).exists() or list(Path(evidence_root).iterdir()) == []


def test_files_are_removed_if_the_database_refuses_the_incident(
    officer, pack, evidence_root, monkeypatch
):
    """A failure after the files were written removes them again."""

    def refuse(*args, **kwargs):
        raise RuntimeError("database refused the audit event")

    monkeypatch.setattr(services, "record", refuse)
    with pytest.raises(RuntimeError):
        log(officer, evidence=[upload("a.pdf", factories.PDF)])
    assert list(Path(evidence_root).iterdir()) == []


def test_a_safeguarding_concern_flags_the_incident_once_committed(
    officer, pack, django_capture_on_commit_callbacks
):
    """The referral is written after commit (by a task), once, and audited."""
    with django_capture_on_commit_callbacks(execute=True):
        incident = log(
            officer,
            safeguarding_concern=True,
            safeguarding_detail="Said they would hurt themselves",
        )
    assert SafeguardingReferral.objects.get().incident == incident
    services.flag_for_safeguarding(incident, by=officer)
    assert SafeguardingReferral.objects.count() == 1
    assert AuditEvent.objects.filter(verb="incidents.safeguarding_flagged").count() == 1


def test_a_concern_whose_job_never_ran_is_referred_by_the_schedule(
    officer, pack, django_capture_on_commit_callbacks
):
    """If the referral job is lost (never run, or failed for good), the scheduled check makes
    the referral, once, and leaves incidents without a concern alone."""
    with django_capture_on_commit_callbacks(execute=False):
        concern = log(officer, safeguarding_concern=True, safeguarding_detail="Spoke of self-harm")
        log(officer)
    assert not SafeguardingReferral.objects.exists()
    assert tasks.refer_missed_safeguarding_concerns.call() == 1
    assert SafeguardingReferral.objects.get().incident == concern
    assert tasks.refer_missed_safeguarding_concerns.call() == 0
    assert SafeguardingReferral.objects.count() == 1


def test_no_concern_no_referral(officer, pack, django_capture_on_commit_callbacks):
    """Without a concern, nothing is queued for the safeguarding route."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        log(officer)
    assert callbacks == [] and not SafeguardingReferral.objects.exists()


class TestCorrecting:
    def test_the_officer_corrects_what_may_still_change(self, officer, pack):
        """Location, words used, witnesses and support can be corrected, and it is audited."""
        incident = factories.incident(officer)
        services.correct_incident(incident, by=officer, location="Back office", witnesses="Jo")
        incident.refresh_from_db()
        assert (incident.location, incident.witnesses) == ("Back office", "Jo")
        event = AuditEvent.objects.get(verb="incidents.incident_corrected")
        assert event.payload["changed"] == ["location", "witnesses"]

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"what_happened": "Other"}, "what_happened cannot be corrected"),
            ({"location": ""}, "Enter where it happened"),
        ],
    )
    def test_other_answers_cannot_be_corrected(self, officer, pack, changes, message):
        """The narrative a manager acts on is not rewritten here."""
        incident = factories.incident(officer)
        with pytest.raises(Refusal, match=message):
            services.correct_incident(incident, by=officer, **changes)

    @pytest.mark.parametrize(
        "status", [Incident.Status.NO_FURTHER_ACTION, Incident.Status.ESCALATED]
    )
    def test_an_incident_acted_on_cannot_change(self, officer, pack, status):
        """Once a manager has acted, the record stays as it was."""
        incident = factories.incident(officer)
        Incident.objects.filter(pk=incident.pk).update(status=status)
        with pytest.raises(Refusal, match="can no longer be changed") as refused:
            services.correct_incident(incident, by=officer, location="Elsewhere")
        assert refused.value.field == "status"


def test_evidence_can_be_added_while_open(officer, pack):
    """More files can follow the incident, all or none, and it is audited."""
    incident = factories.incident(officer)
    added = services.add_evidence(incident, by=officer, uploads=[upload("c.eml", factories.EML)])
    assert [e.content_type for e in added] == ["message/rfc822"]
    assert AuditEvent.objects.filter(verb="incidents.evidence_added").exists()
