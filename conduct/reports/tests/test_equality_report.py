"""The equality monitoring figures on the small council (equality_factories.py), each worked
out by hand: who is in each population, counts, shares, relative rates and their intervals,
what is hidden, how much is missing; and that the counting is done in the database."""

from datetime import date

import pytest

from conduct.customers.forms import EQUALITY_CHOICES
from conduct.reports import equality
from conduct.reports.equality import (
    ANY_OTHER,
    NOT_GIVEN,
    PREFER_NOT_TO_SAY,
    Period,
    categories,
    last_complete_quarter,
)
from conduct.reports.tests.equality_factories import PERIOD, person, small_council, with_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    small_council()
    return equality.build(PERIOD)


def texts(row):
    return [(f.count_text, f.share_text) for f in row.figures]


def rows_of(report, field):
    return {row.category: row for row in next(t for t in report.tables if t.field == field).rows}


class TestTheSmallCouncil:
    def test_who_is_in_each_population(self, report):
        """10 warned or restricted (one customer both warned and restricted counts once); 40
        with an incident in the period; 65 on the register by 30 September. Left out: the
        warning and incident before the period and the restriction and incident after it (in
        all customers only), the merged record (nowhere), the customer added in October."""
        assert report.sizes == (10, 40, 65)

    def test_the_sex_table(self, report):
        """Shares are of the whole population: Female 6/10 = 60.0%, 20/40 = 50.0%,
        30/65 = 46.2%; Male 12/40 = 30.0%, 20/65 = 30.8%; Prefer not to say 5/65 = 7.7%;
        Not given 10/65 = 15.4%. Hidden as worked out in test_equality_disclosure: Male 3,
        Prefer not to say 0 and Not given 1 among those warned or restricted ("fewer than 5");
        Prefer not to say 2 ("fewer than 5") and Not given 6 ("withheld") among those with an
        incident."""
        rows = rows_of(report, "sex")
        assert list(rows) == ["Female", "Male", PREFER_NOT_TO_SAY, NOT_GIVEN]
        assert texts(rows["Female"]) == [("6", "60.0%"), ("20", "50.0%"), ("30", "46.2%")]
        assert texts(rows["Male"]) == [
            ("fewer than 5", "fewer than 5"),
            ("12", "30.0%"),
            ("20", "30.8%"),
        ]
        assert texts(rows[PREFER_NOT_TO_SAY]) == [
            ("fewer than 5", "fewer than 5"),
            ("fewer than 5", "fewer than 5"),
            ("5", "7.7%"),
        ]
        assert texts(rows[NOT_GIVEN]) == [
            ("fewer than 5", "fewer than 5"),
            ("withheld", "withheld"),
            ("10", "15.4%"),
        ]

    def test_the_relative_rate_and_its_interval(self, report):
        """Female: RR = (6/10) / (20/40) = 0.6 / 0.5 = 1.2. Katz: SE(ln RR) =
        √(1/6 − 1/10 + 1/20 − 1/40) = √0.0916667 = 0.302765; 1.959964 × 0.302765 = 0.593409;
        1.2 × e^−0.593409 = 0.6629 and 1.2 × e^0.593409 = 2.1722, shown 0.66 to 2.17.
        Male's count among those warned is hidden, so its rate would give it away: withheld.
        No rate for those who did not answer."""
        rows = rows_of(report, "sex")
        female = rows["Female"].relative_rate
        assert female.value == pytest.approx(1.2)
        assert female.low == pytest.approx(0.662929, abs=1e-6)
        assert female.high == pytest.approx(2.172178, abs=1e-6)
        assert (female.text, female.interval_text) == ("1.20", "0.66 to 2.17")
        assert rows["Male"].relative_rate.text == "withheld"
        assert rows[NOT_GIVEN].relative_rate.text == "Not applicable"

    def test_a_question_no_one_answered(self, report):
        """Age: every customer "Not given", so each age band and Prefer not to say is 0 ("fewer
        than 5"), and the population less Not given (10 − 10, 40 − 40, 65 − 65) is 0, which
        would say so: Not given is withheld in every column."""
        rows = rows_of(report, "age_band")
        assert list(rows)[:8] == EQUALITY_CHOICES["age_band"]
        assert {texts(row)[0][0] for name, row in rows.items() if name != NOT_GIVEN} == {
            "fewer than 5"
        }
        assert texts(rows[NOT_GIVEN]) == [("withheld", "withheld")] * 3

    def test_how_much_is_missing(self, report):
        """Sex, all customers: (Prefer not to say 5 + Not given 10) / 65 = 23.1%. Among those
        warned and those with an incident a missing row is hidden, so the share is withheld."""
        sex = next(t for t in report.tables if t.field == "sex")
        assert sex.missing() == ["withheld", "withheld", "23.1%"]

    def test_no_figure_about_a_hidden_cell_leaves_the_module(self, report):
        """A hidden figure carries no count and no share, so no page can show one."""
        for table in report.tables:
            for row in table.rows:
                for figure in row.figures:
                    if figure.hidden:
                        assert (figure.count, figure.share) == (None, None)


class TestCategories:
    def test_typed_answers(self):
        """Ethnic group is typed: "White British" (4 customers) and "white british" (2) are one
        answer of 6, spelt as most wrote it; "Irish" (5) stands; "Roma" (2) and "Sikh" (1),
        fewer than 5 customers each, go into "Any other answer" (3) so their words never
        show. Blank and no answers at all are both "Not given". Counts are (warned, incident,
        all)."""
        found = {
            "White British": (1, 2, 4),
            "white british": (0, 1, 2),
            "Irish": (0, 3, 5),
            "Roma": (1, 1, 2),
            "Sikh": (0, 0, 1),
            "Prefer not to say": (0, 1, 3),
            "": (0, 0, 2),
            None: (1, 2, 7),
        }
        assert categories("ethnicity", found) == [
            ("Irish", (0, 3, 5)),
            ("White British", (1, 3, 6)),
            (ANY_OTHER, (1, 1, 3)),
            (PREFER_NOT_TO_SAY, (0, 1, 3)),
            (NOT_GIVEN, (1, 2, 9)),
        ]

    def test_the_forms_answers_always_show_in_the_forms_order(self):
        """Sex has the form's two answers: both rows show, Female first, even with no one."""
        assert [name for name, _ in categories("sex", {None: (1, 1, 1)})] == [
            "Female",
            "Male",
            PREFER_NOT_TO_SAY,
            NOT_GIVEN,
        ]


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (date(2026, 12, 7), date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 9, 30), date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 2, 14), date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_the_last_complete_quarter(today, start, end):
    """The default period: the last quarter that ended before today."""
    assert last_complete_quarter(today) == Period(start, end)


def test_the_counting_is_done_in_the_database(django_assert_num_queries):
    """One query for the populations' sizes and one GROUP BY per question (9): 10 queries,
    with 3 customers or with 23."""
    for _ in range(3):
        with_incident(person("Female"))
    with django_assert_num_queries(10):
        small = equality.build(PERIOD)
    for _ in range(20):
        with_incident(person("Male"))
    with django_assert_num_queries(10):
        larger = equality.build(PERIOD)
    assert (small.sizes[1], larger.sizes[1]) == (3, 23)
