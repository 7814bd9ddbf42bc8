"""A written question to a cabinet member or committee chair, for a named meeting.

Background paragraphs (cited), the question itself, and an optional supplementary
question. ``drafting check`` gives its deadline from the council's profile (typically 3
clear working days before the meeting).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from drafting.council.rules import CouncilRules
from drafting.kinds.base import Kind, Properties, Prose, Question, long_date
from drafting.kinds.motion import Meeting
from drafting.models import DraftBase, Recipient, Sender, Text


class QuestionDraft(DraftBase):
    """A written question."""

    kind: Literal["question"]
    council: Text
    meeting: Meeting
    to: Recipient
    asked_by: Sender
    background: tuple[Text, ...] = ()
    question: Text
    supplementary: Text | None = None


class WrittenQuestion(CouncilRules, Kind[QuestionDraft]):
    """A written question to a cabinet member or committee chair."""

    name = "question"
    plural = "questions"
    model = QuestionDraft
    placeholders = (
        "Set out, in a sentence or two, the facts behind the question, cited.",
        "Ask one clear question.",
    )
    sample: ClassVar[dict[str, Any]] = {
        "kind": "question",
        "council": "C",
        "meeting": {"body": "Full Council", "date": "2026-01-01"},
        "to": {"name": "B", "title": "Cabinet Member"},
        "asked_by": {"name": "A"},
        "background": ["b"],
        "question": "q",
        "supplementary": "s",
    }

    def prose(self, draft: QuestionDraft) -> list[Prose]:
        """Background paragraphs, the question, the supplementary."""
        out = [
            Prose(
                t,
                ("background", i),
                "background_text[].runs",
                label=f"Background paragraph {i + 1}",
            )
            for i, t in enumerate(draft.background)
        ]
        out.append(
            Prose(draft.question, ("question",), "question.runs", label="Question", mood="asks")
        )
        if draft.supplementary:
            out.append(
                Prose(
                    draft.supplementary,
                    ("supplementary",),
                    "supplementary.runs",
                    label="Supplementary question",
                    mood="asks",
                )
            )
        return out

    def context(self, draft: QuestionDraft, runs: Sequence[Any], today: dt.date) -> dict[str, Any]:
        """Council, meeting, to and from, background, question, supplementary."""
        given = list(runs)
        background = [{"runs": r} for r in given[: len(draft.background)]]
        rest = given[len(draft.background) :]
        return {
            "kind": draft.kind,
            "council": draft.council,
            "meeting": draft.meeting.line(),
            "to": ", ".join(draft.to.lines()),
            "asked_by": draft.asked_by.name,
            "background_text": background,
            "question": {"runs": rest[0]},
            "supplementary": {"runs": rest[1]} if len(rest) > 1 else None,
            "signatories": [draft.asked_by.signature()],
            "date": long_date(draft.date or today),
        }

    def properties(self, draft: QuestionDraft) -> Properties:
        """“Written question to ...”; the member asking; the meeting."""
        return Properties(
            f"Written question to {draft.to.label()}",
            draft.asked_by.name,
            f"Written question, {draft.meeting.line()}",
        )

    def questions(self) -> list[Question]:
        """Council, meeting, to whom, who asks, and the question."""
        return [
            Question(("council",), "Council (e.g. Northamptonshire County Council)"),
            Question(("meeting", "body"), "Meeting (e.g. Full Council)"),
            Question(("meeting", "date"), "Meeting date, YYYY-MM-DD", kind="date"),
            Question(
                ("meeting", "time"),
                "Meeting time, e.g. 19:00 or 7pm (blank if not known)",
                required=False,
                kind="time",
            ),
            Question(
                ("to", "name"), "To (name, e.g. Cllr Matt Golby; blank for none)", required=False
            ),
            Question(("to", "title"), "Their office (e.g. Leader of the Council)"),
            Question(("asked_by", "name"), "Asked by (e.g. Cllr Jane Birch)"),
            Question(("asked_by", "ward"), "Your ward (blank for none)", required=False),
            Question(("question",), "The question (one clear question; cite later)"),
        ]

    def skeleton(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers, with a placeholder background paragraph to replace."""
        return {
            "kind": "question",
            "background": [self.placeholders[0]],
            "question": self.placeholders[1],
            **answers,
        }


KIND = WrittenQuestion()
