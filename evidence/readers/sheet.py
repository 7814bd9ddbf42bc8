"""Spreadsheets as sources: an .xlsx workbook or a .csv file, read cell by cell, bounded.

Each non-empty row becomes a block (:mod:`evidence.readers.headings`): its cells' text
joined by " | ", each cell citable by its reference (``Sheet1!C7``; a CSV has one sheet,
so its cells are named without one: ``C7``) with its headings.

A workbook is read as it was last saved: a formula's value is the one stored with it
(openpyxl's ``data_only``); a formula saved with no value (by a program that does not
calculate) reads as empty, and a note after its sheet, shown but never citable, says
which cells. A number reads as the sheet shows it, by its cell's format: ``1,234``,
``12.5%``, ``£3,000``, ``0.50``; a date as ``2019-04-01``.

Bounds, checked as the cells are read (a workbook's stated dimensions can lie):
:data:`MAX_SHEETS` sheets, :data:`MAX_ROWS` rows, :data:`MAX_CELLS` cells and column
:data:`MAX_COLUMN`; before a workbook is opened, each part of its package at most
:data:`MAX_PART` unzipped, and :data:`MAX_UNZIPPED` in all.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from evidence.errors import SourceError
from evidence.fsio import size_label
from evidence.readers.blocks import Block
from evidence.readers.headings import GridCell, column_letters, sheet_blocks, sheet_reference

#: The largest .xlsx file read.
MAX_XLSX = 32 * 2**20
#: The most any part of a workbook's package may unzip to, and all of them together.
MAX_PART = 48 * 2**20
MAX_UNZIPPED = 128 * 2**20
MAX_SHEETS = 100
#: Rows read (those a CSV or a sheet's XML holds), across all sheets.
MAX_ROWS = 100_000
#: Non-empty cells read, across all sheets.
MAX_CELLS = 250_000
#: The furthest column a cell may be in (``ALL``).
MAX_COLUMN = 1_000
#: The last row of a sheet (Excel's and LibreOffice's).
MAX_ROW = 1_048_576
_SPLIT = "Save the part of it you cite as its own workbook or CSV, and add that"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class _Count:
    """Rows and cells read so far, refused past the limits."""

    def __init__(self, path: Path) -> None:
        self.path, self.rows, self.cells = path, 0, 0

    def row(self) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS:
            self._refuse(f"has more than {MAX_ROWS:,} rows")

    def cell(self, column: int, where: str) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            self._refuse(f"has more than {MAX_CELLS:,} cells")
        if column > MAX_COLUMN:
            self._refuse(
                f"has a cell in column {column_letters(column)} ({where}), beyond column "
                f"{column_letters(MAX_COLUMN)}, the furthest read"
            )

    def damaged(self, what: str) -> None:
        """Refuse a workbook whose sheet no spreadsheet program writes so."""
        raise SourceError(
            f"{what}: a damaged workbook; not read",
            path=self.path,
            hint="Open it in Excel or LibreOffice and save it again as .xlsx",
        )

    def _refuse(self, what: str) -> None:
        raise SourceError(
            f"{what}: the limit for a spreadsheet source; not read", path=self.path, hint=_SPLIT
        )


def cell_text(value: object) -> str:
    """A cell's text on one line: runs of white space one space, control characters none."""
    return " ".join(_CONTROL.sub(" ", str(value)).split())


# --- CSV -------------------------------------------------------------------------------------


def read_csv(data: bytes, path: Path) -> list[Block]:
    """A CSV file's rows as blocks (UTF-8, a BOM allowed; the delimiter sniffed).

    Raises:
        SourceError: not UTF-8 text (with the byte's offset), or over a limit.
    """
    from evidence.csvio import sniff_delimiter

    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})",
            path=path,
            hint="Save it as 'CSV UTF-8', or convert it (e.g. iconv -t UTF-8)",
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text, lines=20))
    count = _Count(path)
    rows = []
    try:
        for number, record in enumerate(reader, 1):
            count.row()
            cells = []
            for column, value in enumerate(record, 1):
                shown = cell_text(value)
                if shown:
                    count.cell(column, f"row {number}")
                    cells.append(GridCell(column, shown))
            rows.append((number, cells))
    except csv.Error as exc:
        raise SourceError(
            f"cannot be read as CSV ({exc})", path=path, line=reader.line_num
        ) from None
    return sheet_blocks("", rows)


# --- .xlsx -----------------------------------------------------------------------------------


def _check_package(data: bytes, path: Path) -> None:
    """Refuse a file that is not a zip package, or one that unzips to too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SourceError(
            "is not an .xlsx workbook (not a zip package: an encrypted workbook, or an "
            "old .xls one, is neither)",
            path=path,
            hint="Open it in Excel or LibreOffice and save it as an unprotected .xlsx",
        ) from None
    big = next((i for i in infos if i.file_size > MAX_PART), None)
    total = sum(i.file_size for i in infos)
    if big is not None or total > MAX_UNZIPPED:
        what = f"its part {big.filename}" if big else "its parts"
        limit = MAX_PART if big else MAX_UNZIPPED
        raise SourceError(
            f"{what} unzip to over {size_label(limit)}, the limit for a workbook; not read",
            path=path,
            hint=_SPLIT,
        )


def read_xlsx(data: bytes, path: Path) -> list[Block]:
    """A workbook's sheets' rows as blocks, sheet by sheet (see the module's bounds).

    Raises:
        SourceError: not a workbook, a damaged one, or over a limit.
    """
    _check_package(data, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of what it does not read
        try:
            return _read_workbook(data, path)
        except SourceError:
            raise
        except (MemoryError, RecursionError):
            raise SourceError(
                "is too complex to read as a workbook; not read", path=path, hint=_SPLIT
            ) from None
        except Exception as exc:  # a damaged package fails anywhere in openpyxl
            raise SourceError(
                f"cannot be read as an .xlsx workbook ({type(exc).__name__}: "
                f"{str(exc)[:120] or 'damaged'})",
                path=path,
                hint="Open it in Excel or LibreOffice and save it again as .xlsx",
            ) from None


def _read_workbook(data: bytes, path: Path) -> list[Block]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = [s for s in book.worksheets if hasattr(s, "_get_source")]
        if len(sheets) > MAX_SHEETS:
            raise SourceError(
                f"has {len(sheets)} sheets, over the {MAX_SHEETS} read from a workbook",
                path=path,
                hint=_SPLIT,
            )
        count = _Count(path)
        blocks: list[Block] = []
        seen: set[str] = set()
        for sheet in sheets:
            _check_title(count, sheet.title, seen)
            name = sheet_reference(sheet.title)
            uncached: list[str] = []
            rows = list(_sheet_rows(book, sheet, count, uncached))
            blocks.extend(sheet_blocks(name, rows))
            if uncached:
                blocks.append(_uncached_note(name, uncached))
        return blocks
    finally:
        book.close()


#: What a sheet's name may not hold, as Excel says (: \ / ? * [ ]), and control characters,
#: line breaks and bidi overrides (a reference printed reordered).
_BAD_TITLE = re.compile(r"[:\\/?*\[\]\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _check_title(count: _Count, title: str, seen: set[str]) -> None:
    """Refuse a sheet's name no spreadsheet program gives (its cells could not be named)."""
    bad = _BAD_TITLE.search(title)
    why = None
    if not title or len(title) > 31:
        why = "is empty" if not title else "is longer than 31 characters"
    elif bad or title[0] == "'" or title[-1] == "'":
        why = f"holds {bad.group()!r}" if bad else "begins or ends with '"
    elif title.casefold() in seen:
        why = "is another sheet's too"
    if why:
        count.damaged(f"has a sheet whose name {why} ({cell_text(title)[:40]!r})")
    seen.add(title.casefold())


def _uncached_note(sheet: str, cells: list[str]) -> Block:
    shown = ", ".join(cells[:10]) + (f" and {len(cells) - 10} more" if len(cells) > 10 else "")
    return Block(
        f"[{sheet}: {len(cells)} formula cell(s) saved without a value, read as empty: "
        f"{shown}. Open the workbook in Excel or LibreOffice and save it to store them.]",
        excluded="formulas saved without their values",
    )


def _sheet_rows(
    book: Any, sheet: Any, count: _Count, uncached: list[str]
) -> Iterator[tuple[int, list[GridCell]]]:
    """A sheet's rows as its XML has them: only the cells it holds, counted as they come.

    openpyxl's own row iteration pads every row to the sheet's stated width and fills the
    rows between with empty ones (a stated ``A1:XFD1048576`` would take hours), so its
    parser is read directly.
    """
    from openpyxl.cell.read_only import ReadOnlyCell

    last = 0
    with sheet._get_source() as source:
        for number, cells in _parser(book, sheet, source, uncached).parse():
            count.row()
            _in_order(count, sheet.title, number, last)
            last, row, columns = number, [], set()
            for cell in cells:
                where = f"{sheet.title}!{column_letters(cell['column'])}{number}"
                if cell["value"] is None:
                    continue
                count.cell(cell["column"], where)
                if cell["column"] in columns:
                    count.damaged(f"holds the cell {where} twice")
                columns.add(cell["column"])
                shown = _shown(ReadOnlyCell(sheet, **cell))
                if shown:
                    row.append(GridCell(cell["column"], shown))
            yield number, sorted(row, key=lambda c: c.column)


def _in_order(count: _Count, title: str, number: int, last: int) -> None:
    """Refuse a row out of order, twice, or past Excel's last (a damaged or made-up sheet)."""
    if number > MAX_ROW:
        count.damaged(f"has a row {number:,} in {title}, past the last row a sheet has")
    if number <= last:
        count.damaged(
            f"holds row {number} of {title} twice"
            if number == last
            else f"has row {number} of {title} after row {last}"
        )


def _parser(book: Any, sheet: Any, source: Any, uncached: list[str]) -> Any:
    """Openpyxl's sheet parser, noting the formula cells saved without a value."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> Any:
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                uncached.append(f"{column_letters(cell['column'])}{cell['row']}")
            return cell

    return Parser(
        source,
        sheet._shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )


def _shown(cell: Any) -> str:
    """A cell's value as the sheet shows it (numbers by their format; dates as ISO)."""
    value = cell.value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):  # a duration ([h]:mm:ss) as Excel shows it, not Python
        seconds = round(value.total_seconds())
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    if isinstance(value, int | float):
        return number_text(value, cell.number_format or "General")
    return cell_text(value)


def number_text(value: float, fmt: str) -> str:
    """``value`` as a cell's number format shows it: the common formats.

    Thousands separators (``#,##0``), decimals (``0.00``), per cent (``0.0%``) and a
    currency symbol (``£#,##0``); anything else as Excel's General shows it.
    """
    form = _format(fmt)
    if form is None:
        return _general(value)
    percent, places, grouped, symbol = form
    text = f"{value * 100 if percent else value:{',' if grouped else ''}.{places}f}"
    if symbol:
        text = "-" + symbol + text[1:] if text.startswith("-") else symbol + text
    return text + ("%" if percent else "")


@lru_cache(maxsize=256)
def _format(fmt: str) -> tuple[bool, int, bool, str] | None:
    """A number format's first section read: per cent, decimals, grouped, currency symbol."""
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", fmt.split(";")[0])
    if section.strip().lower() in ("general", "@", ""):
        return None
    decimals = re.search(r"\.([0#?]+)", section)
    places = min(len(decimals.group(1)), 30) if decimals else 0  # Excel shows 30 at most
    symbol = next((s for s in "£$€" if s in fmt), "")
    return "%" in section, places, "," in section.split(".")[0], symbol


def _general(value: float) -> str:
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return f"{value:.10g}"
