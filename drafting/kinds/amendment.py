"""An amendment to a motion: mover, seconder, the motion it amends, and its instructions.

``drafting amend ORIGINAL.yaml AMENDED.yaml`` writes one (see :mod:`drafting.amend`);
it can also be written by hand. Each instruction is read aloud as the clerk would:
"In clause 3, leave out “a report” and insert “a programme”." Words inserted may cite
facts (they become footnotes); words left out are shown without their citations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, field_validator, model_validator

from drafting.citations import CitationSyntaxError, Span, escape_prose, parse_inline
from drafting.council.rules import CheckResult, council_check
from drafting.findings import Review
from drafting.kinds.base import Kind, Properties, Prose, Question, long_date
from drafting.kinds.motion import BulletedClause, Meeting
from drafting.models import DraftBase, Model, Sender, Text
from evidence.dossier import Dossier

_CITE = re.compile(r"\s*\[[^\[\]]*@[^\[\]]*\]")
_ACTIONS = (
    "leave_out",
    "after",
    "before",
    "at_start",
    "at_end",
    "leave_out_clause",
    "replace_clause",
    "replace_bullet",
    "insert_clause",
    "heading_from",
)


class MotionRef(Model):
    """The motion an amendment amends."""

    title: Text
    proposer: Text | None = None


class Instruction(Model):
    """One change: to words of a clause, to a whole clause, a new clause, or a heading."""

    clause: Text | None = None
    bullet: Annotated[int, Field(ge=1)] | None = None
    leave_out: Text | None = None
    insert: Text | None = None
    after: Text | None = None
    before: Text | None = None
    at_start: bool = False
    at_end: bool = False
    leave_out_clause: bool = False
    replace_clause: Text | BulletedClause | None = None
    replace_bullet: Text | None = None
    insert_clause: Text | BulletedClause | None = None
    label: Text | None = None
    after_clause: Text | None = None
    at_start_of_section: Text | None = Field(
        default=None, description="the heading of the section it starts (shown only)"
    )
    section: Annotated[int, Field(ge=1)] | None = None
    heading_from: Text | None = None
    heading_to: Text | None = None

    @field_validator("leave_out", "after", "before", "heading_from", "heading_to")
    @classmethod
    def _words_read_as_prose(cls, words: str | None) -> str | None:
        """Words quoted from the motion must be whole prose: a broken citation would show raw."""
        if words is not None:
            try:
                parse_inline(words)
            except CitationSyntaxError as exc:
                raise ValueError(
                    f"the words quoted from the motion are not whole prose: {exc.message}"
                ) from None
        return words

    @model_validator(mode="after")
    def _one_action(self) -> Self:
        given = [a for a in _ACTIONS if getattr(self, a)]
        if self.heading_to and not self.heading_from:
            given.append("heading_from")
        if len(given) != 1:
            raise ValueError(
                "an instruction does one thing: leave_out (with insert), after, "
                "before, at_start or at_end (with insert), leave_out_clause, "
                "replace_clause, insert_clause, or heading_from/heading_to"
            )
        if (
            given[0]
            in (
                "leave_out",
                "after",
                "before",
                "at_start",
                "at_end",
                "leave_out_clause",
                "replace_clause",
                "replace_bullet",
            )
            and not self.clause
        ):
            raise ValueError(f"{given[0]} needs the clause it changes (clause: clause 3)")
        if given[0] in ("after", "before", "at_start", "at_end") and not self.insert:
            raise ValueError(f"{given[0]} needs the words to insert (insert: ...)")
        if given[0] == "insert_clause" and not (self.after_clause or self.section):
            raise ValueError("insert_clause needs after_clause, or section (its first clause)")
        return self

    def data(self) -> dict[str, Any]:
        """The instruction as plain data (what :func:`drafting.amend.apply` reads)."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


class AmendmentDraft(DraftBase):
    """An amendment to a motion."""

    kind: Literal["amendment"]
    council: Text
    meeting: Meeting
    motion: MotionRef
    mover: Sender
    seconder: Sender
    instructions: Annotated[tuple[Instruction, ...], Field(min_length=1)]


def read_aloud(words: str) -> str:
    """Words from the motion as they are read aloud: citations and markup gone, as shown."""
    try:
        items = parse_inline(words)
    except CitationSyntaxError:  # not prose (refused where the words are read in)
        return " ".join(_CITE.sub("", words).split())
    return " ".join("".join(i.text for i in items if isinstance(i, Span)).split())


def _quoted(words: str) -> str:
    """Words from the motion as read aloud, written so that they render exactly so."""
    return escape_prose(read_aloud(words))


def _clause(clause: str | BulletedClause) -> str:
    if isinstance(clause, str):
        return clause
    return clause.text + " " + " ".join(f"• {b}" for b in clause.bullets)


def wording(ins: Instruction) -> str:
    """How the clerk reads one instruction (prose markup: inserted citations become notes)."""
    where = f"{ins.clause}, bullet {ins.bullet}" if ins.bullet else ins.clause
    if ins.heading_from or ins.heading_to:
        old, new = ins.heading_from, ins.heading_to
        if old and new:
            return f"Leave out the heading “{_quoted(old)}” and insert “{_quoted(new)}”."
        return f"Leave out the heading “{_quoted(old or '')}”."
    if ins.leave_out_clause:
        return f"Leave out {where}."
    replacement = ins.replace_clause or ins.replace_bullet
    if replacement:
        return f"Leave out {where} and insert: “{_clause(replacement)}”."
    if ins.insert_clause:
        text = _clause(ins.insert_clause)
        if ins.after_clause:
            return f"After {ins.after_clause}, insert new clause {ins.label or ''}: “{text}”."
        at = f"section {ins.section}" + (
            f" (“{_quoted(ins.at_start_of_section)}”)" if ins.at_start_of_section else ""
        )
        return f"At the start of {at}, insert new clause {ins.label or ''}: “{text}”."
    if ins.at_start or ins.at_end:
        return f"At the {'end' if ins.at_end else 'start'} of {where}, insert “{ins.insert}”."
    if ins.leave_out:
        out = f"In {where}, leave out “{_quoted(ins.leave_out)}”"
        return out + (f" and insert “{ins.insert}”." if ins.insert else ".")
    key, anchor = ("after", ins.after) if ins.after else ("before", ins.before or "")
    return f"In {where}, {key} “{_quoted(anchor)}” insert “{ins.insert}”."


class Amendment(Kind[AmendmentDraft]):
    """An amendment moved to a notice of motion."""

    name = "amendment"
    plural = "amendments"
    model = AmendmentDraft
    quotes_are_evidence = False  # its quotation marks enclose the motion's words

    sample: ClassVar[dict[str, Any]] = {
        "kind": "amendment",
        "council": "C",
        "meeting": {"body": "Full Council", "date": "2026-01-01"},
        "motion": {"title": "T", "proposer": "P"},
        "mover": {"name": "A"},
        "seconder": {"name": "B"},
        "instructions": [{"clause": "clause 1", "leave_out": "a", "insert": "b"}],
    }

    def prose(self, draft: AmendmentDraft) -> list[Prose]:
        """Each instruction as it is read aloud, numbered ("Instruction 2")."""
        return [
            Prose(
                wording(ins),
                ("instructions", i),
                "instructions[].runs",
                f"{i + 1}.\t",
                f"Instruction {i + 1}",
            )
            for i, ins in enumerate(draft.instructions)
        ]

    def context(self, draft: AmendmentDraft, runs: Sequence[Any], today: dt.date) -> dict[str, Any]:
        """Council, meeting, the motion amended, mover and seconder, instructions."""
        motion = f"To the motion “{draft.motion.title}”" + (
            f" proposed by {draft.motion.proposer}" if draft.motion.proposer else ""
        )
        return {
            "kind": draft.kind,
            "council": draft.council,
            "meeting": draft.meeting.line(),
            "motion": motion,
            "date": long_date(draft.date or today),
            "moved": f"Moved by {draft.mover.name}, seconded by {draft.seconder.name}",
            "instructions": [{"runs": run} for run in runs],
            "signatories": [draft.mover.signature(), draft.seconder.signature()],
        }

    def properties(self, draft: AmendmentDraft) -> Properties:
        """“Amendment to <motion>”; mover and seconder; the meeting."""
        return Properties(
            f"Amendment to “{draft.motion.title}”",
            f"{draft.mover.name}; {draft.seconder.name}",
            f"Amendment, {draft.meeting.line()}",
        )

    def questions(self) -> list[Question]:
        """Amendments are written by ``drafting amend``; only the mover is asked."""
        return [
            Question(("mover", "name"), "Mover (e.g. Cllr Jane Birch)"),
            Question(("seconder", "name"), "Seconder"),
        ]

    def skeleton(self, answers: dict[str, Any]) -> dict[str, Any]:
        """Amendments come from ``drafting amend ORIGINAL AMENDED``, not from a skeleton."""
        return {"kind": "amendment", **answers}

    def check_rules(
        self,
        draft: AmendmentDraft,
        dossier: Dossier,
        review: Review,
        *,
        council: str | None = None,
        submitted: dt.datetime | None = None,
    ) -> CheckResult:
        """The council's deadline for an amendment."""
        return council_check(
            self.name, draft, dossier, review, council=council, submitted=submitted
        )


KIND = Amendment()
