"""Review checks on prose, sentence by sentence: quotations, figures, claims, names.

A citation mark belongs to the sentence it ends or sits in. Within a sentence,
a figure is checked against the fact of the next mark after it (the mark it
leads up to), or, after the last mark, against every fact the sentence cites.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from drafting.findings import Finding, Mark, Passage, Severity, excerpt
from drafting.prose import (
    SCARE_QUOTE_WORDS,
    attributed,
    is_scare_quote,
    quotations,
    quoted_pieces,
    reports_words,
)
from evidence.figure_kinds import Stated, fact_figures, figure_changes, phrases, said, stated
from evidence.figures import Figure, Ratio, is_ordinal, ratios
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
        return self.passage.text[self.start:self.end]

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

    def finding(self, severity: Severity, code: str, message: str, hint: str,
                span: tuple[int, int] | None = None, fact_id: str | None = None) -> Finding:
        """A finding placed at this sentence (and ``span`` within the passage)."""
        a, b = span or (self.start, self.end)
        text = self.text
        return Finding(severity, code, message, self.passage.place,
                       excerpt(text, a - self.start, b - self.start), hint, fact_id)


def sentences(passage: Passage) -> list[Sentence]:
    """The passage's sentences; a mark belongs to the sentence it ends or sits in."""
    spans = sentence_spans(passage.text) or [(0, len(passage.text))]
    order = sorted(range(len(passage.marks)), key=lambda k: passage.marks[k].offset)
    offsets = [passage.marks[k].offset for k in order]
    out = []
    for i, (start, end) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else len(passage.text) + 1
        first = 0 if i == 0 else bisect.bisect_left(offsets, start)
        mine = sorted(order[first:bisect.bisect_left(offsets, stop)])  # in the passage's order
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
        return self.spans[bisect.bisect_left(self.ends, start):
                          bisect.bisect_right(self.ends, end)]

    def covers(self, at: int) -> bool:
        """Whether offset ``at`` is inside a span (from its start, before its end)."""
        i = bisect.bisect_right(self.starts, at) - 1
        return i >= 0 and at < self.ends[i]


def prose_findings(passages: list[Passage], register: Register, *,
                   quotes_are_evidence: bool = True) -> Iterator[Finding]:
    """Quotations, figures, claims and private individuals, sentence by sentence.

    ``quotes_are_evidence`` is false where quotation marks enclose other words than a
    source's (an amendment quoting the motion): then quotations are not checked.
    """
    names = _private_names(register)
    for passage in passages:
        quoted = _Spans(quotations(passage.text) if quotes_are_evidence else [])
        for sentence in sentences(passage):
            # a quotation belongs to the sentence it ends in: its citation follows it
            spans = quoted.ending_in(sentence.start, sentence.end + 1)
            yield from _quotation_findings(sentence, spans, register)
            yield from _figure_findings(sentence, register, quoted)
            yield from _claim_findings(sentence, register)
        for name, person_id in names:
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", passage.text):
                yield Finding(
                    "warning", "private-individual",
                    f"names {name}, whom the register marks as a private individual "
                    f"({person_id})", passage.place, excerpt(passage.text, *m.span()),
                    "Reviews anonymise private individuals; name them only if you mean to, "
                    "and never in a document for publication without their consent")


def quotation_findings(passages: list[Passage], register: Register) -> Iterator[Finding]:
    """The quotation checks alone (``misquote``, ``uncited-quote``), sentence by sentence."""
    for passage in passages:
        quoted = _Spans(quotations(passage.text))
        for sentence in sentences(passage):
            yield from _quotation_findings(
                sentence, quoted.ending_in(sentence.start, sentence.end + 1), register)


def _private_names(register: Register) -> list[tuple[str, str]]:
    return [(name, p.id) for p in register.people.values() if p.standing == "private-individual"
            for name in (p.name, *p.aliases)]


def _known(marks: Iterable[Mark], register: Register) -> list[Fact]:
    """The facts the marks cite, each once, in order."""
    ids = dict.fromkeys(f for m in marks for f in (m.facts or ()) if f in register.facts)
    return [register.facts[f] for f in ids]


def _claim_findings(sentence: Sentence, register: Register) -> Iterator[Finding]:
    for fact in _known(sentence.marks, register):
        if fact.kind == "claim" and not attributed(sentence.text):
            partisan = register.report(fact.id).partisan_only
            yield sentence.finding(
                "warning", "partisan-claim",
                f"cites {fact.id}, a claim{' resting only on partisan sources' * partisan}, "
                "as plain fact", "Attribute it (\"we believe\", \"the Labour group says\") or "
                "cite an official finding", fact_id=fact.id)


# --- quotations ---------------------------------------------------------------------------------

def _quotation_findings(sentence: Sentence, spans: list[tuple[int, int]],
                        register: Register) -> Iterator[Finding]:
    text = sentence.passage.text
    cited = _known(sentence.marks, register) if spans else []
    for a, b in spans:
        pieces = quoted_pieces(text[a:b])
        if not pieces or (is_scare_quote(text[a:b], sentence.reported) and not sentence.marks):
            continue  # a scare quote ("so-called “efficiencies”") is not a quotation
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
            message = (f"quotes words from {where}, but this sentence cites "
                       f"{', '.join(f.id for f in cited)}, which do not quote that source")
        else:
            message = f"quotes words from {where} without citing it"
        hint = (f"Cite [@{quoting[0]}]" if quoting else
                f"No fact quotes these words yet: add one citing {source.id} to facts.yaml")
        yield sentence.finding("warning", "uncited-quote", message, hint, (a, b),
                               quoting[0] if quoting else None)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", normalise(text).lower()))


def _short(quoted: str) -> bool:
    return len(re.findall(r"\w+", quoted)) <= SCARE_QUOTE_WORDS


def _supports(cited: list[Fact], found: list[tuple[Source, Locator]], quoted: str,
              register: Register) -> bool:
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


def _misquote(sentence: Sentence, register: Register, pieces: list[str],
              span: tuple[int, int], cited: list[Fact]) -> Finding:
    missing = next((p for p in pieces if not where_quoted(register, [p])), pieces[0])
    best = closest_passage(register, missing, {c.source for f in cited for c in f.citations})
    quoted = sentence.passage.text[span[0]:span[1]]
    message = f"misquote: “{quoted}” is not verbatim in any source"
    hint = "Quote the source exactly, or drop the quotation marks and cite the fact"
    if best is not None:
        miss, source_id = best
        where = f"{source_id}, {miss.locator.label()}" if miss.locator else source_id
        changes = "; ".join(f"says {ours} where the source says {theirs}"
                            for ours, theirs in figure_changes(missing, miss.passage))
        message += (f" ({changes})" if changes else "") + \
            f"; closest ({where}): “{miss.passage}”; difference: {miss.diff}"
    return sentence.finding("error", "misquote", message, hint, span)


# --- figures ------------------------------------------------------------------------------------

@cache
def _fact_ratios(fact: Fact) -> tuple[Ratio, ...]:
    return tuple(r for text in (fact.statement, *(c.quote for c in fact.citations))
                 for r in ratios(text))


#: Words that turn a count into its complement: "only one of the four escaped".
_NEGATION = re.compile(r"\b(?:not|no|none|never|neither|escaped|avoided|spared|except)\b|n['’]t",
                       re.IGNORECASE)


def _ratio_findings(sentence: Sentence, counted: list[Ratio], every: list[Fact],
                    register: Register, compared: list[Ratio]) -> Iterator[Finding]:
    """Each "N of M" against the cited fact's own counts.

    The pair must match, or its share, or in a negative sentence its complement ("one of the
    four escaped" = "three of the four failed"); against a fact with a percentage and no
    pair, the share. Each ratio compared goes into ``compared``.
    """
    negative = _NEGATION.search(sentence.text) is not None
    for ratio in counted:
        at = sentence.start + ratio.start
        mark = sentence.mark_after(at)
        facts = _known([mark], register) if mark is not None else every
        theirs = [r for f in facts for r in _fact_ratios(f)]
        if theirs:
            right = any(ratio.same(r) or (negative and ratio.complement().same(r))
                        for r in theirs)
            said = f"“{theirs[0].text}”"
        else:  # "4 out of 10" against the fact's "40 per cent": a share with a share
            shares = [g.figure for f in facts for g in _fact_figures(f)
                      if g.figure.kind == "percent"]
            if not shares:
                continue  # nothing to compare the pair with: its figures are checked one by one
            right = any(abs(g.value - ratio.percent()) < 0.5 for g in shares)
            said = shares[0].label()
        compared.append(ratio)
        if not right:
            yield sentence.finding(
                "warning", "figure-mismatch",
                f"says “{ratio.text}” where the cited fact {facts[0].id} says {said}",
                "Use the fact's figure, or cite a fact that states this one",
                (at, at + len(ratio.text)), facts[0].id)


#: Where a new clause begins after a citation: a figure there is not covered by it.
_NEW_CLAUSE = re.compile(r";|,\s*(?:and|but|yet|while|whereas|although)\b|\bbut\b|\byet\b"
                         r"|\b(?:and|while|whereas|although)\s+(?:the|a|an|its|his|her|their"
                         r"|this|that|these|those|there|it|we|they|he|she|our|my)\b",
                         re.IGNORECASE)
#: "two other councils" where the fact says "the third".
_OTHERS = re.compile(r"\s+others?\b", re.IGNORECASE)


@cache
def _fact_figures(fact: Fact) -> tuple[Stated, ...]:
    """The figures a fact supports, with their kinds (:func:`fact_figures`)."""
    return fact_figures(fact)


def _figure_findings(sentence: Sentence, register: Register,
                     quoted: _Spans) -> Iterator[Finding]:
    # a figure inside a quotation is the quotation check's: verbatim, or a misquote
    found = [s for s in stated(sentence.text) if not quoted.covers(sentence.start + s.figure.start)]
    if not found:
        return
    groups = phrases(found, sentence.text)
    if not sentence.marks:
        shown = ", ".join(dict.fromkeys(said(g) for g in groups))
        yield sentence.finding("warning", "uncited-figure",
                               f"states {shown} with no citation in the sentence",
                               "Cite the fact it comes from, e.g. [@fact-id]")
        return
    marks = sentence.by_offset
    every = _known(marks, register)  # what a figure after the last citation is checked with
    counted = [r for r in ratios(sentence.text) if not quoted.covers(sentence.start + r.start)]
    compared: list[Ratio] = []
    yield from _ratio_findings(sentence, counted, every, register, compared)
    pairs = _Spans(sorted((r.start, r.end) for r in compared))
    by_hand = any(m.facts is None for m in marks)
    # a new clause after the last citation: a figure in it is not covered by it
    clause = _NEW_CLAUSE.search(sentence.passage.text, marks[-1].offset, sentence.end)
    for group in groups:
        first = group[0].figure
        if pairs.covers(first.start):
            continue  # compared as a pair, with the fact's own count
        if group[0].kind == "count" and len(every) >= 2 and first.value == len(every):
            continue  # "both", "the two", "three senior figures" for as many facts cited
        at, end = sentence.start + first.start, sentence.start + group[-1].figure.end
        mark = sentence.mark_after(at)
        if mark is None and clause is not None and clause.end() <= at:
            yield sentence.finding("warning", "uncited-figure",
                                   f"states {said(group)} after the last "
                                   "citation, in a clause it does not cover",
                                   "Cite the fact it comes from", (at, end))
            continue
        facts = _known([mark], register) if mark is not None else every
        if facts and not (mark.facts is None if mark is not None else by_hand):
            yield from _figure_mismatch(sentence, group, facts, len(every))


def _differs(s: Stated, sentence: Sentence, facts: list[Fact], cited: int
             ) -> list[Stated] | None:
    """The fact's figures of the kind ``s`` is that it differs from, or None.

    None where the facts state nothing of its kind (a count beside a fact's year neither
    matches nor contradicts it), state the same, or derive it: a share of "three of the four",
    "two other councils" before "the third". Facts cited together in a sentence (``cited``
    of them, two or more) count themselves: "the two directors [@a] and [@b]".
    """
    alike = [g for f in facts for g in _fact_figures(f) if s.alike(g)]
    if not alike and s.kind == "count" and cited >= 2:
        alike = [Stated(Figure(str(cited), 0, 0, "number", float(cited)), "count")]
    figure = s.figure
    if not alike or any(figure.same(g.figure) for g in alike):
        return None
    if figure.kind == "percent" and any(abs(r.percent() - figure.value) < 0.5
                                        for f in facts for r in _fact_ratios(f)):
        return None  # derived from the fact: "75 per cent" of "three of the four"
    if _OTHERS.match(sentence.text, figure.end) and any(
            is_ordinal(g.figure) and g.figure.value == figure.value + 1 for g in alike):
        return None  # derived: "two other councils" before "the third"
    return alike


def _figure_mismatch(sentence: Sentence, group: list[Stated], facts: list[Fact],
                     cited: int) -> Iterator[Finding]:
    """One finding for a figure, or a date of several parts, the cited ``facts`` contradict."""
    wrong = {id(s): alike for s in group
             if (alike := _differs(s, sentence, facts, cited)) is not None}
    if not wrong:
        return
    ours = said(group)  # a date is said whole: "11 November 2020"
    theirs = " ".join(" or ".join(list(dict.fromkeys(g.label() for g in wrong[id(s)]))
                                  [:3 if len(group) == 1 else 2])
                      if id(s) in wrong else s.label() for s in group)
    start, end = sentence.start + group[0].figure.start, sentence.start + group[-1].figure.end
    yield sentence.finding("warning", "figure-mismatch",
                           f"says {ours} where the cited fact {', '.join(f.id for f in facts)} "
                           f"says {theirs}",
                           "Use the fact's figure, or cite a fact that states this one",
                           (start, end), facts[0].id)
