"""A letter in UK conventions: senders, recipient, body with citations, asks, closing.

"Dear Ms Longfield" closes "Yours sincerely"; "Dear Sir or Madam" closes "Yours
faithfully". Joint letters carry each signatory's name, role, ward and group.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, model_validator

from drafting.findings import Finding
from drafting.kinds.base import Kind, Properties, Prose, Question, long_date
from drafting.models import Block, Bullets, DraftBase, Numbered, Recipient, Sender, Text
from evidence.dossier import DossierConfig
from evidence.house import Letterhead


class LetterDraft(DraftBase):
    """A letter: letterhead, senders, recipient, references, body with citations, closing."""

    kind: Literal["letter"]
    senders: Annotated[tuple[Sender, ...], Field(min_length=1)]
    letterhead: Letterhead | None = None
    sender_address: tuple[Text, ...] = Field(
        default=(), description="the letterhead's address (older drafts; or letterhead.address)"
    )
    recipient: Recipient
    our_ref: Text | None = None
    your_ref: Text | None = None
    subject: Text | None = None
    salutation: Text | None = None
    body: Annotated[tuple[Block, ...], Field(min_length=1)]
    asks: tuple[Text, ...] = ()
    asks_intro: Text | None = Field(default=None, description='before the asks; "We ask:"')
    closing: Text | None = None
    cc: tuple[Text, ...] = ()
    enclosures: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _one_address(self) -> Self:
        if self.sender_address and self.letterhead and self.letterhead.address:
            raise ValueError(
                "the sender's address is given twice (sender_address and "
                "letterhead.address): keep one"
            )
        return self

    def head(self, house: Letterhead | None = None) -> Letterhead:
        """The letterhead printed: the draft's, over the dossier's.

        With no name, the first signatory's group is the name, unless the draft gives the
        older ``sender_address``, which was the whole head (it printed no group name).
        """
        own = self.letterhead or Letterhead()
        if self.sender_address:
            own = own.model_copy(update={"address": self.sender_address})
        head = own.over(house)
        if head.name is None and not self.sender_address:
            group = next((s.group for s in self.senders if s.group), None)
            head = head.model_copy(update={"name": group})
        return head

    def derived_salutation(self) -> str:
        """The salutation UK convention gives for the recipient."""
        if self.salutation:
            return self.salutation
        r = self.recipient
        if r.name and r.honorific:
            return f"Dear {r.honorific} {r.name.split()[-1]}"
        return f"Dear {r.name}" if r.name else "Dear Sir or Madam"

    def derived_closing(self) -> str:
        """“Yours faithfully” after "Dear Sir or Madam", else "Yours sincerely"."""
        return self.closing or _convention(self.derived_salutation())


def _convention(salutation: str) -> str:
    anonymous = re.search(r"\b(sir|madam)\b", salutation, re.IGNORECASE)
    return "Yours faithfully" if anonymous else "Yours sincerely"


class Letter(Kind[LetterDraft]):
    """A letter to a commissioner, minister, MP or officer."""

    name = "letter"
    plural = "letters"
    model = LetterDraft
    placeholders = (
        "Say who you are and why you are writing.",
        "Set out what has happened, one point per paragraph, each factual sentence cited.",
        "Say what you want the recipient to do.",
    )

    sample: ClassVar[dict[str, Any]] = {
        "kind": "letter",
        "senders": [{"name": "A", "role": "R", "ward": "W", "group": "G"}],
        "letterhead": {
            "name": "G",
            "address": ["1 Street"],
            "telephone": "01604 000000",
            "email": "g@example.org",
        },
        "recipient": {"name": "B", "address": ["2 Road"]},
        "our_ref": "O",
        "your_ref": "Y",
        "subject": "S",
        "body": ["p", {"bullets": ["b"]}, {"numbered": ["n"]}],
        "asks": ["a"],
        "cc": ["c"],
        "enclosures": ["e"],
    }

    def prose(self, draft: LetterDraft) -> list[Prose]:
        """Body paragraphs and list items, then the asks."""
        out: list[Prose] = []
        for i, block in enumerate(draft.body):
            if isinstance(block, Bullets):
                out += [
                    Prose(t, ("body", i, "bullets", j), "body[].runs")
                    for j, t in enumerate(block.bullets)
                ]
            elif isinstance(block, Numbered):
                out += [
                    Prose(t, ("body", i, "numbered", j), "body[].runs", f"{j + 1}.\t")
                    for j, t in enumerate(block.numbered)
                ]
            else:
                out.append(Prose(block, ("body", i), "body[].runs"))
        out += [
            Prose(t, ("asks", j), "asks[].runs", f"{j + 1}.\t", mood="asks")
            for j, t in enumerate(draft.asks)
        ]
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
        head = draft.head()
        return {
            "kind": draft.kind,
            "date": long_date(draft.date or today),
            "letterhead": {"name": head.name, "lines": head.lines()},
            "sender_block": [*([head.name] if head.name else []), *head.lines()],
            "recipient_block": draft.recipient.lines(),
            "continuation": draft.recipient.label(),
            "our_ref": draft.our_ref,
            "your_ref": draft.your_ref,
            "salutation": draft.derived_salutation(),
            "subject": draft.subject,
            "body": body,
            "asks": asks,
            "asks_intro": draft.asks_intro or ("We ask:" if len(draft.senders) > 1 else "I ask:"),
            "closing": draft.derived_closing(),
            "senders": [s.signature() for s in draft.senders],
            "cc": list(draft.cc),
            "enclosures": list(draft.enclosures),
        }

    def adopt(self, draft: LetterDraft, dossier: DossierConfig) -> LetterDraft:
        """The draft with the dossier's letterhead under its own."""
        if dossier.letterhead is None:
            return draft
        return draft.model_copy(
            update={"letterhead": draft.head(dossier.letterhead), "sender_address": ()}
        )

    def properties(self, draft: LetterDraft) -> Properties:
        """Title: the draft's title, else its subject, else "Letter to ..."."""
        title = draft.title or draft.subject or f"Letter to {draft.recipient.label()}"
        return Properties(title, "; ".join(s.name for s in draft.senders), draft.subject or "")

    def checks(self, draft: LetterDraft) -> list[Finding]:
        """A closing given by hand against the salutation's convention."""
        expected = _convention(draft.derived_salutation())
        if draft.closing and draft.closing.rstrip(",.") != expected:
            return [
                Finding(
                    "warning",
                    "closing-convention",
                    f"closing {draft.closing!r} after {draft.derived_salutation()!r}: "
                    f"UK convention is {expected!r}",
                    "closing",
                    hint=f"Write closing: {expected}, or leave it out",
                )
            ]
        return []

    def questions(self) -> list[Question]:
        """Signatories, letterhead, recipient and address, references, subject and date."""
        return [
            Question(("senders", "*", "name"), "Your name (e.g. Cllr Jane Birch)"),
            Question(("senders", "*", "role"), "Your role (blank for none)", required=False),
            Question(("senders", "*", "ward"), "Your ward (blank for none)", required=False),
            Question(("senders", "*", "group"), "Your group (blank for none)", required=False),
            Question(
                ("letterhead", "address"),
                "Your postal address for replies, commas between its lines (blank for none)",
                required=False,
                kind="lines",
            ),
            Question(
                ("letterhead", "telephone"),
                "Your telephone (blank for none)",
                required=False,
                kind="telephone",
            ),
            Question(
                ("letterhead", "email"), "Your email (blank for none)", required=False, kind="email"
            ),
            Question(
                ("recipient", "name"),
                "Recipient's name (blank for 'Dear Sir or Madam')",
                required=False,
            ),
            Question(
                ("recipient", "honorific"),
                "Recipient's honorific: Ms, Mr, Dr ... (blank for none)",
                required=False,
            ),
            Question(
                ("recipient", "title"),
                "Recipient's title or office (blank for none)",
                required=False,
            ),
            Question(
                ("recipient", "organisation"),
                "Recipient's organisation (blank for none)",
                required=False,
            ),
            Question(
                ("recipient", "address"),
                "Recipient's postal address, commas between its lines (blank for none)",
                required=False,
                kind="lines",
            ),
            Question(("our_ref",), "Our reference (blank for none)", required=False),
            Question(
                ("your_ref",),
                "Their reference, if you are replying (blank for none)",
                required=False,
            ),
            Question(("subject",), "Subject"),
            Question(
                ("date",),
                "Date, YYYY-MM-DD (blank for the day it is rendered)",
                required=False,
                kind="date",
            ),
        ]

    def skeleton(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers, and a body of placeholder paragraphs to replace."""
        return {"kind": "letter", **answers, "body": list(self.placeholders)}


KIND = Letter()
