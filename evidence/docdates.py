"""The dates a document states of itself on its first page: when it was inspected, when published.

Reports print them as labelled lines: "Inspection dates: 3 to 14 October 2022", "Inspected
3 October to 14 October 2022", "Report published: 25 November 2022", "Date of publication:
...". A label's date is on its line, or on the next lines when a layout set the labels in
one column and the values in another ("Age group:" / "Published:" then "All" / "23 August
2013": the values are taken in the order of their labels). Only what is written is read:
a label with no date after it gives nothing, and nothing is inferred from other dates on
the page. A range gives its first and last day ("28 November to 9 December 2022", "30
September – 11 October 2019"); a date that leaves out its month or year takes them from the
date it runs to ("3 to 14 October 2022" is 3 October 2022 to 14 October 2022).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from evidence.dates import MONTHS, PartialDate

StatedWhat = Literal["inspection", "publication"]

_LABELS: tuple[tuple[StatedWhat, str], ...] = (
    (
        "inspection",
        r"(?:inspection|fieldwork|visit)\s+dates?|dates?\s+of\s+(?:the\s+)?"
        r"(?:inspection|fieldwork|(?:focused\s+|monitoring\s+)?visit)"
        r"|inspected(?:\s+(?:on|between|from))?|inspection\s+(?:took\s+place|was\s+"
        r"carried\s+out)(?:\s+(?:on|between|from))?",
    ),
    (
        "publication",
        r"(?:report\s+|date\s+)?published(?:\s+on)?|date\s+of\s+publication"
        r"|publication\s+date",
    ),
)
_LABEL = re.compile("|".join(f"(?P<{what}>{pattern})" for what, pattern in _LABELS), re.IGNORECASE)
_MONTHS = tuple(m.lower() for m in MONTHS)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
)
_ONE = (
    rf"(?P<{{p}}d>\d{{{{1,2}}}})(?:st|nd|rd|th)?(?:\s+(?P<{{p}}m>{_MONTH})"
    r"(?:,?\s+(?P<{p}y>\d{{4}}))?)?"
)
_SEP = r"\s*(?:to|until|till|-|–|—)\s*"
_RANGE = rf"{_ONE.format(p='a')}(?:{_SEP}{_ONE.format(p='b')})?"
_ANY_RANGE = re.sub(r"\(\?P<\w+>", "(?:", _RANGE)
_DATES = re.compile(rf"{_ANY_RANGE}(?:\s*(?:,|and|&)\s*{_ANY_RANGE})*", re.IGNORECASE)
_ONE_RANGE = re.compile(_RANGE, re.IGNORECASE)
#: A line that is only a label (its value set apart): "Published:", "Inspection dates:".
_LABEL_LINE = re.compile(r"^\s*[A-Z][\w ’'()-]{1,40}:\s*$")


@dataclass(frozen=True)
class StatedDate:
    """A date a document states of itself: what it dates, the date, and where it was read."""

    what: StatedWhat
    date: PartialDate  # a day, or a period from the first day ``until`` the last
    label: str  # "Inspection dates:"
    words: str  # "3 to 14 October 2022", as written
    start: int  # where ``words`` are in the text
    end: int


def _month(word: str | None) -> int | None:
    if not word:
        return None
    key = word.lower().rstrip(".")
    return next((i for i, m in enumerate(_MONTHS, 1) if m.startswith(key[:3])), None)


def _day(d: str, m: int, y: int) -> PartialDate | None:
    try:
        return PartialDate(y, m, int(d))
    except ValueError:
        return None


def _range(
    m: re.Match[str], month: int | None, year: int | None
) -> tuple[PartialDate, PartialDate] | None:
    """The first and last day of one date or range.

    What a date leaves out comes from the date it runs to, or from the next date of a
    list (``month`` and ``year``): "3 to 14 October 2022", "3 and 4 October 2022".
    """
    end = "b" if m.group("bd") else "a"
    end_month = _month(m.group(f"{end}m")) or month
    end_year = int(m.group(f"{end}y")) if m.group(f"{end}y") else year
    if end_month is None or end_year is None:
        return None
    last = _day(m.group(f"{end}d"), end_month, end_year)
    if end == "a":
        return (last, last) if last else None
    first_month = _month(m.group("am")) or end_month
    first_year = int(m.group("ay") or end_year)
    first = _day(m.group("ad"), first_month, first_year)
    if first is not None and last is not None and first > last and not m.group("ay"):
        first = _day(m.group("ad"), first_month, first_year - 1)  # "29 December to 9 January"
    if first is None or last is None or first > last:
        return None
    return first, last


def _read(what: StatedWhat, label: str, text: str, at: int) -> StatedDate | None:
    """The date written at ``at`` (after blanks), if one is."""
    lead = len(text[at:]) - len(text[at:].lstrip(" \t\n:"))
    m = _DATES.match(text, at + lead)
    if m is None:
        return None
    ranges: list[tuple[PartialDate, PartialDate]] = []
    month: int | None = None
    year: int | None = None
    for part in reversed(list(_ONE_RANGE.finditer(m.group()))):
        found = _range(part, month, year)
        if found is None:
            return None  # a date it cannot read: say nothing rather than part of it
        ranges.append(found)
        month, year = found[0].month, found[0].year
    first, last = min(r[0] for r in ranges), max(r[1] for r in ranges)
    date = first if first == last else PartialDate(first.year, first.month, first.day, until=last)
    words = m.group().rstrip(" \t\n,&")
    return StatedDate(what, date, label, words, m.start(), m.start() + len(words))


def _what(label: re.Match[str] | None) -> StatedWhat | None:
    """Which date a label names."""
    return next((w for w, _ in _LABELS if label is not None and label.group(w)), None)


def stated_dates(first_page: str) -> list[StatedDate]:
    """The inspection and publication dates a document's first page states, in order."""
    out: list[StatedDate] = []
    waiting: list[tuple[StatedWhat | None, str]] = []  # labels set apart from their values
    offset = 0
    for line in first_page.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        if not line.strip():
            continue
        label = _LABEL.match(line.strip())
        indent = len(line) - len(line.lstrip())
        if _LABEL_LINE.match(line):  # a label alone: its value comes later, in its turn
            whole = label is not None and label.end() >= len(line.strip()) - 1
            waiting.append((_what(label) if whole else None, line.strip()))
            continue
        what, words, at = None, "", start
        if label is not None:
            what, words, at = _what(label), label.group(), start + indent + label.end()
            waiting.clear()
        elif waiting:
            what, words = waiting.pop(0)
        found = _read(what, words, first_page, at) if what is not None else None
        if found is not None:
            out.append(found)
    return out
