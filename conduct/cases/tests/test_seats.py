"""The start page's batched seat check says what workflow.seats_for says, case by case."""

import pytest
from django.conf import settings

from conduct.accounts.models import StaffPost, User
from conduct.accounts.roles import Role
from conduct.accounts.tests.factories import staff_member
from conduct.cases import workflow
from conduct.cases.seats import Seats
from conduct.cases.tests.factories import case, council_service
from conduct.customers.models import CouncilService
from conduct.policy.services import load_policy_pack

pytestmark = pytest.mark.django_db


def holding(post_id: str, service: CouncilService | None) -> User:
    person = staff_member(Role.DECISION_MAKER)
    StaffPost.objects.create(
        staff_member=person, post_id=post_id, post_name=post_id, service=service
    )
    return person


def test_service_posts_seat_only_on_their_services_cases_as_the_workflow_says():
    """North Northamptonshire ratifies by its service lead and Assistant Director: a service
    lead for Housing sits on a Housing case, one for Parking does not, a council-wide
    Assistant Director does, and a decision maker holding no post does not."""
    officer = staff_member(Role.FRONTLINE_OFFICER)
    housing_case = case(officer)  # its incident is about Housing
    north = load_policy_pack(
        settings.POLICY_DIR / "north-northamptonshire-2024.toml", by=None, activate=False
    )
    people = [
        holding("service-lead", council_service("Housing")),
        holding("service-lead", council_service("Parking")),
        holding("assistant-director", None),
        staff_member(Role.DECISION_MAKER),
    ]
    body = workflow.ratifying_body_id
    batched = [Seats(p).seated([(housing_case.pk, north.pk)], body)[0] for p in people]
    one_by_one = [
        bool(workflow.seats_for(north.file, body(north.file), p, housing_case)) for p in people
    ]
    assert batched == one_by_one == [True, False, True, False]
