"""The Ombudsman referral pages: who sees and does what, each action through its form, and a
refused answer shown on its question with every answer kept."""

import pytest
from django.urls import reverse

from conduct.accounts.roles import Role
from conduct.cases import ombudsman
from conduct.cases.models import OmbudsmanReferral
from conduct.cases.tests.factories_ombudsman import days_ago, enquiry, referral, upheld
from conduct.cases.tests.factories_reviews import decided_case, decision
from conduct.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def case_page(item: OmbudsmanReferral) -> str:
    return reverse("cases:detail", args=[item.case.reference])


def referral_page(item: OmbudsmanReferral) -> str:
    return reverse("cases:ombudsman_referral", args=[item.pk])


def date_answer(name: str, value) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def test_a_case_officer_records_a_referral_from_the_case_page(client, sign_in, make_staff):
    """The case page offers the action; the referral is recorded about the decision."""
    sign_in(make_staff(Role.CASE_OFFICER))
    case = decided_case()
    made = decision(case)
    shown = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Ombudsman referrals" in shown and "Record an Ombudsman referral" in shown
    url = reverse("cases:record_ombudsman_referral", args=[case.reference])
    form = client.get(url).content.decode()
    assert form.index("Local Government and Social Care Ombudsman") < form.index("Housing")
    answers = {
        "ombudsman": "lgsco",
        "about": f"decision-{made.pk}",
        "reference": "24 001 777",
        **date_answer("heard_on", days_ago(1)),
        **date_answer("referred_on", days_ago(4)),
    }
    response = client.post(url, answers)
    item = OmbudsmanReferral.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == referral_page(item)
    assert (item.decision, item.reference, item.referred_on) == (made, "24 001 777", days_ago(4))
    page = client.get(referral_page(item)).content.decode()
    assert "Ombudsman referral recorded" in page
    assert "Referral to the Local Government and Social Care Ombudsman" in page
    assert "Record an enquiry" in page and "Record the outcome" in page
    assert "lgsco" not in page


def test_a_refused_referral_keeps_every_answer(client, sign_in, make_staff):
    """A referral after the council heard is refused on its question; the answers stay."""
    sign_in(make_staff(Role.COMPLAINTS_AND_CUSTOMER_SERVICES))
    case = decided_case()
    url = reverse("cases:record_ombudsman_referral", args=[case.reference])
    answers = {
        "ombudsman": "spso",
        "reference": "202400123",
        **date_answer("heard_on", days_ago(5)),
        **date_answer("referred_on", days_ago(2)),
    }
    page = client.post(url, answers)
    text = page.content.decode()
    assert page.status_code == 200 and not OmbudsmanReferral.objects.exists()
    assert "govuk-error-summary" in text
    assert "must be on or before the date the council heard" in text
    assert 'value="202400123"' in text and 'value="spso" checked' in text
    back = reverse("cases:detail", args=[case.reference])
    assert f'href="{back}"' not in text  # the complaints team is not offered the case page


@pytest.mark.parametrize(
    ("role", "reads", "records"),
    [
        (Role.CASE_OFFICER, 200, 200),
        (Role.COMPLAINTS_AND_CUSTOMER_SERVICES, 200, 200),
        (Role.AUDITOR, 200, 403),
        (Role.LINE_MANAGER, 200, 403),
        (Role.DECISION_MAKER, 200, 403),
        (Role.FRONTLINE_OFFICER, 403, 403),
    ],
)
def test_who_reads_and_who_records(client, sign_in, make_staff, role, reads, records):
    """Those who see the case read referrals; case officers and complaints staff record."""
    item = referral()
    sign_in(make_staff(role))
    assert client.get(referral_page(item)).status_code == reads
    for name in ("record_ombudsman_enquiry", "record_ombudsman_outcome"):
        assert client.get(reverse(f"cases:{name}", args=[item.pk])).status_code == records
    new = reverse("cases:record_ombudsman_referral", args=[item.case.reference])
    assert client.get(new).status_code == records


def test_an_auditor_reads_the_referral_without_actions(client, sign_in, make_staff):
    """Read only: no buttons, and the reading is audited."""
    item = upheld(referral())
    sign_in(make_staff(Role.AUDITOR))
    page = client.get(referral_page(item)).content.decode()
    assert "Upheld (fault causing injustice)" in page
    assert "Record that the remedy was done" not in page
    assert AuditEvent.objects.filter(verb="cases.ombudsman_referral_viewed").exists()
    case = client.get(case_page(item)).content.decode()
    assert "Record an Ombudsman referral" not in case and "Upheld" in case
    assert f'href="{referral_page(item)}"' in case and "Referral to the Local Government" in case


def test_an_enquiry_and_its_response_through_the_pages(client, sign_in, make_staff):
    """The enquiry brings the reference; its response is recorded from the enquiry's link."""
    sign_in(make_staff(Role.CASE_OFFICER))
    item = referral()
    url = reverse("cases:record_ombudsman_enquiry", args=[item.pk])
    answers = {
        "question": "Your notes of the decision.",
        "reference": "24 002 000",
        **date_answer("received_on", days_ago(3)),
        **date_answer("respond_by", days_ago(-10)),
    }
    assert client.post(url, answers)["Location"] == referral_page(item)
    asked = item.enquiries.get()
    page = client.get(referral_page(item)).content.decode()
    assert "Your notes of the decision." in page and "24 002 000" in page
    respond = reverse("cases:record_enquiry_response", args=[asked.pk])
    assert f'href="{respond}"' in page
    response = client.post(respond, date_answer("responded_on", days_ago(1)))
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.responded_on == days_ago(1)
    assert f'href="{respond}"' not in client.get(referral_page(item)).content.decode()


def test_the_outcome_and_the_remedy_through_the_pages(client, sign_in, make_staff):
    """Partly upheld with a remedy, then the remedy done; the outcome page then says why not."""
    sign_in(make_staff(Role.CASE_OFFICER))
    item = referral(reference="24 003 000")
    enquiry(item)
    outcome = reverse("cases:record_ombudsman_outcome", args=[item.pk])
    form = client.get(outcome).content.decode()
    assert "Not upheld (no fault)" in form and 'name="reference"' not in form
    answers = {
        "outcome": "partly-upheld",
        "remedy": "Apologise.",
        **date_answer("outcome_on", days_ago(2)),
    }
    assert client.post(outcome, answers).status_code == 302
    item.refresh_from_db()
    assert (item.outcome, item.remedy) == ("partly-upheld", "Apologise.")
    remedy = reverse("cases:record_remedy_done", args=[item.pk])
    assert "Apologise." in client.get(remedy).content.decode()
    assert client.post(remedy, date_answer("done_on", days_ago(0))).status_code == 302
    again = client.get(outcome)
    assert again.status_code == 409
    assert "The Ombudsman’s outcome is already recorded" in again.content.decode()


def test_a_remedy_on_an_outcome_not_upheld_is_refused_on_its_question(client, sign_in, make_staff):
    """The service's refusal shows on the remedy, with the outcome still chosen."""
    sign_in(make_staff(Role.CASE_OFFICER))
    item = referral()
    outcome = reverse("cases:record_ombudsman_outcome", args=[item.pk])
    answers = {
        "outcome": "not-upheld",
        "remedy": "Pay £20.",
        **date_answer("outcome_on", days_ago(1)),
    }
    page = client.post(outcome, answers).content.decode()
    assert "Only an upheld or partly upheld complaint has a remedy" in page
    assert 'id="id_remedy-error"' in page and "Pay £20." in page
    item.refresh_from_db()
    assert item.outcome == ""


def test_the_audit_trail_reads_each_action_as_a_sentence(client, sign_in, make_staff):
    """Every Ombudsman action reads in words on the audit trail (checked like every page)."""
    item = referral()
    officer = make_staff(Role.CASE_OFFICER)
    ombudsman.record_enquiry_response(enquiry(item), by=officer, responded_on=days_ago(1))
    ombudsman.record_remedy_done(upheld(item), by=officer, done_on=days_ago(0))
    sign_in(make_staff(Role.AUDITOR))
    page = client.get(reverse("core:audit_trail")).content.decode()
    for words in (
        "recorded that the customer went to the Local Government and Social Care Ombudsman",
        "recorded an enquiry from the Local Government",
        "recorded the council’s response to the Local Government",
        "Ombudsman’s outcome on case",
        "recorded that the remedy the Local Government",
    ):
        assert words in page
