"""What review reports: findings, the citation list, and the passages it checks.

These are plain values that every layer may return (a kind's own checks,
review's checks, render's summary) and :mod:`drafting.review.formats` prints.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
#: Every code a finding can have (``--ignore`` and the dossier's ``review.ignore`` use them).
CODES = frozenset(
    {
        "unknown-fact",
        "citation-outside-prose",
        "fact-fails",
        "later-fact",
        "restricted-source",
        "notes-uncited",
        "misquote",
        "uncited-quote",
        "uncited-figure",
        "figure-mismatch",
        "partisan-claim",
        "misattributed",
        "disputed-fact",
        "private-individual",
        "identification-risk",
        "placeholder",
        "citation-removed",
        "citation-added",
        "citation-misplaced",
        "citation-edited",
        "quote-changed",
        "other-dossier",
        "closing-convention",
        "signatory-twice",
        "foi-no-address",
        "foi-real-name",
        "foi-no-period",
        "foi-too-broad",
        "yaml-layout",
        "long-property",
        "dated-after-meeting",
        "meeting-passed",
        "date-far-from-today",
        "file-name-in-reference",
        "tracked-changes",
    }
)


@dataclass(frozen=True)
class Finding:
    """Something the reviewer should look at, where it is, and what to do."""

    severity: Severity
    code: str
    message: str
    place: str = ""
    excerpt: str = ""
    hint: str = ""
    fact_id: str | None = None


@dataclass(frozen=True)
class CitationRow:
    """One fact cited at one marker, with everything a clerk needs to check it."""

    marker: str
    place: str
    fact_id: str | None
    status: str
    statement: str | None = None
    quote: str | None = None
    source: str | None = None
    publisher: str | None = None
    date: str | None = None
    locator: str | None = None
    corroboration: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Mark:
    """A citation marker in a passage: where it sits, its number, the facts it cites.

    ``facts`` is None for a citation added by hand to a rendered document.
    """

    offset: int
    marker: str
    facts: tuple[str, ...] | None


@dataclass(frozen=True)
class Passage:
    """A prose paragraph as the reader sees it: text, citation marks, where it is."""

    number: int
    text: str
    marks: tuple[Mark, ...]
    line: int | None = None
    label: str = ""  # as the document names it ("Clause 5, bullet 2"); default "paragraph N"
    mood: str = ""  # "asks", "proposes" or "notes" where the draft's kind says so (Prose.mood)

    @property
    def place(self) -> str:
        """``clause 5``, ``paragraph 3`` or ``paragraph 3 (line 34)``."""
        where = as_place(self.label) if self.label else f"paragraph {self.number}"
        return where + (f" (line {self.line})" if self.line else "")


def as_place(label: str) -> str:
    """A label as it reads inside a sentence: ``Clause 5`` -> ``clause 5``."""
    return label[:1].lower() + label[1:]


@dataclass
class Review:
    """The outcome of reviewing one file."""

    path: Path
    what: Literal["draft", "docx", "word"]
    citations: list[CitationRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dossier: str = ""

    @property
    def read_as(self) -> str:
        """What the file was reviewed as, in words (a .docx can be either kind)."""
        return {
            "draft": "a draft",
            "docx": "a document drafting rendered, lined up with its citation record",
            "word": "a Word draft: citations typed as [@fact-id] in its text, not yet rendered",
        }[self.what]

    def without(self, codes: frozenset[str] | set[str]) -> Review:
        """This review with the findings of ``codes`` left out (the checks a user turned off)."""
        if not codes:
            return self
        return dataclasses.replace(self, findings=[f for f in self.findings if f.code not in codes])

    def lowered(self, codes: frozenset[str] | set[str], to: Severity = "warning") -> Review:
        """This review with the findings of ``codes`` made ``to`` (allowed, still shown)."""
        if not codes:
            return self
        lowered = [
            dataclasses.replace(f, severity=to) if f.code in codes else f for f in self.findings
        ]
        return dataclasses.replace(self, findings=lowered)

    def fails(self, at: Severity = "error") -> bool:
        """Whether any finding is of severity ``at`` or worse."""
        worse = SEVERITIES[: SEVERITIES.index(at) + 1]
        return any(f.severity in worse for f in self.findings)

    def count(self, severity: Severity) -> int:
        """How many findings of one severity."""
        return sum(f.severity == severity for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        """The error findings."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def exit_code(self) -> int:
        """1 when there are errors, else 0."""
        return 1 if self.fails("error") else 0

    def summary(self) -> str:
        """``2 errors, 1 warning, 0 info``."""
        counts = {s: self.count(s) for s in SEVERITIES}
        return (
            f"{counts['error']} error{'s' * (counts['error'] != 1)}, {counts['warning']} "
            f"warning{'s' * (counts['warning'] != 1)}, {counts['info']} info"
        )


def excerpt(text: str, start: int = 0, end: int | None = None, width: int = 90) -> str:
    """About ``width`` characters of ``text`` around ``[start, end)``, with ellipses where cut."""
    if len(text) <= width:
        return text.strip()
    start = max(0, start)
    end = len(text) if end is None else max(start, min(end, len(text)))
    a = start if end - start >= width else max(0, start - (width - (end - start)) // 2)
    b = min(len(text), a + width)
    a = max(0, b - width)
    if a > 0 and " " in text[a:start]:
        a = text.index(" ", a, start) + 1  # whole words only
    if b < len(text) and " " in text[end:b]:
        b = text.rindex(" ", end, b)
    return ("…" if a else "") + text[a:b].strip() + ("…" if b < len(text) else "")
