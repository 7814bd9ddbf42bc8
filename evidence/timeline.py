"""The chronology: the register's facts in date order, each date to its own precision.

A fact's date is its ``as_at`` (day, month or year). A fact with no date of its own, from a
source whose date is known, is placed as "before" that date: the source reported it by
then. The date a fact is about and the date its source was published are kept apart. Facts
in a conflict group are marked, and a year or more with no fact is shown as a gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence.conflicts import conflicted
from evidence.dates import PartialDate
from evidence.register import KIND_LABELS, Register

#: Months without a fact, from which the silence is shown as a gap.
GAP_MONTHS = 12


@dataclass(frozen=True)
class Entry:
    """One fact on the chronology."""

    date: PartialDate | None
    before: bool  # the fact is only known to be no later than ``date``
    fact: str
    statement: str
    kind: str
    topics: tuple[str, ...]
    published: str  # the date of the (first) source quoting it
    sources: tuple[str, ...]
    conflict: str | None  # the summary of its conflict group
    gives: str | None = None  # what it says in that group: "148 children", "April 2023"

    @property
    def label(self) -> str:
        """``17 June 2019``, ``June 2019``, ``2019``, ``before 2019-10`` or ``date unknown``."""
        if self.date is None:
            return "date unknown"
        return f"before {self.date.iso()}" if self.before else self.date.long()

    @property
    def precision(self) -> str:
        """``day``, ``month``, ``year``, ``before`` or ``unknown``."""
        if self.date is None:
            return "unknown"
        return "before" if self.before else self.date.precision


@dataclass(frozen=True)
class Gap:
    """A stretch with no fact on the chronology."""

    after: PartialDate
    until: PartialDate
    months: int

    @property
    def label(self) -> str:
        """``no facts for 2 years 4 months (2016 to October 2018)``."""
        years, months = divmod(self.months, 12)
        span = " ".join(
            filter(
                None,
                [
                    f"{years} year{'s' * (years != 1)}" if years else "",
                    f"{months} month{'s' * (months != 1)}" if months else "",
                ],
            )
        )
        return f"no facts for {span} ({self.after.long()} to {self.until.long()})"


def _months(date: PartialDate, *, end: bool) -> int:
    year, month, _ = date.span()[1 if end else 0]  # a period ends at its last month
    return year * 12 + month


def timeline(register: Register, topic: str | None = None) -> list[Entry | Gap]:
    """The facts (with ``topic``, if given) in date order, gaps between; undated ones last."""
    groups = conflicted(register)
    entries = []
    for fact in register.facts.values():
        if topic is not None and topic not in fact.topics:
            continue
        first = register.sources[fact.citations[0].source].meta.date
        date, before = fact.as_at, False
        known = [
            d
            for c in fact.citations
            if (d := register.sources[c.source].meta.date.value) is not None
        ]
        if date is None and known:
            date, before = min(known), True  # reported by the earliest source's date
        group = groups.get(fact.id)
        gives = (
            next((m.shown.split(" (as at ")[0] for m in group.members if m.fact == fact.id), None)
            if group
            else None
        )
        entries.append(
            Entry(
                date,
                before,
                fact.id,
                fact.statement,
                KIND_LABELS[fact.kind],
                fact.topics,
                first.label(),
                tuple(dict.fromkeys(c.source for c in fact.citations)),
                group.summary if group else None,
                gives,
            )
        )
    dated = sorted(
        (e for e in entries if e.date is not None),
        key=lambda e: (e.date.sort_key() if e.date else (0, 0, 0), e.before),
    )
    out: list[Entry | Gap] = []
    for entry in dated:
        last = next((e for e in reversed(out) if isinstance(e, Entry)), None)
        if last is not None and last.date is not None and entry.date is not None:
            silent = _months(entry.date, end=False) - _months(last.date, end=True) - 1
            if silent >= GAP_MONTHS:
                out.append(Gap(last.date, entry.date, silent))
        out.append(entry)
    return out + [e for e in entries if e.date is None]
