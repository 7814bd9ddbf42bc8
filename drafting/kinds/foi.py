"""A request under the Freedom of Information Act 2000.

Section 8 makes a request valid when it is in writing, gives the applicant's real name
and an address for correspondence (postal or email), and describes the information
wanted; the kind's checks say which is missing. Section 10 gives the authority until the
20th working day following receipt to answer (``drafting check`` works the date out).
The standard asks are offered as fields: the form wanted (s.11), the period, and the
date the information is to be as held at. A request with no period, or asking for "all
information", may be refused as too costly (s.12): a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, model_validator

from drafting.council.rules import CheckResult, foi_check
from drafting.findings import Finding, Review
from drafting.kinds.base import Kind, Properties, Prose, Question, long_date
from drafting.models import Day, DraftBase, Model, Recipient, Text
from evidence.dossier import Dossier

_BROAD = re.compile(
    r"\b(?:all|any|every)\s+(?:information|documents?|data|records?|"
    r"correspondence|emails?|communications?)\b",
    re.IGNORECASE,
)


class Applicant(Model):
    """Who asks: a real name, and an address for correspondence (postal, email or both)."""

    name: Text
    address: tuple[Text, ...] = ()
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None

    def lines(self) -> list[str]:
        """The block at the top of a letter: name, address, email."""
        return [self.name, *self.address, *([self.email] if self.email else [])]


def to_authority(
    applicant: Applicant, authority: Recipient, dated: dt.date | None, today: dt.date
) -> dict[str, Any]:
    """What every letter of an applicant's to an authority fills: the blocks, date, signer."""
    return {
        "applicant_block": applicant.lines(),
        "date": long_date(dated or today),
        "authority_block": authority.lines(),
        "continuation": authority.label(),
        "applicant": applicant.name,
        "signatories": [{"name": applicant.name, "lines": []}],
    }


class Period(Model):
    """The period the information covers."""

    start: Day
    end: Day

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")
        return self


class FoiDraft(DraftBase):
    """A Freedom of Information request."""

    kind: Literal["foi"]
    applicant: Applicant
    authority: Recipient
    subject: Text | None = None
    background: tuple[Text, ...] = ()
    information: Annotated[tuple[Text, ...], Field(min_length=1)]
    period: Period | None = None
    held_as_at: Day | None = None
    format: Text | None = Field(
        default=None, description="the form wanted (s.11), e.g. 'as a spreadsheet (CSV)'"
    )


class FoiRequest(Kind[FoiDraft]):
    """A request for information under the Freedom of Information Act 2000."""

    name = "foi"
    plural = "FOI requests"
    model = FoiDraft
    placeholders = (
        "Describe the information you want, one item per line, as precisely as you can.",
    )
    sample: ClassVar[dict[str, Any]] = {
        "kind": "foi",
        "applicant": {"name": "A B", "address": ["1 Street"], "email": "a@example.org"},
        "authority": {"organisation": "C", "address": ["2 Road"]},
        "subject": "S",
        "background": ["b"],
        "information": ["i"],
        "period": {"start": "2019-01-01", "end": "2019-12-31"},
        "held_as_at": "2019-12-31",
        "format": "f",
    }

    def prose(self, draft: FoiDraft) -> list[Prose]:
        """Background paragraphs, then each item of information asked for (numbered)."""
        out = [
            Prose(t, ("background", i), "background_text[].runs")
            for i, t in enumerate(draft.background)
        ]
        out += [
            Prose(
                t,
                ("information", i),
                "information[].runs",
                f"{i + 1}.\t",
                label=f"Item {i + 1}",
                mood="asks",
            )
            for i, t in enumerate(draft.information)
        ]
        return out

    def context(self, draft: FoiDraft, runs: Sequence[Any], today: dt.date) -> dict[str, Any]:
        """Applicant and authority blocks, date, the request, the standard asks."""
        given = list(runs)
        n = len(draft.background)
        asks = []
        if draft.period:
            asks.append(
                f"The request covers the period from {long_date(draft.period.start)} "
                f"to {long_date(draft.period.end)}."
            )
        if draft.held_as_at:
            asks.append(f"Please give the information as held on {long_date(draft.held_as_at)}.")
        if draft.format:
            asks.append(
                f"Under section 11 of the Act, I would like to receive the "
                f"information {draft.format}."
            )
        return {
            "kind": draft.kind,
            **to_authority(draft.applicant, draft.authority, draft.date, today),
            "subject": draft.subject
            or "Request for information under the Freedom of Information Act 2000",
            "background_text": [{"runs": r} for r in given[:n]],
            "information": [{"runs": r} for r in given[n:]],
            "asks": asks,
        }

    def properties(self, draft: FoiDraft) -> Properties:
        """The subject; the applicant; "Freedom of Information request"."""
        return Properties(
            draft.subject or f"FOI request to {draft.authority.label()}",
            draft.applicant.name,
            "Freedom of Information request",
        )

    def checks(self, draft: FoiDraft) -> list[Finding]:
        """Section 8's elements, and requests an authority could refuse as too broad."""
        out = []
        if not draft.applicant.address and not draft.applicant.email:
            out.append(
                Finding(
                    "error",
                    "foi-no-address",
                    "no address for correspondence: s.8(1)(b) needs a postal or email address",
                    "applicant",
                    hint="Give applicant.address or applicant.email",
                )
            )
        if len(draft.applicant.name.split()) < 2:
            out.append(
                Finding(
                    "warning",
                    "foi-real-name",
                    f"“{draft.applicant.name}” may not be taken for a real name: "
                    "s.8(1)(b) needs the applicant's real name",
                    "applicant",
                    hint="Give a first name and a surname",
                )
            )
        if draft.period is None and draft.held_as_at is None:
            out.append(
                Finding(
                    "warning",
                    "foi-no-period",
                    "no period and no 'held as at' "
                    "date: a request with no limits may be refused as too costly "
                    "to answer (s.12)",
                    "period",
                    hint="Give period: {start: ..., end: ...} or held_as_at",
                )
            )
        for i, item in enumerate(draft.information, 1):
            broad = _BROAD.search(item)
            if broad:
                out.append(
                    Finding(
                        "warning",
                        "foi-too-broad",
                        f"item {i} asks for “{broad.group()}”: an authority may "
                        "refuse a request this broad (s.12 cost, s.14)",
                        f"information item {i}",
                        hint="Name the documents, records or figures you want",
                    )
                )
        return out

    def questions(self) -> list[Question]:
        """Who asks (name, address, email), which authority, what information."""
        return [
            Question(("applicant", "name"), "Your full name (the Act needs your real name)"),
            Question(
                ("applicant", "email"),
                "Your email for the reply (blank for post only)",
                required=False,
            ),
            Question(
                ("authority", "organisation"),
                "The public authority (e.g. Northamptonshire County Council)",
            ),
            Question(("subject",), "Subject (blank for the standard one)", required=False),
        ]

    def skeleton(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers, with a placeholder item of information to replace."""
        return {"kind": "foi", "information": list(self.placeholders), **answers}

    def check_rules(
        self,
        draft: FoiDraft,
        dossier: Dossier,
        review: Review,
        *,
        council: str | None = None,
        submitted: dt.datetime | None = None,
    ) -> CheckResult:
        """The FOI Act's date for an answer: 20 working days from receipt (s.10)."""
        return foi_check(self.name, draft.date, dossier, review, submitted=submitted)


KIND = FoiRequest()
