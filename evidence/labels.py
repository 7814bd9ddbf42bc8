"""Numbers that belong to a name: "Keeping Children Safe in Education 2023", "1 Mill Lane".

A statute, a piece of statutory guidance or a report is named by words in title case and
its year: "the Children and Social Work Act 2017", "Working Together to Safeguard Children
2018", "Working Together 2018". The year is part of the name, not a claim about when
something happened. The grammar: two or more capitalised words (small words such as "to",
"in", "and" may join them), the last not a month, a day or a possessive, then a year; a
word that only opens a sentence or a phrase ("In", "The", "Since") does not count.

A year after a name is a date when a dated event follows it ("the North Northamptonshire
2022 inspection": the inspection's year), and a year before a name ("In 2023 the Council
spent") is a title's only when a kind of document follows the name ("the 2018 Working
Together guidance").

A house number belongs to its street: "1 Mill Lane", "24a Market Street" (a street is one
to three capitalised words and a kind of street).
"""

from __future__ import annotations

import re

from evidence.dates import MONTHS

_CAPITAL = re.compile(r"[A-Z][\w'’-]*")
_SMALL = frozenset(
    ("of", "and", "for", "in", "to", "the", "on", "with", "a", "an", "at", "by", "&")
)
#: A year, or years: "2023", "Annual Report 2022/23", "Local Plan 2018-2023"; never a
#: percentage ("2019 per cent" is no year).
_YEAR = re.compile(
    r"(?<![\w/.£-])(?:1[89]|20)\d\d(?:[/\-–](?:(?:1[89]|20)\d\d|\d\d)\b)?\b"
    r"(?![/\-–]\d|\s*(?:%|per\s?cent))"
)
#: The words of a name, read back from its year or on from it: no further than a title runs.
_WORD = re.compile(r"[\w'’&-]+|[^\w\s]")
_REACH = 120
#: "the 2018 Working Together guidance": a year, a name, and what kind of document it is.
_DOCUMENTS = frozenset(
    (
        "guidance",
        "framework",
        "strategy",
        "code",
        "protocol",
        "standards",
        "act",
        "regulations",
        "paper",
    )
)
#: Capitalised words that open a sentence or a phrase rather than name something.
_OPENERS = frozenset(
    (
        "the",
        "a",
        "an",
        "in",
        "at",
        "on",
        "by",
        "since",
        "from",
        "until",
        "till",
        "before",
        "after",
        "during",
        "for",
        "of",
        "to",
        "under",
        "as",
        "and",
        "but",
        "or",
        "this",
        "that",
        "these",
        "those",
        "our",
        "its",
        "their",
        "his",
        "her",
        "my",
        "your",
        "we",
        "i",
        "it",
        "when",
        "while",
        "between",
        "over",
        "through",
        "both",
        "all",
        "by",
        "so",
        "if",
        "then",
        "also",
        "yet",
        "last",
        "next",
        "early",
        "late",
        "mid",
        "spring",
        "summer",
        "autumn",
        "winter",
    )
)
_CALENDAR = frozenset(
    (
        *(m.lower() for m in MONTHS),
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    )
)
#: A person's name is no title: "Cllr Smith 2019".
_HONORIFICS = frozenset(
    (
        "cllr",
        "councillor",
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "professor",
        "prof",
        "rev",
        "baroness",
        "baron",
    )
)
#: A dated event after the year makes the year its date: "the Ofsted North 2022 inspection".
_EVENTS = frozenset(
    (
        "inspection",
        "inspections",
        "visit",
        "visits",
        "judgement",
        "judgment",
        "rating",
        "election",
        "elections",
        "budget",
        "budgets",
        "accounts",
        "results",
        "figures",
        "data",
        "statistics",
        "survey",
        "census",
        "meeting",
        "meetings",
        "decision",
        "report",
        "reports",
        "review",
        "audit",
        "outturn",
        "spending",
        "spend",
        "intake",
        "cohort",
    )
)


def title_years(text: str) -> list[tuple[int, int]]:
    """The spans of the names with a year in ``text`` (name and year together).

    Each year is read from: the words before it for a name ending at it, the words after it
    for a name and a kind of document. Each look is bounded, so the time is linear.
    """
    spans = []
    for m in _YEAR.finditer(text):
        start = _name_before(text, m.start(), m.end())
        if start is not None:
            spans.append((start, m.end()))
        elif (end := _name_after(text, m.end())) is not None:
            spans.append((m.start(), end))
    return spans


def _name_before(text: str, at: int, end: int) -> int | None:
    """Where a name that ends just before the year at ``at`` starts, or None."""
    base = max(0, at - _REACH)
    words = list(_WORD.finditer(text, base, at))
    run: list[re.Match[str]] = []
    for w in reversed(words):
        if _CAPITAL.fullmatch(w.group()):
            run.insert(0, w)
        elif w.group() not in _SMALL or not run:
            break
    while run and not _CAPITAL.fullmatch(run[0].group()):
        run.pop(0)
    if not run or (base > 0 and run[0] is words[0]):
        return None  # no name, or one longer than a title runs
    last = run[-1].group().lower()
    after = re.match(r"\s+([a-z]+)", text[end : end + 40])
    if (
        last in _CALENDAR
        or last.endswith(("'s", "’s", "s'", "s’"))
        or (after is not None and after.group(1) in _EVENTS)
    ):
        return None  # "June 2019", "Ofsted's 2022 reports", "the North 2022 inspection"
    named = [w for w in run if w.group().lower() not in _OPENERS | _CALENDAR]
    if len(named) < 2 or named[0].group().lower().rstrip(".") in _HONORIFICS:
        return None
    return named[0].start()


def _name_after(text: str, end: int) -> int | None:
    """Where "2018 Working Together guidance" ends, from the year's end, or None."""
    capitals = 0
    for w in _WORD.finditer(text, end, min(len(text), end + _REACH)):
        word = w.group()
        if _CAPITAL.fullmatch(word):
            capitals += 1
        elif word.lower() in _DOCUMENTS and capitals:
            return w.end()
        elif word not in _SMALL or not capitals:
            return None
    return None


#: A house number and its street: "1 Mill Lane", "24a Market Street".
_ADDRESS = re.compile(
    r"\b\d{1,3}[a-z]?,?\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:Road|Rd|Street|St|Lane|Avenue|Ave"
    r"|Close|Way|Drive|Square|Place|Crescent|Court|Gardens|Terrace|Row|Walk|Hill|Green|Parade"
    r"|Grove|Mews|Yard|Wharf|Quay)\b"
)


#: A bus route: "the number 9 bus", "the 40 bus" (never "40 buses").
_BUS = re.compile(r"\b(?:number|no\.|the)\s+\d{1,3}[A-Z]?\s+(?:bus|tram|service)\b")


def addresses(text: str) -> list[tuple[int, int]]:
    """The spans of house numbers with their street, and of bus routes, in ``text``."""
    return [m.span() for pattern in (_ADDRESS, _BUS) for m in pattern.finditer(text)]
