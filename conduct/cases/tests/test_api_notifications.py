"""POST /api/v1/cases/notifications/{id}/seen: as the notifications page's button."""

import pytest

from conduct.accounts.roles import Role
from conduct.api.tests.factories import bearer, issue_token
from conduct.cases.models import Notification
from conduct.cases.reviews import complete_review
from conduct.cases.tests.factories_reviews import restriction
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def lifted(make_staff) -> None:
    item = restriction()
    complete_review(item, by=make_staff(Role.DECISION_MAKER), outcome="lift")


def seen(client, user, row):
    _, secret = issue_token(user, "cases:write")
    return client.post(f"/api/v1/cases/notifications/{row.pk}/seen", **bearer(secret))


def test_the_team_marks_its_notification_seen(client, make_staff):
    lifted(make_staff)
    person = make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)
    row = Notification.objects.get(team="complaints")
    response = seen(client, person, row)
    assert response.status_code == 200, response.content
    assert response.json()["seen_at"] is not None
    row.refresh_from_db()
    assert row.seen_by == person
    assert AuditEvent.objects.filter(verb="cases.notification_seen", actor=person).count() == 1


def test_another_teams_notification_is_refused(client, make_staff):
    lifted(make_staff)
    row = Notification.objects.get(team="health-and-safety")
    response = seen(client, make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES), row)
    assert response.status_code == 409
    row.refresh_from_db()
    assert row.seen_at is None
