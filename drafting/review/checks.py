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
from drafting.review.identification import identification_findings
from drafting.review.prose import prose_findings
from evidence.register import Register

#: A bracketed group, and a citation key in one ("[@id]", "[see @id, p. 4]"; not an email).
_GROUP = re.compile(r"\[[^\[\]]*\]")
_KEY = re.compile(r"(?<![\w@])-?@\w")
#: Words that mark text as unfinished, whatever the kind.
_UNFINISHED = re.compile(
    r"\b(?:TODO|TBC|TBD|FIXME|XXX)\b|\blorem ipsum\b"
    r"|\[(?:insert|add|enter|name|date|your|local|number|figure)\b[^\]]*\]"
    r"|<(?:insert|add|enter)\b[^>]*>",
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
                    *identification_findings(passages, register),
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


def unfinished_fields(loaded: LoadedDraft) -> list[Finding]:
    """A field besides the prose (a name, the council, a meeting) left unfinished or cited.

    A TODO-style marker is a ``placeholder`` error (``drafting localise`` writes "TBC" where
    a model motion does not say who proposes it; a person may type one anywhere); a
    citation is ``citation-outside-prose``. The prose is :func:`unfinished_findings`' to
    check.
    """
    out = []
    for path, value in fields(loaded):
        cited = next((g.group() for g in _GROUP.finditer(value) if _KEY.search(g.group())), "")
        if cited:
            out.append(_cited_field(loaded, path, value, cited))
        marker = _UNFINISHED.search(value)
        if marker:
            field = ".".join(map(str, path))
            line = loaded.doc.line_of(path)
            out.append(
                Finding(
                    "error",
                    "placeholder",
                    f"{field} is “{marker.group()}”: it would be sent as written",
                    field + (f" (line {line})" if line else ""),
                    excerpt(value),
                    f"Write what {field} should say in place of “{marker.group()}”"
                    + (" (the council's full name, as printed)" if field == "council" else ""),
                )
            )
    return out


def fields(loaded: LoadedDraft) -> list[tuple[tuple[str | int, ...], str]]:
    """Every text of a draft besides its prose (a subject, a title, a name), with its path."""
    prose = {tuple(p.loc) for p in loaded.kind.prose(loaded.draft)}
    return [
        (path, value)
        for path, value in _strings(loaded.doc.data, ())
        # a set's lookups, not a scan of every passage: a draft may have thousands
        if not any(path[:n] in prose for n in range(len(path) + 1))
    ]


def field_passages(loaded: LoadedDraft) -> list[Passage]:
    """The texts besides the prose as passages, placed by field, for what reads any text.

    A subject or a title is printed as the prose is (and a title is the document's
    property): what could identify a child there is as public.
    """
    return [
        Passage(n, value, (), loaded.doc.line_of(path), ".".join(map(str, path)))
        for n, (path, value) in enumerate(fields(loaded), 1)
    ]


def _cited_field(
    loaded: LoadedDraft, path: tuple[str | int, ...], value: str, cite: str
) -> Finding:
    """A field that is not prose holding a citation, which would be printed as typed."""
    field = ".".join(map(str, path))
    line = loaded.doc.line_of(path)
    return Finding(
        "error",
        "citation-outside-prose",
        f"{field} holds the citation “{cite}”, which only prose can carry: it would be "
        "printed as typed",
        field + (f" (line {line})" if line else ""),
        excerpt(value),
        f"Cite the fact in the prose that states it, and take the citation out of {field}",
    )


def _strings(value: object, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every text in a YAML value, with its path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in _strings(v, (*path, str(k)))]
    if isinstance(value, list):
        return [x for i, v in enumerate(value) for x in _strings(v, (*path, i))]
    return []


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
    citations, findings = prose_review(loaded, register, memo)
    findings += loaded.kind.checks(loaded.draft)
    findings += layout_findings(loaded)
    findings += unfinished_fields(loaded)
    findings += identification_findings(field_passages(loaded), register)
    findings += date_findings(loaded.kind.name, loaded.draft, today, drafting=drafting)
    return Review(loaded.path, "draft", citations, findings, dossier)


def prose_review(
    loaded: LoadedDraft, register: Register, memo: Reviewed | None = None
) -> tuple[list[CitationRow], list[Finding]]:
    """The citation list and the findings of a draft's prose: its facts, words, placeholders.

    They depend on the prose alone (its texts, where they are, how they are named), so
    ``memo`` keeps them by the prose: a mail merge whose rows change only the recipient
    reviews the prose once, and a row that changes a cited field gets its own review.

    Raises:
        CitationSyntaxError: citation markup pandoc would print raw or cite in the text.
    """
    prose = loaded.kind.prose(loaded.draft)
    lines = tuple(loaded.doc.line_of(p.loc) for p in prose)
    key = ("prose", id(register), loaded.path, loaded.kind.name, tuple(prose), lines)
    if memo is not None and key in memo:
        rows, found = memo[key]
        return list(rows), list(found)
    passages = draft_passages(loaded)
    for text, line in zip((p.text for p in prose), lines, strict=True):
        check_in_text(text, register, loaded.path, line)
    citations, findings = review_passages(
        passages, register, quotes_are_evidence=loaded.kind.quotes_are_evidence, memo=memo
    )
    findings += placeholder_findings(loaded, passages)
    if memo is not None:
        if len(memo) >= 256:
            memo.clear()
        memo[key] = (tuple(citations), tuple(findings))
    return citations, findings


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
