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

_CAPITAL = r"[A-Z][\w'’-]*"
_SMALL = r"(?:of|and|for|in|to|the|on|with|a|an|at|by|&)"
_TITLE = re.compile(rf"(?<![\w'’-])(?P<name>{_CAPITAL}(?:\s+(?:{_SMALL}\s+)*{_CAPITAL})*)"
                    # the year, or years: "Annual Report 2022/23", "Local Plan 2018-2023"
                    r"\s+(?P<year>(?:1[89]|20)\d\d(?:[/\-–](?:(?:1[89]|20)\d\d|\d\d)\b)?)"
                    r"\b(?![/\-–]\d|\s*(?:%|per\s?cent))"
                    r"(?P<after>\s+[a-z]+)?")
#: "the 2018 Working Together guidance": a year, a name, and what kind of document it is.
_YEAR_TITLE = re.compile(rf"\b(?:1[89]|20)\d\d\s+{_CAPITAL}(?:\s+(?:{_SMALL}\s+)*{_CAPITAL})*"
                         r"\s+(?:guidance|framework|strategy|code|protocol|standards|act"
                         r"|regulations|white\s+paper|green\s+paper)\b")
#: Capitalised words that open a sentence or a phrase rather than name something.
_OPENERS = frozenset((
    "the", "a", "an", "in", "at", "on", "by", "since", "from", "until", "till", "before",
    "after", "during", "for", "of", "to", "under", "as", "and", "but", "or", "this", "that",
    "these", "those", "our", "its", "their", "his", "her", "my", "your", "we", "i", "it",
    "when", "while", "between", "over", "through", "both", "all", "by", "so", "if", "then",
    "also", "yet", "last", "next", "early", "late", "mid", "spring", "summer", "autumn",
    "winter"))
_CALENDAR = frozenset((
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday"))
#: A person's name is no title: "Cllr Smith 2019".
_HONORIFICS = frozenset(("cllr", "councillor", "mr", "mrs", "ms", "mx", "dr", "sir", "dame",
                         "lord", "lady", "professor", "prof", "rev", "baroness", "baron"))
#: A dated event after the year makes the year its date: "the Ofsted North 2022 inspection".
_EVENTS = frozenset((
    "inspection", "inspections", "visit", "visits", "judgement", "judgment", "rating",
    "election", "elections", "budget", "budgets", "accounts", "results", "figures", "data",
    "statistics", "survey", "census", "meeting", "meetings", "decision", "report", "reports",
    "review", "audit", "outturn", "spending", "spend", "intake", "cohort"))


def title_years(text: str) -> list[tuple[int, int]]:
    """The spans of the names with a year in ``text`` (name and year together)."""
    spans = []
    for m in _TITLE.finditer(text):
        found = list(re.finditer(_CAPITAL, m.group("name")))
        words = [w.group() for w in found]
        last = words[-1].lower()
        if last in _CALENDAR or last.endswith(("'s", "’s", "s'", "s’")):
            continue
        after = (m.group("after") or "").strip()
        if after in _EVENTS:
            continue
        named = [w for w in found if w.group().lower() not in _OPENERS | _CALENDAR]
        if len(named) >= 2 and named[0].group().lower().rstrip(".") not in _HONORIFICS:
            spans.append((m.start("name") + named[0].start(), m.end("year")))
    return spans + [m.span() for m in _YEAR_TITLE.finditer(text)] + \
        [m.span() for m in _BUS.finditer(text)]


#: A bus route: "the number 9 bus", "the 40 bus" (never "40 buses").
_BUS = re.compile(r"\b(?:number|no\.|the)\s+\d{1,3}[A-Z]?\s+(?:bus|tram|service)\b")


#: A house number and its street: "1 Mill Lane", "24a Market Street".
_ADDRESS = re.compile(
    rf"\b\d{{1,3}}[a-z]?,?\s+(?:{_CAPITAL}\s+){{1,3}}(?:Road|Rd|Street|St|Lane|Avenue|Ave"
    r"|Close|Way|Drive|Square|Place|Crescent|Court|Gardens|Terrace|Row|Walk|Hill|Green|Parade"
    r"|Grove|Mews|Yard|Wharf|Quay)\b")


def addresses(text: str) -> list[tuple[int, int]]:
    """The spans of house numbers with their street in ``text``."""
    return [m.span() for m in _ADDRESS.finditer(text)]
