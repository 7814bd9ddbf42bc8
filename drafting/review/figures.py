"""Review's figure checks, sentence by sentence: uncited figures, figures that differ.

A figure is checked against the fact of the next citation mark after it in its sentence
(the mark it leads up to), or, after the last mark, against every fact the sentence cites;
after the last mark in a new clause (", and 40 social workers have left") it is uncited.
Figures are compared like with like (:mod:`evidence.figure_kinds`), and each problem is one
finding: a date of several parts, the figures of one uncited clause, a pair ("three out of
five") found wrong. What a question or a request asks about is no claim: the years, dates
and spans of time that set its scope ("Please provide the figures for 2018/19", "within 20
working days") need no citation; a count it takes for granted ("when will the 232 cases be
allocated?") does.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Protocol

from drafting.findings import Finding, Mark, Passage, Severity
from drafting.proposals import asks, is_proposed, proposed
from evidence.figure_kinds import Stated, fact_figures, noun_stem, phrases, said, stated
from evidence.figures import Figure, Ratio, is_ordinal, ratios
from evidence.measured import measure_of, named_measure, register_hint, values
from evidence.measures import Measure
from evidence.register import Fact, Register


class Sentence(Protocol):
    """What the figure checks read of a sentence (:class:`drafting.review.prose.Sentence`)."""

    @property
    def passage(self) -> Passage: ...  # noqa: D102
    @property
    def start(self) -> int: ...  # noqa: D102
    @property
    def end(self) -> int: ...  # noqa: D102
    @property
    def marks(self) -> tuple[Mark, ...]: ...  # noqa: D102
    @property
    def text(self) -> str: ...  # noqa: D102
    @property
    def by_offset(self) -> list[Mark]: ...  # noqa: D102

    def mark_after(self, at: int) -> Mark | None: ...  # noqa: D102

    def finding(  # noqa: D102
        self,
        severity: Severity,
        code: str,
        message: str,
        hint: str,
        span: tuple[int, int] | None = None,
        fact_id: str | None = None,
    ) -> Finding: ...


#: What a count of time is counted in: "the last three years", "20 working days".
_TIME = frozenset(("year", "month", "week", "day", "quarter", "hour", "minute", "fortnight"))


#: A threshold that says what a question counts: "placed more than 20 miles from home".
_CRITERION = re.compile(
    r"\b(?:(?:more|fewer|less|longer|further|older|younger)\s+than"
    r"|over|under|above|below|within|at\s+least|up\s+to)\s+(?:£\s?)?$",
    re.IGNORECASE,
)


def _scope(s: Stated) -> bool:
    """Whether a figure can set what is asked for: a date, a period, a span of time."""
    return s.kind in ("year", "month", "day") or (s.kind == "count" and bool(s.counted & _TIME))


def _known(marks: Iterable[Mark], register: Register) -> list[Fact]:
    """The facts the marks cite, each once, in order."""
    ids = dict.fromkeys(f for m in marks for f in (m.facts or ()) if f in register.facts)
    return [register.facts[f] for f in ids]


class _Pairs:
    """Pairs ("three of the four") in order and apart, looked up by offset in log time."""

    def __init__(self, pairs: list[Ratio]) -> None:
        self.pairs = pairs
        self.starts = [r.start for r in pairs]

    def at(self, offset: int) -> Ratio | None:
        """The pair that holds ``offset``, or None."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.pairs[i] if i >= 0 and offset < self.pairs[i].end else None


@cache
def _fact_ratios(fact: Fact) -> tuple[Ratio, ...]:
    return tuple(
        r for text in (fact.statement, *(c.quote for c in fact.citations)) for r in ratios(text)
    )


#: Words that turn a count into its complement: "only one of the four escaped".
_NEGATION = re.compile(
    r"\b(?:not|no|none|never|neither|escaped|avoided|spared|except)\b|n['’]t", re.IGNORECASE
)


def _ratio_findings(
    sentence: Sentence,
    counted: list[Ratio],
    every: list[Fact],
    register: Register,
    compared: list[Ratio],
) -> Iterator[Finding]:
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
            right = any(ratio.same(r) or (negative and ratio.complement().same(r)) for r in theirs)
            said = f"“{theirs[0].text}”"
        else:  # "4 out of 10" against the fact's "40 per cent": a share with a share
            shares = [
                g.figure for f in facts for g in _fact_figures(f) if g.figure.kind == "percent"
            ]
            if not shares:
                continue  # nothing to compare the pair with: its figures are checked one by one
            right = any(abs(g.value - ratio.percent()) < 0.5 for g in shares)
            said = shares[0].label()
        compared.append(ratio)
        if not right:
            yield sentence.finding(
                "warning",
                "figure-mismatch",
                f"says “{ratio.text}” where the cited fact {facts[0].id} says {said}",
                "Use the fact's figure, or cite a fact that states this one",
                (at, at + len(ratio.text)),
                facts[0].id,
            )


#: Where a new clause begins after a citation: a figure there is not covered by it.
_NEW_CLAUSE = re.compile(
    r";|,\s*(?:and|but|yet|while|whereas|although)\b|\bbut\b|\byet\b"
    r"|\b(?:and|while|whereas|although)\s+(?:the|a|an|its|his|her|their"
    r"|this|that|these|those|there|it|we|they|he|she|our|my)\b",
    re.IGNORECASE,
)
#: "two other councils" where the fact says "the third".
_OTHERS = re.compile(r"\s+others?\b", re.IGNORECASE)


@cache
def _fact_figures(fact: Fact) -> tuple[Stated, ...]:
    """The figures a fact supports, with their kinds (:func:`fact_figures`)."""
    return fact_figures(fact)


def figure_findings(
    sentence: Sentence, register: Register, quoted: Callable[[int], bool]
) -> Iterator[Finding]:
    """``uncited-figure`` and ``figure-mismatch`` for one sentence.

    ``quoted`` tells whether an offset of the passage is inside a quotation: a figure there
    is the quotation check's (verbatim, or a misquote that names it).
    """
    found = [s for s in stated(sentence.text) if not quoted(sentence.start + s.figure.start)]
    if not found:
        return
    groups = phrases(found, sentence.text)
    if not sentence.marks:
        yield from _uncited(sentence, groups, register)
        return
    marks = sentence.by_offset
    every = _known(marks, register)  # what a figure after the last citation is checked with
    counted = [r for r in ratios(sentence.text) if not quoted(sentence.start + r.start)]
    compared: list[Ratio] = []
    yield from _ratio_findings(sentence, counted, every, register, compared)
    by_hand = any(m.facts is None for m in marks)
    # a new clause after the last citation: a figure in it is not covered by it
    clause = _NEW_CLAUSE.search(sentence.passage.text, marks[-1].offset, sentence.end)
    after: list[list[Stated]] = []  # the figures of that clause: one finding for all
    pairs, checked = _Pairs(counted), _Pairs(compared)
    reported: set[int] = set()  # a pair checked figure by figure is found wrong once
    for group in groups:
        first = group[0].figure
        if checked.at(first.start) is not None:
            continue  # compared as a pair, with the fact's own count
        if group[0].kind == "count" and len(every) >= 2 and first.value == len(every):
            continue  # "both", "the two", "three senior figures" for as many facts cited
        at = sentence.start + first.start
        mark = sentence.mark_after(at)
        if mark is None and clause is not None and clause.end() <= at:
            after.append(group)
            continue
        facts = _known([mark], register) if mark is not None else every
        if facts and not (mark.facts is None if mark is not None else by_hand):
            for finding in _figure_mismatch(sentence, group, facts, every, register):
                pair = pairs.at(first.start)
                if pair is None or id(pair) not in reported:
                    yield finding
                reported.add(id(pair))
    after = _claimed(sentence, after)
    if after:
        held = _held(register, sentence, after, every)
        yield sentence.finding(
            "warning",
            "uncited-figure",
            f"states {', '.join(said(g) for g in after)} after "
            "the last citation, in a clause it does not cover",
            "Cite the fact it comes from" + (f": {held}" if held else ""),
            (sentence.start + after[0][0].figure.start, sentence.start + after[-1][-1].figure.end),
        )


def _claimed(sentence: Sentence, groups: list[list[Stated]]) -> list[list[Stated]]:
    """The figures a sentence states, without those it proposes ("resolves to allocate £5m").

    A passage its draft's kind marks as proposing (a resolution's clause, an amendment's
    instruction) proposes from its first word.
    """
    text = sentence.text
    whole = sentence.passage.mood == "proposes"
    spans = ([(0, len(text))] if whole else proposed(text)) if groups else []
    return [g for g in groups if not all(is_proposed(text, s.figure.start, spans) for s in g)]


def _held(
    register: Register,
    sentence: Sentence,
    groups: list[list[Stated]],
    cited: list[Fact],
    only: Figure | None = None,
) -> str | None:
    """What the register holds for a measure the figures' words name, for a hint.

    Worked out only for a finding; facts the sentence cites already are not named again.
    """
    found = [s.figure for g in groups for s in g]
    return register_hint(
        register, sentence.text, found, only=only, cited=frozenset(f.id for f in cited)
    )


def _uncited(
    sentence: Sentence, groups: list[list[Stated]], register: Register
) -> Iterator[Finding]:
    """One ``uncited-figure`` for a sentence with no citation (what it asks about aside).

    Its hint names what the register holds for a measure the figures' words name ("230
    children without a social worker": the register has 232 for unallocated cases).
    """
    if asks(sentence.text) or sentence.passage.mood == "asks":  # a question, a request
        groups = [
            g
            for g in groups
            if not all(_scope(s) for s in g)
            and not _CRITERION.search(sentence.text, 0, g[0].figure.start)
        ]
    groups = _claimed(sentence, groups)
    if groups:
        shown = ", ".join(dict.fromkeys(said(g) for g in groups))
        held = _held(register, sentence, groups, [])
        yield sentence.finding(
            "warning",
            "uncited-figure",
            f"states {shown} with no citation in the sentence",
            f"Cite the fact it comes from: {held}"
            if held
            else "Cite the fact it comes from, e.g. [@fact-id]",
        )


def _differs(s: Stated, sentence: Sentence, facts: list[Fact], cited: int) -> list[Stated] | None:
    """The fact's figures of the kind ``s`` is that it differs from, or None.

    None where the facts state nothing of its kind (a count beside a fact's year neither
    matches nor contradicts it), state the same, or derive it: a share of "three of the four",
    "two other councils" before "the third". Facts cited together in a sentence (``cited``
    of them, two or more) count themselves: "the two directors [@a] and [@b]".
    """
    alike = [g for f in facts for g in _fact_figures(f) if s.alike(g)]
    if not alike and s.kind == "count" and cited >= 2:
        alike = [Stated(Figure(str(cited), 0, 0, "number", float(cited)), "count")]
    if not alike and s.kind == "count" and _OTHERS.match(sentence.text, s.figure.end):
        alike = [g for f in facts for g in _fact_figures(f) if g.kind == "ordinal"]
    figure = s.figure
    month = _outside_period(figure, facts)
    if month is not None:
        return month
    if not alike or any(figure.same(g.figure) for g in alike):
        return None
    if figure.kind == "percent" and any(
        abs(r.percent() - figure.value) < 0.5 for f in facts for r in _fact_ratios(f)
    ):
        return None  # derived from the fact: "75 per cent" of "three of the four"
    if _OTHERS.match(sentence.text, figure.end) and any(
        is_ordinal(g.figure) and g.figure.value == figure.value + 1 for g in alike
    ):
        return None  # derived: "two other councils" before "the third"
    return alike


def _outside_period(figure: Figure, facts: list[Fact]) -> list[Stated] | None:
    """A fact's month and year that a period of the sentence does not hold, or None.

    "in 2018/19" (April 2018 to March 2019) against a fact of June 2019: the period
    overlaps the year 2019, but not the month the fact dates it to.
    """
    if figure.kind != "period" or figure.period is None:
        return None
    (y0, m0, _), (y1, m1, _) = figure.period.span()
    dated = []
    for fact in facts:
        own = _fact_figures(fact)
        years = [g for g in own if g.kind == "year" and g.figure.kind != "period"]
        months = [g for g in own if g.kind == "month"]
        if len(years) == 1 and len(months) == 1:
            dated.append((years[0], months[0]))
    if not dated or any(
        (y0, m0) <= (int(y.figure.value), int(m.figure.value)) <= (y1, m1) for y, m in dated
    ):
        return None
    # said as the fact dates it: "June 2019"
    return [
        Stated(Figure(f"{m.label()} {y.label()}", 0, 0, "number", y.figure.value), "year")
        for y, m in dated
    ]


def _figure_mismatch(
    sentence: Sentence,
    group: list[Stated],
    facts: list[Fact],
    every: list[Fact],
    register: Register,
) -> Iterator[Finding]:
    """One finding for a figure, or a date of several parts, the cited ``facts`` contradict.

    ``every``: the facts the sentence cites; its hint names the register's value of a
    measure the figure's words name, when a fact not cited holds it.
    """
    wrong = {
        id(s): alike
        for s in group
        if (alike := _differs(s, sentence, facts, len(every))) is not None
    }
    if not wrong:
        yield from _other_measure(sentence, group, facts, every, register)
        return
    ours = said(group)  # a date is said whole: "11 November 2020"
    theirs = " ".join(
        " or ".join(
            list(dict.fromkeys(g.label() for g in wrong[id(s)]))[: 3 if len(group) == 1 else 2]
        )
        if id(s) in wrong
        else s.label()
        for s in group
    )
    start, end = sentence.start + group[0].figure.start, sentence.start + group[-1].figure.end
    held = _held(register, sentence, [group], every, only=group[0].figure)
    yield sentence.finding(
        "warning",
        "figure-mismatch",
        f"says {ours} where the cited fact {', '.join(f.id for f in facts)} says {theirs}",
        "Use the fact's figure, or cite a fact that states this one"
        + (f"; {held}" if held else ""),
        (start, end),
        facts[0].id,
    )


def _other_measure(
    sentence: Sentence,
    group: list[Stated],
    facts: list[Fact],
    every: list[Fact],
    register: Register,
) -> Iterator[Finding]:
    """A figure whose words name a measure the cited facts are not of: the wrong fact cited.

    "230 children without a social worker [@agency-costs]": the words name unallocated
    cases, a measure of the register; the fact cited is of another and states no 230. Only
    where the cited facts state no figure of its kind (else the kinds compare) and the
    measure has a value to name.
    """
    figure = group[0].figure
    if any(figure.same(g.figure) for f in facts for g in _fact_figures(f)):
        return
    named = named_measure(register, sentence.text, figure, [s.figure for s in group])
    if named is None or any(measure_of(f, register) == named.measure.id for f in facts):
        return
    if group[0].counted and not group[0].counted & _measure_words(named.measure):
        return  # "four areas" counts areas, whatever the words before it name
    if not values(register, named.measure.id):
        return
    held = _held(register, sentence, [group], every, only=figure)
    start, end = sentence.start + figure.start, sentence.start + group[-1].figure.end
    yield sentence.finding(
        "warning",
        "figure-mismatch",
        f"states {said(group)} for {named.measure.name}, but the cited fact "
        f"{', '.join(f.id for f in facts)} is not of that measure",
        f"Cite the fact it comes from: {held}" if held else "Cite a fact of that measure",
        (start, end),
        facts[0].id,
    )


def _measure_words(measure: Measure) -> frozenset[str]:
    """The words a measure is named by, stemmed as a count's noun is ("cases": "case")."""
    return frozenset(
        noun_stem(w)
        for name in (measure.name, *measure.aliases, measure.unit or "")
        for w in re.findall(r"[\w'’-]+", name)
    )
