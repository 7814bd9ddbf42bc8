"""``drafting localise``: a model motion read as a motion, its facts offered and cited (#25).

The model motions here are made up, in three parties' styles and as a Word file and a
web page; the structure is read from a motion's grammar (a speaker, a verb of noting,
believing or resolving), never from one template's words.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from drafting.cli import localise as cli_localise
from drafting.modeltext import heading_of, read_model
from tests.conftest import drafting

NUMBERED = """Model motion: Keep our libraries open

This Council notes:
1. That over 800 public libraries have closed since 2010.
2. That visits fell by 30 per cent
   over the decade.

This Council believes:
• That libraries are vital to every community.

This Council resolves to:
a) Write to the Secretary of State asking for:
   i. a fair funding settlement;
   ii. the statutory duty to be enforced.
b) Ask the Leader to report back.

Proposed by: Cllr [name]
Seconded by: Cllr Sam Reid
"""
INLINE = """Title: Every child deserves a social worker

Council notes that over 260 children are waiting for a social worker.

Council further notes that the service was judged inadequate in 2019.

Council is deeply concerned that staff are leaving.

Council therefore resolves to call on the Secretary of State to fund 100 more social workers.
"""
BARE = """# Climate emergency

**Notes**

- Global temperatures have risen by 1.1C.
- The county's emissions fell by 12% last year.

**Believes**

- Everyone must play a part.

**Resolves**

- To declare a climate emergency.
- To report every six months.
"""


def test_three_party_styles_read_as_sections_and_clauses():
    numbered = read_model(NUMBERED)
    assert numbered.title == "Keep our libraries open"
    assert [(s.heading, s.mood, len(s.clauses)) for s in numbered.sections] == [
        ("This Council notes", "notes", 2),
        ("This Council believes", "believes", 1),
        ("This Council resolves to", "resolves", 2),
    ]
    assert (
        numbered.sections[0].clauses[1].text == "That visits fell by 30 per cent over the decade."
    )
    assert numbered.sections[2].clauses[0].bullets == [
        "a fair funding settlement;",
        "the statutory duty to be enforced.",
    ]
    assert (numbered.proposer, numbered.seconder) == (None, "Cllr Sam Reid")  # a blank is none
    inline = read_model(INLINE)
    assert inline.title == "Every child deserves a social worker"
    assert [(s.heading, len(s.clauses)) for s in inline.sections] == [
        ("Council notes", 2),
        ("Council is deeply concerned", 1),
        ("Council therefore resolves", 1),
    ]
    assert inline.sections[0].clauses[1].text == "that the service was judged inadequate in 2019."
    bare = read_model(BARE)
    assert bare.title == "Climate emergency"
    assert [(s.heading, s.mood, len(s.clauses)) for s in bare.sections] == [
        ("Notes", "notes", 2),
        ("Believes", "believes", 1),
        ("Resolves", "resolves", 2),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ofsted noted that the service was failing.",  # a third party: a clause, not a heading
        "Supporting our libraries",  # a title opening with a verb
        "Ask the Leader to report back.",  # an imperative
        "Calls on the Government to act.",  # a verb with nobody, and no "to"/"that"/":"
        "the council notes were lost",  # "notes" a noun: a verb cannot follow a verb
        "Council Notes On Procedure",
        "The council plans to close 12 libraries.",  # intent reported: a claim, not a decision
        "Council will, in future, be asked.",  # "will" with no verb of its own after it
        "This council will, therefore, x",
    ],
)
def test_what_is_no_heading(text: str):
    assert heading_of(text) is None


@pytest.mark.parametrize(
    ("text", "mood", "words"),
    [
        ("This Council notes:", "notes", "This Council notes"),
        (
            "Brighton & Hove City Council recognises that",
            "notes",
            "Brighton & Hove City Council recognises that",
        ),
        ("The Labour Group believes", "believes", "The Labour Group believes"),
        ("We welcome the report.", "believes", ""),  # a whole clause: the verb has an object
        ("Noting:", "notes", "Noting"),
        ("Council therefore agrees to:", "resolves", "Council therefore agrees to"),
        ("This Council calls on the Government to act.", "resolves", ""),
        (
            "This Council calls on the Cabinet to:",
            "resolves",
            "This Council calls on the Cabinet to",
        ),
        ("This council is aware of the plan.", "notes", ""),
        ("This council is aware that it closed.", "notes", "This council is aware"),
        ("We are deeply concerned that fees rose.", "believes", "We are deeply concerned"),
        ("this council is committed to openness.", "resolves", "this council is committed"),
        ("The Council will, therefore, write to the minister.", "resolves", ""),
        (
            "To this end, Tiny Borough Council resolves to:",
            "resolves",
            "Tiny Borough Council resolves to",
        ),
    ],
)
def test_headings_in_many_wordings(text: str, mood: str, words: str):
    found = heading_of(text)
    assert found is not None and (found.mood, found.words) == (mood, words)


def _localise(tmp_path: Path, text: str, *args: object, name: str = "model.txt", **kw):
    model = tmp_path / name
    if isinstance(text, str):
        model.write_text(text, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    return drafting("localise", model, "-o", out, *args, **kw), out


def test_with_no_terminal_and_no_answers_it_writes_the_draft_and_flags_what_is_uncited(tmp_path):
    result, out = _localise(tmp_path, INLINE)
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert "that over 260 children are waiting for a social worker." in written
    # the register's later, local value of the measure the figure names is offered
    assert "unallocated-cases-232 (the register's latest for unallocated cases: 232" in written
    assert "the model says 260" in result.output
    assert "uncited-figure clause 1" in result.output
    assert "notes-uncited clause 2" not in result.output  # 2019 is a figure: said once
    assert "placeholder council" in result.output  # what the model does not say is TBC
    assert "placeholder meeting.date" in result.output
    review = drafting("review", out, "--format", "json")
    codes = [f["code"] for f in json.loads(review.output)["findings"]]
    assert codes.count("uncited-figure") >= 2 and "signatory-twice" not in codes


ANSWERS = """council: Northamptonshire County Council
meeting: {body: Full Council, date: 2030-01-16}
proposer: {name: Cllr A Person}
seconder: {name: Cllr B Person}
cite:
  clause 1: [unallocated-cases-232]
"""


def test_answers_fill_the_header_and_cite_the_facts_picked(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result, out = _localise(tmp_path, INLINE, "--answers", answers)
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert "waiting for a social worker [@unallocated-cases-232]." in written
    assert "1 citation(s) put in" in result.output
    # the model's national figure against the local fact: review says which differs
    assert "figure-mismatch clause 1" in result.output
    assert "placeholder" not in result.output


@pytest.mark.parametrize(
    ("cite", "message"),
    [
        ("clause 9: [unallocated-cases-232]", "cite: 'clause 9' names no clause"),
        ("clause 1: [no-such-fact]", "names no-such-fact, which the register does not hold"),
        ("clause 1: {a: b}", "should be a fact id or a list of them"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(tmp_path, cite: str, message: str):
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS.split("cite:")[0] + f"cite:\n  {cite}\n", encoding="utf-8")
    result, out = _localise(tmp_path, INLINE, "--answers", answers)
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_at_a_terminal_the_user_picks_the_facts(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_localise, "_terminal", lambda: True)
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS.split("cite:")[0], encoding="utf-8")
    # the header is answered; each clause offered facts is asked: the first, then none
    result, out = _localise(tmp_path, INLINE, "--answers", answers, input="1\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Cite which?" in result.output
    assert "[@unallocated-cases-232]" in out.read_text(encoding="utf-8")


def test_a_council_profile_names_the_council_and_sets_its_required_headings(tmp_path, make_dossier):
    root = make_dossier()
    (root / "councils").mkdir()
    (root / "councils" / "tiny-borough.yaml").write_text(
        "name: tiny-borough\ntitle: Tiny Borough Council\n"
        "required_sections: [Tiny Borough Council notes, Tiny Borough Council resolves]\n",
        encoding="utf-8",
    )
    result, out = _localise(tmp_path, NUMBERED, "--council", "tiny-borough", dossier=root)
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert "council: Tiny Borough Council" in written
    assert "heading: Tiny Borough Council notes" in written
    assert "heading: Tiny Borough Council resolves" in written
    assert "heading: This Council believes" in written  # no required heading of that mood
    check = drafting("check", out, dossier=root)
    assert "missing required section" not in check.output.lower()


def test_a_word_file_and_a_web_page_are_read_too(tmp_path):
    document = docx.Document()
    document.add_heading("Fair funding for children's services", level=1)
    document.add_paragraph("This Council notes:")
    document.add_paragraph("over 260 children are waiting for a social worker.", "List Number")
    document.add_paragraph("This Council resolves:")
    document.add_paragraph("to write to the minister.", "List Bullet")
    model = tmp_path / "model.docx"
    document.save(str(model))
    result, out = _localise(tmp_path, None, name="model.docx")  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert "title: Fair funding for children's services" in written
    assert "heading: This Council notes" in written
    assert "over 260 children are waiting for a social worker." in written
    page = tmp_path / "model.html"
    page.write_text(
        "<html><head><title>Model motion</title></head><body><article>"
        "<h1>Fair funding for children's services</h1><p>This Council notes:</p><ul>"
        "<li>that over 260 children are waiting for a social worker, a figure that has "
        "grown every year since the last inspection of the service.</li></ul>"
        "<p>This Council resolves:</p><ul><li>to write to the minister asking for "
        "fair funding for every council's children's services.</li></ul>"
        "</article></body></html>",
        encoding="utf-8",
    )
    result, out = _localise(tmp_path, None, "--force", name="model.html")  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    assert "heading: This Council notes" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("model.pdf", "%PDF-1.4", "is a PDF"),
        ("model.txt", "\n\n", "has no text"),
        ("model.txt", "Keep our libraries open\n", "has no clauses"),
        ("model.yaml", "a: b\n", "a model motion is read from"),
    ],
)
def test_what_is_not_a_model_motion_is_refused(tmp_path, name: str, content: str, message: str):
    result, out = _localise(tmp_path, content, name=name)
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_an_existing_draft_is_kept_without_force(tmp_path):
    out = tmp_path / "draft.yaml"
    out.write_text("mine\n", encoding="utf-8")
    result, _ = _localise(tmp_path, INLINE)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "mine\n"


def test_control_characters_of_a_word_processor_are_breaks_or_dropped():
    model = read_model("This Council notes:\x0b- that 12\x01 closed.\f- that 3 opened.\n")
    assert [c.text for s in model.sections for c in s.clauses] == [
        "that 12 closed.",
        "that 3 opened.",
    ]


@pytest.mark.parametrize(
    "line",
    ["Title: Save the bus", "Motion: Save the bus", "Green Party model motion: Save the bus"],
)
def test_a_title_loses_its_label(line: str):
    assert read_model(f"{line}\n\nNotes:\n- that 3 routes closed.\n").title == "Save the bus"


def test_a_verb_with_an_object_heads_no_section_of_its_own_words():
    """ "calls on the Leader to:" heads its list whole; "calls on X to act." is a clause."""
    model = read_model(
        "This Council notes:\n- that 3 routes closed.\n\n"
        "This Council calls on the Leader to:\n- publish a plan;\n- report back.\n\n"
        "We welcome the report.\n"
    )
    assert [(s.heading, s.mood, [c.text for c in s.clauses]) for s in model.sections] == [
        ("This Council notes", "notes", ["that 3 routes closed."]),
        ("This Council calls on the Leader to", "resolves", ["publish a plan;", "report back."]),
        (None, "believes", ["We welcome the report."]),
    ]


def test_a_list_under_a_paragraph_ending_in_a_colon_is_its_bullets():
    model = read_model(
        "Tiny Borough Council resolves to fund the scheme.\n\n"
        "To this end, Tiny Borough Council resolves to ask the Executive to:\n\n"
        "1. Publish a plan.\n\n2. Report each year.\n"
    )
    clauses = model.sections[0].clauses
    assert [c.text for c in clauses] == ["to fund the scheme.", "to ask the Executive to:"]
    assert clauses[1].bullets == ["Publish a plan.", "Report each year."]


def test_a_note_to_whoever_adopts_the_model_is_kept_apart_not_made_a_clause():
    model = read_model("(Delete as appropriate.)\n\nThis Council notes:\n- that X closed.\n")
    assert model.notes == ["(Delete as appropriate.)"]
    assert [c.text for s in model.sections for c in s.clauses] == ["that X closed."]
    # a clause with brackets inside it is a clause
    assert read_model("Notes:\n- that 12 (of 40) closed.\n").clauses == 1


def test_the_bundled_example_model_localises(tmp_path):
    out = tmp_path / "draft.yaml"
    model = Path(__file__).parent.parent / "drafts" / "model-motion-social-workers.txt"
    result = drafting("localise", model, "-o", out)
    assert result.exit_code == 0, result.output
    assert "left out the model's note" in result.output
    assert "the register's latest for unallocated cases: 232" in result.output


UNDATED = """kind: motion
council: Northamptonshire County Council
meeting: {body: Full Council}
title: Social workers
proposer: {name: Cllr A Person}
seconder: {name: TBC}
sections:
  - heading: This Council resolves
    clauses: [to ask for a report.]
"""


def test_an_undated_meeting_and_a_tbc_name_are_placeholders_and_check_cannot_count(tmp_path):
    draft = tmp_path / "motion.yaml"
    draft.write_text(UNDATED, encoding="utf-8")
    review = drafting("review", draft)
    assert review.exit_code == 1
    assert "error placeholder seconder.name (line 6): seconder.name is “TBC”" in review.output
    assert "error placeholder meeting.date: the meeting's date is not given" in review.output
    check = drafting("check", draft)
    assert check.exit_code == 1
    assert "the meeting's date is not given (meeting.date)" in check.output
    rendered = drafting("render", draft, "-o", tmp_path / "m.docx")
    assert rendered.exit_code != 0 and not (tmp_path / "m.docx").exists()


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path, monkeypatch):
    """`drafting ... | head`: the pipe closes; no "error: Broken pipe", exit 141 as by SIGPIPE."""

    def closed(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli_localise, "_write", closed)
    result, _ = _localise(tmp_path, INLINE)
    assert result.exit_code == 141
    assert "error" not in result.output
