"""Where the register's facts disagree: values, dates and titles, in groups a person can judge.

Three kinds of group:

* **values**: facts of the same ``measure`` (their own, or the declared measure their
  statement's figure names: :mod:`evidence.measures`) true at about the same time (their as-at dates
  overlap, to the precision each is known) whose figures cannot both be true: 148 and 150;
  "more than 200" and 150 (a bound and an exact value conflict only when no value satisfies
  both). A rate ("£3m a year") beside a one-period figure ("£3m in 2017/18") is named as that
  confusion, whatever the values.
* **dates**: facts about the same ``event`` whose dates do not overlap ("2011" and "2012").
  When one speaks of an inspection or visit and another of a report or its publication, the
  group names the likely confusion: the date of an inspection versus the date its report was
  published.
* **titles**: one person given titles of the same rank with a different standing ("Director"
  and "Interim Director") by different sources within about three months.

Each group lists its facts with their sources and quotes, and says which of those sources are
independent (publishers known to differ; a copy of another source is not independent).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, combinations
from typing import Literal

from evidence.dates import PartialDate
from evidence.headfigure import figure_of, read_figure
from evidence.register import Fact, FactFigure, Register

GroupKind = Literal["values", "dates", "titles"]
__all__ = [
    "ConflictGroup",
    "conflict_groups",
    "conflicted",
    "figure_of",
    "near",
    "overlap",
    "read_figure",
    "titles_clash",
]

_INSPECTION = re.compile(r"\b(?:inspect(?:ion|ed|ors?)|visit(?:ed)?|carried out)\b", re.I)
_PUBLISHED = re.compile(r"\b(?:report|published|publication|released)\b", re.I)


def overlap(a: PartialDate, b: PartialDate) -> bool:
    """Whether two dates, each to its own precision, can be the same time.

    "June 2019" and "17 June 2019" can; "2011" and "2012" cannot.
    """
    (a0, a1), (b0, b1) = a.span(), b.span()
    return a0 <= b1 and b0 <= a1


def near(a: PartialDate, b: PartialDate, days: int = 92) -> bool:
    """Whether two dates are within about ``days`` of each other, to their precision."""
    import datetime as dt

    (a0, a1), (b0, b1) = a.span(), b.span()

    def day(t: tuple[int, int, int]) -> dt.date:
        y, m, d = t
        for last in (d, 30, 29, 28):
            try:
                return dt.date(y, m, last)
            except ValueError:
                continue
        return dt.date(y, m, 1)

    gap = max((day(b0) - day(a1)).days, (day(a0) - day(b1)).days, 0)
    return gap <= days


def _compatible(a: FactFigure, b: FactFigure) -> bool:
    (a0, a1), (b0, b1) = a.interval(), b.interval()
    return a0 <= b1 and b0 <= a1


@dataclass(frozen=True)
class Member:
    """One fact of a conflict group, as the group shows it."""

    fact: str
    shown: str  # the value or date it gives
    statement: str
    sources: tuple[tuple[str, str | None, str], ...]  # (source, publisher, quote)


@dataclass(frozen=True)
class ConflictGroup:
    """Facts that disagree, and what they disagree about."""

    kind: GroupKind
    key: str
    summary: str
    note: str | None
    members: tuple[Member, ...]
    independent: str

    @property
    def facts(self) -> tuple[str, ...]:
        """The ids of the facts in the group."""
        return tuple(m.fact for m in self.members)


def _member(register: Register, fact: Fact, shown: str) -> Member:
    return Member(
        fact.id,
        shown,
        fact.statement,
        tuple(
            (c.source, register.sources[c.source].meta.publisher, c.quote) for c in fact.citations
        ),
    )


def _independence(register: Register, facts: list[Fact]) -> str:
    sources = list(dict.fromkeys(c.source for f in facts for c in f.citations))
    copies = [s for s in sources if register.sources[s].meta.duplicate_of in sources]
    originals = [s for s in sources if s not in copies]
    publishers = {
        name.casefold() for s in originals if (name := register.sources[s].meta.publisher)
    }
    unknown = [s for s in originals if not register.sources[s].meta.publisher]
    parts = [f"{len(originals)} source(s)"]
    if len(publishers) >= 2:
        parts.append(f"{len(publishers)} independent publishers")
    elif publishers:
        parts.append("one publisher")
    if unknown:
        parts.append(f"publisher unknown for {', '.join(unknown)}")
    if copies:
        parts.append(f"{', '.join(copies)} a copy of another, not independent")
    return "; ".join(parts)


def _groups(pairs: list[tuple[Fact, Fact]]) -> list[list[Fact]]:
    """Connected groups of facts from conflicting pairs, in register order."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = x = parent[parent[x]]  # halve the path: later finds are short
        return x

    facts: dict[str, Fact] = {}
    for a, b in pairs:
        facts[a.id], facts[b.id] = a, b
        parent[root(a.id)] = root(b.id)
    grouped: dict[str, list[Fact]] = {}
    for fact_id, fact in facts.items():
        grouped.setdefault(root(fact_id), []).append(fact)
    return list(grouped.values())


def _spans(facts: list[Fact]) -> list[tuple[tuple[int, int, int], tuple[int, int, int]]]:
    return [f.as_at.span() if f.as_at else ((0, 0, 0), (0, 0, 0)) for f in facts]


def value_pairs(
    facts: list[Fact], figure: Callable[[Fact], FactFigure | None]
) -> tuple[list[tuple[Fact, Fact]], set[str]]:
    """The pairs of one measure's dated facts whose values conflict, and the notes they need.

    The pairs come in the order of ``combinations(facts, 2)``. Only facts whose dates
    overlap can conflict: sorted by the first day each can mean, each is compared with the
    earlier ones whose last day it has not passed (a sweep), not with every other.
    ``figure`` is asked only of facts with another to compare, once each.
    """
    spans = _spans(facts)  # a span never ends before it starts (PartialDate checks)
    ends = [end for _, end in spans]
    read: list[tuple[FactFigure, float, float] | None] = [None] * len(facts)
    unread = [True] * len(facts)

    def figure_at(k: int) -> tuple[FactFigure, float, float] | None:
        if unread[k]:
            unread[k] = False
            if (given := figure(facts[k])) is not None:
                read[k] = (given, *given.interval())
        return read[k]

    found: list[int] = []  # i * n + j for i < j: ints, not tuples, are no work for gc
    n = len(facts)
    rates = False
    active: list[int] = []
    for j in sorted(range(len(facts)), key=lambda k: spans[k][0]):
        start = spans[j][0]
        active = [i for i in active if ends[i] >= start]
        if active and (b := figure_at(j)) is not None:
            fb, b0, b1 = b
            for i in active:
                if (a := figure_at(i)) is None:
                    continue
                fa, a0, a1 = a
                if (fa.per and fb.in_period) or (fb.per and fa.in_period):
                    rates = True
                elif a0 <= b1 and b0 <= a1:  # the values the two allow meet
                    continue
                found.append(i * n + j if i < j else j * n + i)
        active.append(j)
    found.sort()
    notes = {"an annual rate set against a one-year figure: not the same claim"} if rates else set()
    pairs = [(facts[k // n], facts[k % n]) for k in found]
    return pairs, notes


def _value_groups(register: Register) -> list[ConflictGroup]:
    from evidence.measured import measure_of

    by_measure: dict[str, list[Fact]] = {}
    for fact in register.facts.values():
        if fact.as_at is not None and (measure := measure_of(fact, register)):
            by_measure.setdefault(measure, []).append(fact)
    figures_of: dict[str, FactFigure | None] = {}

    def figure(fact: Fact) -> FactFigure | None:
        if fact.id not in figures_of:
            figures_of[fact.id] = figure_of(fact)
        return figures_of[fact.id]

    out = []
    for measure, facts in by_measure.items():
        if len(facts) < 2:
            continue
        pairs, notes = value_pairs(facts, figure)
        for group in _groups(pairs):
            out.append(
                ConflictGroup(
                    "values",
                    measure,
                    f"{_named(register, measure)}: {len(group)} facts give different values for "
                    "about the same time",
                    "; ".join(sorted(notes)) or None,
                    tuple(
                        _member(
                            register,
                            f,
                            f"{_shown(figures_of[f.id])} (as at "
                            f"{f.as_at.long() if f.as_at else '?'})",
                        )
                        for f in group
                    ),
                    _independence(register, group),
                )
            )
    return out


def _shown(figure: FactFigure | None) -> str:
    assert figure is not None
    return figure.label()


def _named(register: Register, measure: str) -> str:
    """The measure's id, with its declared name when that says more than the id's words."""
    declared = register.measures.get(measure)
    if declared is None or declared.name.lower() == measure.replace("-", " "):
        return measure
    return f"{measure} ({declared.name})"


def date_groups(facts: list[Fact]) -> list[list[Fact]]:
    """The groups of one event's facts whose dates cannot overlap, all pairs compared.

    As :func:`_groups` gives the pairs of ``combinations(facts, 2)`` that do not overlap.
    Dates on a line: two cannot overlap when one ends before the other starts. Every fact
    that does not overlap some other does not overlap the one that ends first or the one
    that starts last, and those two do not overlap each other, so such facts make one
    group, not several. Each fact's place is where its first pair would come: its
    earliest partner in register order, found by bisecting the ends and starts sorted.
    """
    spans = _spans(facts)  # a span never ends before it starts (PartialDate checks)
    by_end = sorted(range(len(facts)), key=lambda k: spans[k][1])
    ends = [spans[k][1] for k in by_end]
    first_ending = list(accumulate(by_end, min))  # the earliest fact among the first n ends
    by_start = sorted(range(len(facts)), key=lambda k: spans[k][0], reverse=True)
    starts = [tuple(-v for v in spans[k][0]) for k in by_start]  # ascending
    first_starting = list(accumulate(by_start, min))  # earliest among the n latest starts
    keyed = []
    for k, (start, end) in enumerate(spans):
        before = bisect_left(ends, start)  # facts ending before this one starts
        after = bisect_left(starts, tuple(-v for v in end))  # facts starting after it ends
        partners = ([first_ending[before - 1]] if before else []) + (
            [first_starting[after - 1]] if after else []
        )
        if partners:
            m = min(partners)
            keyed.append(((m, k, 1) if m < k else (k, m, 0), k))
    return [[facts[k] for _, k in sorted(keyed)]] if keyed else []


def _date_groups(register: Register) -> list[ConflictGroup]:
    by_event: dict[str, list[Fact]] = {}
    for fact in register.facts.values():
        if fact.event and fact.as_at is not None:
            by_event.setdefault(fact.event, []).append(fact)
    out = []
    for event, facts in by_event.items():
        for group in date_groups(facts):
            texts = [f"{f.statement} {f.citations[0].quote}" for f in group]
            note = None
            if any(_INSPECTION.search(t) and not _PUBLISHED.search(t) for t in texts) and any(
                _PUBLISHED.search(t) for t in texts
            ):
                note = "the date of an inspection versus the date its report was published"
            out.append(
                ConflictGroup(
                    "dates",
                    event,
                    f"{event}: {len(group)} facts give different dates",
                    note,
                    tuple(_member(register, f, f.as_at.long() if f.as_at else "?") for f in group),
                    _independence(register, group),
                )
            )
    return out


_RANKS = (
    "leader",
    "director",
    "executive",
    "chair",
    "chairman",
    "chairwoman",
    "head",
    "mayor",
    "commissioner",
    "manager",
    "member",
    "spokesperson",
    "secretary",
    "officer",
)
_MODIFIERS = ("deputy", "interim", "acting", "assistant", "vice", "former", "shadow", "joint")
_RANK = re.compile(rf"\b(?:({'|'.join(_MODIFIERS)})[\s-]+)?({'|'.join(_RANKS)})\b", re.I)


def _ranks(title: str) -> dict[str, set[str]]:
    """``{rank: {its modifiers}}``: "Deputy Leader" is ``{"leader": {"deputy"}}``."""
    out: dict[str, set[str]] = {}
    for modifier, rank in _RANK.findall(title):
        out.setdefault(rank.lower(), set()).add(modifier.lower())
    return out


def titles_clash(a: str, b: str) -> bool:
    """Whether two titles give the same rank with a different standing.

    "Leader" and "Deputy Leader", "Director" and "Interim Director" clash. Different
    wordings of one role ("Labour councillor", "councillor for Abington") do not.
    """
    ra, rb = _ranks(a), _ranks(b)
    return any(ra[rank] != rb[rank] for rank in ra.keys() & rb.keys())


def _title_groups(register: Register) -> list[ConflictGroup]:
    out = []
    for person in register.people.values():
        roles = person.roles
        clashing = [
            (a, b)
            for a, b in combinations(roles, 2)
            if a.source != b.source
            and titles_clash(a.title, b.title)
            and (a.as_at is None or b.as_at is None or near(a.as_at, b.as_at))
        ]
        if not clashing:
            continue
        shown = list(dict.fromkeys(r for pair in clashing for r in pair))
        out.append(
            ConflictGroup(
                "titles",
                person.id,
                f"{person.name}: {len(shown)} different titles at about the same time",
                None,
                tuple(
                    Member(
                        person.id,
                        r.title,
                        f"{person.name}: {r.title}",
                        ((r.source, register.sources[r.source].meta.publisher, r.title),),
                    )
                    for r in shown
                ),
                f"{len({r.source for r in shown})} source(s)",
            )
        )
    return out


def conflict_groups(register: Register) -> tuple[ConflictGroup, ...]:
    """Every group of facts that disagree: values, then dates, then titles.

    Worked out once per register.
    """
    if "conflicts" not in register.memo:
        register.memo["conflicts"] = (
            *_value_groups(register),
            *_date_groups(register),
            *_title_groups(register),
        )
    groups = register.memo["conflicts"]
    assert isinstance(groups, tuple)
    return groups


def conflicted(register: Register) -> dict[str, ConflictGroup]:
    """``{fact id: its group}`` for every fact in a group of values or dates."""
    return {m.fact: g for g in conflict_groups(register) if g.kind != "titles" for m in g.members}
