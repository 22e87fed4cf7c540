"""Contact frequency: weeks counted by channel, and the service's normal range from the log."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conduct.accounts.roles import Role
from conduct.contacts import frequency, services
from conduct.contacts.tests import factories

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)


def log(customer, officer, day: date, channel: str = "phone") -> None:
    when = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=11))
    services.log_contact(
        customer,
        by=officer,
        channel=channel,
        subject="Call",
        occurred_at=when,
        service=factories.cases.council_service(),
    )


def test_weeks_and_the_normal_range(make_staff) -> None:
    """Over 4 weeks, rates per week of 2 (this customer), 0.25, 0.5 and 1: median 0.75, p90 1.7."""
    officer = make_staff(Role.FRONTLINE_OFFICER)
    heavy = factories.customer()
    for n in range(8):
        log(heavy, officer, MONDAY + timedelta(days=n), "phone" if n % 2 else "visit")
    for count in (1, 2, 4):
        other = factories.customer()
        for n in range(count):
            log(other, officer, MONDAY + timedelta(days=n))
    found = frequency.evidence(heavy, MONDAY, MONDAY + timedelta(days=27))
    assert [week.total for week in found.weeks] == [7, 1, 0, 0]
    assert found.weeks[0].by_channel == {"visit": 4, "phone": 3}
    (normal,) = found.ranges
    assert normal.customers == 4 and normal.customer_rate == 2.0
    assert normal.median == pytest.approx(0.75) and normal.high == pytest.approx(1.7)


def test_the_chart_is_labelled_for_screen_readers(make_staff) -> None:
    """The SVG has a role, a title and a description that points to the table."""
    customer = factories.customer()
    log(customer, make_staff(Role.FRONTLINE_OFFICER), MONDAY)
    chart = str(frequency.chart(frequency.evidence(customer, MONDAY, MONDAY + timedelta(days=13))))
    assert 'role="img"' in chart and "<title id=" in chart and "The table below" in chart
    assert chart.count("<rect") == 2


def test_the_decision_page_shows_the_evidence(client, make_staff, sign_in) -> None:
    """The decision body reads contacts per week, the table and the normal range before deciding."""
    cases = factories.cases
    customer = factories.customer()
    frontline = make_staff(Role.FRONTLINE_OFFICER)
    today = timezone.localdate()
    for n in range(6):
        log(customer, frontline, today - timedelta(days=n + 1))
    other = factories.customer()
    for n in range(2):
        log(other, frontline, today - timedelta(days=n + 1))
    case = cases.investigated(
        cases.warned_case(make_staff(Role.LINE_MANAGER), about=customer),
        make_staff(Role.CASE_OFFICER),
    )
    sign_in(cases.panel()[0])
    body = client.get(reverse("cases:record_decision", args=[case.reference])).content.decode()
    assert 'id="contact-frequency"' in body and "<svg" in body
    assert "Contacts per week by channel" in body and "Contacts per week, by service" in body
    weeks = len(frequency.week_starts(today - timedelta(weeks=12), today))
    # This customer 6 contacts, the other 2: the median is 4 a period, the 90th percentile 5.6.
    shown = [f'numeric">{n / weeks:.1f}</td>' for n in (6, 4, 5.6)]
    assert all(figure in body for figure in shown), shown
