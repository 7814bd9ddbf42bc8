"""Spreadsheet sources (.xlsx, .csv): read cell by cell, each cell citable with its headings."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from evidence.errors import SourceError
from evidence.readers.headings import is_number, sheet_reference
from evidence.readers.sheet import MAX_ROWS, number_text
from evidence.sources import segment_source, source_from_bytes
from tests.conftest import drafting, refused

DATA = Path(__file__).parent / "data"


def workbook(
    rows: list[list[object]], title: str = "Sheet1", formats: dict[str, str] | None = None
) -> bytes:
    """A made-up workbook of one sheet, rows from A1 (None: an empty cell)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for ref, fmt in (formats or {}).items():
        sheet[ref].number_format = fmt
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cells(data: bytes, name: str = "reply.xlsx") -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each cell's name -> (its text, its headings)."""
    read = source_from_bytes(data, Path(name))
    seg = segment_source(read)
    return {c.name: (read.text[c.start : c.end], c.headings) for c in seg.cells}


def test_title_header_and_row_headings_are_found():
    """A title row, a blank row, a header row: a figure's headings are the title, its row's
    and its column's; a number format shows as the sheet shows it."""
    data = workbook(
        [
            ["Table 2: children's caseloads"],
            [],
            ["Measure", "2019/20", "2020/21"],
            ["Unallocated cases", 47, 1234],
            ["Agency share", 0.125, 0.2],
        ],
        formats={"C4": "#,##0", "B5": "0.0%", "C5": "0%"},
    )
    got = cells(data)
    assert got["Sheet1!B4"] == (
        "47",
        ("Table 2: children's caseloads", "Unallocated cases", "2019/20"),
    )
    assert got["Sheet1!C4"][0] == "1,234"
    assert got["Sheet1!B5"] == (
        "12.5%",
        ("Table 2: children's caseloads", "Agency share", "2019/20"),
    )
    assert got["Sheet1!C5"][0] == "20%"
    assert got["Sheet1!A1"] == ("Table 2: children's caseloads", ())  # a title has none


def test_no_heading_is_invented_for_bare_numbers():
    """A sheet of numbers alone: every cell is citable and none has a heading."""
    got = cells(workbook([[1, 2, 3], [4, 5, 6]]))
    assert got["Sheet1!B2"] == ("5", ())
    assert all(heads == () for _, heads in got.values())


def test_two_header_rows_and_a_heading_over_several_columns():
    """An upper header written once over two columns (as a merged cell is) heads both; the
    lower row's own cell heads its column only."""
    data = workbook(
        [
            [None, "2019/20", None, "2020/21"],
            ["Area", "Cases", "Rate", "Cases"],
            ["North", 12, "3.5", 14],
            ["South", 9, "2.0", None],
        ]
    )
    got = cells(data)
    assert got["Sheet1!C3"] == ("3.5", ("North", "2019/20", "Rate"))  # a number stored as text
    assert got["Sheet1!D3"] == ("14", ("North", "2020/21", "Cases"))
    assert got["Sheet1!B4"] == ("9", ("South", "2019/20", "Cases"))


def test_a_column_without_a_header_gets_none_and_a_new_table_its_own():
    """Headings come from the table a row is in: after blank rows and a new header row,
    the new table's; a column the header row leaves empty has no column heading."""
    data = workbook(
        [
            ["Year", "Cases"],
            ["2019", 40, 7],
            [],
            ["Staff", "Agency", "Permanent"],
            ["Social workers", 30, 70],
        ]
    )
    got = cells(data)
    assert got["Sheet1!B2"] == ("40", ("2019", "Cases"))  # a year heads its row
    assert got["Sheet1!C2"] == ("7", ("2019",))
    assert got["Sheet1!C5"] == ("70", ("Social workers", "Permanent"))


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Sheet1", "Sheet1"),
        ("Table 2", "'Table 2'"),
        ("Bob's", "'Bob''s'"),
        ("A1", "'A1'"),
        ("Data_2019", "Data_2019"),
    ],
)
def test_sheet_names_are_quoted_as_excel_writes_them(name, written):
    """A name with a space, a quote or that reads as a reference is quoted, quotes doubled."""
    assert sheet_reference(name) == written


def test_a_cell_of_a_quoted_sheet_is_named_so():
    """The reference of a cell of 'Table 2' is 'Table 2'!B2."""
    got = cells(workbook([["Measure", "Count"], ["Cases", 5]], title="Table 2"))
    assert "'Table 2'!B2" in got


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("47", True),
        ("1,234", True),
        ("12.5%", True),
        ("£3,000", True),
        ("<5", True),
        ("2019", False),
        ("2019/20", False),
        ("Cases", False),
        ("n/a", False),
    ],
)
def test_what_counts_as_a_figure(text, number):
    """Figures (stored as text too) are data; years and periods are headings."""
    assert is_number(text) is number


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (1234, "#,##0", "1,234"),
        (0.125, "0.0%", "12.5%"),
        (3000, "£#,##0", "£3,000"),
        (0.5, "0.00", "0.50"),
        (12.5, "General", "12.5"),
        (47.0, "General", "47"),
    ],
)
def test_numbers_show_as_their_format_shows_them(value, fmt, shown):
    """The common number formats."""
    assert number_text(value, fmt) == shown


REPLY = [
    ["Unallocated cases in children's social care"],
    ["Measure", "2019/20", "2020/21"],
    ["Unallocated cases", 47, 31],
    ["Cases closed", 31, 60],
]
FACTS = """facts:
  - id: unallocated-2019
    statement: There were 47 unallocated cases in 2019/20.
    kind: statistic
    figure: {value: 47, unit: cases}
    citations:
      - source: src-0
        quote: "47"
  - id: unallocated-2020
    statement: There were 31 unallocated cases in 2020/21.
    kind: statistic
    citations:
      - source: src-0
        quote: "Unallocated cases | 47 | 31"
"""


def test_a_fact_quoting_a_cell_verifies_with_the_cell_and_its_headings(make_dossier):
    """A quote of a cell's figure names the cell and its headings; its figure is read from it."""
    from evidence.dossier import open_dossier
    from evidence.figure_kinds import fact_figures

    root = make_dossier({"reply.xlsx": workbook(REPLY)}, facts=FACTS)
    register = open_dossier(root).load()
    report = register.report("unallocated-2019")
    check = report.checks[0]
    assert check.ok and check.locator is not None
    title = "Unallocated cases in children's social care"
    assert check.locator.label() == f"Sheet1!B3 ({title}, Unallocated cases, 2019/20)"
    assert check.locator.detail().startswith(
        f"Sheet1!B3 ({title}, Unallocated cases, 2019/20), chars"
    )
    assert 47 in [s.figure.value for s in fact_figures(report.fact)]


def test_a_quote_names_the_cell_it_ends_in(make_dossier):
    """31 is in two cells: quoting its row from the heading names the cell meant (C3)."""
    from evidence.dossier import open_dossier

    root = make_dossier({"reply.xlsx": workbook(REPLY)}, facts=FACTS)
    check = open_dossier(root).load().report("unallocated-2020").checks[0]
    assert check.ok and check.locator is not None and check.locator.place is not None
    assert check.locator.place.cell == "Sheet1!C3"
    assert check.locator.place.headings[-2:] == ("Unallocated cases", "2020/21")


def test_verify_search_and_show_print_the_cell(make_dossier):
    """`evidence verify` passes; `show` names the cell, `search` the row's cells."""
    import json

    root = make_dossier({"reply.xlsx": workbook(REPLY)}, facts=FACTS)
    result = drafting("evidence", "verify", dossier=root, ok=True)
    assert result.exit_code == 0 and "all verified" in result.output, result.output
    result = drafting(
        "evidence", "show", "unallocated-2019", "--format", "json", dossier=root, ok=True
    )
    assert result.exit_code == 0, result.output
    assert "Sheet1!B3" in json.dumps(json.loads(result.output))
    result = drafting("evidence", "search", "closed", dossier=root, ok=True)
    assert result.exit_code == 0 and "Sheet1!A4:C4" in result.output, result.output
    result = drafting("evidence", "show", "unallocated-2019", dossier=root, ok=True)
    assert result.exit_code == 0 and "Sheet1!B3" in result.output, result.output


def test_a_csv_reply_is_read_cell_by_cell(make_dossier):
    """A CSV (a BOM allowed, semicolons sniffed) has one sheet: its cells are named B3."""
    data = "\ufeffMeasure;2019/20\nUnallocated cases;47\n".encode()
    got = cells(data, "reply.csv")
    assert got["B2"] == ("47", ("Unallocated cases", "2019/20"))


def test_a_csv_not_in_utf8_is_refused_with_the_offset():
    """The first byte that is not UTF-8 is named, with where it is."""
    with pytest.raises(SourceError, match=r"not UTF-8 text \(byte 0xa3 at offset 11\)"):
        source_from_bytes(b"Cost,Value\n\xa33,000\n", Path("reply.csv"))


def test_a_csv_of_two_million_rows_is_refused_by_the_row_limit():
    """Rows are counted as they are read: the limit refuses it, quickly."""
    import time

    data = b"1\n" * 2_000_000
    began = time.perf_counter()
    with pytest.raises(SourceError, match=f"more than {MAX_ROWS:,} rows"):
        source_from_bytes(data, Path("huge.csv"))
    assert time.perf_counter() - began < 5


def test_not_a_workbook_is_one_clear_line():
    """Bytes that are not a zip (an encrypted or old .xls workbook) are refused so."""
    with pytest.raises(SourceError, match=r"is not an \.xlsx workbook"):
        source_from_bytes(b"\xd0\xcf\x11\xe0 an OLE file", Path("reply.xlsx"))


def test_a_damaged_workbook_is_one_clear_line():
    """A zip with no workbook in it is refused, not a traceback."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(SourceError, match=r"cannot be read as an \.xlsx workbook"):
        source_from_bytes(out.getvalue(), Path("reply.xlsx"))


def _with_sheet_xml(data: bytes, sheet: str) -> bytes:
    """``data`` (a workbook) with its first sheet's XML replaced by ``sheet``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = sheet.encode()
            dst.writestr(info.filename, body)
    return out.getvalue()


_SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:XFD1048576"/><sheetData>{}</sheetData></worksheet>'
)


def test_a_lying_dimension_is_not_believed():
    """A sheet that states A1:XFD1048576 but holds two cells, far apart, reads at once."""
    import time

    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>Cases</t></is></c></row><row r="1048576"><c r="B1048576"><v>5</v></c></row>'
    data = _with_sheet_xml(workbook([["x"]]), _SHEET.format(rows))
    began = time.perf_counter()
    got = cells(data)
    assert time.perf_counter() - began < 2
    assert got["Sheet1!B1048576"][0] == "5"


def test_a_cell_far_to_the_right_is_refused_by_the_column_limit():
    """A cell in column XFD (16384) is past the furthest read: one clear line."""
    rows = '<row r="1"><c r="XFD1"><v>5</v></c></row>'
    data = _with_sheet_xml(workbook([["x"]]), _SHEET.format(rows))
    with pytest.raises(SourceError, match=r"column XFD \(Sheet1!XFD1\), beyond column ALL"):
        source_from_bytes(data, Path("reply.xlsx"))


def test_a_sheet_that_unzips_to_too_much_is_refused_unopened():
    """A part that unzips far beyond the limit (a zip bomb) is refused before it is parsed."""
    rows = '<row r="1"><c r="A1"><v>5</v></c></row>' + " " * (64 * 2**20)
    data = _with_sheet_xml(workbook([["x"]]), _SHEET.format(rows))
    assert len(data) < 2**20
    with pytest.raises(SourceError, match="unzip to over"):
        source_from_bytes(data, Path("reply.xlsx"))


def test_an_empty_workbook_has_no_text():
    """A workbook with no cells reads as no text (evidence add refuses it: "has no text")."""
    read = source_from_bytes(workbook([]), Path("reply.xlsx"))
    assert not read.text.strip() and not segment_source(read).citable


def test_a_formula_saved_without_its_value_is_noted_not_cited():
    """A formula with no stored value reads as empty, and a note (not citable) names it."""
    data = workbook([["Measure", "Total"], ["Cases", "=1+2"]])
    read = source_from_bytes(data, Path("reply.xlsx"))
    seg = segment_source(read)
    assert "B2" not in {c.ref for c in seg.cells}
    note = [read.text[p.start : p.end] for p in seg.excluded]
    assert note and "1 formula cell(s) saved without a value, read as empty: B2" in note[0]


# --- evidence add --kind foi-response --request ----------------------------------------------

REPLY_CSV = DATA / "foi-reply-unallocated.csv"


@pytest.fixture
def with_drafts(bundled_copy: Path) -> Path:
    """The bundled dossier's copy, with an FOI request and a letter among its drafts."""
    import shutil

    drafts = bundled_copy / "drafts"
    drafts.mkdir()
    repo = Path(__file__).resolve().parent.parent / "drafts"
    for name in ("foi-unallocated-cases.yaml", "letter-trust-progress.yaml"):
        shutil.copy(repo / name, drafts / name)
    (drafts / "list.yaml").write_text("- not a draft\n", encoding="utf-8")
    return bundled_copy


def test_a_reply_is_added_with_its_request(with_drafts):
    """--request records the request's path and implies the kind; the date stays unknown;
    a fact quoting a cell then verifies, naming the cell."""
    from evidence.dossier import open_dossier

    result = drafting(
        "evidence",
        "add",
        REPLY_CSV,
        "--request",
        "drafts/foi-unallocated-cases.yaml",
        "--id",
        "foi-reply",
        "--description",
        "Reply to our FOI request",
        "--no-input",
        dossier=with_drafts,
        ok=True,
    )
    assert result.exit_code == 0, result.output
    source = open_dossier(with_drafts).load().sources["foi-reply"]
    meta = source.meta
    assert (meta.kind, meta.request, meta.date.how) == (
        "foi-response",
        "drafts/foi-unallocated-cases.yaml",
        "unknown",
    )
    from evidence.verify import locate

    found = locate(source, "Unallocated cases at 31 March | 47")
    assert found is not None and found.label() == (
        "B4 (Response to FOI request: unallocated cases (made-up figures for tests and the "
        "README), Unallocated cases at 31 March, 2019/20)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--request", "drafts/missing.yaml"],
            "--request drafts/missing.yaml: no such file in the dossier",
        ),
        (
            ["--request", "../outside.yaml"],
            "--request ../outside.yaml: not inside the dossier's folder",
        ),
        (
            ["--request", "drafts/letter-trust-progress.yaml"],
            "is a letter draft, not an FOI request (kind: foi)",
        ),
        (
            ["--request", "drafts/list.yaml"],
            "--request drafts/list.yaml: not a draft the dossier can read",
        ),
        (
            ["--request", "drafts/foi-unallocated-cases.yaml", "--kind", "news"],
            "--request: only an FOI response answers a request, and --kind is news",
        ),
    ],
)
def test_a_wrong_request_is_refused_and_nothing_is_written(with_drafts, args, message):
    """Each wrong --request is one line, exit 2, and the dossier is unchanged."""
    from tests.faults import snapshot

    (with_drafts.parent / "outside.yaml").write_text("kind: foi\n", encoding="utf-8")
    before = snapshot(with_drafts)
    result = drafting("evidence", "add", REPLY_CSV, *args, "--no-input", dossier=with_drafts)
    refused(result, 2, message)
    assert snapshot(with_drafts) == before


def test_candidates_of_a_reply_are_its_figures_and_one_is_accepted(with_drafts):
    """`evidence add` lists each cell with a number, by its cell, quoting its row from the
    heading; accepting one by its cell writes a fact that verifies there, dated by its
    column's period."""
    import json

    from evidence.dossier import open_dossier

    result = drafting(
        "evidence",
        "add",
        REPLY_CSV,
        "--request",
        "drafts/foi-unallocated-cases.yaml",
        "--id",
        "foi-reply",
        "--description",
        "Reply",
        "--no-input",
        "--format",
        "json",
        dossier=with_drafts,
        ok=True,
    )
    assert result.exit_code == 0, result.output
    found = {c["cell"]: c for c in json.loads(result.output)["candidates"]}
    assert set(found) == {"B4", "C4", "B5", "C5", "B6", "C6"}
    assert found["C4"]["quote"] == "Unallocated cases at 31 March | 47 | 31"
    assert found["C4"]["handle"] == "foi-reply:C4"
    assert found["B5"]["figure"] == {"value": 1234.0}
    result = drafting(
        "evidence",
        "accept",
        "foi-reply:C4",
        "--id",
        "unallocated-2021",
        dossier=with_drafts,
        ok=True,
    )
    assert result.exit_code == 0, result.output
    report = open_dossier(with_drafts).load().report("unallocated-2021")
    assert report.ok and report.checks[0].locator is not None
    assert report.checks[0].locator.place is not None
    assert report.checks[0].locator.place.cell == "C4"
    assert report.fact.as_at is not None and report.fact.as_at.iso() == "2020-04/2021-03"


def test_a_cell_that_is_not_there_is_one_line(with_drafts):
    """Accepting a cell the reply does not have says so, exit 2."""
    drafting(
        "evidence",
        "add",
        REPLY_CSV,
        "--id",
        "foi-reply",
        "--description",
        "Reply",
        "--no-input",
        dossier=with_drafts,
        ok=True,
    )
    result = drafting("evidence", "accept", "foi-reply:Z99", "--id", "x", dossier=with_drafts)
    refused(result, 2, "foi-reply:Z99: no such cell")


def test_a_figure_in_two_cells_verifies_and_verify_names_the_others(make_dossier):
    """A bare "31" is located where it first is (C3), as any quote is; verify
    says which other cells hold it, and exits 0; quoting the row names one cell."""
    facts = FACTS.replace('quote: "Unallocated cases | 47 | 31"', 'quote: "31"')
    root = make_dossier({"reply.xlsx": workbook(REPLY)}, facts=facts)
    result = drafting("evidence", "verify", dossier=root, ok=True)
    assert result.exit_code == 0, result.output
    assert "unallocated-2020: “31” is located at Sheet1!C3" in result.output
    assert "Sheet1!B4 hold it too" in result.output
    clean = drafting(
        "evidence",
        "verify",
        dossier=make_dossier({"reply.xlsx": workbook(REPLY)}, facts=FACTS, name="clean"),
        ok=True,
    )
    assert clean.exit_code == 0 and "hold it too" not in clean.output


def test_a_reference_prints_the_cell_and_its_headings(make_dossier):
    """A citation of a cell's fact prints the cell and its headings where a page and
    paragraph would go, and no page."""
    from drafting.references import printed_locator
    from evidence.dossier import open_dossier

    root = make_dossier({"reply.xlsx": workbook(REPLY)}, facts=FACTS)
    locator = open_dossier(root).load().report("unallocated-2019").checks[0].locator
    assert printed_locator(None, locator) == (
        "Sheet1!B3 (Unallocated cases in children's social care, Unallocated cases, 2019/20)"
    )


LETTER = """kind: letter
template: letter
senders:
  - name: Cllr Sam Taylor
recipient:
  title: Chair of the Board
  organisation: Northamptonshire Children's Trust
subject: Unallocated cases
body:
  - >-
    The reply to our request shows 31 unallocated cases at the end of March 2021
    [@unallocated-2021].
asks:
  - that the trust publish the figure each quarter.
"""


def test_a_rendered_letter_cites_the_cell_and_its_headings(with_drafts, tmp_path):
    """The footnote of a fact quoting a reply's cell names the cell and its headings."""
    import re

    root = with_drafts
    drafting(
        "evidence",
        "add",
        REPLY_CSV,
        "--request",
        "drafts/foi-unallocated-cases.yaml",
        "--id",
        "foi-reply",
        "--description",
        "Reply to our request",
        "--no-input",
        dossier=root,
        ok=True,
    )
    drafting(
        "evidence", "accept", "foi-reply:C4", "--id", "unallocated-2021", dossier=root, ok=True
    )
    (root / "drafts" / "letter-reply.yaml").write_text(LETTER, encoding="utf-8")
    out = tmp_path / "letter.docx"
    result = drafting(
        "render", root / "drafts" / "letter-reply.yaml", "-o", out, dossier=root, ok=True
    )
    assert result.exit_code == 0, result.output
    notes = re.sub("<[^>]+>", "", zipfile.ZipFile(out).read("word/footnotes.xml").decode())
    assert "(response to a request for information, n.d.), C4 (Response to FOI request" in notes
    assert "Unallocated cases at 31 March, 2020/21)." in notes


def test_the_cell_limit_and_the_sheet_limit_refuse(monkeypatch):
    """Past the cells or the sheets a workbook may have: one line naming the limit."""
    from evidence.readers import sheet

    monkeypatch.setattr(sheet, "MAX_CELLS", 5)
    with pytest.raises(SourceError, match="has more than 5 cells: the limit for a spreadsheet"):
        source_from_bytes(workbook([[1, 2, 3], [4, 5, 6]]), Path("reply.xlsx"))
    monkeypatch.setattr(sheet, "MAX_SHEETS", 1)
    book = Workbook()
    book.create_sheet("Second")
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(SourceError, match="has 2 sheets, over the 1 read from a workbook"):
        source_from_bytes(buf.getvalue(), Path("reply.xlsx"))


def test_a_kept_segmentation_keeps_the_cells(make_dossier):
    """Loaded again from the cache, a cell's fact still names the cell and its headings."""
    from evidence.dossier import open_dossier

    root = make_dossier({"reply.xlsx": workbook(REPLY)}, facts=FACTS)
    first = open_dossier(root).load().report("unallocated-2019").checks[0].locator
    again = open_dossier(root).load().report("unallocated-2019").checks[0].locator
    assert any((root / ".drafting-cache").rglob("segments.json"))
    assert first is not None and again is not None and again.label() == first.label()
    assert again.place is not None and again.place.cell == "Sheet1!B3"


def test_a_segmentation_with_cells_round_trips_as_json():
    """What the cache keeps of a spreadsheet's segmentation reads back the same."""
    import json

    from evidence.segment import from_json, to_json

    read = source_from_bytes(workbook(REPLY), Path("reply.xlsx"))
    seg = segment_source(read)
    again = from_json(read.text, json.loads(json.dumps(to_json(seg))))
    assert again == seg and again.cells


#: Cell text of any kind, but the two other delimiters a CSV's first line could be sniffed by.
ANY_CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=";\t\x00"),
    max_size=12,
)


@given(st.lists(st.lists(ANY_CELL, max_size=5), max_size=6))
@settings(max_examples=80, deadline=None)
def test_every_cell_of_any_csv_is_where_its_span_says(rows):
    """Whatever a CSV's cells hold, each cell's span in the text holds its text, one line."""
    import csv as csvlib

    from evidence.readers.sheet import cell_text

    buf = io.StringIO()
    csvlib.writer(buf).writerows(rows)
    read = source_from_bytes(buf.getvalue().encode(), Path("any.csv"))
    seg = segment_source(read)
    shown = [cell_text(v) for row in rows for v in row if cell_text(v)]
    assert [read.text[c.start : c.end] for c in seg.cells] == shown or not all(len(r) for r in rows)


def test_a_merged_header_cell_heads_the_columns_it_spans():
    """A header merged over B1:C1 (its text in B1, as Excel keeps it) heads B and C, not D."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["Area", "Cases", None, "Staff"],
        [None, "2019/20", "2020/21", "2020/21"],
        ["North", 12, 14, 30],
    ):
        sheet.append(row)
    sheet.merge_cells("B1:C1")
    buf = io.BytesIO()
    book.save(buf)
    got = cells(buf.getvalue())
    assert got["Sheet!C3"] == ("14", ("North", "Cases", "2020/21"))
    assert got["Sheet!D3"] == ("30", ("North", "Staff", "2020/21"))


def test_a_cell_does_not_corroborate_a_fact_whose_quote_merely_holds_its_figure(with_drafts):
    """A fact states its statement's figure: the other cells of the row its quote runs
    through (47, beside the 31 it states) are no claim of it."""

    add = drafting(
        "evidence", "add", REPLY_CSV, "--request", "drafts/foi-unallocated-cases.yaml",
        "--id", "foi-reply", "--description", "Reply", "--no-input", dossier=with_drafts, ok=True,
    )  # fmt: skip
    assert add.exit_code == 0, add.output
    accept = drafting(
        "evidence", "accept", "foi-reply:C4", "--id", "unallocated-2021", dossier=with_drafts
    )
    assert accept.exit_code == 0, accept.output
    from evidence.candidates import candidate_at
    from evidence.dossier import open_dossier

    b4 = candidate_at(open_dossier(with_drafts).load(), "foi-reply:B4")
    assert all(
        not (r.fact == "unallocated-2021" and r.how == "corroborates") for r in b4.relations
    ), b4.relations
