"""Amendments: council wording from two versions of a motion, and back to the amended text exactly."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafting.amend import AmendError, amend, amendment_data, apply, same_text
from drafting.cli import app
from drafting.kinds import load_draft
from drafting.kinds.amendment import Instruction, wording
from drafting.kinds.motion import MotionDraft
from tests.conftest import REPO

ORIGINAL = REPO / "drafts" / "motion-childrens-commissioner-programme.yaml"
AMENDED = REPO / "drafts" / "motion-childrens-commissioner-programme-amended.yaml"
runner = CliRunner()


def motion(sections: list[dict]) -> MotionDraft:
    return MotionDraft.model_validate(
        {
            "kind": "motion",
            "council": "C",
            "meeting": {"body": "Full Council", "date": "2026-01-01"},
            "title": "T",
            "proposer": {"name": "A"},
            "seconder": {"name": "B"},
            "sections": sections,
        }
    )


def data(draft: MotionDraft) -> list[dict]:
    return [
        {
            "heading": s.heading,
            "numbered": s.numbered,
            "clauses": [
                c if isinstance(c, str) else {"text": c.text, "bullets": list(c.bullets)}
                for c in s.clauses
            ],
        }
        for s in draft.sections
    ]


def read(instructions: list[dict]) -> list[str]:
    return [wording(Instruction.model_validate(i)) for i in instructions]


def test_the_example_amendment_reads_in_council_form_and_applies_back(tmp_path):
    """Two versions of the example motion: three short instructions, applied back exactly."""
    original = load_draft(ORIGINAL).draft
    amended = load_draft(AMENDED).draft
    assert isinstance(original, MotionDraft) and isinstance(amended, MotionDraft)
    instructions = amend(original, amended)
    assert read(instructions) == [
        "After clause 2, insert new clause 2A: “that there have been seven directors and interim "
        "directors of children's services in seven years [@seven-directors-seven-years];”.",
        "In clause 6, leave out “programme” and insert “costed programme, with dates,”.",
        "In clause 7, leave out “meeting” and insert “meetings of the cabinet and”.",
    ]
    assert same_text(apply(original, instructions), data(amended))
    out = tmp_path / "amendment.yaml"
    result = runner.invoke(
        app,
        ["--dossier", str(REPO), "amend", str(ORIGINAL), str(AMENDED), "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0 and "3 instruction(s); it applies back" in result.output
    draft = yaml.safe_load(out.read_text())
    assert draft["mover"]["name"] == "Cllr Danielle Stone" and draft["kind"] == "amendment"
    rendered = runner.invoke(app, ["--dossier", str(REPO), "render", str(out)])
    assert rendered.exit_code == 0, rendered.output
    assert "1 citation(s) as footnotes; review: 0 errors, 0 warnings, 0 info" in rendered.output
    reviewed = runner.invoke(app, ["--dossier", str(REPO), "review", str(out.with_suffix(".docx"))])
    assert reviewed.exit_code == 0 and "0 errors, 0 warnings" in reviewed.output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "to ask for a report to council",
            "to ask for a programme to council",
            "In clause 1, leave out “report” and insert “programme”.",
        ),
        (
            "the council will write to him",
            "the council will write to the minister and to him",
            "In clause 1, after “write to” insert “the minister and to”.",
        ),
        (
            "that a report come to council",
            "that a report come to full council",
            "In clause 1, after “come to” insert “full”.",
        ),
        (
            "the council the council notes the council",
            "the council the council notes the council today",
            "At the end of clause 1, insert “today”.",
        ),
        (
            "council notes the report",
            "The council notes the report",
            "At the start of clause 1, insert “The”.",
        ),
        (
            "we note that the trust is late",
            "we regret everything about the new structure",
            "Leave out clause 1 and insert: “we regret everything about the new structure”.",
        ),
    ],
)
def test_clause_wording(old, new, expected):
    """Word-level where it reads better, the words made unique, whole clauses otherwise."""
    instructions = amend(motion([{"clauses": [old]}]), motion([{"clauses": [new]}]))
    assert read(instructions) == [expected]
    assert same_text(
        apply(motion([{"clauses": [old]}]), instructions), data(motion([{"clauses": [new]}]))
    )


def test_clauses_left_out_and_inserted_and_headings_changed():
    """Leave out clause 2; a new first clause of a later section; a heading changed."""
    old = motion(
        [
            {"heading": "This Council notes", "clauses": ["a one", "b two", "c three"]},
            {"heading": "This Council resolves", "clauses": ["d four"]},
        ]
    )
    new = motion(
        [
            {"heading": "This Council notes", "clauses": ["a one", "c three"]},
            {"heading": "This Council agrees", "clauses": ["x new", "d four"]},
        ]
    )
    instructions = amend(old, new)
    assert read(instructions) == [
        "Leave out clause 2.",
        "Leave out the heading “This Council resolves” and insert “This Council agrees”.",
        "At the start of section 2 (“This Council resolves”), insert new clause 3A: “x new”.",
    ]
    assert same_text(apply(old, instructions), data(new))


def test_nothing_to_amend_and_other_structures_are_errors(tmp_path):
    """The same text, or a different number of sections, or a letter: clear errors, exit 2."""
    old = motion([{"clauses": ["a"]}])
    with pytest.raises(AmendError, match="nothing to amend"):
        amendment_data(old, old)
    with pytest.raises(AmendError, match="different numbers of sections"):
        amend(old, motion([{"clauses": ["a"]}, {"clauses": ["b"]}]))
    letter = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "amend",
            str(ORIGINAL),
            str(letter),
            "-o",
            str(tmp_path / "a.yaml"),
        ],
    )
    assert result.exit_code == 2 and "is a letter, not a motion" in result.output
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "amend",
            str(ORIGINAL),
            str(AMENDED),
            "-o",
            str(ORIGINAL),
            "--force",
        ],
    )
    assert result.exit_code == 2 and "is the input" in result.output


def test_an_instruction_does_one_thing():
    """leave_out with leave_out_clause, or after with no insert, is refused with a reason."""
    with pytest.raises(ValueError, match="an instruction does one thing"):
        Instruction.model_validate(
            {"clause": "clause 1", "leave_out": "a", "leave_out_clause": True}
        )
    with pytest.raises(ValueError, match="after needs the words to insert"):
        Instruction.model_validate({"clause": "clause 1", "after": "a"})
    with pytest.raises(AmendError, match="the motion has no clause 9"):
        apply(motion([{"clauses": ["a"]}]), [{"clause": "clause 9", "leave_out_clause": True}])


WORDS = st.sampled_from(
    [
        "the",
        "council",
        "notes",
        "a",
        "report",
        "trust",
        "[@fact-1]",
        "£22m",
        "children",
        "and",
        "to",
    ]
)
CLAUSE = st.lists(WORDS, min_size=1, max_size=10).map(" ".join)


@st.composite
def versions(draw: st.DrawFn) -> tuple[list[dict], list[dict]]:
    """A motion, and the same motion after random edits to words, clauses, bullets, headings."""
    sections = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "heading": st.sampled_from(
                        ["This Council notes", "This Council resolves", None]
                    ),
                    "numbered": st.booleans(),
                    "clauses": st.lists(
                        st.one_of(
                            CLAUSE,
                            st.fixed_dictionaries(
                                {
                                    "text": CLAUSE,
                                    "bullets": st.lists(CLAUSE, min_size=1, max_size=3),
                                }
                            ),
                        ),
                        min_size=1,
                        max_size=4,
                    ),
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    edited = yaml.safe_load(yaml.safe_dump(sections))
    for section in edited:
        if draw(st.booleans()):
            section["heading"] = draw(st.sampled_from(["This Council believes", None]))
        clauses = section["clauses"]
        for _ in range(draw(st.integers(0, 3))):
            action = draw(st.sampled_from(["words", "insert", "drop", "bullet"]))
            at = draw(st.integers(0, len(clauses) - 1))
            if action == "insert":
                clauses.insert(draw(st.integers(0, len(clauses))), draw(CLAUSE))
            elif action == "drop" and len(clauses) > 1:
                clauses.pop(at)
            elif action == "bullet" and isinstance(clauses[at], dict):
                k = draw(st.integers(0, len(clauses[at]["bullets"]) - 1))
                clauses[at]["bullets"][k] = draw(CLAUSE)
            else:
                words = (
                    clauses[at] if isinstance(clauses[at], str) else clauses[at]["text"]
                ).split()
                i = draw(st.integers(0, len(words)))
                j = draw(st.integers(i, min(len(words), i + 3)))
                words[i:j] = draw(st.lists(WORDS, max_size=3))
                text = " ".join(words) or draw(CLAUSE)
                if isinstance(clauses[at], str):
                    clauses[at] = text
                else:
                    clauses[at]["text"] = text
    return sections, edited


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versions())
def test_applying_the_amendment_gives_the_amended_text_exactly(pair):
    """Property: for any motion and any edits, apply(original, amend(original, amended)) == amended."""
    before, after = motion(pair[0]), motion(pair[1])
    instructions = amend(before, after)
    for instruction in instructions:
        Instruction.model_validate(instruction)  # every instruction is a valid draft field
    assert same_text(apply(before, instructions), data(after))
