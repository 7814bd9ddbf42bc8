"""Periods a sentence names by their years: financial and academic years, quarters, year ranges.

How the forms are read (dates, never numbers):

* ``2018/19``, ``2018/2019``, ``2018-19`` or ``2018–19`` (two years in a row) is the **financial
  year**, 1 April 2018 to 31 March 2019: the year UK councils, the NHS and government
  statistics count in, and the way reports write it. It is the **academic year** (1 September
  to 31 August) when the words around it say so: "academic year" or "school year", or words
  of schools ("pupils", "GCSE", "key stage") and none of money ("£", "budget", "spend",
  "grant": "the 2019/20 schools budget" is a financial year). "financial year" or "FY" before
  it says financial outright.
* ``2018-2019`` (four digits each side, a dash) reads as a financial or academic year only
  with such words around it (money: "£", "budget", "spend"...), else as the two calendar years
  2018 and 2019, which it may also mean.
* ``Q3 2019/20``, ``quarter 3 of 2019/20``, ``the third quarter of 2019/20``: a quarter of a
  financial year, Q1 April to June ... Q4 January to March. ``Q1 2020`` (one year) is a quarter
  of the calendar year, Q1 January to March. "the first two quarters of 2015–16" is April to
  September 2015.
* ``2011–14``, ``2013–2018`` (more than a year apart): the calendar years from the first to
  the last, the widest thing it can mean (a plan's or a strategy's years).

Each is a :class:`~evidence.dates.PartialDate` with an ``until``, so it is compared with a
fact's as-at date by overlapping, to the precision each is known.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from evidence.dates import PartialDate

PeriodKind = Literal["financial-year", "academic-year", "quarter", "years"]

_YEAR = r"(?:19|20)\d\d"


def _pair(p: str) -> str:
    """Two years: "2018/19", "2018-2019", "2011–14"; not part of a reference ("LAB/2019/20").

    Its groups are named ``{p}a`` (the first year), ``{p}sep`` and ``{p}b`` (the second).
    """
    return (
        rf"(?<![\w/.\-–−])(?P<{p}a>{_YEAR})\s?(?P<{p}sep>[/\-–—−])\s?"
        rf"(?P<{p}b>\d{{4}}|\d{{2}})(?![\w/]|[\-–—−.]\d)"
    )


_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
_HOW_MANY = {"two": 2, "three": 3}
_QUARTER = re.compile(
    rf"\b(?:Q(?P<q>[1-4])|quarter\s+(?P<qn>[1-4])"
    rf"|(?:the\s+)?(?P<qw>first|second|third|fourth|final|last)"
    rf"(?:\s+(?P<many>two|three))?\s+quarters?)"
    rf"(?:\s*(?:of|in)?\s+(?:the\s+)?(?:(?:financial|fiscal)\s+year\s+|FY\s?)?)?[,\s]*"
    rf"(?:{_pair('')}|(?<![\w/])(?P<year>{_YEAR})(?![\w/]|[\-–—]\d))"
    rf"|(?:{_pair('r')})\s*,?\s*Q(?P<rq>[1-4])\b",
    re.IGNORECASE,
)
_PAIR_RE = re.compile(_pair(""))
_FINANCIAL_BEFORE = re.compile(r"\b(?:financial|fiscal)\s+years?\s*$|\bFY\s?$", re.IGNORECASE)
_ACADEMIC_YEAR = re.compile(r"\b(?:academic|school)\s+years?\b", re.IGNORECASE)
_ACADEMIC = re.compile(
    r"\b(?:academic|schools?|pupils?|exams?|examinations?|GCSEs?|A[- ]levels?"
    r"|key\s+stages?|university|college|students?)\b",
    re.IGNORECASE,
)
_FINANCIAL = re.compile(
    r"£|\b(?:financial|fiscal|FY|budgets?|budgeted|spend\w*|spent|funding"
    r"|funded|grants?|costs?|costing|savings?|overspen\w*|underspen\w*"
    r"|revenue|capital|precept|council\s+tax|expenditure|income|outturn"
    r"|accounts?|deficit|surplus)\b",
    re.IGNORECASE,
)
#: How far either side of a year pair its words are looked for.
_NEAR = 60


@dataclass(frozen=True)
class Period:
    """A period as written, where it is, and what it spans."""

    text: str
    start: int
    end: int
    kind: PeriodKind
    date: PartialDate  # with ``until``: the first and last month of the period

    def label(self) -> str:
        """``2018/19 (financial year: April 2018 to March 2019)``."""
        what = self.kind.replace("-", " ")
        return f"{self.text} ({what}: {self.date.long()})"


def _basis(text: str, start: int, end: int, *, dashed_full: bool) -> PeriodKind | None:
    """Financial or academic year, from the words around a year pair (None: they say neither).

    "financial year" or "FY" before it, then "academic year" or "school year" near it, then
    words of money, then words of schools; with none, a financial year, except a pair
    written "2018-2019", which may as well be two calendar years.
    """
    before, after = text[max(0, start - _NEAR) : start], text[end : end + _NEAR]
    near = f"{before} {after}"
    if _FINANCIAL_BEFORE.search(before):
        return "financial-year"
    if _ACADEMIC_YEAR.search(near):
        return "academic-year"
    if _FINANCIAL.search(near):
        return "financial-year"
    if _ACADEMIC.search(near):
        return "academic-year"
    return None if dashed_full else "financial-year"


def _year_of_pair(m: re.Match[str], p: str = "") -> tuple[int, int, bool] | None:
    """The first and last year a pair names, and whether they are one year apart."""
    first, tail = int(m.group(f"{p}a")), m.group(f"{p}b")
    last = int(tail) if len(tail) == 4 else first - first % 100 + int(tail)
    if len(tail) == 2 and last < first:
        last += 100  # "1999/00"
    if not first < last <= first + 30:
        return None
    return first, last, last == first + 1


def _pair_period(text: str, m: re.Match[str]) -> Period | None:
    years = _year_of_pair(m)
    if years is None:
        return None
    first, last, one_apart = years
    span = text[m.start() : m.end()]
    if one_apart:
        dashed_full = m.group("sep") != "/" and len(m.group("b")) == 4
        kind = _basis(text, m.start(), m.end(), dashed_full=dashed_full)
        if kind == "financial-year":
            date = PartialDate(first, 4, until=PartialDate(last, 3))
            return Period(span, m.start(), m.end(), kind, date)
        if kind == "academic-year":
            date = PartialDate(first, 9, until=PartialDate(last, 8))
            return Period(span, m.start(), m.end(), kind, date)
    return Period(span, m.start(), m.end(), "years", PartialDate(first, until=PartialDate(last)))


def _quarter_period(m: re.Match[str]) -> Period | None:
    """A quarter (or the first quarters) of a financial year, or of a calendar year."""
    pair: str | None
    if m.group("rq"):
        number, many, pair = int(m.group("rq")), 1, "r"
    else:
        word = (m.group("qw") or "").lower()
        number = int(m.group("q") or m.group("qn") or _ORDINAL.get(word, 0))
        many = _HOW_MANY.get((m.group("many") or "").lower(), 1)
        pair = "" if m.group("a") else None
        if many > 1 and word != "first":
            return None  # "the last two quarters": from which end is not worth guessing
    if pair is not None:
        years = _year_of_pair(m, pair)
        if years is None or not years[2]:
            return None
        first_month = 4 + 3 * (number - 1)  # Q1 April ... Q4 January of the next year
        year = years[0] + (first_month - 1) // 12
    else:
        first_month, year = 1 + 3 * (number - 1), int(m.group("year"))
    month = (first_month - 1) % 12 + 1
    last = month + 3 * many - 1
    until = PartialDate(year + (last - 1) // 12, (last - 1) % 12 + 1)
    return Period(m.group(), m.start(), m.end(), "quarter", PartialDate(year, month, until=until))


def periods(text: str) -> list[Period]:
    """The periods ``text`` names by their years, in order."""
    quarters = [q for m in _QUARTER.finditer(text) if (q := _quarter_period(m)) is not None]
    starts = [q.start for q in quarters]  # in order, and apart: finditer's matches
    out = list(quarters)
    for m in _PAIR_RE.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < quarters[i].end:
            continue  # the year of a quarter
        found = _pair_period(text, m)
        if found is not None:
            out.append(found)
    return sorted(out, key=lambda p: p.start)
