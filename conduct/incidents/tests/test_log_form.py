"""The incident form: every rule as a table, every answer kept, one incident per submission."""

from pathlib import Path

import pytest
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.incidents.models import Evidence, Incident, SafeguardingReferral
from conduct.incidents.tests import factories
from conduct.incidents.tests.factories import upload

pytestmark = pytest.mark.django_db
URL = "/incidents/log/"


@pytest.fixture(autouse=True)
def three_pm_on_2_march(time_machine):
    """Dates in the table are judged against 2 March 2026, 3pm in London."""
    time_machine.move_to("2026-03-02 15:00 +0000", tick=False)


@pytest.fixture
def officer(make_staff, sign_in, pack):
    return sign_in(make_staff(Role.FRONTLINE_OFFICER))


def answers(housing, **overrides):
    """A complete form as an officer would post it."""
    return {
        "submission_key": "token-1",
        "occurred_day": "2",
        "occurred_month": "3",
        "occurred_year": "2026",
        "occurred_hour": "14",
        "occurred_minute": "05",
        "location": "Main reception",
        "channel": "in-person",
        "service": str(housing.pk),
        "who": "unknown",
        "unknown_description": "Tall man in a red coat",
        "behaviour_categories": ["aggressive-or-abusive"],
        "behaviour_examples": ["Threats, physical violence or intimidation"],
        "what_happened": "He shouted and banged the counter.",
        "words_used": "You will regret this.",
        "immediate_actions": ["ask-to-leave"],
        "injury": "none",
        "affected": ["staff-member"],
        "physical_violence": "none",
        "abuse_or_harassment": "yes",
        **overrides,
    }


def test_the_blank_form_starts_today_with_the_officer_affected(client, officer):
    """Today’s date is filled in, a fresh token is hidden in it, and the officer is ticked."""
    body = client.get(URL).content.decode()
    assert 'name="occurred_day" type="text" value="2"' in body
    assert 'name="submission_key" value="' in body
    assert f'value="{officer.pk}" checked' in body


def test_a_customer_reference_in_the_address_is_chosen_and_shown(client, officer, housing):
    """From a customer’s page, the form names them and shows their adjustments."""
    customer = factories.customer(given_names="Pat", family_name="Lee")
    body = client.get(f"{URL}?customer={customer.reference}").content.decode()
    assert f'value="{customer.reference}"' in body and "Pat Lee" in body
    assert 'value="existing" checked' in body


def test_a_complete_form_logs_the_incident_and_confirms_it(client, officer, housing):
    """The officer lands on the confirmation with the reference."""
    response = client.post(URL, answers(housing))
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("incidents:logged", args=[incident.reference])
    page = client.get(response.url).content.decode()
    assert incident.reference in page and "Contact the safeguarding team" not in page
    assert incident.created_by == officer
    assert incident.behaviour_examples == ["Threats, physical violence or intimidation"]


def test_a_double_click_logs_one_incident(client, officer, housing):
    """The same form token posted twice gives one incident and the same confirmation."""
    first = client.post(URL, answers(housing))
    second = client.post(URL, answers(housing))
    assert Incident.objects.count() == 1 and first.url == second.url


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"occurred_day": "", "occurred_month": "", "occurred_year": ""},
            "occurred_day",
            "Enter the date it happened",
        ),
        ({"occurred_month": ""}, "occurred_day", "The date it happened must include a month"),
        (
            {"occurred_day": "31", "occurred_month": "2"},
            "occurred_day",
            "The date it happened must be a real date",
        ),
        ({"occurred_year": "26"}, "occurred_year", "Year must include 4 numbers"),
        (
            {"occurred_day": "3"},
            "occurred_day",
            "The date it happened must be today or in the past",
        ),
        (
            {"occurred_hour": "", "occurred_minute": ""},
            "occurred_hour",
            "Enter the time it happened",
        ),
        ({"occurred_minute": ""}, "occurred_hour", "The time it happened must include a minute"),
        (
            {"occurred_hour": "25"},
            "occurred_hour",
            "The time it happened must be a real time, like 14 30",
        ),
        ({"occurred_hour": "16"}, "occurred_hour", "The time it happened must be in the past"),
        ({"location": ""}, "location", "Enter where it happened"),
        ({"channel": ""}, "channel", "Select how the contact was made"),
        ({"service": ""}, "service", "Select the service it was about"),
        ({"who": ""}, "who", "Select who the customer was"),
        (
            {"who": "existing"},
            "customer_search",
            "Find the customer by their name, date of birth or address, or enter their "
            "customer reference",
        ),
        (
            {"who": "existing", "customer_reference": "C-999999"},
            "customer_reference",
            "Enter a customer reference that is on Conduct, like C-000123",
        ),
        ({"who": "new"}, "new_given_names", "Enter the person’s name"),
        (
            {"who": "new", "new_family_name": "Jones", "dob_year": "1980"},
            "dob_day",
            "Date of birth must include a day and month",
        ),
        (
            {
                "who": "new",
                "new_family_name": "Jones",
                "dob_day": "1",
                "dob_month": "1",
                "dob_year": "2030",
            },
            "dob_day",
            "Date of birth must be in the past",
        ),
        (
            {"who": "new", "new_family_name": "Jones", "new_postcode": "NOT A CODE"},
            "new_postcode",
            "Enter a real postcode, like SW1A 1AA",
        ),
        (
            {"who": "new", "new_family_name": "Jones", "new_postcode": "SW1A 1AA"},
            "new_address_line_1",
            "Enter the first line of the address",
        ),
        ({"unknown_description": ""}, "unknown_description", "Describe the person"),
        (
            {"behaviour_categories": []},
            "behaviour_categories",
            "Select at least one kind of behaviour",
        ),
        (
            {"behaviour_categories": ["rudeness"]},
            "behaviour_categories",
            "Select a valid choice. rudeness is not one of the available choices.",
        ),
        (
            {"immediate_actions": ["taser"]},
            "immediate_actions",
            "Select a valid choice. taser is not one of the available choices.",
        ),
        ({"what_happened": ""}, "what_happened", "Enter what happened"),
        ({"injury": ""}, "injury", "Select whether anyone was hurt"),
        ({"safeguarding_concern": "on"}, "safeguarding_detail", "Enter what worried you"),
    ],
)
def test_each_rule_has_its_message_and_every_answer_is_kept(
    client, officer, housing, changes, field, message
):
    """The error summary links to the answer, the message says what to do, the rest stays typed."""
    response = client.post(URL, answers(housing, **changes))
    body = response.content.decode()
    assert response.status_code == 200 and not Incident.objects.exists()
    assert response.context_data["form"].errors[field] == [message]
    assert "There is a problem" in body and f'href="#id_{field}"' in body
    kept = {
        "what_happened": "He shouted and banged the counter.",
        "location": 'value="Main reception"',
    }
    assert all(shown in body for name, shown in kept.items() if name not in changes)
    assert 'value="in-person" checked' in body or "channel" in changes


def test_examples_under_a_kind_not_chosen_are_not_recorded(client, officer, housing):
    """Examples hidden with their unticked category are ignored, as GOV.UK reveals intend."""
    client.post(URL, answers(housing, behaviour_categories=["unreasonable-demands"]))
    assert Incident.objects.get().behaviour_examples == []


def test_someone_new_becomes_a_customer(client, officer, housing):
    """The new person’s name, date of birth and address make a customer record."""
    new = {
        "who": "new",
        "new_given_names": "Alex",
        "new_family_name": "Jones",
        "dob_day": "1",
        "dob_month": "5",
        "dob_year": "1980",
        "new_address_line_1": "1 High Street",
        "new_postcode": "sw1a1aa",
    }
    client.post(URL, answers(housing, **new))
    customer = Incident.objects.get().customer
    assert customer is not None
    assert customer.full_name == "Alex Jones" and str(customer.date_of_birth) == "1980-05-01"
    assert customer.addresses.get().postcode == "SW1A 1AA"


def test_a_safeguarding_concern_shows_what_to_do_now(
    client, officer, housing, django_capture_on_commit_callbacks
):
    """The confirmation tells the officer to contact the safeguarding team; the route is flagged."""
    concern = {"safeguarding_concern": "on", "safeguarding_detail": "Said they would end it all"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, answers(housing, **concern))
    page = client.get(response.url).content.decode()
    assert "Contact the safeguarding team now" in page
    assert SafeguardingReferral.objects.filter(
        incident__reference__in=[response.url.split("/")[2]]
    ).exists()


def test_a_police_crime_reference_is_kept_only_when_the_police_were_called(
    client, officer, housing
):
    """A crime reference typed and then hidden by answering no is not recorded."""
    client.post(URL, answers(housing, crime_reference="CR/123"))
    assert Incident.objects.get().crime_reference == ""


def test_evidence_files_are_stored(client, officer, housing, evidence_root):
    """Several files at once, each stored with its hash."""
    files = [upload("letter.pdf", factories.PDF), upload("photo.png", factories.png())]
    client.post(URL, {**answers(housing), "evidence": files})
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == [
        "letter.pdf",
        "photo.png",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            factories.HTML,
            "report.pdf is not a PDF, image, audio, video, email or text file",
        ),
        (
            "report.pdf",
            factories.EXE,
            "report.pdf is not a PDF, image, audio, video, email or text file",
        ),
        ("empty.txt", b"", "empty.txt is empty"),
        ("big.pdf", factories.PDF + b"0" * 2048, "big.pdf must be smaller than 1.0 KB"),
    ],
)
def test_a_refused_file_is_named_and_the_rest_is_kept(
    client, officer, housing, settings, evidence_root, name, content, message
):
    """The reason names the file; nothing is written; the other answers stay on the page."""
    settings.EVIDENCE_MAX_BYTES = 1024
    response = client.post(URL, {**answers(housing), "evidence": [upload(name, content)]})
    assert response.context_data["form"].errors["evidence"] == [message]
    assert not Incident.objects.exists() and not Evidence.objects.exists()
    assert not Path(evidence_root).exists() or list(Path(evidence_root).iterdir()) == []
    assert "He shouted and banged the counter." in response.content.decode()


def test_files_must_be_chosen_again_after_another_problem(client, officer, housing):
    """Browsers cannot keep chosen files, so the page says to choose them again."""
    response = client.post(
        URL, {**answers(housing, location=""), "evidence": [upload("a.pdf", factories.PDF)]}
    )
    assert response.context_data["form"].errors["evidence"] == [
        "Choose the evidence files again: files are not kept when there is a problem"
    ]


def test_without_a_pack_in_force_the_page_says_so(client, make_staff, sign_in):
    """Staff are told why they cannot log an incident yet."""
    sign_in(make_staff(Role.FRONTLINE_OFFICER))
    assert "You cannot log an incident yet" in client.get(URL).content.decode()
