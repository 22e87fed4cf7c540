"""Disclosure control for the equality tables: which cells are hidden, worked out by hand, and
a property test that no hidden cell can be worked out from the published total and cells."""

from hypothesis import assume, given
from hypothesis import strategies as st

from conduct.reports.equality_disclosure import FEWER_THAN_5, WITHHELD, Cell, protect


def shown(cells: list[Cell]) -> list[object]:
    return [cell.hidden or cell.count for cell in cells]


class TestHandWorked:
    def test_small_cells_alone_need_no_secondary_suppression(self):
        """Sex of those warned or restricted: Female 6, Male 3, Prefer not to say 0, Not given
        1; total 10. Male, Prefer not to say and Not given are under 5: "fewer than 5". The
        published 10 − 6 = 4 is shared by three cells each 0 to 4: any of them could be 0, 1,
        2, 3 or 4 (e.g. Male 4 with the others 0, or Male 0 with Not given 4), so nothing more
        is hidden."""
        assert shown(protect([6, 3, 0, 1])) == [6, FEWER_THAN_5, FEWER_THAN_5, FEWER_THAN_5]

    def test_a_lone_small_cell_takes_the_next_smallest_with_it(self):
        """Sex of those with an incident: Female 20, Male 12, Prefer not to say 2, Not given 6;
        total 40. Only Prefer not to say is under 5, and 40 − 20 − 12 − 6 = 2 would give it
        away, so the next smallest cell, Not given (6), is withheld. Then 40 − 20 − 12 = 8 is
        Prefer not to say (0 to 4) plus Not given (5 or more): 0 + 8, 1 + 7, 2 + 6 or 3 + 5,
        so neither can be worked out."""
        assert shown(protect([20, 12, 2, 6])) == [20, 12, FEWER_THAN_5, WITHHELD]

    def test_nothing_under_5_hides_nothing(self):
        """All customers: Female 30, Male 20, Prefer not to say 5, Not given 10: no cell is
        under 5."""
        assert shown(protect([30, 20, 5, 10])) == [30, 20, 5, 10]

    def test_small_cells_that_add_up_to_what_is_left_take_a_larger_one(self):
        """Age of 10 customers none of whom answered: eight age bands and Prefer not to say
        are 0, Not given 10. The published 10 − 10 = 0 says every hidden cell is 0, so Not
        given is withheld: then 10 is shared by nine cells of 0 to 4 and one of 5 or more,
        and Not given could be anything from 5 to 10."""
        cells = protect([0] * 9 + [10])
        assert shown(cells) == [FEWER_THAN_5] * 9 + [WITHHELD]

    def test_the_smallest_published_cell_is_the_one_withheld(self):
        """Cells 3, 9, 7, 50 (total 69): 3 alone is hidden, so the smallest published, 7, is
        withheld (not 9 or 50). 69 − 9 − 50 = 10 is then 0 + 10, 1 + 9, 2 + 8, 3 + 7 or 4 + 6."""
        assert shown(protect([3, 9, 7, 50])) == [FEWER_THAN_5, 9, WITHHELD, 50]

    def test_a_column_that_cannot_be_protected_is_withheld_whole(self):
        """Four cells of 4 (total 16): all are "fewer than 5", and 16 = 4 × 4 says each is 4.
        Nothing is left to withhold, so the whole column is withheld. The same for 0, 0 and 5:
        hiding 5 as well leaves 5 = 0 + 0 + 5, the least the three could be."""
        assert all(cell.whole_column for cell in protect([4, 4, 4, 4]))
        assert all(cell.whole_column for cell in protect([0, 0, 5]))

    def test_an_empty_population_hides_its_zeros(self):
        """No one warned in the period: each cell is 0 and shows "fewer than 5"; nothing more."""
        assert shown(protect([0, 0, 0])) == [FEWER_THAN_5] * 3


def sums_reachable(ranges: list[tuple[int, int]]) -> set[int]:
    """Every total the cells could add up to, each cell anywhere in its range."""
    totals = {0}
    for low, high in ranges:
        totals = {t + v for t in totals for v in range(low, high + 1)}
    return totals


def what_a_reader_knows(cell: Cell, total: int) -> tuple[int, int]:
    """The reader's range for a cell from its words and the published method."""
    if not cell.hidden:
        return cell.count, cell.count
    if cell.whole_column:
        return 0, total
    return (0, 4) if cell.hidden == FEWER_THAN_5 else (5, total)


def possible_values(cells: list[Cell], i: int) -> set[int]:
    """Every value cell i could have, given the published total and every other cell's range:
    worked out by enumeration, not by the module's own arithmetic."""
    total = sum(cell.count for cell in cells)
    ranges = [what_a_reader_knows(cell, total) for cell in cells]
    others = sums_reachable(ranges[:i] + ranges[i + 1 :])
    low, high = ranges[i]
    return {v for v in range(low, high + 1) if total - v in others}


small_counts = st.lists(st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=2, max_size=7)


@given(small_counts)
def test_no_hidden_cell_can_be_worked_out(counts):
    """Whatever the counts, every hidden cell could have at least two values given the
    published total (the population), the published cells and what each hidden cell's words
    say; subtraction is the special case of one hidden cell. (An empty population is about
    no one: test_an_empty_population_hides_its_zeros.)"""
    assume(sum(counts) > 0)
    cells = protect(counts)
    for i, cell in enumerate(cells):
        if cell.hidden:
            found = possible_values(cells, i)
            assert cell.count in found
            assert len(found) >= 2, (counts, shown(cells), i, found)


@given(small_counts)
def test_every_count_under_5_is_hidden_and_nothing_shown_is_changed(counts):
    """Primary suppression: a count under 5 is never shown; a count shown is the true one."""
    for n, cell in zip(counts, protect(counts), strict=True):
        assert cell.count == n
        assert cell.hidden or n >= 5
