"""CSV in and out: spreadsheet exports read with bounds, and cells written safe to open.

Reading (:func:`read_table`): the file is decoded by its byte-order mark (UTF-8, or the
UTF-16 of Excel's "Unicode text"; UTF-8 without one), its delimiter is the one of comma,
semicolon and tab that splits the header line into the most cells (Excel writes ``;`` in
many European locales), and records end only at CR or LF outside quotes, so a quoted cell
may hold line breaks. Every line break inside a cell (CR, LF, VT, FF, U+0085, U+2028,
U+2029) becomes a line feed; any other control character, a cell over :data:`MAX_CELL`
characters, a header cell repeated or empty over a column with values, and a row with more
or fewer cells than the header are refused with the row, its line and the column.

Writing (:func:`to_csv`): a cell a spreadsheet would run as a formula (one starting ``=``,
``+``, ``-``, ``@``, tab or CR, as OWASP lists them) is written with a leading ``'``, so the
spreadsheet shows it as text; a plain number (``-5``, ``+3.5``, ``12%``) stays a number.
:func:`plain_rows` is a listing's table off a terminal: cells apart by a tab.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from evidence.errors import CsvError

#: The most characters a cell may hold: a spreadsheet cell's own limit (Excel's).
MAX_CELL = 32_767
#: The delimiters looked for in the header line, preferred in this order on a tie.
DELIMITERS = (",", ";", "\t")
_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_LINE_BREAK = re.compile("\r\n|[\r\n\v\f\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TOO_LONG = "Shorten it: a cell holds one field's value"
#: Invisible characters a header cell may carry around its name (a second BOM, a ZWSP).
_INVISIBLE = "\ufeff\u200b\u2060"


@dataclass(frozen=True)
class Row:
    """One record after the header."""

    number: int  # 1 for the first row after the header (blank rows not counted)
    line: int  # the file's line the record starts on
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A CSV's named columns and its rows, each with a cell per column."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    delimiter: str


def decode(data: bytes, path: Path) -> str:
    """The text of a CSV file, by its byte-order mark (UTF-8 without one).

    Raises:
        CsvError: the bytes are not text in that encoding.
    """
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    if encoding == "utf-8" and b"\x00" in data[:2]:  # no header starts with NUL
        raise CsvError(
            "is not UTF-8 text (it holds NUL bytes: UTF-16 without its byte-order mark?)",
            path=path,
            hint="Save the spreadsheet as 'CSV UTF-8'",
        )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        label = encoding.removesuffix("-sig").upper()
        raise CsvError(
            f"is not {label} text", path=path, hint="Save the spreadsheet as 'CSV UTF-8'"
        ) from None


def sniff_delimiter(text: str, lines: int = 1) -> str:
    """The delimiter of :data:`DELIMITERS` that splits the first non-blank lines the most.

    ``lines`` is how many lines are counted: a header's one, or more where a title may come
    first (a spreadsheet saved as CSV: "Reply to your request" above its table).
    """
    read = (x for x in io.StringIO(text, newline="") if x.strip())
    first = [x for _, x in zip(range(lines), read, strict=False)] or [""]
    counts = {d: sum(len(r) for r in csv.reader(first, delimiter=d)) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equals


def _next(reader: Iterator[list[str]], path: Path, line: int, where: str) -> list[str] | None:
    """The next record (every line break in its cells a line feed), or None at the end."""
    try:
        cells = next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise CsvError(
                f"{where}: a cell is over {MAX_CELL:,} characters",
                path=path,
                line=line,
                hint=_TOO_LONG,
            ) from None
        raise CsvError(f"{where} cannot be read as CSV ({exc})", path=path, line=line) from None
    return [_LINE_BREAK.sub("\n", c) for c in cells]


def _check_cells(
    cells: Sequence[str], header: Sequence[str], where: str, path: Path, line: int
) -> None:
    for i, cell in enumerate(cells):
        named = f" ({header[i]!r})" if i < len(header) and header[i] else ""
        if len(cell) > MAX_CELL:
            raise CsvError(
                f"{where}, column {i + 1}{named}: the cell is over {MAX_CELL:,} characters",
                path=path,
                line=line,
                hint=_TOO_LONG,
            )
        bad = _CONTROL.search(cell)
        if bad:
            raise CsvError(
                f"{where}, column {i + 1}{named}: contains the control character "
                f"U+{ord(bad.group()):04X}, which a document cannot hold",
                path=path,
                line=line,
                hint="Remove it",
            )


def _header(cells: list[str], path: Path, line: int) -> list[str]:
    names = [c.strip().strip(_INVISIBLE).strip() for c in cells]
    _check_cells(names, (), "the header", path, line)
    seen: dict[str, int] = {}
    for i, name in enumerate(names, 1):
        if name and name in seen:
            raise CsvError(
                f"column {name!r} is named twice in the header (columns {seen[name]} and {i})",
                path=path,
                line=line,
                hint="Keep one of them, or rename the other",
            )
        seen.setdefault(name, i)
    return names


def _row(
    number: int, line: int, cells: list[str], header: list[str], delimiter: str, path: Path
) -> Row:
    where = f"row {number}"
    if len(cells) != len(header):
        more = "more" if len(cells) > len(header) else "fewer"
        raise CsvError(
            f"{where} has {more} cells ({len(cells)}) than the header ({len(header)})",
            path=path,
            line=line,
            hint=f"Give every row one cell per column, separated by "
            f"{_NAMES[delimiter]}; quote a cell that holds one",
        )
    _check_cells(cells, header, where, path, line)
    return Row(number, line, tuple(cells))


def _drop_unnamed(
    header: list[str], rows: list[Row], path: Path
) -> tuple[tuple[str, ...], tuple[Row, ...]]:
    """Columns with no name are dropped when empty; one with a value is an error."""
    for i in (i for i, name in enumerate(header) if not name):
        used = next((r for r in rows if r.cells[i].strip()), None)
        if used is not None:
            raise CsvError(
                f"column {i + 1} has no name in the header, but row {used.number} "
                "has a value in it",
                path=path,
                line=used.line,
                hint="Name the field it fills in the header, or delete the column",
            )
    keep = [i for i, name in enumerate(header) if name]
    return (
        tuple(header[i] for i in keep),
        tuple(Row(r.number, r.line, tuple(r.cells[i] for i in keep)) for r in rows),
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    from evidence.fsio import read_input

    return read_input(
        path, limit=max_bytes, what="CSV file", error=CsvError, hint="Split it into smaller files"
    )


def read_table(path: Path, *, max_bytes: int, max_rows: int) -> Table:
    """The header and rows of a CSV file; blank rows are skipped.

    Raises:
        CsvError: the file is too large, not text, has no header, no rows or too many, or
            a header cell, a row or a cell is refused (see the module's docstring).
    """
    text = decode(_read_bytes(path, max_bytes), path)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[Row] = []
    line = 1
    while (
        cells := _next(
            reader, path, line, "the header" if header is None else f"row {len(rows) + 1}"
        )
    ) is not None:
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = _header(cells, path, start)
        elif len(rows) == max_rows:
            raise CsvError(f"has over {max_rows:,} rows; split it", path=path)
        else:
            rows.append(_row(len(rows) + 1, start, cells, header, delimiter, path))
    if header is None or not any(header):
        raise CsvError(
            "has no header row naming the fields",
            path=path,
            hint="The first line names each column: name,title,organisation,...",
        )
    if not rows:
        raise CsvError("has a header but no rows", path=path)
    return Table(*_drop_unnamed(header, rows, path), delimiter)


_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*%?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet will not run it: ``'`` before a would-be formula.

    A text starting ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` (OWASP's
    advice on CSV injection); a plain number such as ``-5`` or ``+2.5%`` is left as it is,
    and so is anything that is not text.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a header, every cell passed through :func:`safe_cell`.

    Records end in CRLF (RFC 4180, as Excel writes), so a cell holding a CR or an LF is
    quoted (the csv module quotes only the line end's own characters).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()


def plain_rows(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table as plain rows, for a pipe or a file: the headers, then each row.

    Cells are apart by a tab; a cell's lines are joined by a space.
    """
    return "\n".join(
        "\t".join(" ".join(cell.split("\n")) for cell in row) for row in [headers, *rows]
    )
