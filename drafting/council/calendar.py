"""Working days and clear days, counted the way standing orders and the FOI Act count them.

* A **working day** is a day that is not a Saturday, a Sunday or a bank holiday in the
  region (England and Wales, Scotland and Northern Ireland have different ones; the
  ``holidays`` package knows them, including one-off days such as the 2022 Platinum
  Jubilee, so nothing is fetched at run time). ``united-kingdom`` excludes a bank
  holiday in *any* part of the UK, as s.10(6) of the Freedom of Information Act 2000 does.
* **Clear days** exclude both the day notice is given and the day of the meeting.

Every count returns its trail, day by day, with why a day was skipped, so a clerk can
check the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from drafting.errors import DraftingError

Region = Literal["england-and-wales", "scotland", "northern-ireland", "united-kingdom"]
_SUBDIVISIONS: dict[Region, tuple[str, ...]] = {
    "england-and-wales": ("ENG",),
    "scotland": ("SCT",),
    "northern-ireland": ("NIR",),
    "united-kingdom": ("ENG", "WLS", "SCT", "NIR"),
}


@dataclass(frozen=True)
class Day:
    """One day of a count: counted, or skipped and why."""

    date: dt.date
    counted: int | None  # its number in the count, or None when skipped
    why: str = ""

    def line(self) -> str:
        """``Mon 16 Sep 2019  working day 3`` or ``Sat 14 Sep 2019  skipped: Saturday``."""
        label = f"{self.date:%a} {self.date.day} {self.date:%b %Y}"
        what = (
            f"day {self.counted}"
            if self.counted
            else self.why
            if self.why.startswith("the day")
            else f"skipped: {self.why}"
        )
        if self.counted and self.why:
            what += f" ({self.why})"
        return f"{label}  {what}"


@dataclass
class Calendar:
    """Bank holidays of one region, looked up year by year."""

    region: Region = "england-and-wales"
    _years: dict[int, dict[dt.date, str]] = field(default_factory=dict, repr=False)

    def holiday(self, day: dt.date) -> str | None:
        """The bank holiday on ``day`` in this region, or None."""
        if day.year not in self._years:
            import holidays

            names: dict[dt.date, str] = {}
            for sub in _SUBDIVISIONS[self.region]:
                for date, name in holidays.country_holidays(
                    "GB", subdiv=sub, years=day.year
                ).items():
                    names.setdefault(date, name)
            self._years[day.year] = names
        return self._years[day.year].get(day)

    def why_not_working(self, day: dt.date) -> str | None:
        """``Saturday``, ``Sunday``, ``bank holiday: Easter Monday``, or None for a working day."""
        if day.weekday() >= 5:
            return f"{day:%A}"
        name = self.holiday(day)
        return f"bank holiday: {name}" if name else None

    def count(
        self, start: dt.date, n: int, *, working: bool, step: int
    ) -> tuple[dt.date, list[Day]]:
        """The ``n``-th day counted from ``start`` (not counting ``start`` itself).

        ``step`` is -1 to count back, +1 to count forward; with ``working`` only working
        days count.
        """
        if n < 0:
            raise ValueError("a count of days cannot be negative")
        trail: list[Day] = []
        day, counted = start, 0
        while counted < n:
            try:
                day += dt.timedelta(days=step)
            except OverflowError:
                raise DraftingError(
                    f"counting {n} day(s) {'back' if step < 0 else 'on'} from "
                    f"{start.isoformat()} runs off the calendar",
                    hint="Check the date",
                ) from None
            why = self.why_not_working(day) if working else None
            if why:
                trail.append(Day(day, None, why))
            else:
                counted += 1
                trail.append(
                    Day(day, counted, "" if working else (self.why_not_working(day) or ""))
                )
        return day, trail

    def previous_working_day(self, day: dt.date) -> tuple[dt.date, list[Day]]:
        """The last working day before ``day``, with the days skipped to reach it."""
        found, trail = self.count(day, 1, working=True, step=-1)
        return found, trail
