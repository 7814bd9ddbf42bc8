"""An amendment to a motion: mover, seconder, the motion it amends, and its instructions.

``drafting amend ORIGINAL.yaml AMENDED.yaml`` writes one (see :mod:`drafting.amend`);
it can also be written by hand. Each instruction is read aloud as the clerk would:
"In clause 3, leave out “a report” and insert “a programme”." Words inserted may cite
facts (they become footnotes); words left out are shown without their citations. Each
kind of instruction is its own model (:mod:`drafting.kinds.changes`), which the keys a draft
gives name (:mod:`drafting.kinds.instructions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from drafting.council.rules import CouncilRules
from drafting.kinds.base import Kind, Properties, Prose, Question, long_date
from drafting.kinds.changes import Change
from drafting.kinds.instructions import AnyInstruction
from drafting.kinds.instructions import Instruction as Instruction
from drafting.kinds.motion import Meeting
from drafting.models import DraftBase, Model, Sender, Text


class MotionRef(Model):
    """The motion an amendment amends."""

    title: Text
    proposer: Text | None = None


class AmendmentDraft(DraftBase):
    """An amendment to a motion."""

    kind: Literal["amendment"]
    council: Text
    meeting: Meeting
    motion: MotionRef
    mover: Sender
    seconder: Sender
    instructions: Annotated[tuple[AnyInstruction, ...], Field(min_length=1)]


def wording(ins: Change | Instruction) -> str:
    """How the clerk reads one instruction (prose markup: inserted citations become notes)."""
    return ins.wording()


class Amendment(CouncilRules, Kind[AmendmentDraft]):
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


KIND = Amendment()
