"""The screening and pre-visit pages: who may use them, what they show, and what they never show."""

import pytest
from django.test import Client
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.alerts.tests import factories as alerts
from conduct.screening.models import ScreeningLog
from conduct.screening.tests.factories import person
from conduct.screening.tests.test_services import NARRATIVE, restricted_person

SCREEN = reverse("screening:screen")
VISIT = reverse("screening:visit")


@pytest.mark.django_db
def test_frontline_staff_screen_a_caller_and_see_handling(
    client: Client, make_staff, sign_in
) -> None:
    """The match shows the marker’s handling and the restriction, never the restricted detail."""
    customer, _ = restricted_person()
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    answer = client.post(
        SCREEN, {"purpose": "caller", "name": customer.full_name, "postcode": "NN11AA"}
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert customer.reference in page
    assert alerts.HANDLING in page
    assert "Contact through a named officer or one inbox" in page
    assert alerts.SECRET not in page and NARRATIVE not in page
    assert ScreeningLog.objects.get().channel == "page"


@pytest.mark.django_db
def test_an_empty_screening_keeps_the_page_and_says_what_to_enter(
    client: Client, make_staff, sign_in
) -> None:
    """No details: an error summary, the answers kept, nothing logged."""
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    page = client.post(SCREEN, {"purpose": "caller", "date_of_birth": "sometime"}).content.decode()
    assert "Enter a date of birth like 27/3/1980, or just the year" in page
    assert 'value="sometime"' in page
    page = client.post(SCREEN, {"purpose": "caller"}).content.decode()
    assert "Enter at least one detail, such as a name or postcode" in page
    assert not ScreeningLog.objects.exists()


@pytest.mark.django_db
def test_a_date_that_cannot_be_read_beside_a_name_is_left_out_and_said_so(
    client: Client, make_staff, sign_in
) -> None:
    """The name is screened; the page says the date was not used, and what to do."""
    customer = person(given_names="Ann", family_name="Lee")
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    answers = {"purpose": "caller", "name": "Ann Lee", "date_of_birth": "1945-04-93"}
    page = client.post(SCREEN, answers).content.decode()
    assert "The date of birth 1945-04-93 could not be read, so it was not used." in page
    assert customer.reference in page
    assert "govuk-error-summary" not in page
    assert ScreeningLog.objects.get().fields_given == "name"


@pytest.mark.django_db
def test_the_pre_visit_check_page_shows_hazards(client: Client, make_staff, sign_in) -> None:
    """An address in, the premises’ hazards and the occupiers’ markers out."""
    customer, _ = restricted_person()
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    page = client.post(VISIT, {"line_1": "14 Mill Lane", "postcode": "nn1 1aa"}).content.decode()
    assert customer.reference in page and alerts.HANDLING in page
    assert alerts.SECRET not in page
    assert (
        "Enter the first line and postcode"
        in client.post(VISIT, {"postcode": "NN1 1AA"}).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.AUDITOR, Role.APPEALS_OFFICER])
def test_staff_who_do_not_deal_with_customers_cannot_screen(
    client: Client, make_staff, sign_in, role
) -> None:
    """Screening is for staff who meet customers; others are refused."""
    sign_in(make_staff(role))
    assert client.get(SCREEN).status_code == 403
    assert client.get(VISIT).status_code == 403


@pytest.mark.django_db
def test_the_screening_page_is_in_the_navigation(client: Client, make_staff, sign_in) -> None:
    """Frontline staff find “Screen a caller” in the service navigation and on their start page."""
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    assert client.get(SCREEN).content.decode().count(f'href="{SCREEN}"') >= 1
    assert "Before you meet or visit someone" in client.get("/").content.decode()
