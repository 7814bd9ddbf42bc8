"""A letter in UK conventions: senders, recipient, body with citations, asks, closing.

"Dear Ms Longfield" closes "Yours sincerely"; "Dear Sir or Madam" closes "Yours
faithfully". Joint letters carry each signatory's name, role, ward and group.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from drafting.findings import Finding
from drafting.kinds.base import Kind, Properties, Prose, Question, long_date
from drafting.models import Block, Bullets, DraftBase, Numbered, Recipient, Sender, Text


class LetterDraft(DraftBase):
    """A letter: senders, recipient, body with citations, closing."""

    kind: Literal["letter"]
    senders: Annotated[tuple[Sender, ...], Field(min_length=1)]
    sender_address: tuple[Text, ...] = ()
    recipient: Recipient
    subject: Text | None = None
    salutation: Text | None = None
    body: Annotated[tuple[Block, ...], Field(min_length=1)]
    asks: tuple[Text, ...] = ()
    closing: Text | None = None
    cc: tuple[Text, ...] = ()
    enclosures: tuple[Text, ...] = ()

    def derived_salutation(self) -> str:
        """The salutation UK convention gives for the recipient."""
        if self.salutation:
            return self.salutation
        r = self.recipient
        if r.name and r.honorific:
            return f"Dear {r.honorific} {r.name.split()[-1]}"
        return f"Dear {r.name}" if r.name else "Dear Sir or Madam"

    def derived_closing(self) -> str:
        """"Yours faithfully" after "Dear Sir or Madam", else "Yours sincerely"."""
        return self.closing or _convention(self.derived_salutation())


def _convention(salutation: str) -> str:
    anonymous = re.search(r"\b(sir|madam)\b", salutation, re.IGNORECASE)
    return "Yours faithfully" if anonymous else "Yours sincerely"


class Letter(Kind[LetterDraft]):
    """A letter to a commissioner, minister, MP or officer."""

    name = "letter"
    model = LetterDraft
    placeholders = (
        "Say who you are and why you are writing.",
        "Set out what has happened, one point per paragraph, each factual sentence cited.",
        "Say what you want the recipient to do.",
    )

    sample: ClassVar[dict[str, Any]] = {
        "kind": "letter", "senders": [{"name": "A", "role": "R", "ward": "W", "group": "G"}],
        "sender_address": ["1 Street"], "recipient": {"name": "B", "address": ["2 Road"]},
        "subject": "S", "body": ["p", {"bullets": ["b"]}, {"numbered": ["n"]}], "asks": ["a"],
        "cc": ["c"], "enclosures": ["e"]}

    def prose(self, draft: LetterDraft) -> list[Prose]:
        """Body paragraphs and list items, then the asks."""
        out: list[Prose] = []
        for i, block in enumerate(draft.body):
            if isinstance(block, Bullets):
                out += [Prose(t, ("body", i, "bullets", j), "body[].runs")
                        for j, t in enumerate(block.bullets)]
            elif isinstance(block, Numbered):
                out += [Prose(t, ("body", i, "numbered", j), "body[].runs", f"{j + 1}.\t")
                        for j, t in enumerate(block.numbered)]
            else:
                out.append(Prose(block, ("body", i), "body[].runs"))
        out += [Prose(t, ("asks", j), "asks[].runs", f"{j + 1}.\t")
                for j, t in enumerate(draft.asks)]
        return out

    def context(self, draft: LetterDraft, runs: Sequence[Any], today: dt.date) -> dict[str, Any]:
        """Sender and recipient blocks, date, salutation, body, asks, signatures."""
        styles = {"bullets": "bullet", "numbered": "number"}
        body: list[dict[str, Any]] = []
        asks: list[dict[str, Any]] = []
        for prose, run in zip(self.prose(draft), runs, strict=True):
            if prose.loc[0] == "asks":
                asks.append({"runs": run})
            else:
                style = styles.get(str(prose.loc[2])) if len(prose.loc) > 2 else None
                body.append({"style": style or "normal", "runs": run})
        sender_block = list(draft.sender_address) or \
            [s.group for s in draft.senders if s.group][:1]
        return {
            "kind": draft.kind,
            "date": long_date(draft.date or today),
            "sender_block": sender_block, "recipient_block": draft.recipient.lines(),
            "salutation": draft.derived_salutation(), "subject": draft.subject,
            "body": body, "asks": asks, "closing": draft.derived_closing(),
            "senders": [s.signature() for s in draft.senders], "cc": list(draft.cc),
            "enclosures": list(draft.enclosures),
        }

    def properties(self, draft: LetterDraft) -> Properties:
        """Title: the draft's title, else its subject, else "Letter to ..."."""
        title = draft.title or draft.subject or f"Letter to {draft.recipient.label()}"
        return Properties(title, "; ".join(s.name for s in draft.senders), draft.subject or "")

    def checks(self, draft: LetterDraft) -> list[Finding]:
        """A closing given by hand against the salutation's convention."""
        expected = _convention(draft.derived_salutation())
        if draft.closing and draft.closing.rstrip(",.") != expected:
            return [Finding("warning", "closing-convention",
                            f"closing {draft.closing!r} after {draft.derived_salutation()!r}: "
                            f"UK convention is {expected!r}", "closing",
                            hint=f"Write closing: {expected}, or leave it out")]
        return []

    def questions(self) -> list[Question]:
        """Signatories (one or more), recipient, subject and date."""
        return [
            Question(("senders", "*", "name"), "Your name (e.g. Cllr Jane Birch)"),
            Question(("senders", "*", "role"), "Your role (blank for none)", required=False),
            Question(("senders", "*", "ward"), "Your ward (blank for none)", required=False),
            Question(("senders", "*", "group"), "Your group (blank for none)", required=False),
            Question(("recipient", "name"), "Recipient's name (blank for 'Dear Sir or Madam')",
                     required=False),
            Question(("recipient", "honorific"), "Recipient's honorific: Ms, Mr, Dr ... "
                     "(blank for none)", required=False),
            Question(("recipient", "title"), "Recipient's title or office (blank for none)",
                     required=False),
            Question(("recipient", "organisation"), "Recipient's organisation (blank for none)",
                     required=False),
            Question(("subject",), "Subject"),
            Question(("date",), "Date, YYYY-MM-DD (blank for the day it is rendered)",
                     required=False, kind="date"),
        ]

    def skeleton(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers, and a body of placeholder paragraphs to replace."""
        return {"kind": "letter", **answers, "body": list(self.placeholders)}


KIND = Letter()
