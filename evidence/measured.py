"""Which measure a fact or a figure is of, and what the register holds for each measure.

The matching itself is :mod:`evidence.measures`; this module applies it to the register: a
fact's measure (its own ``measure``, or the one its statement's figure names), the values of
a measure latest first, and the words review adds to a hint about a figure that names one.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence.dates import PartialDate
from evidence.figures import Figure, figures
from evidence.headfigure import countable, figure_of, head_figure, structured
from evidence.measures import Measure, Named, name_in, names_any
from evidence.register import Fact, FactFigure, Register


def named_measure(
    register: Register, text: str, figure: Figure, found: list[Figure] | None = None
) -> Named | None:
    """The register's measure the words around ``figure`` name (:func:`name_in`)."""
    return name_in(text, figure, _measures(register), found)


def _measures(register: Register) -> tuple[Measure, ...]:
    measures = register.memo.setdefault("measures", tuple(register.measures.values()))
    assert isinstance(measures, tuple)
    return measures


def measure_of(fact: Fact, register: Register) -> str | None:
    """A fact's measure: its own ``measure``, else the one its statement's figure names."""
    if fact.measure is not None or not register.measures:
        return fact.measure
    memo = register.memo.setdefault("measure-of", {})
    assert isinstance(memo, dict)
    if fact.id not in memo and not names_any(fact.statement, _measures(register)):
        memo[fact.id] = None  # no measure's name in it: no figure of it names one
    if fact.id not in memo:
        found = figures(fact.statement)
        head = head_figure(fact.statement, found)
        named = None if head is None else named_measure(register, fact.statement, head, found)
        memo[fact.id] = named.measure.id if named else None
    found_id = memo[fact.id]
    assert found_id is None or isinstance(found_id, str)
    return found_id


def values(register: Register, measure_id: str) -> list[tuple[Fact, FactFigure]]:
    """The facts of a measure that give a figure, latest first (undated last); once each."""
    memo = register.memo.setdefault("measure-values", {})
    assert isinstance(memo, dict)
    if measure_id not in memo:
        out = [
            (f, fig)
            for f in register.facts.values()
            if measure_of(f, register) == measure_id and (fig := figure_of(f)) is not None
        ]
        memo[measure_id] = sorted(
            out, key=lambda p: p[0].as_at.span()[1] if p[0].as_at else (0, 0, 0), reverse=True
        )
    found: list[tuple[Fact, FactFigure]] = memo[measure_id]
    return found


def register_hint(
    register: Register,
    text: str,
    found: list[Figure],
    *,
    only: Figure | None = None,
    cited: frozenset[str] = frozenset(),
) -> str | None:
    """What the register holds for the measures ``text``'s figures name, for a review hint.

    "the register has 232 for unallocated cases (unallocated-cases-232, as at 2019-09)",
    or, when a fact of it states the very figure, "unallocated-cases-230 states 230 for
    unallocated cases: cite it". ``only``: that figure of ``found``; ``cited``: facts
    the sentence cites already, not named again. None when no figure names a measure with
    a value to name.
    """
    parts: dict[str, None] = {}
    for figure in found if only is None else [only]:
        held = holding(register, text, figure, found)
        if held is None or held.fact.id in cited:
            continue
        if held.same:
            parts[f"{held.fact.id} states {figure.text} for {held.measure.name}: cite it"] = None
        else:
            parts[
                f"the register has {held.figure.label()} for {held.measure.name} "
                f"({held.fact.id}, {held.when()})"
            ] = None
    return "; ".join(parts) or None


@dataclass(frozen=True)
class Held:
    """What the register holds for the measure a figure names.

    A fact stating the same value (``same``), else the measure's latest value.
    """

    measure: Measure
    fact: Fact
    figure: FactFigure
    same: bool

    def when(self) -> str:
        """``as at 2019-09``, or ``undated``."""
        return f"as at {self.fact.as_at.iso()}" if self.fact.as_at else "undated"


def holding(
    register: Register, text: str, figure: Figure, found: list[Figure] | None = None
) -> Held | None:
    """What the register holds for the measure ``figure``'s words name (:class:`Held`).

    None when the words name no measure, or the measure has no value.
    """
    named = named_measure(register, text, figure, found)
    if named is None:
        return None
    given = values(register, named.measure.id)
    same = next(((f, fig) for f, fig in given if fig.value == figure.value), None)
    if same is not None:
        return Held(named.measure, same[0], same[1], True)
    if given:
        return Held(named.measure, given[0][0], given[0][1], False)
    return None


def _apart(a: PartialDate, b: PartialDate) -> bool:
    """Whether two dates, each to its own precision, cannot be the same time."""
    (a0, a1), (b0, b1) = a.span(), b.span()
    return a1 < b0 or b1 < a0


def _kind_of(figure: FactFigure) -> str:
    return {"£": "money", "per cent": "percent", "percentage points": "points"}.get(
        figure.unit or "", "number"
    )


def measure_relations(
    register: Register, text: str, found: list[Figure], as_at: PartialDate | None
) -> list[tuple[str, str, str]]:
    """``(fact id, how, detail)`` for the facts of each measure the sentence's figures name.

    A value that can be the same (each with its bound: "more than 200" and 232)
    ``corroborates``; another value ``conflicts`` when the two can be true at
    the same time (dates that overlap, or one unknown), else it is a ``later value`` or an
    ``earlier value`` of the measure.
    """
    out: dict[str, tuple[str, str, str]] = {}
    for figure in countable(found):
        named = named_measure(register, text, figure, found)
        if named is None:
            continue
        name = named.measure.name
        low, high = structured(text, figure).interval()  # "more than 200" agrees with 232
        for fact, fig in values(register, named.measure.id):
            if fact.id in out or _kind_of(fig) != figure.kind:
                continue
            their_low, their_high = fig.interval()
            if low <= their_high and their_low <= high:
                out[fact.id] = (
                    fact.id,
                    "corroborates",
                    f"states {figure.text} for {name} as {fact.id} does",
                )
            elif as_at is not None and fact.as_at is not None and _apart(as_at, fact.as_at):
                how = "later value" if as_at.span()[0] > fact.as_at.span()[1] else "earlier value"
                out[fact.id] = (
                    fact.id,
                    how,
                    f"gives {figure.text} for {name} as at "
                    f"{as_at.iso()}; {fact.id} gives {fig.label()} as at "
                    f"{fact.as_at.iso()}",
                )
            else:
                out[fact.id] = (
                    fact.id,
                    "conflicts",
                    f"says {figure.text} where {fact.id} says {fig.label()} ({name})",
                )
    return list(out.values())
