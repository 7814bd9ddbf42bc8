"""The conflict groups found by sweeping dates are those of comparing every pair (#23).

The reference is the all-pairs comparison ``evidence conflicts`` made before: made-up facts
of one measure or one event, with dates to every precision (and periods), figures exact and
bounded, rates and one-period figures, some with no figure at all.
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.conflicts import _compatible, _groups, date_groups, overlap, value_pairs
from evidence.dates import PartialDate
from evidence.register import Citation, Fact, FactFigure

CITE = (Citation(source="s", quote="q"),)


def reference_values(
    facts: list[Fact], figure: dict[str, FactFigure | None]
) -> tuple[list[list[str]], set[str]]:
    """Every pair of the facts with a figure compared, as ``_value_groups`` did before."""
    given_ = [f for f in facts if figure[f.id] is not None]
    pairs, notes = [], set()
    for a, b in combinations(given_, 2):
        fa, fb = figure[a.id], figure[b.id]
        assert a.as_at and b.as_at and fa and fb
        if not overlap(a.as_at, b.as_at):
            continue
        if (fa.per and fb.in_period) or (fb.per and fa.in_period):
            pairs.append((a, b))
            notes.add("an annual rate set against a one-year figure: not the same claim")
        elif not _compatible(fa, fb):
            pairs.append((a, b))
    return [[f.id for f in g] for g in _groups(pairs)], notes


def reference_dates(facts: list[Fact]) -> list[list[str]]:
    """Every pair of the facts compared, as ``_date_groups`` did before."""
    pairs = [
        (a, b)
        for a, b in combinations(facts, 2)
        if a.as_at and b.as_at and not overlap(a.as_at, b.as_at)
    ]
    return [[f.id for f in g] for g in _groups(pairs)]


@st.composite
def dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(2015, 2018))
    month = draw(st.none() | st.integers(1, 12))
    day = None if month is None else draw(st.none() | st.integers(1, 28))
    until = None
    if draw(st.integers(0, 9)) == 0:
        until = PartialDate(draw(st.integers(year + 1, 2019)))
    return PartialDate(year, month, day, until)


@st.composite
def figures(draw: st.DrawFn) -> FactFigure | None:
    if draw(st.integers(0, 7)) == 0:
        return None
    return FactFigure(
        value=draw(st.sampled_from([100, 148, 150, 200, 3e6])),
        bound=draw(st.sampled_from(["=", "=", "=", ">", "<", ">=", "<="])),
        per=draw(st.sampled_from([None, None, None, "year"])),
        in_period=draw(st.sampled_from([None, None, None, "2017/18"])),
    )


def made_up(when: list[PartialDate]) -> list[Fact]:
    return [
        Fact(id=f"f{i}", statement="A made-up fact.", kind="statistic", as_at=d, citations=CITE)
        for i, d in enumerate(when)
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(dates(), figures()), max_size=30))
def test_value_groups_are_those_of_all_pairs(
    drawn: list[tuple[PartialDate, FactFigure | None]],
) -> None:
    facts = made_up([d for d, _ in drawn])
    figure = {f.id: fig for f, (_, fig) in zip(facts, drawn, strict=True)}
    pairs, notes = value_pairs(facts, lambda f: figure[f.id])
    assert ([[f.id for f in g] for g in _groups(pairs)], notes) == reference_values(facts, figure)


@settings(max_examples=300, deadline=None)
@given(st.lists(dates(), max_size=30))
def test_date_groups_are_those_of_all_pairs(when: list[PartialDate]) -> None:
    facts = made_up(when)
    assert [[f.id for f in g] for g in date_groups(facts)] == reference_dates(facts)
