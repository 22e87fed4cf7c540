"""Disclosure control for the equality monitoring tables (H2; ADR 0011).

One column of a characteristic's table (one population: say, customers warned or restricted)
is one sum: its cells (each category, "Prefer not to say", "Not given") add up to the size of
the population, which the report publishes. So:

- primary suppression: a cell under 5 (0 included) shows "fewer than 5";
- secondary suppression: a reader who knows this method knows a "fewer than 5" cell is 0 to 4
  and a withheld cell is 5 or more (every smaller cell is already "fewer than 5"). Take the
  published size, subtract the published cells, and what is left is shared among the hidden
  cells. While any hidden cell could then have only one value (one hidden cell alone, or a
  remainder that forces each to its least or greatest), the smallest cell still published in
  the column is withheld too, and the column checked again;
- if every cell is hidden and one could still be worked out (a column of a handful of
  customers), the whole column is withheld, each cell then anything from 0 to the size;
- an empty population (no one warned in the period) is about no one: its cells are all 0,
  shown as "fewer than 5".

Nothing here sees a person: it is given counts and gives back which to show.
"""

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
FEWER_THAN_5 = "fewer than 5"
WITHHELD = "withheld"


@dataclass(frozen=True)
class Cell:
    count: int
    hidden: str = ""  # "", FEWER_THAN_5 or WITHHELD: the words shown instead of the count
    whole_column: bool = False  # withheld with the rest of its column


def reader_bounds(cell: Cell, total: int) -> tuple[int, int]:
    """What a reader who knows the method can say of a cell from its words alone."""
    if not cell.hidden:
        return cell.count, cell.count
    if cell.whole_column:
        return 0, total
    if cell.hidden == FEWER_THAN_5:
        return 0, THRESHOLD - 1
    return THRESHOLD, total


def worked_out_ranges(cells: Sequence[Cell], total: int) -> list[tuple[int, int]]:
    """Each cell's least and greatest value, from the published total and the other cells."""
    bounds = [reader_bounds(cell, total) for cell in cells]
    least, most = sum(low for low, _ in bounds), sum(high for _, high in bounds)
    return [
        (max(low, total - (most - high)), min(high, total - (least - low))) for low, high in bounds
    ]


def can_be_worked_out(cells: Sequence[Cell], total: int) -> bool:
    ranges = worked_out_ranges(cells, total)
    return any(cell.hidden and low == high for cell, (low, high) in zip(cells, ranges, strict=True))


def protect(counts: Sequence[int]) -> list[Cell]:
    """The column's cells, each shown or hidden, so no hidden one can be worked out."""
    total = sum(counts)
    cells = [Cell(n, FEWER_THAN_5 if n < THRESHOLD else "") for n in counts]
    # An empty population has no one in it to give away; its cells are all 0 however shown.
    while total and can_be_worked_out(cells, total):
        shown = [i for i, cell in enumerate(cells) if not cell.hidden]
        if not shown:
            return [Cell(n, WITHHELD, whole_column=True) for n in counts]
        smallest = min(shown, key=lambda i: (counts[i], i))
        cells[smallest] = Cell(counts[smallest], WITHHELD)
    return cells
