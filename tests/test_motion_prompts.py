"""`drafting new motion` at the prompts: punctuation, several facts, the meeting time, numbering."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from drafting.cli import app
from drafting.kinds.motion import Meeting
from drafting.models import clock_time
from drafting.new import chosen_numbers, cite_in
from tests.conftest import REPO

runner = CliRunner()

HEAD = ["Northamptonshire County Council", "Full Council", "2019-09-19"]
PEOPLE = [
    "A programme for children's services",
    "Cllr Jane Birch",
    "",
    "",
    "Cllr Danielle Stone",
    "",
    "",
]


def new_motion(tmp_path, answers: list[str], kind: str = "motion"):
    out = tmp_path / f"{kind}.yaml"
    result = runner.invoke(
        app,
        ["--dossier", str(REPO), "new", kind, "-o", str(out)],
        input="\n".join(answers) + "\n",
        catch_exceptions=False,
    )
    return result, out


# --- punctuation as typed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "cited"),
    [
        ("that X;", "that X [@a];"),
        ("that X; ", "that X [@a];"),
        ("that X:", "that X [@a]:"),
        ("that X.", "that X [@a]."),
        ("that X, and", "that X, and [@a]"),
        ("that X", "that X [@a]"),
        ("that X?", "that X? [@a]"),
        ("that “X”;", "that “X” [@a];"),
    ],
)
def test_a_citation_goes_before_the_closing_punctuation_which_stays(clause, cited):
    """The clause keeps its own punctuation exactly; the citation goes before it."""
    assert cite_in(clause, "a") == cited


def test_five_clauses_keep_their_semicolons_through_the_prompts(tmp_path):
    """Clauses typed with ";" (cited or not) keep it in the draft and the rendered motion."""
    clauses = [
        "that three of the four areas were judged inadequate;",
        "1",
        "that serious case reviews into the deaths of two children were published;",
        "",
        "that social workers are stretched;",
        "",
        "",
        "that children deserve better;",
        "",
        "",
        "to write to the commissioner;",
        "",
        "to ask for a report to full council.",
        "",
        "",
    ]
    result, out = new_motion(tmp_path, [*HEAD, "", *PEOPLE, *clauses])
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load(out.read_text())
    texts = [c for s in draft["sections"] for c in s["clauses"]]
    assert len(texts) == 6 and [t[-1] for t in texts] == [";"] * 5 + ["."]
    assert texts[0].endswith("inadequate [@ofsted-2019-three-of-four-inadequate];")


# --- several facts for one clause -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "chosen"),
    [
        ("", []),
        ("   ", []),
        ("2", [2]),
        ("1 3", [1, 3]),
        ("1,3", [1, 3]),
        ("1, 3", [1, 3]),
        (" 3  1 ", [3, 1]),
        ("1 ,2,3", [1, 2, 3]),
        ("01", [1]),
    ],
)
def test_fact_numbers_accepted(raw, chosen):
    """Numbers apart by spaces, commas or both; a blank answer chooses none."""
    assert chosen_numbers(raw, 3) == chosen


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("4", "there is no fact 4: give numbers from 1 to 3"),
        ("0", "there is no fact 0: give numbers from 1 to 3"),
        ("1 1", "fact 1 is given twice"),
        ("1, 3, 1", "fact 1 is given twice"),
        ("one", "'one' is not a number"),
        ("1-3", "'1-3' is not a number"),
        ("1;3", "'1;3' is not a number"),
        ("-1", "'-1' is not a number"),
        ("²", "'²' is not a number"),
    ],
)
def test_fact_numbers_refused(raw, message):
    """A number out of range, a repeat, or a word that is no number: a message saying which."""
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        chosen_numbers(raw, 3)


def test_several_facts_become_one_citation_group():
    """Facts chosen together are one group, in the order chosen."""
    assert cite_in("that X;", "a", "b") == "that X [@a; @b];"


def test_a_clause_cites_several_suggested_facts_and_a_bad_choice_is_asked_again(tmp_path):
    """ "1 3" cites facts 1 and 3 as [@a; @b]; "1 1" and "4" are refused and asked again."""
    clause = "that three of the four areas were judged inadequate in June 2019;"
    result, out = new_motion(tmp_path, [*HEAD, "", *PEOPLE, clause, "1 1", "4", "1, 2", "", "", ""])
    assert result.exit_code == 0, result.output
    assert "fact 1 is given twice" in result.output
    assert "there is no fact 4: give numbers from 1 to 3" in result.output
    after = result.output.split("  clause 1:", 1)[1]
    suggested = [
        line.split("]", 1)[1].split(":", 1)[0].strip()
        for line in after.splitlines()
        if line.startswith("    [")
    ]
    draft = yaml.safe_load(out.read_text())
    assert draft["sections"][0]["clauses"] == [
        f"that three of the four areas were judged inadequate in June 2019 "
        f"[@{suggested[0]}; @{suggested[1]}];"
    ]


# --- the meeting's time -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "hhmm"),
    [
        ("19:00", "19:00"),
        ("19.00", "19:00"),
        ("9:30", "09:30"),
        ("7pm", "19:00"),
        ("7 pm", "19:00"),
        ("7.30pm", "19:30"),
        ("7:30 p.m.", "19:30"),
        ("10am", "10:00"),
        ("10 AM", "10:00"),
        ("12pm", "12:00"),
        ("12am", "00:00"),
        ("noon", "12:00"),
        ("00:00", "00:00"),
        ("23:59", "23:59"),
    ],
)
def test_times_accepted(raw, hhmm):
    """24-hour and the common UK ways of writing a time, as HH:MM."""
    assert clock_time(raw) == hhmm
    assert Meeting(body="Full Council", date="2019-09-19", time=raw).time == hhmm


@pytest.mark.parametrize(
    "raw",
    [
        "24:00",
        "19:60",
        "13pm",
        "0am",
        "7.5pm",
        "7",
        "1900",
        "seven",
        "7pm tomorrow",
        "19:00:00",
        "",
    ],
)
def test_times_refused(raw):
    """Nonsense, an hour out of range, or a bare hour (which half of the day?)."""
    with pytest.raises(ValueError, match="is not a time of day: write it as 19:00"):
        clock_time(raw)


def test_the_meeting_time_is_asked_and_a_bad_one_asked_again(tmp_path):
    """The time is asked after the date; "25:00" is refused; "7.30pm" is kept as 19:30."""
    result, out = new_motion(tmp_path, [*HEAD, "25:00", "7.30pm", *PEOPLE, "", "", ""])
    assert result.exit_code == 0, result.output
    assert "Meeting time, e.g. 19:00 or 7pm" in result.output
    assert (
        "'25:00' is not a time of day: write it as 19:00 (24-hour), 7pm or 7.30pm" in result.output
    )
    assert yaml.safe_load(out.read_text())["meeting"] == {
        "body": "Full Council",
        "date": "2019-09-19",
        "time": "19:30",
    }


def test_a_written_question_asks_its_meeting_time_too(tmp_path):
    """Every kind with a meeting asks its time (optional: blank leaves it out)."""
    answers = [
        *HEAD,
        "10am",
        "Cllr Matt Golby",
        "Leader of the Council",
        "Cllr Jane Birch",
        "",
        "How many cases are unallocated?",
    ]
    result, out = new_motion(tmp_path, answers, kind="question")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["meeting"]["time"] == "10:00"


def test_an_unquoted_time_in_a_draft_says_to_quote_it(tmp_path):
    """YAML reads time: 19:00 as a number: the error says to put it in quotes."""
    text = (REPO / "drafts" / "motion-childrens-commissioner-programme.yaml").read_text()
    draft = tmp_path / "m.yaml"
    draft.write_text(text.replace("  date: 2019-09-19\n", "  date: 2019-09-19\n  time: 19:00\n"))
    result = runner.invoke(app, ["--dossier", str(REPO), "review", str(draft)])
    assert result.exit_code == 2
    assert (
        "meeting.time: should be in quotes: YAML reads an unquoted time such as 19:00 as a "
        "number; write time: '19:00'" in result.output
    )


# --- clause numbers at the prompts ------------------------------------------------------------


def test_prompts_number_clauses_through_the_motion_as_the_document_does(tmp_path):
    """Two clauses noted, one believed, one resolved: the prompts say clause 1 to 4."""
    clauses = [
        "that the council has a budget;",
        "",
        "that it has a plan;",
        "",
        "",
        "that it can do better;",
        "",
        "",
        "to write to the commissioner.",
        "",
        "",
    ]
    result, _out = new_motion(tmp_path, [*HEAD, "", *PEOPLE, *clauses])
    assert result.exit_code == 0, result.output
    typed = [
        line.strip()
        for line in result.output.splitlines()
        if line.startswith("  clause ") and not line.rstrip().endswith(":")
    ]
    assert typed == [
        "clause 1: that the council has a budget;",
        "clause 2: that it has a plan;",
        "clause 3: that it can do better;",
        "clause 4: to write to the commissioner.",
    ]
