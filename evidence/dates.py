"""Dates known to a day, a month or only a year: ``2019``, ``2019-06``, ``2019-06-17``.

A date may also run on to another: ``2018-04/2019-03`` (ISO 8601's interval, here the
financial year 2018/19), ``2022-10-03/2022-10-14`` (an inspection's two weeks).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, PlainSerializer

Precision = Literal["year", "month", "day", "period"]
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_INTERVAL = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)/(\d{4}(?:-\d{2}(?:-\d{2})?)?)$")
#: Two years in a row as UK bodies write a year that is not a calendar year: "2018/19".
_YEAR_PAIR = re.compile(r"^((?:19|20)\d\d)\s*[/\-–]\s*(\d{2}|\d{4})$")
#: The months as they are written, January first (``MONTHS[month - 1]``).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A calendar date whose month and day may be unknown; or a period, ``until`` another."""

    year: int
    month: int | None = None
    day: int | None = None
    #: The last day, month or year of a period that starts at this date.
    until: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        dt.date(self.year, self.month or 1, self.day or 1)  # raises ValueError if impossible
        if self.until is not None:
            if self.until.until is not None:
                raise ValueError("a period ends at a date, not at another period")
            if self.until.span()[0] < self.start().span()[0]:
                raise ValueError("a period cannot end before it starts")

    def start(self) -> PartialDate:
        """The date a period starts on (the date itself when it is not a period)."""
        return PartialDate(self.year, self.month, self.day)

    def sort_key(self) -> tuple[int, int, int]:
        """Chronological key: a year sorts before any month in it, a month before its days."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    @property
    def precision(self) -> Precision:
        """How precisely the date is known."""
        if self.until is not None:
            return "period"
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Accept ``2019``, ``"2019-06"``, ``"2019-06-17"``, a :class:`datetime.date`, or a period.

        A period is two of those joined by ``/`` (ISO 8601): ``"2018-04/2019-03"``.
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        text = str(value).strip() if isinstance(value, int | str) else ""
        interval = _INTERVAL.match(text)
        if interval:
            first, last = (cls.parse(part) for part in interval.groups())
            try:
                return cls(first.year, first.month, first.day, until=last)
            except ValueError as exc:
                raise ValueError(f"{value!r} is not a period: {exc}") from None
        match = _PATTERN.match(text)
        if not match:
            raise ValueError(date_problem(value, "YYYY, YYYY-MM or YYYY-MM-DD"))
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            return cls(year or 0, month, day)
        except ValueError:
            raise ValueError(date_problem(value, "YYYY-MM-DD")) from None

    def iso(self) -> str:
        """``2019``, ``2019-06``, ``2019-06-17``, or a period: ``2018-04/2019-03``."""
        if self.until is not None:
            return f"{self.start().iso()}/{self.until.iso()}"
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def long(self) -> str:
        """UK style: ``17 June 2019``, ``June 2019``, ``2019``, ``3 to 14 October 2022``."""
        if self.until is not None:
            return _long_period(self.start(), self.until)
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def span(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """The first and last day it can mean, as ``(year, month, day)``.

        ``2019`` spans ``(2019, 1, 1)`` to ``(2019, 12, 31)``, a period from its first day to
        the last of its ``until``; the end day is an upper bound for comparing, not a checked
        date.
        """
        if self.until is not None:
            return self.start().span()[0], self.until.span()[1]
        return (
            (self.year, self.month or 1, self.day or 1),
            (self.year, self.month or 12, self.day or 31),
        )

    def __str__(self) -> str:
        return self.iso()


def _long_period(first: PartialDate, last: PartialDate) -> str:
    """``3 to 14 October 2022``, ``28 November to 9 December 2022``, ``April 2018 to March 2019``.

    The first date leaves out what it shares with the last, when both are known to the day.
    """
    if first.precision == last.precision == "day" and first.year == last.year:
        head = (
            str(first.day)
            if first.month == last.month
            else f"{first.day} {MONTHS[(first.month or 1) - 1]}"
        )
        return f"{head} to {last.long()}"
    return f"{first.long()} to {last.long()}"


def _parse(value: Any) -> PartialDate:
    return PartialDate.parse(value)


#: Use in pydantic models: validates from YAML, serialises to ISO text.
PartialDateField = Annotated[
    PartialDate, BeforeValidator(_parse), PlainSerializer(lambda d: d.iso(), return_type=str)
]


_WRITTEN = re.compile(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?({'|'.join(MONTHS)})\s+(\d{{4}})\b")


def written_date(text: str) -> tuple[PartialDate, str] | None:
    """The first date written out in ``text``, with the words that wrote it.

    "14 November 2019" or "March 2023"; None if there is none, or it is impossible
    ("31 February 2019").
    """
    m = _WRITTEN.search(text)
    if m is None:
        return None
    try:
        date = PartialDate(
            int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1)) if m.group(1) else None
        )
    except ValueError:
        return None
    return date, m.group()


#: A date written with figures in another order: ``17/09/2019``, ``17.9.19``, ``2019/09/17``.
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})(?:[/.\-](\d{1,2}))?$")


def date_problem(value: object, form: str = "YYYY-MM-DD") -> str:
    """What is wrong with a date as written, and how to write it.

    A real date in another form is not "not a real date": ``'17/09/2019' is written
    day/month/year: write it as 2019-09-17`` (UK order, as councils write dates); only an
    impossible one ("2019-02-30", "31/02/2019") is called that.
    """
    text = str(value).strip()[:60] if isinstance(value, int | str) else ""
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    pair = _YEAR_PAIR.match(text)
    if pair and int(pair[2][-2:]) == (int(pair[1]) + 1) % 100:
        year = int(pair[1])
        return (
            f"{shown} is two years, not a date: write the financial year as "
            f"{year}-04/{year + 1}-03, an academic year as {year}-09/{year + 1}-08"
        )
    dmy, ymd = _DMY.match(text), _YMD.match(text)
    parts: tuple[int, int, int | None] | None = None
    how = "day/month/year"
    if dmy:
        year = int(dmy[3]) + (2000 if len(dmy[3]) == 2 else 0)
        parts = (year, int(dmy[2]), int(dmy[1]))
    elif ymd:
        parts, how = (int(ymd[1]), int(ymd[2]), int(ymd[3]) if ymd[3] else None), "another way"
    written = written_date(text) if not parts else None
    if written is not None and written[1] == text.strip():
        return f"{shown} is written out: write it as {written[0].iso()}"
    iso = _PATTERN.match(text)
    if iso:
        parts, how = (int(iso[1]), int(iso[2] or 1), int(iso[3]) if iso[3] else None), ""
    if parts is not None:
        try:
            date = PartialDate(*parts)
        except ValueError:
            return f"{shown} is not a real calendar date ({_impossible(*parts)})"
        if how:
            return f"{shown} is written {how}: write it as {date.iso()}"
    return f"{shown} is not a date: write {form}"


def _impossible(year: int, month: int, day: int | None) -> str:
    """Why a year, month and day make no date: ``February 2019 has 28 days``."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year < 1:
        return "there is no year 0"
    last = (
        (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        if year < 9999 or month < 12
        else 31
    )
    return f"{MONTHS[month - 1]} {year} has {last} days"
