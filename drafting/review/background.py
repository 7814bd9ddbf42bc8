"""Review of a background-style document: clauses with no marks, evidence in its own section.

``drafting render --citations background`` prints no marks in the text and an entry per
citation in a "Background and evidence" section ("Clause 3: “quote” reference"). The
record says which paragraph each citation was rendered for (and, since labels were kept,
which paragraph shows its entry). Review puts each citation back at its place in its
clause (:func:`pairs`, :func:`marks`), and checks the entries as a footnote's text is
checked (:func:`entry_findings`): an entry changed by hand is ``citation-edited`` and its
quotation is checked against the sources (``misquote``), one deleted is
``citation-removed`` (its clause then reads as uncited), one added is ``citation-added``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from drafting.docx.record import CitationRecord, DocParagraph, RenderedDocument, text_key
from drafting.findings import Finding, Mark, Passage, as_place, excerpt
from drafting.prose import quotations
from drafting.review.places import Places
from drafting.review.prose import quotation_findings
from evidence.normalise import normalise
from evidence.register import Register

#: An entry's own label, as the shipped templates print it: "Clause 3: “...” ...".
_LABEL = re.compile(r"^([^:“”\"]{1,60}):\s")


#: How well (0-100) a paragraph must fit its cited facts to be taken for an edited one.
_FITS = 50


def _pair(
    recorded: list[int],
    current: list[int],
    fit: dict[tuple[int, int], float],
) -> dict[int, int]:
    """The order-keeping pairing of recorded and current paragraphs with the best total fit."""
    best: dict[tuple[int, int], tuple[float, dict[int, int]]] = {}

    def solve(i: int, j: int) -> tuple[float, dict[int, int]]:
        if i == len(recorded) or j == len(current):
            return 0.0, {}
        if (i, j) not in best:
            options = [solve(i + 1, j), solve(i, j + 1)]
            score = fit.get((recorded[i], current[j]), 0.0)
            if score >= _FITS:
                rest = solve(i + 1, j + 1)
                options.append((rest[0] + score, {recorded[i]: current[j], **rest[1]}))
            best[(i, j)] = max(options, key=lambda o: o[0])
        return best[(i, j)]

    return solve(0, 0)[1]


def pairs(doc: RenderedDocument, proses: list[DocParagraph], register: Register) -> dict[int, int]:
    """Recorded prose paragraph -> the paragraph now, from 1, in a background-style document.

    The prose as recorded is lined up with the prose now; an edited clause is paired with
    its record by how well it fits the facts it cited (its text holds no marks).
    """
    recorded = [h for h, is_prose in doc.record.paragraphs if is_prose]
    matcher = SequenceMatcher(a=recorded, b=[text_key(p.text) for p in proses], autojunk=False)
    where: dict[int, int] = {}
    cited: dict[int, list[str]] = {}
    for cite in doc.record.citations:
        cited.setdefault(cite.p, []).extend(f for f in cite.facts if f in register.facts)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            where.update({i1 + k + 1: j1 + k + 1 for k in range(i2 - i1)})
        elif tag == "replace":  # edited, perhaps beside a deleted one: pair by fit to facts
            fit = {
                (p, n): max(
                    (
                        fuzz.token_set_ratio(_fact_words(register, f), proses[n - 1].text)
                        for f in cited.get(p, ())
                    ),
                    default=0.0,
                )
                for p in range(i1 + 1, i2 + 1)
                for n in range(j1 + 1, j2 + 1)
            }
            where.update(_pair(list(range(i1 + 1, i2 + 1)), list(range(j1 + 1, j2 + 1)), fit))
    return where


def marks(
    doc: RenderedDocument,
    proses: list[DocParagraph],
    paired: dict[int, int],
    where: Places,
    gone: set[int],
) -> tuple[dict[int, list[Mark]], list[Finding]]:
    """Marks for a background-style document, which has none in its text.

    Each recorded citation goes back to the paragraph it was rendered for (``paired``), at
    its offset there, unless its entry in the Background section is ``gone`` (its number):
    then the paragraph reads as uncited, as one whose footnote was deleted. A deleted
    paragraph's citations are reported removed.
    """
    found: dict[int, list[Mark]] = {}
    findings = []
    for cite in doc.record.citations:
        if cite.n in gone:
            continue
        if cite.p in paired:
            n = paired[cite.p]
            text = proses[n - 1].text
            at = len(text) if cite.at is None else min(max(cite.at, 0), len(text))
            found.setdefault(n, []).append(Mark(at, str(cite.n), cite.facts))
        else:
            findings.append(
                Finding(
                    "warning",
                    "citation-removed",
                    f"the paragraph citing {', '.join(cite.facts)} ({where.was(cite.p)} when "
                    "rendered) was removed or rewritten by hand since rendering",
                    f"{where.was(cite.p)} as rendered",
                    "",
                    "If the motion still relies on it, put "
                    "the clause back in the draft and render again",
                    cite.facts[0] if cite.facts else None,
                )
            )
    return found, findings


def _fact_words(register: Register, fact_id: str) -> str:
    fact = register.facts[fact_id]
    return f"{fact.statement} {fact.citations[0].quote}"


@dataclass
class _Entries:
    """The Background section's entries now, against the record."""

    edited: list[tuple[CitationRecord, str]] = field(default_factory=list)
    removed: list[CitationRecord] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def _shown(doc: RenderedDocument) -> dict[int, CitationRecord]:
    """The recorded paragraph (index) showing each citation's entry."""
    recorded = [h for h, _ in doc.record.paragraphs]
    shows: dict[int, CitationRecord] = {}
    start = 0
    for cite in doc.record.citations:
        if cite.entry is None:
            continue
        at = next((i for i in range(start, len(recorded)) if recorded[i] == cite.entry), None)
        if at is not None:
            shows[at] = cite
            start = at + 1
    return shows


def _entries(doc: RenderedDocument, flags: list[bool]) -> _Entries:
    """Entries edited, removed or added by hand, lining the document up with its record.

    An added entry is a paragraph with a quotation, not prose, from where the first
    entry was rendered on.
    """
    out = _Entries()
    shows = _shown(doc)
    if not shows:
        return out  # rendered before entries were recorded, or by a template that hid them
    first, region = min(shows), len(doc.paragraphs)
    new: list[int] = []
    matcher = SequenceMatcher(
        a=[h for h, _ in doc.record.paragraphs],
        b=[text_key(p.text) for p in doc.paragraphs],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 <= first < i2:
            region = j1 + min(first - i1, j2 - j1) if tag != "delete" else j1
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for k, cite in ((k, shows[i1 + k]) for k in range(i2 - i1) if i1 + k in shows):
            if k < paired and not flags[j1 + k]:
                out.edited.append((cite, doc.paragraphs[j1 + k].text))
            else:
                out.removed.append(cite)
        new += range(j1 + paired, j2)
    out.added = [
        doc.paragraphs[j].text
        for j in new
        if j >= region and not flags[j] and quotations(doc.paragraphs[j].text)
    ]
    return out


def entry_findings(
    doc: RenderedDocument, flags: list[bool], where: Places, kept: set[int], register: Register
) -> tuple[list[Finding], set[int]]:
    """Findings on the Background section's entries, and the citations whose entry is gone.

    ``flags`` says which paragraphs now are prose; ``kept`` holds the recorded prose
    paragraphs still in the document (a deleted clause's citations are reported already).
    """
    entries = _entries(doc, flags)
    findings: list[Finding] = []
    for cite, text in entries.edited:
        name = where.was(cite.p)
        findings.append(
            Finding(
                "warning",
                "citation-edited",
                f"the Background and evidence entry for {name} "
                f"(citing {', '.join(cite.facts)}) was changed by hand since rendering: "
                f"“{excerpt(text, width=80)}”",
                f"background, {name}",
                "",
                "Cite facts in the draft file and render again, so review can check them",
                cite.facts[0] if cite.facts else None,
            )
        )
        findings += _misquotes(text, cite.facts, f"background, {name}", register)
    for cite in entries.removed:
        if cite.p in kept:
            name = where.was(cite.p)
            findings.append(
                Finding(
                    "warning",
                    "citation-removed",
                    f"the Background and evidence entry for {name} "
                    f"(citing {', '.join(cite.facts)}) was removed by hand since rendering",
                    f"background, {name}",
                    "",
                    "If the clause still relies on it, render the draft again",
                    cite.facts[0] if cite.facts else None,
                )
            )
    for text in entries.added:
        label = _LABEL.match(text)
        place = f"background, {as_place(label.group(1))}" if label else "background"
        findings.append(
            Finding(
                "warning",
                "citation-added",
                "an entry was added by hand to the Background and "
                f"evidence section since rendering; review cannot check it against the register: "
                f"“{excerpt(text, width=80)}”",
                place,
                "",
                "Cite facts in the draft file and render again, so review can check them",
            )
        )
        findings += _misquotes(text, None, place, register)
    return findings, {c.n for c in entries.removed}


def _misquotes(
    text: str, facts: tuple[str, ...] | None, place: str, register: Register
) -> list[Finding]:
    """The quotations of an entry that no source holds (a reference's title is not one)."""
    titles = [normalise(s.meta.title).casefold() for s in register.sources.values() if s.meta.title]
    passages = []
    for a, b in quotations(text):
        words = normalise(text[a:b]).casefold()
        if not any(words in title for title in titles):
            quoted = f"“{text[a:b]}”"
            passages.append(Passage(0, quoted, (Mark(len(quoted), "", facts),), label=place))
    return [f for f in quotation_findings(passages, register) if f.code == "misquote"]
