"""Review checks on prose, sentence by sentence: quotations, figures, claims, names.

A citation mark belongs to the sentence it ends or sits in. The figure checks are
:mod:`drafting.review.figures`'.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from drafting.attribution import reports_words
from drafting.findings import Finding, Mark, Passage, Severity, excerpt
from drafting.proposals import asks
from drafting.prose import (
    SCARE_QUOTE_WORDS,
    is_new_wording,
    is_scare_quote,
    quotations,
    quoted_pieces,
)
from drafting.review.attribution import claim_findings
from drafting.review.figures import figure_findings
from evidence.figure_kinds import figure_changes
from evidence.lookup import closest_passage, facts_quoting, where_quoted
from evidence.normalise import normalise
from evidence.register import Fact, Register
from evidence.segment import sentence_spans
from evidence.sources import Source
from evidence.verify import Locator


@dataclass(frozen=True)
class Sentence:
    """One sentence of a passage, with the citation marks that belong to it.

    What is read from its text is worked out once, however many quotations, figures and
    findings it holds (review is linear in them).
    """

    passage: Passage
    start: int
    end: int
    marks: tuple[Mark, ...]

    @cached_property
    def text(self) -> str:
        """The sentence's text."""
        return self.passage.text[self.start : self.end]

    @cached_property
    def reported(self) -> bool:
        """Whether it reports someone saying something (see :func:`reports_words`)."""
        return reports_words(self.text)

    @cached_property
    def offsets(self) -> list[int]:
        """Its marks' offsets, in order (its marks sorted by offset)."""
        return [m.offset for m in self.by_offset]

    @cached_property
    def by_offset(self) -> list[Mark]:
        """Its marks in the order they sit in the text."""
        return sorted(self.marks, key=lambda m: m.offset)

    def mark_after(self, at: int) -> Mark | None:
        """The first mark at or after offset ``at`` in the passage, or None."""
        i = bisect.bisect_left(self.offsets, at)
        return self.by_offset[i] if i < len(self.by_offset) else None

    def finding(
        self,
        severity: Severity,
        code: str,
        message: str,
        hint: str,
        span: tuple[int, int] | None = None,
        fact_id: str | None = None,
    ) -> Finding:
        """A finding placed at this sentence (and ``span`` within the passage)."""
        a, b = span or (self.start, self.end)
        text = self.text
        return Finding(
            severity,
            code,
            message,
            self.passage.place,
            excerpt(text, a - self.start, b - self.start),
            hint,
            fact_id,
        )


def sentences(passage: Passage) -> list[Sentence]:
    """The passage's sentences; a mark belongs to the sentence it ends or sits in."""
    spans = sentence_spans(passage.text) or [(0, len(passage.text))]
    order = sorted(range(len(passage.marks)), key=lambda k: passage.marks[k].offset)
    offsets = [passage.marks[k].offset for k in order]
    out = []
    for i, (start, end) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else len(passage.text) + 1
        first = 0 if i == 0 else bisect.bisect_left(offsets, start)
        mine = sorted(order[first : bisect.bisect_left(offsets, stop)])  # in the passage's order
        out.append(Sentence(passage, start, end, tuple(passage.marks[k] for k in mine)))
    return out


class _Spans:
    """Spans of a text in order and apart (quotations, pairs), looked up by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def ending_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that end from ``start`` to ``end`` (inclusive)."""
        return self.spans[
            bisect.bisect_left(self.ends, start) : bisect.bisect_right(self.ends, end)
        ]

    def covers(self, at: int) -> bool:
        """Whether offset ``at`` is inside a span (from its start, before its end)."""
        i = bisect.bisect_right(self.starts, at) - 1
        return i >= 0 and at < self.ends[i]


def prose_findings(
    passages: list[Passage], register: Register, *, quotes_are_evidence: bool = True
) -> Iterator[Finding]:
    """Quotations, figures, claims and private individuals, sentence by sentence.

    ``quotes_are_evidence`` is false where quotation marks enclose other words than a
    source's (an amendment quoting the motion): then quotations are not checked.
    """
    names = _private_names(register)
    for passage in passages:
        quoted = _Spans(quotations(passage.text) if quotes_are_evidence else [])
        figures: list[Finding] = []
        for sentence in sentences(passage):
            # a quotation belongs to the sentence it ends in: its citation follows it
            spans = quoted.ending_in(sentence.start, sentence.end + 1)
            quoting = list(_quotation_findings(sentence, spans, register))
            yield from quoting
            stated = list(figure_findings(sentence, register, quoted.covers))
            figures += stated
            yield from stated
            # words quoted from another passage are one problem, said by the quotation
            # check: the speaker they are given to is part of it, and where the sentence
            # cites the wrong fact for them, so is what that fact's kind would say
            # and a question asks its subject, it gives nobody's word ("Will the Leader
            # explain why ...?")
            if not any(f.code == "uncited-quote" for f in quoting) or not sentence.marks:
                yield from _claim_findings(
                    sentence, register, speakers=not quoting and not asks(sentence.text)
                )
        if _notes_uncited(passage, figures):
            yield Finding(
                "warning",
                "notes-uncited",
                "a clause the motion notes as fact cites no evidence",
                passage.place,
                excerpt(passage.text, 0, min(len(passage.text), 60)),
                "Cite the fact it states ([@fact-id]); if it is the council's view, put "
                "it under “believes”",
            )
        for name, person_id in names:
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", passage.text):
                yield Finding(
                    "warning",
                    "private-individual",
                    f"names {name}, whom the register marks as a private individual ({person_id})",
                    passage.place,
                    excerpt(passage.text, *m.span()),
                    "Reviews anonymise private individuals; name them only if you mean to, "
                    "and never in a document for publication without their consent",
                )


def _notes_uncited(passage: Passage, figures: list[Finding]) -> bool:
    """A clause under "This Council notes" with no citation (an uncited figure says it)."""
    return (
        passage.mood == "notes"
        and not passage.marks
        and bool(passage.text.strip())
        and not any(f.code == "uncited-figure" for f in figures)
    )


def quotation_findings(passages: list[Passage], register: Register) -> Iterator[Finding]:
    """The quotation checks alone (``misquote``, ``uncited-quote``), sentence by sentence."""
    for passage in passages:
        quoted = _Spans(quotations(passage.text))
        for sentence in sentences(passage):
            yield from _quotation_findings(
                sentence, quoted.ending_in(sentence.start, sentence.end + 1), register
            )


def _private_names(register: Register) -> list[tuple[str, str]]:
    return [
        (name, p.id)
        for p in register.people.values()
        if p.standing == "private-individual"
        for name in (p.name, *p.aliases)
    ]


def _known(marks: Iterable[Mark], register: Register) -> list[Fact]:
    """The facts the marks cite, each once, in order."""
    ids = dict.fromkeys(f for m in marks for f in (m.facts or ()) if f in register.facts)
    return [register.facts[f] for f in ids]


def _claim_findings(sentence: Sentence, register: Register, speakers: bool) -> Iterator[Finding]:
    """Claims stated as fact, and facts given as the word of somebody they are not."""
    marks = [(m.offset - sentence.start, m.facts) for m in sentence.by_offset]
    for code, message, hint, fact_id in claim_findings(
        sentence.text, marks, register, speakers=speakers
    ):
        yield sentence.finding("warning", code, message, hint, fact_id=fact_id)


# --- quotations ---------------------------------------------------------------------------------


def _quotation_findings(
    sentence: Sentence, spans: list[tuple[int, int]], register: Register
) -> Iterator[Finding]:
    text = sentence.passage.text
    cited = _known(sentence.marks, register) if spans else []
    for a, b in spans:
        pieces = quoted_pieces(text[a:b])
        if not pieces or (is_scare_quote(text[a:b], sentence.reported) and not sentence.marks):
            continue  # a scare quote ("so-called “efficiencies”") is not a quotation
        if not sentence.marks and is_new_wording(text, a - 1):
            continue  # an amendment's own words ("insert: “...”") quote no source
        found = where_quoted(register, pieces)
        if not found:
            if sentence.marks or not _short(text[a:b]):
                yield _misquote(sentence, register, pieces, (a, b), cited)
            # else a short phrase no source has and nothing cites: nothing claims it is quoted
            continue
        if _supports(cited, found, " ".join(pieces), register):
            continue
        source, locator = found[0]
        quoting = facts_quoting(register, pieces[0], {s.id for s, _ in found})
        where = f"{source.id} ({locator.label()})"
        if cited:
            message = (
                f"quotes words from {where}, but this sentence cites "
                f"{', '.join(f.id for f in cited)}, which do not quote that source"
            )
        else:
            message = f"quotes words from {where} without citing it"
        hint = (
            f"Cite [@{quoting[0]}]"
            if quoting
            else f"No fact quotes these words yet: add one citing {source.id} to facts.yaml"
        )
        yield sentence.finding(
            "warning", "uncited-quote", message, hint, (a, b), quoting[0] if quoting else None
        )


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", normalise(text).lower()))


def _short(quoted: str) -> bool:
    return len(re.findall(r"\w+", quoted)) <= SCARE_QUOTE_WORDS


def _supports(
    cited: list[Fact], found: list[tuple[Source, Locator]], quoted: str, register: Register
) -> bool:
    """Whether a cited fact points the reader to the quoted words.

    One of its quotes must be from the same paragraph of a source holding them, or share
    most of their words. Citing any fact from the right document is not enough: "Heather
    Smith promised “…”" cited to Kathy Evans's words in the same article sends the reader to
    the wrong passage.
    """
    where = {(s.id, loc.paragraph) for s, loc in found}
    words = _words(quoted)
    for fact in cited:
        for check in register.report(fact.id).checks:
            if check.source_id not in {s for s, _ in where}:
                continue
            if check.locator is not None and (check.source_id, check.locator.paragraph) in where:
                return True
            if words and len(words & _words(check.quote)) >= len(words) / 2:
                return True
    return False


def _misquote(
    sentence: Sentence,
    register: Register,
    pieces: list[str],
    span: tuple[int, int],
    cited: list[Fact],
) -> Finding:
    missing = next((p for p in pieces if not where_quoted(register, [p])), pieces[0])
    best = closest_passage(register, missing, {c.source for f in cited for c in f.citations})
    quoted = sentence.passage.text[span[0] : span[1]]
    message = f"misquote: “{quoted}” is not verbatim in any source"
    hint = "Quote the source exactly, or drop the quotation marks and cite the fact"
    if best is not None:
        miss, source_id = best
        where = f"{source_id}, {miss.locator.label()}" if miss.locator else source_id
        changes = "; ".join(
            f"says {ours} where the source says {theirs}"
            for ours, theirs in figure_changes(missing, miss.passage)
        )
        message += (
            f" ({changes})" if changes else ""
        ) + f"; closest ({where}): “{miss.passage}”; difference: {miss.diff}"
    return sentence.finding("error", "misquote", message, hint, span)
