"""An amendment's instructions: one model per kind, chosen by the keys a draft gives (#23)."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

from drafting.amend import AmendError, apply
from drafting.kinds import changes, load_draft
from drafting.kinds.amendment import AmendmentDraft, Instruction, wording
from drafting.kinds.changes import (
    AS_MADE,
    ChangeHeading,
    InsertAfter,
    InsertAtEnd,
    InsertAtStart,
    InsertBefore,
    InsertClauseAfter,
    InsertFirstClause,
    LeaveOutClause,
    LeaveOutWords,
    ReplaceBullet,
    ReplaceClause,
)
from drafting.kinds.instructions import AnyInstruction
from drafting.kinds.motion import MotionDraft
from evidence.yamlio import SchemaError, parse_yaml, validate
from tests.conftest import drafting, refused

HEAD = """kind: amendment
council: Northamptonshire County Council
meeting: {body: Full Council, date: 2019-09-19}
date: 2019-09-12
motion: {title: Social workers, proposer: Cllr Jane Birch}
mover: {name: Cllr Sally Beardsworth}
seconder: {name: Cllr Danielle Stone}
instructions:
  - {clause: clause 1, leave_out: one}
"""

MOTION = MotionDraft.model_validate(
    {
        "kind": "motion",
        "council": "C",
        "meeting": {"body": "Full Council", "date": "2026-01-01"},
        "title": "T",
        "proposer": {"name": "A"},
        "seconder": {"name": "B"},
        "sections": [
            {
                "heading": "This Council notes",
                "clauses": [
                    "one two three",
                    {"text": "four five", "bullets": ["six seven", "eight"]},
                ],
            },
            {"heading": "This Council resolves", "numbered": False, "clauses": ["nine ten"]},
        ],
    }
)
NOTES, RESOLVES = ("This Council notes", True), ("This Council resolves", False)
BULLETED = {"text": "four five", "bullets": ["six seven", "eight"]}

#: (instruction as a draft gives it, its kind, how it reads, the motion's sections after it)
KINDS = [
    (
        "{clause: clause 1, leave_out: two, insert: '2'}",
        LeaveOutWords,
        "In clause 1, leave out “two” and insert “2”.",
        [["one 2 three", BULLETED], ["nine ten"]],
    ),
    (
        "{clause: clause 1, leave_out: two}",
        LeaveOutWords,
        "In clause 1, leave out “two”.",
        [["one three", BULLETED], ["nine ten"]],
    ),
    (
        "{clause: clause 2, bullet: 1, leave_out: seven, insert: '7'}",
        LeaveOutWords,
        "In clause 2, bullet 1, leave out “seven” and insert “7”.",
        [["one two three", {"text": "four five", "bullets": ["six 7", "eight"]}], ["nine ten"]],
    ),
    (
        "{clause: clause 1, after: two, insert: and a half}",
        InsertAfter,
        "In clause 1, after “two” insert “and a half”.",
        [["one two and a half three", BULLETED], ["nine ten"]],
    ),
    (
        "{clause: paragraph 1, before: ten, insert: nine and a half}",
        InsertBefore,
        "In paragraph 1, before “ten” insert “nine and a half”.",
        [["one two three", BULLETED], ["nine nine and a half ten"]],
    ),
    (
        "{clause: clause 1, at_start: true, insert: zero}",
        InsertAtStart,
        "At the start of clause 1, insert “zero”.",
        [["zero one two three", BULLETED], ["nine ten"]],
    ),
    (
        "{clause: clause 2, bullet: 2, at_end: true, insert: and more}",
        InsertAtEnd,
        "At the end of clause 2, bullet 2, insert “and more”.",
        [
            ["one two three", {"text": "four five", "bullets": ["six seven", "eight and more"]}],
            ["nine ten"],
        ],
    ),
    (
        "{clause: clause 1, leave_out_clause: true}",
        LeaveOutClause,
        "Leave out clause 1.",
        [[BULLETED], ["nine ten"]],
    ),
    (
        "{clause: clause 1, replace_clause: {text: new, bullets: [a, b]}}",
        ReplaceClause,
        "Leave out clause 1 and insert: “new • a • b”.",
        [[{"text": "new", "bullets": ["a", "b"]}, BULLETED], ["nine ten"]],
    ),
    (
        "{clause: clause 2, bullet: 2, replace_bullet: nine}",
        ReplaceBullet,
        "Leave out clause 2, bullet 2 and insert: “nine”.",
        [["one two three", {"text": "four five", "bullets": ["six seven", "nine"]}], ["nine ten"]],
    ),
    (
        "{insert_clause: 'that a new one [@fact]', label: 1A, after_clause: clause 1}",
        InsertClauseAfter,
        "After clause 1, insert new clause 1A: “that a new one [@fact]”.",
        [["one two three", "that a new one [@fact]", BULLETED], ["nine ten"]],
    ),
    (
        "{insert_clause: first, label: 2A, section: 2, at_start_of_section: This Council resolves}",
        InsertFirstClause,
        "At the start of section 2 (“This Council resolves”), insert new clause 2A: “first”.",
        [["one two three", BULLETED], ["first", "nine ten"]],
    ),
    (
        "{section: 2, heading_from: This Council resolves, heading_to: This Council agrees}",
        ChangeHeading,
        "Leave out the heading “This Council resolves” and insert “This Council agrees”.",
        [["one two three", BULLETED], ["nine ten"]],
    ),
]


def test_every_kind_is_tested_and_in_the_union():
    """The table above covers every kind, and the union holds each, tagged by its name."""
    assert {k[1] for k in KINDS} == set(changes.KINDS)
    union = get_args(get_args(AnyInstruction)[0])
    assert [(get_args(m)[0], get_args(m)[1].tag) for m in union] == [
        (k, k.__name__) for k in changes.KINDS
    ]


def draft(tmp_path: Path, instruction: str) -> Path:
    path = tmp_path / "amendment.yaml"
    path.write_text(HEAD + f"  - {instruction}\n", encoding="utf-8")
    return path


def sections(
    after: list[list[object]], headings: tuple[str | None, str | None] = (None, None)
) -> list[dict]:
    return [
        {"heading": headings[i] or heading, "numbered": numbered, "clauses": clauses}
        for i, ((heading, numbered), clauses) in enumerate(
            zip((NOTES, RESOLVES), after, strict=True)
        )
    ]


@pytest.mark.parametrize(
    ("yaml", "kind", "said", "after"), KINDS, ids=[k[1].__name__ for k in KINDS]
)
def test_each_kind_reads_from_the_same_yaml_applies_and_words_itself(
    tmp_path, yaml, kind, said, after
):
    """A draft's keys choose the kind; it carries itself out on the motion and reads as the clerk reads it."""
    loaded = load_draft(draft(tmp_path, yaml)).draft
    assert isinstance(loaded, AmendmentDraft)
    instruction = loaded.instructions[1]
    assert type(instruction) is kind
    assert instruction.wording() == wording(instruction) == said
    headings = (None, "This Council agrees") if kind is ChangeHeading else (None, None)
    assert apply(MOTION, [instruction]) == sections(after, headings)
    assert apply(MOTION, [instruction.data()]) == apply(MOTION, [instruction])


@pytest.mark.parametrize(
    ("yaml", "kind", "said", "after"), KINDS, ids=[k[1].__name__ for k in KINDS]
)
def test_each_kind_round_trips(yaml, kind, said, after):
    """Dumped and read back, an instruction is the same kind with the same keys."""
    instruction = Instruction.model_validate(parse_yaml(yaml, Path("x.yaml")).data)
    assert type(instruction.root) is kind
    assert Instruction.model_validate(instruction.model_dump()) == instruction
    assert Instruction.model_validate_json(instruction.model_dump_json()) == instruction
    assert Instruction.model_validate(instruction.data()).root == instruction.root


def test_a_draft_round_trips_and_takes_instructions_built_in_python(tmp_path):
    """The whole draft dumps and reads back equal; a library user may give the kinds themselves."""
    text = HEAD + "".join(f"  - {k[0]}\n" for k in KINDS)
    whole = validate(parse_yaml(text, tmp_path / "all.yaml"), AmendmentDraft)
    assert [type(i) for i in whole.instructions[1:]] == [k[1] for k in KINDS]
    assert AmendmentDraft.model_validate(whole.model_dump()) == whole
    assert AmendmentDraft.model_validate_json(whole.model_dump_json()) == whole
    at_end = InsertAtEnd(clause="clause 1", at_end=True, insert="x")
    built = AmendmentDraft.model_validate(whole.model_dump() | {"instructions": [at_end]})
    assert built.instructions == (at_end,)


def test_empty_keys_and_flags_given_false_are_as_before():
    """``insert:`` left empty, or ``at_start: false``, is as if not given (as drafts have had it)."""
    instruction = Instruction.model_validate(
        {"clause": "clause 1", "leave_out": "two", "insert": None, "after": None, "at_start": False}
    )
    assert instruction.root == LeaveOutWords(clause="clause 1", leave_out="two")
    assert instruction.data() == {"clause": "clause 1", "leave_out": "two"}


@pytest.mark.parametrize(
    ("yaml", "line", "message"),
    [
        (
            "{clause: clause 1, leave_out: a, leave_out_clause: true}",
            10,
            "instructions[1]: an instruction does one thing, but this one gives leave_out and "
            "leave_out_clause: give each its own instruction (leave_out goes with clause, bullet "
            "and insert; leave_out_clause goes with clause)",
        ),
        (
            "{clause: clause 1, leave_out_clause: true, insert: x}",
            10,
            "instructions[1].insert: does not go with leave_out_clause, which goes with clause; insert "
            "goes with leave_out, after, before, at_start or at_end",
        ),
        (
            "{insert_clause: x, after_clause: clause 1, section: 1}",
            10,
            "instructions[1]: insert_clause is placed by after_clause, or section (its first "
            "clause), not both",
        ),
        (
            "{clause: clause 1, after: a}",
            10,
            "instructions[1]: after needs the words to insert (insert: ...)",
        ),
        (
            "{leave_out: a}",
            10,
            "instructions[1]: leave_out needs the clause it changes (clause: clause 3)",
        ),
        (
            "{insert_clause: x}",
            10,
            "instructions[1]: insert_clause needs after_clause, or section (its first clause)",
        ),
        (
            "{clause: clause 1, replace_bullet: x}",
            10,
            "instructions[1]: replace_bullet needs the bullet it replaces (bullet: 2)",
        ),
        (
            "{clause: clause 1, insert: x}",
            10,
            "instructions[1]: an instruction does one thing: give one of leave_out",
        ),
        (
            "{clause: clause 1, aftr: a, insert: b}",
            10,
            "instructions[1].aftr: unknown field (did you mean after?)",
        ),
        (
            "{clause: clause 1, leave_out: a, insrt: b}",
            10,
            "instructions[1].insrt: unknown field (did you mean insert?)",
        ),
        ("{clause: clause 1, leave_out: ''}", 10, "instructions[1].leave_out: must not be empty"),
        (
            "{clause: clause 1, bullet: 0, leave_out: a}",
            10,
            "instructions[1].bullet: should be greater than or equal to 1",
        ),
        (
            "leave out a",
            10,
            "instructions[1]: should be a mapping of fields (name: value), not text",
        ),
        (
            "{clause: clause 1, leave_out: '[@a', insert: b}",
            10,
            "instructions[1].leave_out: the words quoted from the motion are not whole prose",
        ),
    ],
)
def test_a_malformed_instruction_is_one_line_naming_its_field_and_line(
    tmp_path, yaml, line, message
):
    """Keys of two kinds, a key missing or misplaced, a typo: the file, line and field, what to do."""
    path = draft(tmp_path, yaml)
    with pytest.raises(SchemaError) as caught:
        load_draft(path)
    assert caught.value.line == line and caught.value.message.startswith(message)


def test_a_misplaced_key_in_block_style_names_its_own_line(tmp_path):
    """In block style the line is the misplaced key's own."""
    path = tmp_path / "amendment.yaml"
    path.write_text(
        HEAD + "  - clause: clause 1\n    leave_out_clause: true\n    insert: x\n", encoding="utf-8"
    )
    with pytest.raises(SchemaError) as caught:
        load_draft(path)
    assert caught.value.line == 12 and caught.value.message.startswith("instructions[1].insert:")


def test_a_mixed_instruction_is_refused_by_the_cli_and_nothing_is_written(tmp_path):
    """``drafting render``: one line, exit code 2, no document."""
    path = draft(tmp_path, "{clause: clause 1, leave_out: a, after: b, insert: c}")
    result = drafting("render", path)
    refused(
        result,
        2,
        "amendment.yaml:10: instructions[1]: an instruction does one thing, but this one gives "
        "leave_out and after: give each its own instruction (leave_out goes with clause, bullet and "
        "insert; after goes with clause, bullet and insert)",
    )
    assert not path.with_suffix(".docx").exists()


def test_the_mixed_keys_message_from_the_library():
    """Instruction.model_validate refuses keys of two kinds with a pydantic ValidationError."""
    with pytest.raises(
        ValidationError,
        match="an instruction does one thing, but this one gives replace_clause and heading_to: give each its own instruction \\(replace_clause goes with clause; heading_to goes with section and heading_from\\)",
    ):
        Instruction.model_validate({"clause": "clause 1", "replace_clause": "x", "heading_to": "y"})


def test_quoted_words_made_by_amend_are_checked_later():
    """``drafting amend``'s own instructions are carried out before render's check of their prose."""
    data = {"clause": "clause 1", "leave_out": "[@a", "insert": "b"}
    with pytest.raises(ValidationError, match="not whole prose"):
        Instruction.model_validate(data)
    assert isinstance(Instruction.model_validate(data, context=AS_MADE).root, LeaveOutWords)


@pytest.mark.parametrize(
    ("instruction", "message"),
    [
        ({"clause": "clause 9", "leave_out_clause": True}, "the motion has no clause 9"),
        (
            {"clause": "clause 1", "bullet": 1, "leave_out": "one"},
            "clause 1 of the motion has no bullet 1",
        ),
        (
            {"clause": "clause 2", "bullet": 3, "replace_bullet": "x"},
            "clause 2 of the motion has no bullet 3",
        ),
        ({"insert_clause": "x", "section": 3}, "the motion has no section 3"),
        (
            {"heading_from": "This Council agrees", "heading_to": "x"},
            "0 sections are headed “This Council agrees”",
        ),
        ({"clause": "clause 1", "leave_out": "zero"}, "“zero” occurs 0 times in the clause"),
        ({"clause": "clause 1", "leve_out": "one"}, "not an instruction: leve_out"),
    ],
)
def test_an_instruction_that_does_not_fit_the_motion_is_an_amend_error(instruction, message):
    """A clause, bullet, section or heading the motion lacks: AmendError, not a crash."""
    with pytest.raises(AmendError, match=message):
        apply(MOTION, [instruction])


def test_a_heading_without_its_section_is_found_by_its_words():
    """A hand-written heading change may leave out ``section``: the heading it replaces finds it."""
    after = apply(
        MOTION, [{"heading_from": "This Council notes", "heading_to": "This Council observes"}]
    )
    assert [s["heading"] for s in after] == ["This Council observes", "This Council resolves"]
