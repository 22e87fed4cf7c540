"""The review, appeal and notification pages: thin doors into the same services and rules."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.cases.appeals import lodge_appeal
from conduct.cases.models import Appeal, Notification, Restriction
from conduct.cases.reviews import complete_review
from conduct.cases.tests.factories_reviews import decided_case, decision, restriction
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def review_url(item: Restriction) -> str:
    return reverse("cases:complete_review", args=[item.pk])


def test_the_review_page_shows_incidents_since_and_records_an_extension(
    client, sign_in, make_staff
):
    """A decision maker extends the restriction from the page and returns to the case."""
    sign_in(make_staff(Role.DECISION_MAKER))
    item = restriction()
    page = client.get(review_url(item))
    assert page.status_code == 200
    assert "no incidents about" in page.content.decode()
    answer = {
        "outcome": "extend",
        "reasons": "More calls.",
        "extend_by_months": "3",
        "term_officer": str(item.parameters["officer"]),
    }
    response = client.post(review_url(item), answer)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[item.case.reference])
    item.refresh_from_db()
    assert item.reviews.filter(completed_at__isnull=True).get().due_on == item.review_on


def test_the_review_page_and_the_case_name_the_restriction_and_its_officer(
    client, sign_in, make_staff
):
    """The pack's name for the type and the named officer's name; never ids or staff numbers."""
    sign_in(make_staff(Role.DECISION_MAKER))
    item = restriction()
    named = item.parameters["officer"]
    officer_name = User.objects.get(pk=named).full_name
    page = client.get(review_url(item)).content.decode()
    assert "Contact through a named officer or one inbox" in page
    assert f"Named officer: {officer_name}" in page
    assert f"officer: {named}" not in page
    case_page = client.get(reverse("cases:detail", args=[item.case.reference])).content.decode()
    assert "Contact through a named officer or one inbox: Active" in case_page
    assert "named-officer: Active" not in case_page


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"reasons": "Still needed."}, "Select the outcome of the review"),
        (
            {"outcome": "extend", "reasons": "More.", "incidents_not_recorded": "2"},
            "Say what happened in the incidents not recorded in Conduct",
        ),
        (
            {
                "outcome": "extend",
                "reasons": "More.",
                "extend_by_months": "9",
            },
            "within 6 months",
        ),
        ({"outcome": "extend"}, "Enter the reasons"),
        (
            {
                "outcome": "vary",
                "reasons": "New officer.",
                "term_officer": "",
            },
            "Named officer: enter it",
        ),
    ],
)
def test_refusals_show_in_the_error_summary_with_answers_kept(
    client, sign_in, make_staff, answer, message
):
    """A refused review shows why in the error summary and keeps what was typed."""
    sign_in(make_staff(Role.DECISION_MAKER))
    item = restriction()
    page = client.post(review_url(item), answer)
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html and message in html
    for value in answer.values():
        assert value in html
    item.refresh_from_db()
    assert item.reviews.filter(completed_at__isnull=True).count() == 1


def test_a_lifted_restriction_offers_no_review(client, sign_in, make_staff):
    """Once lifted, the page says the review is not possible, with the reason."""
    decider = sign_in(make_staff(Role.DECISION_MAKER))
    item = restriction()
    complete_review(item, by=decider, outcome="lift")
    page = client.get(review_url(item))
    assert page.status_code == 409
    assert "not possible while it is lifted" in page.content.decode()


def test_lodging_deciding_an_appeal_through_the_pages(client, sign_in, make_staff):
    """A case officer records an appeal, chooses who hears it, and the appeals officer quashes."""
    officer, hearer = make_staff(Role.CASE_OFFICER), make_staff(Role.APPEALS_OFFICER)
    case = decided_case()
    made = decision(case)
    item = restriction(case, made=made)
    sign_in(officer)
    url = reverse("cases:lodge_appeal", args=[case.reference])
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    answer = {
        "decision": str(made.pk),
        "received_on_day": str(today.day),
        "received_on_month": str(today.month),
        "received_on_year": str(today.year),
        "grounds": "The officer provoked me.",
    }
    assert client.post(url, answer).status_code == 302
    appeal = Appeal.objects.get()
    assign = reverse("cases:assign_appeals_officer", args=[appeal.pk])
    assert client.get(assign).status_code == 200
    assert client.post(assign, {"officer": str(hearer.pk)}).status_code == 302
    sign_in(hearer)
    decide = reverse("cases:decide_appeal", args=[appeal.pk])
    assert client.get(decide).status_code == 200
    assert (
        client.post(
            decide,
            {"outcome": "quash", "reasons": "Not proportionate.", "declared_not_involved": "true"},
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.status == Restriction.Status.QUASHED


def test_a_late_appeal_is_refused_on_the_page(client, sign_in, make_staff):
    """An appeal received after the window is refused with the last day named."""
    sign_in(make_staff(Role.CASE_OFFICER))
    case = decided_case()
    made = decision(case, on=timezone.localdate() - timedelta(days=60))
    today = timezone.localdate()
    answer = {
        "decision": str(made.pk),
        "received_on_day": str(today.day),
        "received_on_month": str(today.month),
        "received_on_year": str(today.year),
        "grounds": "Late but fair.",
    }
    page = client.post(reverse("cases:lodge_appeal", args=[case.reference]), answer)
    assert "after the last day to appeal" in page.content.decode()


def test_choosing_an_involved_officer_is_refused(client, sign_in, make_staff):
    """The page refuses an appeals officer who logged an incident in the case."""
    hearer = make_staff(Role.APPEALS_OFFICER)
    case = decided_case(logger=hearer)
    made = decision(case)
    officer = sign_in(make_staff(Role.CASE_OFFICER))
    appeal = lodge_appeal(case, made, by=officer, received_on=timezone.localdate(), grounds="No.")
    page = client.post(
        reverse("cases:assign_appeals_officer", args=[appeal.pk]), {"officer": str(hearer.pk)}
    )
    assert "logged an incident in this case" in page.content.decode()


def test_the_team_sees_and_marks_its_notifications(client, sign_in, make_staff):
    """Complaints staff see the restriction ended and mark it seen, once, audited."""
    item = restriction()
    complete_review(item, by=make_staff(Role.DECISION_MAKER), outcome="lift")
    person = sign_in(make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES))
    page = client.get(reverse("cases:notifications"))
    assert "Restriction ended" in page.content.decode()
    row = Notification.objects.get(team="complaints")
    assert client.post(reverse("cases:notification_seen", args=[row.pk])).status_code == 302
    row.refresh_from_db()
    assert row.seen_by == person
    assert AuditEvent.objects.filter(verb="cases.notification_seen").count() == 1


def test_another_teams_notification_cannot_be_marked(client, sign_in, make_staff):
    """Staff outside the team cannot mark its notification as seen."""
    item = restriction()
    complete_review(item, by=make_staff(Role.DECISION_MAKER), outcome="lift")
    sign_in(make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES))
    row = Notification.objects.get(team="health-and-safety")
    assert client.post(reverse("cases:notification_seen", args=[row.pk])).status_code == 409
    row.refresh_from_db()
    assert row.seen_at is None


def test_unseen_count(make_staff):
    """The start page's count is the team's notifications nobody has seen."""
    from conduct.cases.notifications import unseen_for

    item = restriction()
    complete_review(item, by=make_staff(Role.DECISION_MAKER), outcome="lift")
    assert unseen_for(make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES)) == 1
    assert unseen_for(make_staff(Role.AUDITOR)) == 0


def test_the_case_page_shows_reviews_appeals_and_what_to_tell(client, sign_in, make_staff):
    """The case page lists the restriction, its review button, the appeal and what is owed."""
    case = decided_case()
    made = decision(case)
    item = restriction(case, made=made)
    decider = make_staff(Role.DECISION_MAKER)
    complete_review(item, by=decider, outcome="extend", reasons="More.")
    lodge_appeal(
        case,
        made,
        by=make_staff(Role.CASE_OFFICER),
        received_on=timezone.localdate(),
        grounds="No.",
    )
    sign_in(decider)
    html = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Review the restriction" in html and "Appeal received" in html
    assert "The customer is still to be told: the review outcome" in html
    sign_in(make_staff(Role.APPEALS_OFFICER))
    html = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Decide the appeal" in html and "Review the restriction" not in html
