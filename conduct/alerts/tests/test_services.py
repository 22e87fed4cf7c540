"""Raising, verifying, approving, telling, reviewing and withdrawing markers, each audited."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts import services
from conduct.alerts.models import Acknowledgement, DetailRead, Marker
from conduct.alerts.tests import factories
from conduct.cases.workflow import today
from conduct.core.models import AuditEvent
from conduct.core.refusals import Refusal

pytestmark = pytest.mark.django_db


def verbs(marker: Marker) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(marker.pk), verb__startswith="alerts.").values_list(
            "verb", flat=True
        )
    )


class TestRaise:
    def test_dates_from_the_pack_category(self) -> None:
        """Threats: review in 12 months, kept 3 years (model pack, I5); provisional and audited."""
        marker = factories.person_marker(starts_on=factories.on("2024-03-31"))
        assert marker.status == Marker.Status.PROVISIONAL
        assert marker.review_on == factories.on("2025-03-31")
        assert marker.retain_until == factories.on("2027-03-31")
        assert marker.code == "TH"
        assert verbs(marker) == ["alerts.marker_raised"]

    def test_severity_from_the_pack(self) -> None:
        """Do not visit alone must be acknowledged (the pack's alert_severity); threats follow default_severity."""
        assert factories.person_marker(category="do-not-visit-alone").severity == "high-acknowledge"
        assert factories.person_marker(category="threats").severity == "high"
        assert factories.person_marker(category="verbal-abuse").severity == "warning"

    def test_person_marker_needs_an_incident(self) -> None:
        """A person marker rests on an incident (I1)."""
        with pytest.raises(Refusal) as error:
            factories.person_marker(incidents=[])
        assert (error.value.field, error.value.message) == (
            "incidents",
            "Select the incident the marker rests on",
        )

    def test_incident_must_be_about_the_person(self) -> None:
        """An incident about someone else cannot hold up this person's marker."""
        other = factories.person_marker(factories.customer(family_name="Other"))
        with pytest.raises(Refusal, match="not about this customer"):
            factories.person_marker(incidents=list(other.incidents.all()))

    def test_premises_hazard_never_on_a_person(self) -> None:
        """Dangerous animals is a premises category; it cannot be put on a customer (I6)."""
        with pytest.raises(Refusal, match="hazard at an address"):
            factories.person_marker(category="dangerous-animals")

    def test_person_category_never_on_premises(self) -> None:
        """A threats marker cannot be put on an address."""
        with pytest.raises(Refusal, match="marker for a person"):
            factories.premises_marker(category="threats")

    def test_handling_required(self) -> None:
        """Frontline staff must be told what to do."""
        with pytest.raises(Refusal, match="handling instructions"):
            factories.person_marker(handling="  ")

    def test_database_keeps_subjects_apart(self) -> None:
        """The constraint refuses a marker naming both a person and premises."""
        marker = factories.person_marker()
        marker.premises = factories.premises()
        with pytest.raises(IntegrityError), transaction.atomic():
            marker.save()


class TestTwoStepApproval:
    def test_verify_then_approve_makes_it_live(self) -> None:
        """A line manager verifies and health and safety approve (I4)."""
        marker = factories.make_live(factories.person_marker())
        assert marker.status == Marker.Status.LIVE
        assert verbs(marker) == [
            "alerts.marker_raised",
            "alerts.marker_verified",
            "alerts.marker_approved",
        ]

    def test_cannot_approve_before_verification(self) -> None:
        """Health and safety cannot skip the manager's check."""
        marker = factories.person_marker()
        with pytest.raises(Refusal, match="has not been verified"):
            services.approve_marker(marker, by=staff_member(Role.HEALTH_AND_SAFETY_OFFICER))

    def test_raiser_cannot_verify_own_marker(self) -> None:
        """Someone else checks the person who raised it."""
        manager = staff_member(Role.LINE_MANAGER)
        marker = factories.person_marker(by=manager)
        with pytest.raises(Refusal, match="other than the person who raised it"):
            services.verify_marker(marker, by=manager)

    def test_verifier_cannot_approve(self) -> None:
        """The same person cannot take both steps."""
        both = staff_member(Role.LINE_MANAGER, Role.HEALTH_AND_SAFETY_OFFICER)
        marker = services.verify_marker(factories.person_marker(), by=both)
        with pytest.raises(Refusal, match="other than the manager who verified"):
            services.approve_marker(marker, by=both)

    def test_frontline_cannot_verify(self) -> None:
        """Only a line manager verifies."""
        with pytest.raises(Refusal, match="Only a line manager"):
            services.verify_marker(
                factories.person_marker(), by=staff_member(Role.FRONTLINE_OFFICER)
            )


class TestTelling:
    def test_told_on(self) -> None:
        """The date the person was told in writing is kept (I2)."""
        marker = services.record_told(
            factories.person_marker(), told_on=today(), by=staff_member(Role.LINE_MANAGER)
        )
        assert marker.told_on == today()

    def test_not_told_needs_reason_and_revisit(self) -> None:
        """Not telling them needs a reason and a date to look again."""
        manager = staff_member(Role.LINE_MANAGER)
        marker = factories.person_marker()
        with pytest.raises(Refusal, match="Enter why"):
            services.record_not_told(
                marker, reason="", revisit_on=today() + timedelta(days=30), by=manager
            )
        marker = services.record_not_told(
            marker,
            reason="Police advise it would escalate",
            revisit_on=today() + timedelta(days=30),
            by=manager,
        )
        assert marker.not_told_revisit_on == today() + timedelta(days=30)

    def test_premises_not_told(self) -> None:
        """Nobody is told about an address hazard."""
        with pytest.raises(Refusal):
            services.record_told(
                factories.premises_marker(), told_on=today(), by=staff_member(Role.LINE_MANAGER)
            )


class TestReviewAndWithdraw:
    def test_review_moves_the_date_and_new_handling_is_a_new_version(self) -> None:
        """A review keeps it for another period; changed handling asks for acknowledgement again."""
        marker = factories.live_person_marker()
        reviewed = services.review_marker(
            marker,
            by=staff_member(Role.HEALTH_AND_SAFETY_OFFICER),
            notes="Still needed",
            handling="Phone only.",
        )
        assert reviewed.version == 2
        assert reviewed.handling == "Phone only."
        assert reviewed.review_on <= reviewed.retain_until

    def test_withdraw_needs_a_reason_and_ends_it(self) -> None:
        """Withdrawal keeps the record with its reason."""
        marker = factories.live_person_marker()
        manager = staff_member(Role.LINE_MANAGER)
        with pytest.raises(Refusal):
            services.withdraw_marker(marker, reason=" ", by=manager)
        marker = services.withdraw_marker(
            marker, reason="Raised against the wrong person", by=manager
        )
        assert (marker.status, marker.end_reason) == (
            Marker.Status.WITHDRAWN,
            "Raised against the wrong person",
        )
        with pytest.raises(Refusal, match="has ended"):
            services.withdraw_marker(marker, reason="Again", by=manager)


class TestReadingAndAcknowledging:
    def test_detail_read_is_kept_with_purpose(self) -> None:
        """Each read of the restricted detail is a row and an audit event (I3)."""
        marker = factories.live_person_marker()
        manager = staff_member(Role.LINE_MANAGER)
        services.read_restricted_detail(
            marker, by=manager, purpose="planning-contact", detail="Home visit Tuesday"
        )
        assert DetailRead.objects.get(marker=marker).staff == manager
        assert "alerts.restricted_detail_read" in verbs(marker)

    def test_frontline_cannot_read_detail(self) -> None:
        """Frontline staff see handling, not the narrative."""
        marker = factories.live_person_marker()
        with pytest.raises(Refusal):
            services.read_restricted_detail(
                marker, by=staff_member(Role.FRONTLINE_OFFICER), purpose="other", detail="Curious"
            )

    def test_acknowledged_once_per_session_and_version(self) -> None:
        """Acknowledging twice in one session records once."""
        marker = factories.live_person_marker(severity="high-acknowledge")
        officer = staff_member(Role.FRONTLINE_OFFICER)
        services.acknowledge_marker(marker, by=officer, session_key="abc")
        services.acknowledge_marker(marker, by=officer, session_key="abc")
        assert Acknowledgement.objects.filter(marker=marker).count() == 1
        assert verbs(marker).count("alerts.marker_acknowledged") == 1


class TestPremises:
    def test_same_address_found_again(self) -> None:
        """Written differently, the same address is the same premises."""
        first = factories.premises(line_1="14 Mill Lane", postcode="NN1 1AA")
        again = factories.premises(line_1="14, mill ln", postcode="nn11aa")
        assert first == again

    def test_bad_postcode(self) -> None:
        """A premises needs a real postcode to be found again."""
        with pytest.raises(Refusal, match="real postcode"):
            factories.premises(postcode="nowhere")
