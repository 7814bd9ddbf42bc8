"""A sheet's rows as blocks, each cell with the headings a reader would give it.

A sheet is read as a person reads a table, by general rules (no sheet is known here):

* a *data row* holds a number (``47``, ``1,234``, ``12.5%``, ``£3m``, ``<5``; stored as a
  number or as text alike); a year (``2019``) or a period (``2019/20``) is a heading,
  not data;
* the *header rows* of a data row are the rows of headings (two cells or more, all of
  them text, at most :data:`MAX_HEADER_ROWS`) just above the first data row of its run,
  blank rows between allowed; a later data row, with no new header rows above it, keeps
  its table's;
* the *title* is the nearest row above them that holds one text cell in the table's
  first column (a table's caption, or a section's name within it);
* a cell's *row heading* is the first text cell of its row left of it, its *column
  heading* the header rows' cells above it: the lowest header row's cell in its own
  column, and an upper row's nearest cell at or left of it (a heading over several
  columns, written once, as a merged cell is).

A cell gets only the headings there are: a sheet of bare numbers has none, and nothing
is made up. Each row becomes one block, its cells' text joined by :data:`SEPARATOR`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from evidence.readers.blocks import Block, Cell

#: What stands between two cells of a row in a source's text.
SEPARATOR = " | "
#: The most rows of headings a table is given.
MAX_HEADER_ROWS = 3
_NUMBER = re.compile(
    r"^[<>≤≥]?=?\s?[(\-−+]?\s?[£$€]?\s?(?:\d[\d,]*(?:\.\d+)?|\.\d+)\s?(?:%|[kmb]n?)?\)?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d(?:\s?[/–-]\s?(?:\d\d|(?:19|20)\d\d))?$")


@dataclass(frozen=True)
class GridCell:
    """One non-empty cell as read: its column (from 1) and its text as the sheet shows it."""

    column: int
    text: str


#: A sheet's non-empty rows: (row number from 1, its non-empty cells left to right).
Rows = Sequence[tuple[int, Sequence[GridCell]]]


def is_number(text: str) -> bool:
    """Whether a cell states a figure (a year or a period is a heading, not a figure)."""
    return bool(_NUMBER.match(text)) and not _YEAR.match(text)


def column_letters(column: int) -> str:
    """``1`` -> ``A``, ``28`` -> ``AB``: a column as an A1 reference names it."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class _Table:
    title: str | None
    headers: tuple[Sequence[GridCell], ...]

    def over(self, column: int) -> tuple[str, ...]:
        """The heading over ``column``: the lowest row's own cell, upper rows' spanning ones."""
        out = []
        for n, cells in enumerate(self.headers):
            if n == len(self.headers) - 1:
                own = self._lowest.get(column)
                if own:
                    out.append(own)
                continue
            at = bisect.bisect_right(cells, column, key=lambda c: c.column)
            if at:
                out.append(cells[at - 1].text)
        return tuple(out)

    @cached_property
    def _lowest(self) -> dict[int, str]:
        return {c.column: c.text for c in self.headers[-1]} if self.headers else {}


def _texts(cells: Sequence[GridCell]) -> bool:
    return all(not is_number(c.text) for c in cells)


def _table_of(rows: Rows, i: int, before: _Table | None) -> _Table:
    """The title and header rows of the data row ``rows[i]``; ``before``: the last table."""
    first = rows[i][1][0].column
    headers: list[Sequence[GridCell]] = []
    title = None
    for j in range(i - 1, -1, -1):
        cells = rows[j][1]
        if not _texts(cells):
            break  # the data rows above: the same table, unless headings came between
        if len(cells) == 1 and cells[0].column <= first:
            title = cells[0].text
            break
        if len(headers) == MAX_HEADER_ROWS:
            break
        headers.insert(0, cells)
    if headers:
        return _Table(title, tuple(headers))
    if before is None:
        return _Table(title, ())
    return _Table(title or before.title, before.headers)


def _headings(cell: GridCell, row: str | None, table: _Table) -> tuple[str, ...]:
    """The title, the row heading and the column heading of ``cell``, those there are."""
    found = [table.title, row, *table.over(cell.column)]
    return tuple(dict.fromkeys(h for h in found if h and h != cell.text))


def _block(
    sheet: str, number: int, cells: Sequence[GridCell], table: _Table | None, data: bool
) -> Block:
    """One row as a block: its cells' text joined, each cell with its reference and headings."""
    parts: list[Cell] = []
    at = 0
    first = next((n for n, c in enumerate(cells) if not is_number(c.text)), len(cells))
    for n, cell in enumerate(cells):
        row = cells[first].text if first < n else None
        heads = _headings(cell, row, table) if data and table else ()
        ref = f"{column_letters(cell.column)}{number}"
        parts.append(Cell(at, at + len(cell.text), sheet, ref, heads))
        at += len(cell.text) + len(SEPARATOR)
    return Block(SEPARATOR.join(c.text for c in cells), cells=tuple(parts))


def sheet_blocks(sheet: str, rows: Rows) -> list[Block]:
    """A block for each non-empty row of a sheet, its cells with their headings.

    ``sheet`` is the sheet's name as a reference writes it (:func:`sheet_reference`).
    """
    rows = [(n, cells) for n, cells in rows if cells]
    blocks = []
    table: _Table | None = None
    for i, (number, cells) in enumerate(rows):
        data = not _texts(cells)
        if data:
            table = _table_of(rows, i, table)
        blocks.append(_block(sheet, number, cells, table, data))
    return blocks


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_LOOKS_LIKE_REF = re.compile(r"(?:[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*)")


def sheet_reference(name: str) -> str:
    """A sheet's name as a cell reference writes it, quoted as Excel quotes it.

    ``Sheet1`` stays as it is; ``Table 2`` becomes ``'Table 2'`` and ``Bob's`` becomes
    ``'Bob''s'`` (a name with a space, a quote or punctuation, or one that reads as a
    cell's reference, like ``A1``).
    """
    if _PLAIN_NAME.fullmatch(name) and not _LOOKS_LIKE_REF.fullmatch(name):
        return name
    return "'" + name.replace("'", "''") + "'"
