"""A notice of motion: title, proposer and seconder, sections of clauses, signatories.

Sections are flexible: the common "This Council notes / believes / resolves" with
numbered clauses, or free-form preamble and operative paragraphs (``numbered:
false``), as the September 2019 motion was written ("This council is aware ...
This council will, therefore, write to ..."). Numbered clauses are numbered
through the whole motion (1, 2, 3 ...), so "clause 3" names one clause, as an
amendment needs. A clause may hold bullets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from drafting.council.rules import CheckResult, CouncilRules, count_words
from drafting.findings import Finding, Review
from drafting.kinds.base import Kind, Properties, Prose, Question, long_date
from drafting.models import Day, DraftBase, Model, Sender, Text, Time
from drafting.proposals import notes, resolves
from evidence.dossier import Dossier


class Meeting(Model):
    """The meeting the motion is for."""

    body: Text = Field(description="e.g. Full Council")
    date: Day | None = Field(
        default=None,
        description="null while it is not known: review calls that an error, and "
        "check cannot count the deadline back from it",
    )
    time: Time | None = Field(default=None, description="HH:MM, 24-hour")

    def line(self) -> str:
        """``Full Council, 19 September 2019 at 10:00`` (the body alone while undated)."""
        if self.date is None:
            return self.body
        return f"{self.body}, {long_date(self.date)}" + (f" at {self.time}" if self.time else "")


class BulletedClause(Model):
    """A clause with bullets under it."""

    text: Text
    bullets: Annotated[tuple[Text, ...], Field(min_length=1)]


Clause = Text | BulletedClause


class Section(Model):
    """A heading ("This Council notes") and its clauses, numbered or not."""

    heading: Text | None = None
    numbered: bool = True
    clauses: Annotated[tuple[Clause, ...], Field(min_length=1)]


class MotionDraft(DraftBase):
    """A notice of motion."""

    kind: Literal["motion"]
    council: Text
    meeting: Meeting
    title: Text
    proposer: Sender
    seconder: Sender
    signatories: tuple[Sender, ...] = ()
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]


def clause_text(clause: Clause) -> str:
    """The words of a clause (without its bullets)."""
    return clause if isinstance(clause, str) else clause.text


def numbering(draft: MotionDraft) -> list[list[str | None]]:
    """Each clause's number ("1", "2" ...), section by section; None for unnumbered ones."""
    out: list[list[str | None]] = []
    n = 0
    for section in draft.sections:
        numbers: list[str | None] = []
        for _ in section.clauses:
            if section.numbered:
                n += 1
                numbers.append(str(n))
            else:
                numbers.append(None)
        out.append(numbers)
    return out


class Motion(CouncilRules, Kind[MotionDraft]):
    """A notice of motion to full council or a committee."""

    name = "motion"
    plural = "motions"
    model = MotionDraft
    placeholders = (
        "State the facts the council should note, one per clause, each cited.",
        "Say what the council believes.",
        "Say what the council resolves to do.",
    )

    sample: ClassVar[dict[str, Any]] = {
        "kind": "motion",
        "council": "C",
        "meeting": {"body": "Full Council", "date": "2026-01-01", "time": "10:00"},
        "title": "T",
        "proposer": {"name": "A"},
        "seconder": {"name": "B"},
        "signatories": [{"name": "C"}],
        "sections": [{"heading": "H", "clauses": ["c", {"text": "t", "bullets": ["b"]}]}],
    }

    def prose(self, draft: MotionDraft) -> list[Prose]:
        """Every clause and bullet, in order; numbered clauses carry their number."""
        out: list[Prose] = []
        free = 0
        for i, (section, numbers) in enumerate(zip(draft.sections, numbering(draft), strict=True)):
            for j, (clause, number) in enumerate(zip(section.clauses, numbers, strict=True)):
                loc: tuple[str | int, ...] = ("sections", i, "clauses", j)
                if isinstance(clause, BulletedClause):
                    loc = (*loc, "text")
                free += number is None
                label = f"Clause {number}" if number else f"Paragraph {free}"
                heading = section.heading or ""
                mood = "proposes" if resolves(heading) else "notes" if notes(heading) else ""
                out.append(
                    Prose(
                        clause_text(clause),
                        loc,
                        "sections[].clauses[].runs",
                        f"{number}.\t" if number else "",
                        label,
                        mood,
                    )
                )
                if isinstance(clause, BulletedClause):
                    out += [
                        Prose(
                            b,
                            ("sections", i, "clauses", j, "bullets", k),
                            "sections[].clauses[].bullets[].runs",
                            label=f"{label}, bullet {k + 1}",
                            mood=mood,
                        )
                        for k, b in enumerate(clause.bullets)
                    ]
        return out

    def context(self, draft: MotionDraft, runs: Sequence[Any], today: dt.date) -> dict[str, Any]:
        """Council, meeting, title, proposer and seconder, sections, signatories."""
        given = iter(runs)
        sections = []
        for section, numbers in zip(draft.sections, numbering(draft), strict=True):
            clauses = []
            for clause, number in zip(section.clauses, numbers, strict=True):
                text_runs = next(given)
                bullets = (
                    [{"runs": next(given)} for _ in clause.bullets]
                    if isinstance(clause, BulletedClause)
                    else []
                )
                clauses.append(
                    {
                        "runs": text_runs,
                        "number": number,
                        "numbered": number is not None,
                        "bullets": bullets,
                    }
                )
            sections.append({"heading": section.heading, "clauses": clauses})
        return {
            "kind": draft.kind,
            "council": draft.council,
            "meeting": draft.meeting.line(),
            "title": draft.title,
            "date": long_date(draft.date or today),
            "proposed": f"Proposed by {draft.proposer.name}, seconded by {draft.seconder.name}",
            "sections": sections,
            "signatories": [
                s.signature() for s in (draft.proposer, draft.seconder, *draft.signatories)
            ],
        }

    def properties(self, draft: MotionDraft) -> Properties:
        """The motion's title; proposer and seconder; the meeting."""
        return Properties(
            draft.title,
            f"{draft.proposer.name}; {draft.seconder.name}",
            f"Notice of motion, {draft.meeting.line()}",
        )

    def checks(self, draft: MotionDraft) -> list[Finding]:
        """A seconder who is the proposer, or a signatory listed twice."""
        names = [s.name.casefold() for s in (draft.proposer, draft.seconder, *draft.signatories)]
        if len(set(names)) < len(names):
            return [
                Finding(
                    "warning",
                    "signatory-twice",
                    "the same member signs twice (proposer, seconder or signatories)",
                    "proposer/seconder",
                    hint="A motion needs different members to propose and second it",
                )
            ]
        return []

    def questions(self) -> list[Question]:
        """Council, meeting, title, proposer and seconder, then clauses section by section."""
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
            Question(("title",), "Title of the motion"),
            Question(("proposer", "name"), "Proposer (e.g. Cllr Jane Birch)"),
            Question(("proposer", "ward"), "Proposer's ward (blank for none)", required=False),
            Question(("proposer", "group"), "Proposer's group (blank for none)", required=False),
            Question(("seconder", "name"), "Seconder"),
            Question(("seconder", "ward"), "Seconder's ward (blank for none)", required=False),
            Question(("seconder", "group"), "Seconder's group (blank for none)", required=False),
            *(
                Question(("sections",), heading, required=False, kind="section")
                for heading in (
                    "This Council notes",
                    "This Council believes",
                    "This Council resolves",
                )
            ),
        ]

    def skeleton(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers, and notes / believes / resolves sections with placeholder clauses."""
        sections = answers.get("sections") or [
            {"heading": heading, "clauses": [text]}
            for heading, text in zip(
                ("This Council notes", "This Council believes", "This Council resolves"),
                self.placeholders,
                strict=True,
            )
        ]
        return {"kind": "motion", **answers, "sections": sections}

    def check_rules(
        self,
        draft: MotionDraft,
        dossier: Dossier,
        review: Review,
        *,
        council: str | None = None,
        submitted: dt.datetime | None = None,
    ) -> CheckResult:
        """The council's deadline for a motion, and its form: words, signatories, sections."""
        result = super().check_rules(draft, dossier, review, council=council, submitted=submitted)
        _form(draft, result)
        return result


def _form(draft: MotionDraft, result: CheckResult) -> None:
    """A motion against its council's form: words, signatories, required sections, caps."""
    profile = result.profile
    texts = [s.heading or "" for s in draft.sections] + [
        t
        for s in draft.sections
        for c in s.clauses
        for t in (clause_text(c), *getattr(c, "bullets", ()))
    ]
    result.words = count_words(texts)
    if profile.word_limit and result.words > profile.word_limit:
        result.breaches.append(
            f"too long: {result.words} words, over the limit of "
            f"{profile.word_limit} ({profile.words_counted})"
        )
    result.signatories = len(
        {s.name.casefold() for s in (draft.proposer, draft.seconder, *draft.signatories)}
    )
    if result.signatories < profile.signatories:
        result.breaches.append(f"{result.signatories} signatories; {profile.signatories} needed")
    headings = {(s.heading or "").casefold() for s in draft.sections}
    result.sections_missing = [h for h in profile.required_sections if h.casefold() not in headings]
    if result.sections_missing:
        result.breaches.append("missing section(s): " + ", ".join(result.sections_missing))
    caps = profile.caps
    if caps.per_member or caps.per_group or caps.per_agenda:
        limits = [
            f"{n} per {what}"
            for n, what in (
                (caps.per_member, "member"),
                (caps.per_group, "group"),
                (caps.per_agenda, "agenda"),
            )
            if n
        ]
        result.notes.append(
            "this council caps motions (" + ", ".join(limits) + "): check "
            "how many your group has tabled" + (f". {caps.note}" if caps.note else "")
        )


KIND = Motion()
