"""The figures a sentence states, and what they are worth.

A figure is a number, an amount of money, a percentage or percentage points, a count in
words ("two hundred and thirty-two"), an ordinal count ("the fourth director"), a share
("three of the four", "three quarters", "one in five", "all four"), a month, or a period
named by its years ("2018/19", "Q3 2019/20": :mod:`evidence.periods`). Figures that are
names or references are not claims and are skipped: titles ("Children Act 2004"; any
name with its year, :mod:`evidence.labels`: "Working Together to Safeguard Children 2018"),
numbered parts of a document or things ("section 2.1", "paragraphs 40, 41 and 64", "page 7
of 40", "p. 7", "annex 2", "table 3", "recommendation 5", "Standing Order 14", "key stage
4", "Year 6", "ward 3", "M1 junction 15", "the Route 9 bus"), footnote marks ("[1]"), list
numbers ("2.", "(3)", "; 4)"), times, telephone numbers and "your letter of 3 May". Review
compares a draft's figures with its cited facts'; a new source's candidate facts are the
sentences that state some.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from math import isfinite
from typing import Literal

from evidence.dates import MONTHS as CALENDAR_MONTHS
from evidence.dates import PartialDate
from evidence.labels import addresses, title_years
from evidence.periods import periods

FigureKind = Literal["number", "money", "percent", "points", "month", "period"]

_MONTHS = tuple(m.lower() for m in CALENDAR_MONTHS)
#: Month names, January first.
MONTHS = _MONTHS
_SHORT_MONTHS = {m[:3]: i for i, m in enumerate(_MONTHS, 1)} | {"sept": 9}
_UNITS = {
    w: i
    for i, w in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        )
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2
    )
}
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?P<{}>hundred|thousand|million|billion|bn|mn|m|k)\b)?"
_UNIT_WORDS = "|".join(w for w in _UNITS if w not in ("zero", "one"))
_TENS_WORDS = "|".join(_TENS)
#: Shares written in words: "half", "a third", "two thirds", "three quarters", "two-fifths".
_NUMERATORS = {
    w: _UNITS.get(w, 1)
    for w in ("a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
}
_DENOMINATORS = {
    "half": 2,
    "third": 3,
    "quarter": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_FRACTION_WORDS = (
    rf"(?:{'|'.join(_NUMERATORS)})[\s-]+(?:{'|'.join(_DENOMINATORS)})s?"
    r"|half"
)
#: Ordinals used as counts ("the fourth director this year"); "first" is too common to count.
_ORDINALS = {
    w: i
    for i, w in enumerate(
        (
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ),
        2,
    )
}
_FIGURE = re.compile(
    rf"(?P<date>\b(?P<dd>\d{{1,2}})/(?P<mm>\d{{1,2}})/(?P<yy>\d{{4}}|\d{{2}})\b)"
    rf"|(?P<money>£\s?(?P<mnum>{_NUM}){_SCALE.format('mscale')})"
    rf"|(?P<points>(?<![\w.\-/])(?P<ptnum>{_NUM})\s*percentage[- ]points?\b)"
    rf"|(?P<percent>(?<![\w.\-/])(?P<pnum>{_NUM})\s*(?:%|per\s?cent\b))"
    rf"|(?P<number>(?<![\w.\-/£])(?P<num>{_NUM})(?:st|nd|rd|th)?"
    rf"(?:\b|(?=(?:bn|mn|m|k)\b)){_SCALE.format('nscale')})"  # "1.2m children"
    rf"|(?P<fraction>\b(?:{_FRACTION_WORDS})\b(?=\s+(?:of|the|all|its|their)\b))"
    rf"|(?P<words>\b(?:(?:(?P<hu>{_UNIT_WORDS}|one|a)\s+hundred"
    rf"(?:\s+(?:and\s+)?(?:(?P<htens>{_TENS_WORDS})(?:[- ](?P<htu>{_UNIT_WORDS}|one))?"
    rf"|(?P<hunit>{_UNIT_WORDS}|one)))?)"
    rf"|(?P<tens>{_TENS_WORDS})(?:[- ](?P<tu>{_UNIT_WORDS}|one))?"
    rf"|(?P<unit>{_UNIT_WORDS})|(?P<dozen>dozen))\b{_SCALE.format('wscale')})"
    rf"|(?P<ordinal>\b(?:{'|'.join(_ORDINALS)})\b)"
    rf"|(?P<month>\b(?:{'|'.join(m.capitalize() for m in _MONTHS)}"
    rf"|(?:{'|'.join(m.capitalize() for m in _SHORT_MONTHS)})\.?)\b)",
    re.IGNORECASE,
)
#: A date with its day of the week: "Monday 30 September", "Friday, 4 October 2019".
_DAY_DATE = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:the\s+)?\d{1,2}"
    r"(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z][a-z]+(?:\s+\d{4})?"
)
#: Words naming a numbered part of a document, or a numbered thing, not a quantity. Plurals
#: only of nouns that are no verb as well ("This council notes 2 judgements", "tables 3").
_REFERENCE_WORDS = (
    r"ss?\.|sections?|paras?\.|paragraphs?|clauses?|articles?|regulations?|schedules?|parts?"
    r"|chapters?|pages?|pp?\.|items?|questions?|no\.|nos\.|standing\s+orders?|rule"
    r"|recommendations?|annex(?:es)?|appendix|appendices|tables?|figure|fig\.|chart|graph"
    r"|box|exhibit|footnotes?|endnotes?|line|agenda\s+items?|minutes?|wards?|divisions?"
    r"|rooms?|floors?|flats?|units?|outcomes?|key\s+stages?|stage|phase|step|tiers?|level"
    # roads and transport: "M1 junction 15", "the Route 9 bus", "platform 2" ("A43" is a word)
    r"|junction|exit|route|bus|platform|gate|bay"
    # what else names by number: "ext. 4567", "version 2.1", "band 5", "motion 4", "ref. 12"
    r"|ext\.|extension|version|band|motions?|amendments?|instructions?|bullets?|ref\.|reference"
    r"|options?|priorit(?:y|ies)|objectives?|themes?|strands?|grade|standards?|quarter"
)
_REF_NUMBER = r"\d+(?:\.\d+)*[A-Za-z]?(?:\([0-9a-z]{1,4}\))*"
_REF_FIRST = rf"(?:{_REF_NUMBER}|(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)"
#: "paragraph 23", "section 17(3)", "pages 7-9", "level 2 or 3", "paragraphs 40, 41 and 64",
#: "page 7 of 40": after a comma or "of", a number is the next reference only where it ends
#: a phrase ("paragraph 23, 40 children were seen": a count has its noun after it).
_REFERENCE = (
    rf"\b(?:{_REFERENCE_WORDS})\s*{_REF_FIRST}"
    rf"(?:\s*(?:and|or|&|to|[-–—])\s*{_REF_NUMBER}"
    rf"|\s*(?:,|of)\s*{_REF_NUMBER}(?=\s*(?:[,;:.)\]]|and\b|or\b|of\b|to\b|$)))*"
)
_NOT_A_FIGURE = re.compile(
    # an appointment or deadline: a time of day with its date, "at 11am on Monday 30 September"
    rf"\b\d{{1,2}}(?:[:.]\d{{2}}\s*(?:am|pm)?|\s*(?:am|pm))\s+(?:on\s+)?{_DAY_DATE}"
    rf"|{_DAY_DATE}\s*,?\s+(?:at|by|from|until)\s+\d{{1,2}}(?:[:.]\d{{2}})?\s*(?:am|pm)?\b"
    r"|\b(?:Act|Regulations|Order|Rules|Measure|Bill|Directive)\s+\d{4}\b"
    rf"|{_REFERENCE}"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:am|pm)?\b|\b\d{1,2}\s*(?:am|pm)\b"
    # a reference number with its year: "2019/00123"
    r"|\b\d{4}/(?:0\d{2,}|\d{3}|\d{5,})\b"
    # telephone numbers
    r"|(?<![\w£])(?:\+44\s?(?:\(0\))?\s?\d{2,4}|\(?0\d{2,4}\)?)[ -]?\d{3,4}[ -]?\d{3,4}\b"
    r"|\b(?:first|second|third|fourth|fifth|ground|top|\d{1,2}(?:st|nd|rd|th))\s+floor\b"
    r"|\b(?:first|second|third|fourth|final|last)\s+quarter\b"
    # an ordinal naming a numbered part: "the fifth and final paragraph", "the second bullet"
    rf"|\b(?:{'|'.join(_ORDINALS)})(?:\s+(?:and|or)\s+(?:final|last|next))?\s+"
    rf"(?:{_REFERENCE_WORDS}|bullet(?:\s+point)?s?|sentence|limb)\b"
    # school year groups, footnote marks, a copyright year
    r"|(?-i:\bYears?\s+(?:1[0-3]|[1-9])s?\b(?:\s*(?:to|and|&|[-–])\s*(?:1[0-3]|[1-9])\b)?)"
    r"|\[\d{1,3}\]|(?:\bcopyright|©)\s*\d{4}\b"
    # list numbering at the start: "2. This council notes", "3) that", "(4) to report";
    # and after a colon, semicolon, comma, "and" or "or": "aims: (1) to ...; 2) to ..."
    r"|^\s*\(?\d{1,2}(?:\.\d{1,2})*[.)](?=\s|$)"
    r"|(?:(?<=[:;,])|(?<=\band)|(?<=\bor))\s*\(?\d{1,2}\)(?=\s)"
    # the date of a letter or meeting being answered or proposed: "your letter of 3 May"
    r"|\b(?:letter|e-?mail|reply|response|correspondence|message|meeting|note|visit)\s+"
    r"(?:of|dated|on|by)\s+(?:the\s+)?(?:[A-Z][a-z]+day\s+)?\d{1,2}(?:st|nd|rd|th)?\s+"
    r"[A-Z][a-z]+(?:\s+\d{4})?"
    # a paragraph number opening a minute or report: "24.1 The motion was moved", "3 The"
    r"|^\s*\d{1,3}(?:\.\d{1,3})*\s+(?-i:(?=(?:The|This|That|These|Those|A|An|It|Its|In|On"
    r"|At|To|From|For|With|By|Of|As|If|When|Where|Following|After|Before|Under)\b))"
    # a document's name or date: "the Ofsted report of 2019", "... Children 2018 guidance"
    r"|\b(?:report|guidance|strategy|framework|plan|review|regulations)\s+of\s+\d{4}\b"
    r"|\b\d{4}\s+(?:guidance|strategy|framework|regulations|code)\b",
    re.IGNORECASE,
)


#: The period a sum of money is for: "a year", "per annum", "each month", "weekly".
_PER = re.compile(
    r"\s+(?:(?:a|an|per|each|every)\s+(year|annum|month|week|day)\b"
    r"|(annually|yearly|monthly|weekly|daily)\b)",
    re.IGNORECASE,
)
_PERIODS = {
    "year": "year",
    "annum": "year",
    "annually": "year",
    "yearly": "year",
    "month": "month",
    "monthly": "month",
    "week": "week",
    "weekly": "week",
    "day": "day",
    "daily": "day",
}


@dataclass(frozen=True)
class Figure:
    """A figure as written, where it is, and its value (a month is 1-12)."""

    text: str
    start: int
    end: int
    kind: FigureKind
    value: float
    #: The period a sum is for ("£22 million a year": "year"), when the text says.
    per: str | None = None
    #: What a period spans ("2018/19": April 2018 to March 2019); its value is its first year.
    period: PartialDate | None = None

    def same(self, other: Figure) -> bool:
        """Whether two figures state the same thing.

        Months only match months, percentage points only percentage points (a rise of 5
        points is not a rise of 5 per cent), and a sum a year is not the same sum a month.
        A period matches a period or a year it overlaps, and a month it has.
        """
        if "period" in (self.kind, other.kind):
            return _same_time(self, other)
        return (
            (self.kind == "month") == (other.kind == "month")
            and (self.kind == "points") == (other.kind == "points")
            and abs(self.value - other.value) <= 1e-9 * max(1.0, abs(self.value))
            and (self.per is None or other.per is None or self.per == other.per)
        )

    def label(self) -> str:
        """How to print it: a month by name, else as written."""
        if self.kind == "month":
            return _MONTHS[int(self.value) - 1].capitalize()
        return f"{self.text} a {self.per}" if self.per else self.text


def _same_time(a: Figure, b: Figure) -> bool:
    """Whether a period and another figure can name the same time."""
    spans = [
        f.period.span()
        if f.period is not None
        else ((int(f.value), 1, 1), (int(f.value), 12, 31))
        if is_year(f)
        else None
        for f in (a, b)
    ]
    first, second = spans
    if first is not None and second is not None:
        return first[0] <= second[1] and second[0] <= first[1]
    month = a if a.kind == "month" else b if b.kind == "month" else None
    span = first or second
    if month is None or span is None:
        return False  # a count is not a time
    (y0, m0, _), (y1, m1, _) = span
    return any(
        (y0 * 12 + m0 - 1 + i) % 12 + 1 == month.value
        for i in range(min(12, (y1 - y0) * 12 + m1 - m0 + 1))
    )


@dataclass(frozen=True)
class Ratio:
    """“Three of the four”, "2 out of 5": a count of a whole, compared as a pair."""

    n: float
    m: float
    start: int
    end: int
    text: str

    def same(self, other: Ratio) -> bool:
        """Equal counts, or the same share ("two of four" and "one of two")."""
        return (self.n, self.m) == (other.n, other.m) or abs(
            self.n * other.m - other.n * self.m
        ) < 1e-9

    def complement(self) -> Ratio:
        """The rest of the whole: "one of the four" for "three of the four"."""
        return Ratio(self.m - self.n, self.m, self.start, self.end, self.text)

    def percent(self) -> float:
        """The share as a percentage."""
        return 100 * self.n / self.m if self.m else 0.0


_COUNT = rf"{_NUM}|{'|'.join(sorted(_UNITS, key=len, reverse=True))}"
_RATIO = re.compile(
    rf"\b(?P<n>{_COUNT})\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?"
    rf"(?P<m>{_COUNT})\b",
    re.IGNORECASE,
)
#: "one in five", "3 in 10", "one in every four": a share (never "12 in 2019", "37 in 2011-12").
_IN_RATIO = re.compile(
    rf"\b(?P<n>{_COUNT})\s+in\s+(?:every\s+)?"
    rf"(?P<m>{_COUNT}|{_TENS_WORDS}|a\s+hundred|hundred)\b"
    r"(?![/\-–—.,]\d|\s*(?:%|per\s?cent\b))",
    re.IGNORECASE,
)


def _count(word: str) -> float:
    key = " ".join(word.lower().replace(",", "").split())
    if key in _UNITS or key in _TENS:
        return float(_UNITS.get(key, _TENS.get(key, 0)))
    return 100.0 if key in ("a hundred", "hundred") else float(key)


def _in_ratios(text: str) -> list[Ratio]:
    """The shares written "N in M" ("one in five"): fewer than M, and M no year."""
    out = []
    for m in _IN_RATIO.finditer(text):
        n, whole = _count(m.group("n")), _count(m.group("m"))
        if 0 < n < whole <= 1000:
            out.append(Ratio(n, whole, m.start(), m.end(), m.group()))
    return out


_ALL = re.compile(rf"\ball\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?(?P<m>{_COUNT})\b", re.IGNORECASE)
_SHARE = re.compile(rf"\b(?P<f>{_FRACTION_WORDS})\s+(?=(?:of|the|all|its|their)\b)", re.IGNORECASE)


def is_year(figure: Figure) -> bool:
    """Whether a figure is a year written as four digits ("2019"), not a count."""
    return (
        figure.kind == "number"
        and figure.text.isdigit()
        and len(figure.text) == 4
        and 1900 <= figure.value <= 2100
    )


def is_ordinal(figure: Figure) -> bool:
    """Whether a figure is written as an ordinal ("third", "3rd")."""
    return (
        figure.text.lower() in _ORDINALS
        or re.fullmatch(r"\d+(?:st|nd|rd|th)", figure.text.lower()) is not None
    )


def ratios(text: str) -> list[Ratio]:
    """The shares ``text`` states, as counts of a whole.

    "three of the four areas", "2 out of 5", "one in five", "all four" (four of four), "three
    quarters" (three of four).
    """
    found = [
        Ratio(_count(m.group("n")), _count(m.group("m")), m.start(), m.end(), m.group())
        for m in _RATIO.finditer(text)
    ]
    found += [
        Ratio(_count(m.group("m")), _count(m.group("m")), m.start(), m.end(), m.group())
        for m in _ALL.finditer(text)
    ]
    found += _in_ratios(text)
    for m in _SHARE.finditer(text):
        share = _fraction(m.group("f"))
        if share is not None:
            found.append(Ratio(*share, m.start(), m.start() + len(m.group("f")), m.group("f")))
    found.sort(key=lambda r: r.start)
    return [
        r for i, r in enumerate(found) if not any(o.start <= r.start < o.end for o in found[:i])
    ]


def _fraction(words: str) -> tuple[int, int] | None:
    """``(2, 3)`` for "two thirds", ``(1, 2)`` for "half"; None for no share ("five fifths")."""
    parts = re.split(r"[\s-]+", words.lower())
    if parts == ["half"]:
        return 1, 2
    n, d = _NUMERATORS[parts[0]], _DENOMINATORS[parts[1].removesuffix("s")]
    return (n, d) if n < d else None


def _number(text: str, scale: str | None) -> float:
    return float(text.replace(",", "")) * (_SCALES[scale.lower()] if scale else 1.0)


def _word_value(match: re.Match[str]) -> float:
    if match.group("hu"):  # "two hundred and thirty-two"
        hu, tens, unit = (match.group(g) or "zero" for g in ("hu", "htens", "htu"))
        hundreds = 1 if hu.lower() in ("a", "one") else _UNITS[hu.lower()]
        rest = _TENS.get(tens.lower(), 0) + _UNITS[unit.lower()]
        if match.group("hunit"):
            rest = _UNITS[match.group("hunit").lower()]
        value = 100.0 * hundreds + rest
    elif match.group("dozen"):
        value = 12.0
    elif match.group("tens"):
        unit = (match.group("tu") or "zero").lower()
        value = _TENS[match.group("tens").lower()] + _UNITS[unit]
    else:
        value = _UNITS[match.group("unit").lower()]
    scale = match.group("wscale")
    return value * (_SCALES[scale.lower()] if scale else 1.0)


def _month(word: str, text: str, start: int, end: int) -> int | None:
    """The month a capitalised month word names, or None ("may", "March on" without a number)."""
    if not word[0].isupper():
        return None
    key = word.rstrip(".").lower()
    month = _MONTHS.index(key) + 1 if key in _MONTHS else _SHORT_MONTHS.get(key)
    if month is None:
        return None
    near = text[max(0, start - 6) : start] + " " + text[end : end + 6]
    if (key in ("may", "march") or key not in _MONTHS) and not re.search(r"\d", near):
        return None  # "we may", "a march", "Dec" with no day or year beside it
    return month


def _matched(m: re.Match[str], text: str) -> list[Figure]:
    """The figures one match of the pattern states (a date in figures states three)."""
    span = (text[m.start() : m.end()], m.start(), m.end())
    if m.group("date"):
        day, month, year = (int(m.group(g)) for g in ("dd", "mm", "yy"))
        if not 1 <= month <= 12:
            return []
        return [
            Figure(*span, "number", float(day)),
            Figure(*span, "month", float(month)),
            Figure(*span, "number", float(year + 2000 if year < 100 else year)),
        ]
    if m.group("money"):
        per = _PER.match(text, m.end())
        return [
            Figure(
                *span,
                "money",
                _number(m.group("mnum"), m.group("mscale")),
                _PERIODS[(per.group(1) or per.group(2)).lower()] if per else None,
            )
        ]
    if m.group("points"):
        return [Figure(*span, "points", _number(m.group("ptnum"), None))]
    if m.group("percent"):
        return [Figure(*span, "percent", _number(m.group("pnum"), None))]
    if m.group("number"):
        return [Figure(*span, "number", _number(m.group("num"), m.group("nscale")))]
    if m.group("fraction"):
        share = _fraction(m.group("fraction"))
        return [Figure(*span, "percent", 100.0 * share[0] / share[1])] if share else []
    if m.group("words"):
        unit = _WORDS_PERCENT.match(text, m.end())
        if unit is None:
            return [Figure(*span, "number", _word_value(m))]
        kind: FigureKind = "points" if unit.group(1) else "percent"
        return [Figure(text[m.start() : unit.end()], m.start(), unit.end(), kind, _word_value(m))]
    if m.group("ordinal"):
        return [Figure(*span, "number", float(_ORDINALS[m.group("ordinal").lower()]))]
    named = _month(m.group("month"), text, m.start(), m.end())
    return [] if named is None else [Figure(*span, "month", float(named))]


#: "forty per cent", "five percentage points": a count in words with its unit.
_WORDS_PERCENT = re.compile(r"\s*(?:(percentage[- ]points?)|%|per\s?cent)\b", re.IGNORECASE)


def figures(text: str, *, finite: bool = True) -> list[Figure]:
    """The figures ``text`` states, in order.

    A run of digits past a float's range ("999...9", 400 digits) reads as infinity: no
    figure anyone states, and no value a fact's figure may hold, so it is left out
    (``finite=False`` keeps it, for a caller that says why it is refused).
    """
    skip = _Spans(
        [*(m.span() for m in _NOT_A_FIGURE.finditer(text)), *title_years(text), *addresses(text)]
    )
    out = [
        Figure(p.text, p.start, p.end, "period", float(p.date.year), period=p.date)
        for p in periods(text)
        if skip.free(p.start, p.end)
    ]
    out += [
        Figure(r.text, r.start, r.end, "percent", r.percent())
        for r in _in_ratios(text)
        if skip.free(r.start, r.end)
    ]
    skip = _Spans([*skip.spans, *((f.start, f.end) for f in out)])
    for m in _FIGURE.finditer(text):
        if skip.free(m.start(), m.end()):
            out += _matched(m, text)
    return sorted((f for f in out if not finite or isfinite(f.value)), key=lambda f: f.start)


class _Spans:
    """Spans of text taken already; whether a span overlaps none, in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self._starts = [a for a, _ in self.spans]
        self._reach = list(accumulate((b for _, b in self.spans), max))

    def free(self, a: int, b: int) -> bool:
        """Whether ``[a, b)`` overlaps no span."""
        i = bisect_left(self._starts, b)  # the spans starting before b
        return i == 0 or self._reach[i - 1] <= a
