"""Markers come up for review, escalate when overdue and expire at retention, on schedule (I5)."""

from typing import Any

import pytest
import time_machine
from django.core import mail

from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.alerts import queries, services, tasks
from conduct.alerts.models import Marker
from conduct.alerts.tests import factories
from conduct.core.models import AuditEvent
from conduct.customers.services import add_address

pytestmark = pytest.mark.django_db


def escalations(marker: Marker) -> int:
    return AuditEvent.objects.filter(
        verb="alerts.review_escalated", target_id=str(marker.pk)
    ).count()


@time_machine.travel("2025-01-15 09:00:00+00:00", tick=False)
def live_marker() -> Marker:
    """A live threats marker started 15 January 2025: review 15 January 2026, kept to 15 January 2028."""
    return factories.live_person_marker()


class TestReviewDue:
    def test_due_for_review_in_the_month_before(self) -> None:
        """A marker shows as due for review from 30 days before its date."""
        marker = live_marker()
        with time_machine.travel("2025-12-01 09:00:00+00:00", tick=False):
            assert tasks.reviews_due() == []
        with time_machine.travel("2025-12-20 09:00:00+00:00", tick=False):
            assert tasks.reviews_due() == [marker]


class TestEscalation:
    def test_overdue_review_escalates_once(self, django_capture_on_commit_callbacks: Any) -> None:
        """Two weeks past the review date health and safety are emailed; rerunning does nothing more."""
        marker = live_marker()
        with time_machine.travel("2026-01-20 09:00:00+00:00", tick=False):
            assert tasks.escalate_overdue_marker_reviews.call() == 0
        with time_machine.travel("2026-01-30 09:00:00+00:00", tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                assert tasks.escalate_overdue_marker_reviews.call() == 1
            assert tasks.escalate_overdue_marker_reviews.call() == 0
        assert escalations(marker) == 1
        assert len(mail.outbox) == 1
        assert marker.approved_by is not None
        assert marker.approved_by.email in mail.outbox[0].to
        assert marker.reference in mail.outbox[0].subject


class TestExpiry:
    def test_expires_at_retention_and_loses_detail(self) -> None:
        """On its retention date the marker ends, stops showing and its restricted detail goes."""
        marker = live_marker()
        assert marker.customer_id is not None
        with time_machine.travel("2028-01-14 09:00:00+00:00", tick=False):
            assert tasks.expire_markers.call() == 0
            assert queries.live_person_markers([marker.customer_id])
        with time_machine.travel("2028-01-15 09:00:00+00:00", tick=False):
            assert queries.live_person_markers([marker.customer_id]) == {}
            assert tasks.expire_markers.call() == 1
            assert tasks.expire_markers.call() == 0
        marker.refresh_from_db()
        assert marker.status == Marker.Status.EXPIRED
        assert marker.restricted_detail == ""
        assert marker.end_reason


class TestNewOccupier:
    def test_new_occupier_flags_the_hazard_once_until_reviewed(self) -> None:
        """Someone moving in at a hazard's address flags it for a re-check; a review clears it (I6)."""
        marker = factories.make_live(factories.premises_marker())
        assert tasks.flag_new_occupiers.call() == 0
        add_address(factories.customer(), line_1="14 Mill Ln", postcode="NN1 1AA", by=None)
        assert tasks.flag_new_occupiers.call() == 1
        assert tasks.flag_new_occupiers.call() == 0
        marker.refresh_from_db()
        assert marker.occupier_recheck_since is not None
        services.review_marker(
            marker, by=staff_member(Role.HEALTH_AND_SAFETY_OFFICER), notes="Dogs still there"
        )
        marker.refresh_from_db()
        assert marker.occupier_recheck_since is None
        assert tasks.flag_new_occupiers.call() == 0

    def test_neighbour_does_not_flag(self) -> None:
        """A new customer next door is not a new occupier."""
        factories.make_live(factories.premises_marker())
        add_address(factories.customer(), line_1="16 Mill Lane", postcode="NN1 1AA", by=None)
        assert tasks.flag_new_occupiers.call() == 0
