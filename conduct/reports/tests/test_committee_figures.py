"""The committee report's figures, against a council whose every figure was worked out by hand
(committee_council.py), in the period and the previous one."""

from datetime import date

import pytest
import time_machine

from conduct.reports import committee
from conduct.reports.committee import Period, Share, last_complete_quarter
from conduct.reports.tests.committee_council import (
    EXPECTED,
    PERIOD,
    PREVIOUS,
    TODAY,
    committee_council,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def report() -> committee.Report:
    with time_machine.travel(TODAY, tick=False):
        committee_council()
        return committee.build(PERIOD)


def figures(report: committee.Report) -> dict[str, list[tuple[str, object, object]]]:
    return {
        table.key: [(row.label, row.current, row.previous) for row in table.rows]
        for _, table in report.tables()
    }


def test_the_previous_period_is_the_same_length_and_ends_the_day_before():
    """Q3 2026 is 92 days; the 92 days before it run from 31 March to 30 June."""
    assert PERIOD.before() == PREVIOUS
    assert PERIOD.days == PREVIOUS.days == 92


@pytest.mark.parametrize(
    ("today", "quarter"),
    [
        ("2026-12-07", ("2026-07-01", "2026-09-30")),
        ("2026-10-01", ("2026-07-01", "2026-09-30")),
        ("2026-09-30", ("2026-04-01", "2026-06-30")),
        ("2026-02-14", ("2025-10-01", "2025-12-31")),
    ],
)
def test_the_default_period_is_the_last_complete_quarter(today, quarter):
    """A quarter that has not ended yet is never the default."""
    found = last_complete_quarter(date.fromisoformat(today))
    assert (found.start.isoformat(), found.end.isoformat()) == quarter


def test_each_figure_is_the_one_worked_out_by_hand(report):
    """Every table holds exactly the rows worked out in committee_council.py, in both periods,
    and no table goes unchecked."""
    found = figures(report)
    assert set(found) == set(EXPECTED)
    for key, rows in EXPECTED.items():
        assert (key, found[key]) == (key, rows)


def test_the_sections_read_as_a_committee_paper(report):
    """The sections come in the order of a committee paper."""
    assert [s.title for s in report.sections] == [
        "Incidents",
        "Warnings",
        "Restrictions",
        "Reviews",
        "Appeals",
        "Ombudsman referrals",
        "Warning markers",
        "Customers told",
    ]


def test_an_incident_counts_in_the_local_day_it_happened(report):
    """Half past midnight on 1 July in London is 30 June in UTC: it is this period's."""
    housing = dict(
        (label, (now, before)) for label, now, before in figures(report)["incidents-by-service"]
    )
    assert housing["Housing"] == (2, 0)


def test_a_share_reads_as_a_percentage_of_its_count():
    """Shares are said as a committee reads them, and an empty one is not 0%."""
    assert str(Share(1, 2)) == "50% (1 of 2)"
    assert str(Share(2, 3)) == "67% (2 of 3)"
    assert str(Share(0, 0)) == "None held"


def test_the_report_is_counted_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    """However many rows the council holds, the report is a fixed set of grouped counts."""
    with time_machine.travel(TODAY, tick=False):
        committee_council()
        with django_assert_max_num_queries(40):
            committee.build(Period(PERIOD.start, PERIOD.end))
