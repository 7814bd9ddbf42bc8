"""Running every check over passages, and turning a draft into passages.

A draft file and a rendered ``.docx`` both become
:class:`~drafting.findings.Passage` values (prose paragraphs with their
citation marks), so every check runs the same way on either. A draft adds its
kind's own checks and a check for placeholder text left from ``drafting new``.
"""

from __future__ import annotations

import datetime as dt
import re

from drafting.citations import CiteGroup, Span, check_in_text, parse_inline
from drafting.findings import CitationRow, Finding, Mark, Passage, Review, excerpt
from drafting.kinds import LoadedDraft
from drafting.review.dates import date_findings
from drafting.review.facts import citation_rows, fact_findings
from drafting.review.prose import prose_findings
from evidence.register import Register

#: Words that mark text as unfinished, whatever the kind.
_UNFINISHED = re.compile(
    r"\b(?:TODO|TBC|TBD|FIXME|XXX)\b|\blorem ipsum\b"
    r"|\[(?:insert|add|name|date)\b[^\]]*\]|<(?:insert|add)\b[^>]*>",
    re.IGNORECASE,
)


#: What a caller keeps to review the same passages once (a render session: a mail merge
#: reviews the same prose for every recipient).
Reviewed = dict[tuple[object, ...], tuple[tuple[CitationRow, ...], tuple[Finding, ...]]]


def review_passages(
    passages: list[Passage],
    register: Register,
    *,
    quotes_are_evidence: bool = True,
    memo: Reviewed | None = None,
) -> tuple[list[CitationRow], list[Finding]]:
    """The citation list and the findings for some passages.

    ``memo``: where the caller keeps what was reviewed (worked out once for the same passages
    and register); none, worked out each time.
    """
    memo = {} if memo is None else memo
    key = (id(register), tuple(passages), quotes_are_evidence)
    if key not in memo:
        findings = list(
            dict.fromkeys(
                [
                    *fact_findings(passages, register),
                    *prose_findings(passages, register, quotes_are_evidence=quotes_are_evidence),
                ]
            )
        )
        if len(memo) >= 256:
            memo.clear()
        memo[key] = (tuple(citation_rows(passages, register)), tuple(findings))
    rows, found = memo[key]
    return list(rows), list(found)


def draft_passages(loaded: LoadedDraft) -> list[Passage]:
    """A draft's prose paragraphs in reading order, named as the rendered document names them.

    A paragraph with a label of its kind's (``Clause 5``) is placed by it; others are
    ``paragraph N``, counted as a reader counts the document's prose.
    """
    passages = []
    marker = 0
    for number, prose in enumerate(loaded.kind.prose(loaded.draft), 1):
        plain = ""
        marks = []
        for item in parse_inline(prose.text, path=loaded.path, line=loaded.doc.line_of(prose.loc)):
            if isinstance(item, Span):
                plain += item.text
            elif isinstance(item, CiteGroup):
                marker += 1
                marks.append(Mark(len(plain), str(marker), item.facts))
        passages.append(
            Passage(
                number, plain, tuple(marks), loaded.doc.line_of(prose.loc), prose.label, prose.mood
            )
        )
    return passages


def placeholder_findings(loaded: LoadedDraft, passages: list[Passage]) -> list[Finding]:
    """Prose still holding the placeholders ``drafting new`` wrote, or TODO-style markers."""
    return unfinished_findings(passages, set(loaded.kind.placeholders))


def unfinished_findings(
    passages: list[Passage], left: set[str] | frozenset[str] = frozenset()
) -> list[Finding]:
    """Prose that is one of the placeholders ``left``, or holds TODO-style markers."""
    out = []
    for passage in passages:
        text = passage.text.strip()
        marker = _UNFINISHED.search(text)
        if text in left or marker:
            what = f"“{marker.group()}”" if marker and text not in left else "placeholder text"
            out.append(
                Finding(
                    "error",
                    "placeholder",
                    f"{what} left in the draft: it would be sent as written",
                    passage.place,
                    excerpt(text),
                    "Replace it with what you mean to say, or delete it",
                )
            )
    return out


def review_draft(
    loaded: LoadedDraft,
    register: Register,
    dossier: str = "",
    *,
    today: dt.date | None = None,
    drafting: bool = False,
    memo: Reviewed | None = None,
) -> Review:
    """Review a loaded draft against ``register``: its prose, its kind's checks, its dates.

    Dates are judged as of ``today`` (by default the day it is); ``drafting`` is true
    while the draft is being written (``drafting new``): a meeting already past is then a
    warning whatever the draft's date (:func:`drafting.review.dates.date_findings`).

    Raises:
        CitationSyntaxError: citation markup pandoc would print raw or cite in the text.
    """
    passages = draft_passages(loaded)
    for prose in loaded.kind.prose(loaded.draft):
        check_in_text(prose.text, register, loaded.path, loaded.doc.line_of(prose.loc))
    citations, findings = review_passages(
        passages, register, quotes_are_evidence=loaded.kind.quotes_are_evidence, memo=memo
    )
    findings += placeholder_findings(loaded, passages) + loaded.kind.checks(loaded.draft)
    findings += layout_findings(loaded)
    findings += date_findings(loaded.kind.name, loaded.draft, today, drafting=drafting)
    return Review(loaded.path, "draft", citations, findings, dossier)


def layout_findings(loaded: LoadedDraft) -> list[Finding]:
    """Text whose layout in the YAML suggests a slip: an item swallowed by the one before."""
    return [
        Finding(
            "warning",
            "yaml-layout",
            why,
            f"line {line}",
            "",
            "Indent each list item's '- ' like the others (or quote the text if it "
            "is meant as one)",
        )
        for line, why in loaded.doc.notes
    ]
