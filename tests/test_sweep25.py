"""Hostile input to what #25 added: `drafting localise`, spreadsheet sources, an FOI reply's
check and review, and the review check `identification-risk`.

Every input here is made up for these tests; none is from the bundled dossier's sources.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import docx
import pytest

from drafting.kinds import load_draft
from drafting.review.checks import unfinished_fields
from evidence.figures import figures
from evidence.sources import segment_source, source_from_bytes
from tests.conftest import MakeDossier, add_footnotes, drafting, refused

# --- localise: a "model" of thousands of clauses ----------------------------------------------


def test_review_of_a_draft_with_thousands_of_clauses_takes_time_in_proportion(tmp_path):
    """Fields are told from prose by a set, not by scanning every passage for every field."""
    clauses = "".join(f"      - Clause {i} says nothing at all.\n" for i in range(8000))
    path = tmp_path / "big.yaml"
    path.write_text(
        "kind: motion\ncouncil: TBC\nmeeting: {body: Full Council}\ntitle: Big\n"
        "proposer: {name: Cllr A}\nseconder: {name: Cllr B}\n"
        f"sections:\n  - heading: Council notes\n    clauses:\n{clauses}",
        encoding="utf-8",
    )
    loaded = load_draft(path)
    began = time.perf_counter()
    found = unfinished_fields(loaded)
    assert time.perf_counter() - began < 1.5
    assert [f.place for f in found] == ["council (line 2)"]


def test_a_model_of_more_clauses_than_a_motion_has_is_refused_naming_it(tmp_path):
    """A list of 20,000 items is refused in a second, naming the file; nothing is written."""
    model = tmp_path / "list.txt"
    model.write_text("This Council notes:\n" + "1. one more item\n" * 20_000, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    began = time.perf_counter()
    result = drafting("localise", model, "-o", out)
    refused(result, 2, f"{model}: has 20,000 clauses and bullets, more than the 500")
    assert time.perf_counter() - began < 10
    assert not out.exists()


def test_a_model_with_no_clauses_is_refused_naming_the_file(tmp_path):
    """The one line says which file has no clauses."""
    model = tmp_path / "notes.txt"
    model.write_text("(Delete as appropriate)\n\n" + "#" * 500 + "\n", encoding="utf-8")
    out = tmp_path / "draft.yaml"
    refused(drafting("localise", model, "-o", out), 2, f"{model}: has no clauses")
    assert not out.exists()


# --- figures: digits past a float's range ----------------------------------------------------


@pytest.mark.parametrize("digits", [309, 400, 5000])
def test_a_run_of_digits_past_a_floats_range_is_no_figure(digits):
    """It would read as infinity, which no fact's figure may hold."""
    text = f"There were {'9' * digits} cases and 47 complaints."
    assert [f.value for f in figures(text)] == [47.0]


def test_a_source_stating_an_endless_number_is_added_not_an_internal_error(
    make_dossier: MakeDossier, tmp_path: Path
):
    """`evidence add` of a text, and of a CSV cell, holding 400 digits: added, exit 0."""
    root = make_dossier()
    text = tmp_path / "endless.txt"
    text.write_text(f"The council counted {'7' * 400} cases in 2019.\n", encoding="utf-8")
    sheet = tmp_path / "endless.csv"
    sheet.write_text(f"Measure,2019/20\nCases,{'1' * 400}\nComplaints,47\n", encoding="utf-8")
    for i, path in enumerate((text, sheet)):
        result = drafting(
            "evidence", "add", path, "--id", f"endless-{i}", "--no-input", dossier=root
        )
        assert result.exit_code == 0, result.output
        assert "internal error" not in result.output


# --- spreadsheets: a CSV's delimiter, formats ------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_csv_with_a_title_line_above_its_table_is_split_by_its_delimiter(delimiter):
    """The delimiter is sniffed from the table, not only the title line above it."""
    rows = [
        "Reply to your request about delayed assessments",
        "",
        delimiter.join(["Measure", "2019/20", "2020/21"]),
        delimiter.join(["Delayed assessments", "58", "64"]),
    ]
    read = source_from_bytes("\r\n".join(rows).encode(), Path("reply.csv"))
    got = {c.name: read.text[c.start : c.end] for c in segment_source(read).cells}
    assert got["C4"] == "64"


def test_a_number_format_of_hundreds_of_decimals_shows_at_most_thirty():
    """Excel shows 30 decimal places at most; a format asking for 300 is read so."""
    from evidence.readers.sheet import number_text

    assert len(number_text(2.5, "0." + "0" * 300)) == len("2.") + 30


def test_a_duration_shows_as_the_sheet_shows_it():
    """A [h]:mm:ss cell reads as hours, minutes and seconds, not Python's timedelta."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Measure", "Time"])
    sheet.append(["Average wait", 51.5])
    sheet["B2"].number_format = "[h]:mm:ss"
    out = io.BytesIO()
    book.save(out)
    read = source_from_bytes(out.getvalue(), Path("reply.xlsx"))
    assert "Average wait | 1236:00:00" in read.text


# --- identification-risk: headers, footers and notes -----------------------------------------


def _word(tmp_path: Path, notes: dict[int, str], header: str = "") -> Path:
    document = docx.Document()
    document.add_paragraph("The council has not answered the review's findings.")
    document.add_paragraph("Unallocated cases rose to 232 [@unallocated-cases-232].")
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if notes:
        add_footnotes(document, notes)
    path = tmp_path / "letter.docx"
    document.save(str(path))
    return path


def test_a_childs_name_in_a_footnote_is_found(tmp_path):
    """A footnote is published as the text is: its name and age of a child are an error."""
    path = _word(tmp_path, {1: "Tyler Hughes, aged 9, lived with his father in Corby."})
    result = drafting("review", path)
    refused(
        result,
        1,
        "error identification-risk a footnote (word/footnotes.xml), paragraph 1:",
        "“Tyler Hughes” beside “aged 9”",
    )


def test_an_age_and_a_postcode_in_a_header_are_found(tmp_path):
    """A header's text is read too (and --ignore still turns the check off)."""
    path = _word(tmp_path, {}, header="Re: Mason, aged 3, of NN16 8QT")
    result = drafting("review", path)
    assert result.exit_code == 0, result.output  # warnings
    assert "warning identification-risk a header (word/header1.xml), paragraph 1" in result.output
    quiet = drafting("review", path, "--ignore", "identification-risk")
    assert "identification-risk" not in quiet.output


# --- localise --answers: an error in cite: names the file and line -----------------------------


@pytest.mark.parametrize(
    ("cite", "line", "message"),
    [
        ("cite: [unallocated-cases-232]\n", 2, "cite: should map clauses to fact ids"),
        ("cite:\n  paragraph 40: [unallocated-cases-232]\n", 3, "names no clause"),
        ("cite:\n  clause 1: [{id: x}]\n", 3, "should be a fact id or a list of them"),
        ("cite:\n  clause 1: [Unallocated-Cases-999]\n", 3, "which the register does not hold"),
    ],
)
def test_a_wrong_cite_in_answers_is_placed_at_its_file_and_line(tmp_path, cite, line, message):
    """Each cite: error says which file and line, as every other answers error does."""
    model = tmp_path / "model.txt"
    model.write_text("This Council notes that 260 children wait.\n", encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text("meeting: {body: Full Council}\n" + cite, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    result = drafting("localise", model, "--answers", answers, "-o", out)
    refused(result, 2, f"{answers}:{line}: ", message)
    assert not out.exists()


# --- localise: connectives before a heading, thousands of them ---------------------------------


def test_thousands_of_connectives_before_a_heading_are_read_without_recursion():
    """ "Therefore, " 5,000 times before "Council resolves": a heading, not a RecursionError."""
    from drafting.modeltext import heading_of, read_model

    found = heading_of("Therefore, " * 5000 + "Council resolves to act.")
    assert found is not None and (found.mood, found.words) == ("resolves", "Council resolves")
    model = read_model("This Council notes:\n1. x\n\n" + "To this end, " * 5000 + "Council asks.")
    assert [s.mood for s in model.sections] == ["notes"]


# --- two commands writing one new output --------------------------------------------------------


def test_a_file_made_by_another_command_after_the_check_is_not_replaced(tmp_path, monkeypatch):
    """Without --force, the output takes its name only where none is: the other's stays."""
    from evidence import fsio
    from evidence.errors import UserError

    out = tmp_path / "draft.yaml"

    def other_command_writes(folder: Path, name: str) -> None:
        out.write_text("the other command's draft\n", encoding="utf-8")

    monkeypatch.setattr(fsio, "sweep_temporaries", other_command_writes)
    with pytest.raises(UserError, match="already exists; not overwritten"):
        fsio.write_atomic(out, "ours\n")
    assert out.read_text(encoding="utf-8") == "the other command's draft\n"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.yaml"]  # no temporary left
    fsio.write_atomic(out, "ours\n", force=True)  # --force replaces it, as before
    assert out.read_text(encoding="utf-8") == "ours\n"


# --- a spreadsheet's cell whose row reads as an earlier row does ---------------------------------


def test_a_cell_whose_row_reads_as_another_sheets_is_not_accepted_as_that_other(
    make_dossier: MakeDossier, tmp_path: Path
):
    """The quote would be found on the first sheet: the fact would name the wrong cell."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "North"
    second = book.create_sheet("South's!")
    for sheet in (first, second):
        sheet.append(["Measure", "2021/22"])
        sheet.append(["Children waiting", 12])
    out = io.BytesIO()
    book.save(out)
    reply = tmp_path / "areas.xlsx"
    reply.write_bytes(out.getvalue())
    root = make_dossier()
    added = drafting("evidence", "add", reply, "--id", "areas", "--no-input", dossier=root)
    assert added.exit_code == 0, added.output
    before = (root / "facts.yaml").read_text(encoding="utf-8")
    result = drafting("evidence", "accept", "areas:'South''s!'!B2", "--id", "w", dossier=root)
    refused(result, 2, "so the fact would name North!B2, not the cell asked for")
    assert (root / "facts.yaml").read_text(encoding="utf-8") == before
    ok = drafting("evidence", "accept", "areas:North!B2", "--id", "w", dossier=root)
    assert ok.exit_code == 0, ok.output


# --- a workbook no spreadsheet program writes: rows out of order, twice, past the last ----------


def _sheet_xml_replaced(old: str, new: str, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A made-up one-sheet workbook whose ``part`` has ``old`` replaced by ``new``."""
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Measure", "2021/22"])
    sheet.append(["Children waiting", 12])
    saved = io.BytesIO()
    book.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == part:
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            dst.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('<row r="2"><c r="B2" t="n"><v>99</v></c></row>', "holds row 2 of Sheet twice"),
        ('<row r="1"><c r="C1" t="n"><v>99</v></c></row>', "has row 1 of Sheet after row 2"),
        (
            '<row r="3"><c r="B3" t="n"><v>1</v></c><c r="B3" t="n"><v>2</v></c></row>',
            "holds the cell Sheet!B3 twice",
        ),
        (
            '<row r="5000000"><c r="B5000000" t="n"><v>1</v></c></row>',
            "has a row 5,000,000 in Sheet, past the last row a sheet has",
        ),
    ],
)
def test_a_sheet_holding_a_cell_twice_or_out_of_order_is_refused(tmp_path, extra, message):
    """Two cells of one name could not both be cited: the workbook is refused, not guessed at."""
    from evidence.errors import SourceError

    data = _sheet_xml_replaced("</sheetData>", extra + "</sheetData>")
    with pytest.raises(SourceError, match=message + ": a damaged workbook; not read"):
        source_from_bytes(data, Path("reply.xlsx"))


# --- check --refused naming nothing ------------------------------------------------------------


@pytest.mark.parametrize("value", ["", ",", " , ,"])
def test_refused_naming_no_section_is_refused_not_read_as_none(tmp_path, value):
    """An empty --refused is a ground left out by mistake: said, for check and new foi-review."""
    request = "drafts/foi-unallocated-cases.yaml"
    result = drafting("check", request, "--replied", "2019-10-21", "--refused", value)
    refused(result, 2, f"--refused: {value!r} names no section")
    out = tmp_path / "review.yaml"
    made = drafting(
        "new",
        "foi-review",
        "--request",
        request,
        "--replied",
        "2019-10-21",
        "--refused",
        value,
        "-o",
        out,
    )
    refused(made, 2, "names no section")
    assert not out.exists()


def test_render_of_a_word_draft_with_a_childs_name_in_a_footnote_writes_nothing(tmp_path):
    """Render reviews what it publishes: the footnote's full name is an error, as in review."""
    path = _word(tmp_path, {1: "Tyler Hughes, aged 9, lived with his father in Corby."})
    out = tmp_path / "out.docx"
    result = drafting("render", path, "-o", out)
    refused(result, 1, "a footnote (word/footnotes.xml), paragraph 1: names a child in full")
    assert not out.exists()


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("", "is empty"),
        ("Year " * 7, "is longer than 31 characters"),
        ("North&#10;South", "holds '\\n'"),
        ("Areas\u202e2021", "holds '\\u202e'"),
        ("'Quoted'", "begins or ends with '"),
        ("Q1/Q2", "holds '/'"),
    ],
)
def test_a_sheet_name_no_spreadsheet_program_gives_is_refused(title, why):
    """Its cells' references could not be typed, or would print as something else."""
    from evidence.errors import SourceError

    data = _sheet_xml_replaced('name="Sheet"', f'name="{title}"', "xl/workbook.xml")
    with pytest.raises(SourceError, match=re.escape(f"has a sheet whose name {why}")):
        source_from_bytes(data, Path("reply.xlsx"))


# --- a citation typed in a field that is not prose -----------------------------------------------


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("subject", "Unallocated cases [@unallocated-cases-232]"),
        ("subject", "Figures [see @unallocated-cases-232, para. 2] for 2019"),
    ],
)
def test_a_citation_in_a_field_that_is_not_prose_is_an_error_and_nothing_is_rendered(
    tmp_path, field, text
):
    """It would be printed as typed: review says so (exit 1), render writes nothing."""
    source = Path(__file__).resolve().parent.parent / "drafts" / "foi-unallocated-cases.yaml"
    lines = source.read_text(encoding="utf-8").splitlines()
    draft = tmp_path / "foi.yaml"
    draft.write_text(
        "\n".join(f"{field}: '{text}'" if x.startswith(f"{field}:") else x for x in lines) + "\n",
        encoding="utf-8",
    )
    result = drafting("review", draft)
    refused(result, 1, f"error citation-outside-prose {field} (line ", "only prose can carry")
    out = tmp_path / "foi.docx"
    refused(drafting("render", draft, "-o", out), 1, "only prose can carry")
    assert not out.exists()


def test_an_email_address_in_brackets_is_no_citation(tmp_path):
    """ "[jane@example.org]" in an address is an address, not a citation."""
    source = Path(__file__).resolve().parent.parent / "drafts" / "foi-unallocated-cases.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "    - Labour Group\n", "    - Labour Group [jane@example.org]\n"
    )
    draft = tmp_path / "foi.yaml"
    draft.write_text(text, encoding="utf-8")
    result = drafting("review", draft)
    assert "citation-outside-prose" not in result.output, result.output


def test_the_check_for_citations_in_fields_takes_time_in_proportion():
    """An open bracket before 100,000 characters of "@" words is read in linear time."""
    from drafting.review.checks import _GROUP, _KEY

    text = "[" + " @y" * 33_000
    began = time.perf_counter()
    assert not [g for g in _GROUP.finditer(text) if _KEY.search(g.group())]
    assert time.perf_counter() - began < 0.5


# --- a request for internal review dated before what it reviews -----------------------------------


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ("replied: '2019-10-21'", "replied: '2019-12-02'", "before the reply (replied)"),
        ("replied: '2019-10-21'", "replied: null\ndate: 2019-09-02", "before the request"),
    ],
)
def test_a_review_dated_before_the_reply_or_request_it_reviews_is_refused(tmp_path, old, new, what):
    """Its dates cannot be in that order: an input error naming the field, nothing rendered."""
    source = Path(__file__).resolve().parent.parent / "drafts" / "foi-review-unallocated-cases.yaml"
    text = source.read_text(encoding="utf-8")
    if "\ndate:" in new:
        text = text.replace("\ndate: 2019-11-04", "")
    assert old in text
    draft = tmp_path / "review.yaml"
    draft.write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "review.docx"
    refused(drafting("render", draft, "-o", out), 2, f"date: the review is dated {what}")
    assert not out.exists()


# --- a spreadsheet of thousands of figures: each compared with the register once ----------------


def test_each_cell_is_compared_with_the_facts_words_worked_out_once(monkeypatch):
    """The facts' words are worked out once a register, not once a cell (3,000 cells)."""
    from evidence import candidates as module
    from evidence.dossier import open_dossier

    register = open_dossier(Path(__file__).resolve().parent.parent).load()
    meta = next(iter(register.sources.values())).meta
    rows = "".join(f"Children waiting in area {i},{i}\n" for i in range(3000))
    read = source_from_bytes(f"Measure,2019/20\n{rows}".encode(), Path("areas.csv"))
    calls = []
    words = module._words
    monkeypatch.setattr(module, "_words", lambda text: calls.append(1) or words(text))
    found = module.candidates(meta, segment_source(read), register)
    assert len(found) > 2000
    assert len(calls) < 4 * len(found) + 4 * len(register.facts)


# --- identification-risk: the fields printed besides the prose -----------------------------------


def test_a_childs_name_in_a_subject_or_title_is_found(tmp_path):
    """A subject is printed with the letter and a title is the document's property."""
    source = Path(__file__).resolve().parent.parent / "drafts" / "foi-unallocated-cases.yaml"
    text = source.read_text(encoding="utf-8")
    draft = tmp_path / "foi.yaml"
    draft.write_text(
        text.replace(
            "subject: Request for information about unallocated cases in children's services",
            "subject: Ruby Clarke, aged 5, and her care at 3 Mill Lane",
        ),
        encoding="utf-8",
    )
    result = drafting("review", draft)
    refused(result, 1, "error identification-risk subject (line 14): names a child in full")
    out = tmp_path / "foi.docx"
    refused(drafting("render", draft, "-o", out), 1, "names a child in full")
    assert not out.exists()
