"""Which figure a sentence is about, and a figure as a person writes it on the command line.

A sentence often states several figures: "£480,000 to keep four libraries open" is about the
money; "four libraries" is what the money is for. :func:`head_figure` chooses by grammar: a
figure inside an infinitival complement of another figure ("£480,000 to keep four
libraries") or after a preposition
("across 12 teams", "from 200 to ...") is the object of something else, not the clause's own
figure, and among the figures left money comes before a percentage, a percentage before a
count, and then the first. A change "from 200 to 232" is about where it ended: "to" before
a figure is its goal, not a complement. :func:`read_figure` structures the chosen figure (its
bound, unit, rate or period) and :func:`parse_figure` reads a value typed by hand
("£480,000", "40%", "1.2m", "more than 200").
"""

from __future__ import annotations

import math
import re

from evidence.figures import Figure, figures, is_year
from evidence.measures import shortened
from evidence.periods import periods
from evidence.register import Bound, Fact, FactFigure

_BOUND_WORDS: list[tuple[re.Pattern[str], Bound]] = [
    (re.compile(r"\b(?:more than|over|above|in excess of|upwards of)\s*$", re.I), ">"),
    (re.compile(r"\b(?:at least|no less than|no fewer than|a minimum of)\s*$", re.I), ">="),
    (re.compile(r"\b(?:fewer than|less than|under|below)\s*$", re.I), "<"),
    (
        re.compile(
            r"\b(?:up to|at most|no more than|as much as|as many as|a maximum of)\s*$", re.I
        ),
        "<=",
    ),
]
_IN_PERIOD = re.compile(r"^\s*(?:in|for|during)\s+((?:19|20)\d\d)\b")
_IN_PERIOD_LEAD = re.compile(r"\b(?:in|for|during|over)\s+(?:the\s+)?$", re.I)
_JUST_AFTER = re.compile(r"[\s,]*(?:in|for|during|over)\s+(?:the\s+)?", re.I)
#: Determiners and quantity words between a preposition and its figure ("of the 40").
_DET = r"(?:(?:the|a|an|its|their|his|her|our|some|about|around|almost|nearly|just|only)\s+)*"
#: A figure after a preposition is its object ("across 12 teams", "of the £2m budget"); a
#: figure right after "of" is what the noun before it is ("a cost of £480,000").
_PREPOSITION = re.compile(
    rf"\b(?:of\s+(?:the|its|their|his|her|our|this|that|these|those)\s+{_DET}"
    rf"|(?:for|in|on|at|across|among|amongst|between|with|within|from|per|into|by|via"
    rf"|throughout|including|except|besides)\s+{_DET})$",
    re.I,
)
#: "to keep", "to employ the": an infinitive before the figure, within its clause.
_INFINITIVE = re.compile(r"\bto\s+(?:[a-z]+ly\s+)?(?P<verb>[a-z]+)\s+(?:[a-z'’-]+\s+){0,3}$", re.I)
#: Words after "to" that begin a noun phrase or a figure, not a verb ("rose to an alarming").
_NOT_VERB = frozenset(
    re.findall(
        r"\w+",
        """the a an its their his her our this that these
    those some all
    about around almost nearly just only over under more less fewer up at least no record
    date be""",
    )
)
_CLAUSE_END = re.compile(r"[,;:()\u2013\u2014]|\b(?:and|but|while|whereas|which|who)\b", re.I)
#: Words after a count that are not what it counts ("232 in 2019", "three out of four").
_NOT_UNITS = frozenset(
    re.findall(
        r"\w+",
        """in on at of out to from for by and or but is are
    was were has have
    had a an the per than more less into over under with without who which that""",
    )
)
_RANK = {"money": 0, "percent": 1, "points": 1, "number": 2}


def _complement(text: str, figure: Figure, amounts: list[Figure]) -> bool:
    """Whether the figure is the object of a preposition or of another figure's infinitive.

    An infinitive that says what another figure of its clause is for ("£480,000 to keep
    four libraries open"), not one after the main verb ("expected to save £2.4m").
    """
    before = text[: figure.start]
    start = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    clause = before[start:]
    if _PREPOSITION.search(clause):
        return True
    m = _INFINITIVE.search(clause)
    return (
        m is not None
        and m.group("verb").lower() not in _NOT_VERB
        and not any(b.search(clause) for b, _ in _BOUND_WORDS)
        and any(start <= f.start and f.end <= start + m.start() for f in amounts)
    )


def countable(found: list[Figure]) -> list[Figure]:
    """The figures that are amounts: not months, periods or years."""
    return [f for f in found if f.kind not in ("month", "period") and not is_year(f)]


def head_figure(text: str, found: list[Figure] | None = None) -> Figure | None:
    """The figure ``text`` is about (see the module's description), or None."""
    amounts = countable(figures(text) if found is None else found)
    if not amounts:
        return None
    return min(amounts, key=lambda f: (_complement(text, f, amounts), _RANK[f.kind], f.start))


def structured(text: str, found: Figure) -> FactFigure:
    """``found`` as a fact's figure: its bound, unit, the rate or the one period it is for."""
    bound = next((b for pattern, b in _BOUND_WORDS if pattern.search(text[: found.start])), "=")
    unit: str | None
    if found.kind == "money":
        unit = "£"
    elif found.kind in ("percent", "points"):
        unit = "per cent" if found.kind == "percent" else "percentage points"
    else:
        word = re.match(r"\s+([a-z][a-z-]+)", text[found.end :])
        unit = word.group(1) if word and word.group(1) not in _NOT_UNITS else None
    return FactFigure(
        value=found.value,
        bound=bound,
        unit=unit,
        per=found.per,
        in_period=_in_period(text, found.end),
    )


def read_figure(text: str) -> FactFigure | None:
    """The figure ``text`` is about (:func:`head_figure`), structured; None if it has none.

    Its bound from the words before it ("more than 200"), its unit (money, per cent, or the
    word after it), a period it is a rate for ("a year") or the one period it covers ("in
    2017/18").
    """
    found = head_figure(text)
    return None if found is None else structured(text, found)


def _in_period(text: str, end: int) -> str | None:
    """The one period a figure is for.

    Named just after it ("£3m in 2017/18", "for Q3 2019/20", "in 2019"), or the only period
    the text gives after "in", "for", "during" or "over" ("In 2018/19, 62 children ...").
    """
    named = [p for p in periods(text) if _IN_PERIOD_LEAD.search(text[: p.start])]
    after = [p for p in named if _JUST_AFTER.fullmatch(text[end : p.start])]
    if after:
        return after[0].text
    year = _IN_PERIOD.match(text[end:])
    if year:
        return year.group(1)
    return named[0].text if len(named) == 1 else None


def figure_of(fact: Fact) -> FactFigure | None:
    """The fact's structured figure, or the one its statement states."""
    return fact.figure or read_figure(fact.statement)


_UNIT_NAMES = {
    "%": "per cent",
    "percent": "per cent",
    "per cent": "per cent",
    "pc": "per cent",
    "£": "£",
    "gbp": "£",
    "pounds": "£",
    "pound": "£",
    "points": "percentage points",
    "percentage points": "percentage points",
}


def parse_unit(text: str) -> str:
    """A unit as typed: "%", "per cent", "£", "pounds", or a noun ("children", "cases").

    Raises:
        ValueError: empty, too long, or not words.
    """
    unit = " ".join(text.split())
    if unit.lower() in _UNIT_NAMES:
        return _UNIT_NAMES[unit.lower()]
    if not re.fullmatch(r"[A-Za-z][A-Za-z' -]{0,39}", unit):
        raise ValueError(
            f"{shortened(text)!r} is not a unit: give a word or two (children, "
            "cases), £ or per cent"
        )
    return unit


def parse_figure(text: str, unit: str | None = None) -> FactFigure:
    """A figure typed as written: "480000", "£480,000", "40%", "40 per cent", "1.2m", ">200".

    ``unit`` (see :func:`parse_unit`) replaces the unit the value implies.

    Raises:
        ValueError: the text is not one figure (with what would be).
    """
    written = re.sub(r"(?<=\d)(k|m|mn|bn)\b", r" \1", " ".join(text.split()), flags=re.I)
    words = re.sub(
        r"^(>=|<=|>|<)\s*",
        lambda m: {">": "more than ", ">=": "at least ", "<": "fewer than ", "<=": "up to "}[
            m.group(1)
        ],
        written,
    )
    found = countable(figures(words, finite=False))
    bare = words[found[0].start : found[0].end] if len(found) == 1 else None
    lead = words[: found[0].start] if found else ""
    rest = words[found[0].end :].strip() if found else ""
    if (
        bare is None
        or (rest and not (found[0].per and len(rest.split()) <= 2))
        or (
            lead.strip()
            and not any(p.fullmatch(lead.strip() + " ") or p.search(lead) for p, _ in _BOUND_WORDS)
        )
    ):
        raise ValueError(
            f"{shortened(text)!r} is not a figure: give one value as written, such as "
            "480000, £480,000, 40%, 40 per cent, 1.2m or more than 200"
        )
    if not math.isfinite(found[0].value):
        raise ValueError(
            f"{shortened(text)!r} is too large to be a figure: give it as written, "
            "such as £1.2bn or 3,400,000"
        )
    figure = structured(words, found[0])
    updates: dict[str, object] = {"in_period": None}
    if found[0].kind == "number":
        updates["unit"] = None
    if unit is not None:
        updates["unit"] = parse_unit(unit)
    return figure.model_copy(update=updates)
