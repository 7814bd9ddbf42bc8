"""Messages a person can act on: what is wrong, where, and what to write instead."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from drafting.council.calendar import Calendar
from evidence.dates import date_problem
from evidence.suggest import nearest
from evidence.yamlio import parse_yaml
from tests.conftest import REPO

runner = CliRunner()
LETTER = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
MOTION = REPO / "drafts" / "motion-childrens-commissioner-programme.yaml"
FOI = REPO / "drafts" / "foi-unallocated-cases.yaml"


def refused(args: list[str], *fragments: str) -> str:
    result = runner.invoke(app, ["--dossier", str(REPO), *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1, result.output
    for fragment in fragments:
        assert fragment in result.output, result.output
    return result.output


def draft(tmp_path: Path, text: str, name: str = "draft.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = "kind: letter\nsenders:\n  - {name: Jo Bloggs}\nrecipient: {name: A B}\n"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("subjct: Hello\nbody: [Hi.]\n", "subjct: unknown field (did you mean subject?)"),
        ("body: [Hi.]\nclosng: Yours\n", "closng: unknown field (did you mean closing?)"),
        ("body: [Hi.]\nzzzzzz: 1\n", "zzzzzz: unknown field (the fields here are "),
    ],
)
def test_an_unknown_field_is_matched_by_its_spelling(tmp_path, extra, expected):
    """The field spelt most like the unknown one is offered, not whichever is missing."""
    refused(["review", str(draft(tmp_path, MINIMAL + extra))], expected)


def test_a_misspelt_nested_field_is_matched_within_its_own_model(tmp_path):
    """senders[0].rolle: the sender's fields are searched, not the draft's."""
    text = MINIMAL.replace("{name: Jo Bloggs}", "{name: Jo Bloggs, rolle: Cllr}") + "body: [Hi.]\n"
    refused(
        ["review", str(draft(tmp_path, text))],
        "senders[0].rolle: unknown field (did you mean role?)",
    )


def test_a_value_of_the_wrong_shape_in_a_union_names_the_field_not_the_validator(tmp_path):
    """A clause written as a mapping is read as the clause model it was meant as: the
    message names its text field, with no pydantic member or validator names."""
    text = (
        "kind: motion\ncouncil: X\nmeeting: {body: Full Council, date: 2019-09-19}\n"
        "title: T\nproposer: {name: A}\nseconder: {name: B}\nsections:\n"
        "  - heading: notes\n    clauses:\n      - {text: {a: 1}}\n"
    )
    out = refused(
        ["review", str(draft(tmp_path, text))],
        "sections[0].clauses[0].text: should be text, not a mapping",
    )
    for internal in ("function-after", "constrained-str", "BulletedClause", "_xml_safe"):
        assert internal not in out


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("17/09/2019", "'17/09/2019' is written day/month/year: write it as 2019-09-17"),
        ("17 September 2019", "'17 September 2019' is written out: write it as 2019-09-17"),
        ("2019/9/17", "write it as 2019-09-17"),
        ("2019-02-29", "'2019-02-29' is not a real calendar date (February 2019 has 28 days)"),
        ("31/04/2019", "(April 2019 has 30 days)"),
        ("next week", "'next week' is not a date: write YYYY-MM-DD"),
    ],
)
def test_a_date_written_another_way_is_told_how_to_write_it(tmp_path, written, expected):
    """A real date in another form is not "not a real date": the message rewrites it."""
    text = MINIMAL + f"date: '{written}'\nbody: [Hi.]\n"
    refused(["review", str(draft(tmp_path, text))], expected)
    assert expected in date_problem(written)


def test_a_missing_file_names_the_nearest_one():
    """One line, exit 2, the file that was probably meant."""
    refused(
        ["review", str(REPO / "drafts" / "leter-to-childrens-commissioner.yaml")],
        "no such file",
        "Did you mean",
        "letter-to-childrens-commissioner.yaml",
    )


@pytest.mark.parametrize(
    ("command", "content", "what"),
    [
        ("render", b"%PDF-1.7\n", "is a PDF; this command takes a draft (.yaml)"),
        ("review", b"%PDF-1.7\n", "is a PDF; this command takes a draft (.yaml) or a rendered"),
        ("check", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "is an old Office file"),
        ("render", b"PK\x03\x04rest", "is a zip package"),
    ],
)
def test_the_wrong_kind_of_file_says_what_the_command_takes(tmp_path, command, content, what):
    """A PDF or a Word file given where a draft belongs: what it is and what is wanted."""
    path = tmp_path / "document.yaml"
    path.write_bytes(content)
    refused([command, str(path)], what)


def test_a_folder_given_for_a_file_says_so(tmp_path):
    """A folder is not a draft."""
    refused(["render", str(tmp_path)], "is a folder; give a draft (.yaml)")


@pytest.mark.parametrize("number", ["9" * 5000, "0x" + "f" * 5000, "1" * 101, "1." + "5" * 200])
def test_a_huge_number_in_yaml_is_one_line_naming_it(tmp_path, number):
    """Python will not read integers past 4,300 digits: refused at its line, before."""
    text = MINIMAL + f"date: {number}\nbody: [Hi.]\n"
    refused(
        ["review", str(draft(tmp_path, text))],
        "draft.yaml:5: a number",
        "Put it in quotes if it is text",
    )


def test_a_list_item_swallowed_by_a_bad_indent_is_a_warning_naming_its_line(tmp_path):
    """YAML joins an item indented one space too far to the one before: review warns."""
    text = MINIMAL + (
        "body: [Hi.]\nasks:\n  - Please publish the figures\n"
        "   - Please explain the monthly spend\n"
    )
    path = draft(tmp_path, text)
    result = runner.invoke(app, ["--dossier", str(REPO), "review", str(path), "--format", "json"])
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "yaml-layout"]
    assert len(found) == 1 and found[0]["place"] == "line 7"
    assert "“- Please explain the monthly spend”" in found[0]["message"]
    result = runner.invoke(
        app, ["--dossier", str(REPO), "render", str(path), "-o", str(tmp_path / "out.docx")]
    )
    assert result.exit_code == 0 and "warning: yaml-layout: line 7:" in result.output


@pytest.mark.parametrize(
    "text",
    [
        "asks:\n  - Please publish\n  - Please explain\n",
        "body:\n  - A long paragraph\n    that goes on - as paragraphs do\n",
        "body:\n  - >-\n    A folded paragraph\n    - with a dash at the start of a line\n",
        'body:\n  - "Quoted, and\n    - deliberately so"\n',
    ],
)
def test_ordinary_layouts_are_not_flagged(text):
    """Items at one indent, prose running on, and quoted or block text are as meant."""
    assert parse_yaml(text, Path("x.yaml")).notes == ()


def test_dates_outside_any_council_calendar_are_refused_before_anything_is_written(tmp_path):
    """A meeting in year 1: the check and the render stop at the field, nothing written."""
    text = MOTION.read_text(encoding="utf-8").replace("date: 2019-09-19", "date: 0001-01-05")
    assert "0001-01-05" in text
    path = draft(tmp_path, text, "motion.yaml")
    refused(["check", str(path)], "meeting.date: 0001-01-05 is outside the years")
    refused(["render", str(path), "-o", str(tmp_path / "m.docx")], "outside the years")
    assert not (tmp_path / "m.docx").exists()


def test_a_count_that_runs_off_the_calendar_is_one_line():
    """An FOI request received on the last day the calendar has."""
    refused(["check", str(FOI), "--submitted", "9999-12-31 23:59"], "runs off the calendar")
    with pytest.raises(Exception, match="runs off the calendar"):
        Calendar("england-and-wales").count(dt.date(1, 1, 3), 5, working=False, step=-1)


def test_a_bank_holiday_declared_in_scotland_moves_an_foi_answer():
    """15 June 2026 (Scotland) is a UK bank holiday for FOI: 29 May 2026 -> 29 June 2026."""
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "check",
            str(FOI),
            "--submitted",
            "2026-05-29 10:00",
            "--format",
            "json",
        ],
    )
    assert json.loads(result.output)["deadline"].startswith("2026-06-29")


def test_suggestions_never_offer_the_word_itself():
    """Did you mean: x? is never said of x."""
    assert nearest("honorific", ["honorific", "name", "title"]) == []
    assert nearest("subjct", ["subject", "senders"], scorer="spelling") == ["subject"]


@pytest.mark.parametrize(
    ("raised", "code", "said"),
    [
        (
            ZeroDivisionError("division by zero"),
            3,
            "drafting: internal error: ZeroDivisionError: division by zero (at ",
        ),
        (RecursionError("maximum recursion depth exceeded"), 2, "nested too deeply to read"),
        (MemoryError(), 2, "too large or nested too deeply"),
    ],
)
def test_an_error_nobody_foresaw_is_one_line(monkeypatch, raised, code, said):
    """A bug is one line naming where it happened and how to see more (exit 3); an input
    that exhausts the stack or memory is exit 2. DRAFTING_DEBUG shows the traceback."""
    import evidence.dossier

    def broken(*args, **kwargs):
        raise raised

    monkeypatch.setattr(evidence.dossier.Dossier, "load", broken)
    monkeypatch.delenv("DRAFTING_DEBUG")
    result = runner.invoke(app, ["--dossier", str(REPO), "evidence", "list"])
    assert result.exit_code == code and said in result.output, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    monkeypatch.setenv("DRAFTING_DEBUG", "1")
    result = runner.invoke(app, ["--dossier", str(REPO), "evidence", "list"])
    assert isinstance(result.exception, type(raised)) or code == 2
