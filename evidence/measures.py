"""Measures: what a figure counts, under the names the sources give it.

Sources name one thing many ways: "230 children who need a social worker are without one"
and "unallocated cases ... 232" count the same cases. ``facts.yaml`` may declare each measure
once, under a top-level ``measures:`` list, with a ``name``, its ``aliases`` and the ``unit``
its figures are in (``£``, ``per cent``, or what is counted). Once that list exists, every
fact's ``measure`` must be one of its ids; a register without it works as before, each
``measure`` a free id. An alias belongs to one measure only.

A figure in a sentence names a measure when one of the measure's phrases (its name or an
alias) stands in the words around it: after it up to the end of its clause ("230 children
who need a social worker ..."), or before it back to the start of its clause ("unallocated
cases back to an alarming figure of 232"). Words are compared folded
(:func:`evidence.normalise.word_keys`: "cases" is "case", "children's" is "child"; no
articles, no forms of "be": "children were without" is "children without"), a phrase must
match whole words in order, and the longest phrase wins (then the one nearest the figure).
Another figure's own words are not this one's: in "412 unplaced pupils and 40 teachers",
40 counts no pupils. A measure with a unit takes only figures of its kind: a sum of money
is no count of cases.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, ConfigDict

from evidence.errors import RegisterError
from evidence.figures import Figure, figures, is_year
from evidence.normalise import word_keys
from evidence.sources import Slug, Text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from evidence.yamlio import YamlDoc


class _Measured(Protocol):
    """What :func:`check_measures` reads of a fact."""

    @property
    def measure(self) -> str | None:
        """The fact's measure id, if any."""


class Measure(BaseModel):
    """A thing facts give values of, with the names sources call it by."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: Text
    aliases: tuple[Text, ...] = ()
    #: What its figures are in: ``£``, ``per cent``, ``percentage points``, or what is
    #: counted ("cases"); none: any kind of figure.
    unit: Text | None = None

    @property
    def phrases(self) -> tuple[str, ...]:
        """Its name and aliases."""
        return (self.name, *self.aliases)

    @property
    def kind(self) -> str | None:
        """The kind of figure it takes (``money``, ``percent``, ``points``, ``number``)."""
        if self.unit is None:
            return None
        unit = self.unit.strip().lower()
        return {
            "£": "money",
            "per cent": "percent",
            "%": "percent",
            "percentage points": "points",
        }.get(unit, "number")


def check_measures(
    measures: tuple[Measure, ...] | None, facts: Sequence[_Measured], doc: YamlDoc
) -> None:
    """Ids once each, every phrase with words and of one measure, every fact's measure declared.

    Raises:
        RegisterError: the first problem, with its line in ``facts.yaml``.
    """
    if measures is None:
        return
    owner: dict[tuple[str, ...], str] = {}
    for i, measure in enumerate(measures):
        if any(m.id == measure.id for m in measures[:i]):
            raise RegisterError(
                f"measures[{i}].id: measure {measure.id!r} is declared twice",
                path=doc.path,
                line=doc.line_of(("measures", i, "id")),
                hint="Declare each measure once; join their aliases",
            )
        for j, phrase in enumerate(measure.phrases):
            where = ("measures", i, *(("name",) if j == 0 else ("aliases", j - 1)))
            key = phrase_key(phrase)
            if not key:
                raise RegisterError(
                    f"{_loc(where)}: {phrase!r} has no words to match",
                    path=doc.path,
                    line=doc.line_of(where),
                    hint="Write the words sources use, e.g. unallocated cases",
                )
            hidden = hidden_character(phrase)
            if hidden:
                raise RegisterError(
                    f"{_loc(where)}: {shortened(phrase)!r} {hidden}",
                    path=doc.path,
                    line=doc.line_of(where),
                    hint="Type the words as a source prints them",
                )
            if len(key) > MAX_WORDS:
                raise RegisterError(
                    f"{_loc(where)}: {shortened(phrase)!r} has {len(key)} words; "
                    f"a measure's name or alias has at most {MAX_WORDS}",
                    path=doc.path,
                    line=doc.line_of(where),
                    hint="Write the few words sources name it by",
                )
            if owner.get(key, measure.id) != measure.id:
                raise RegisterError(
                    f"{_loc(where)}: {phrase!r} already names measure {owner[key]!r}",
                    path=doc.path,
                    line=doc.line_of(where),
                    hint="An alias may belong to one measure: remove it from one of them",
                )
            owner[key] = measure.id
    declared = {m.id for m in measures}
    for i, fact in enumerate(facts):
        if fact.measure is not None and fact.measure not in declared:
            from evidence.suggest import did_you_mean

            raise RegisterError(
                f"facts[{i}].measure: {fact.measure!r} is not declared under measures:",
                path=doc.path,
                line=doc.line_of(("facts", i, "measure")),
                hint=f"Add it to measures: (id, name, aliases), or fix the spelling. "
                f"{did_you_mean(fact.measure, declared)}",
            )


def shortened(text: str, most: int = 60) -> str:
    """``text``, cut to ``most`` characters for a message."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _loc(where: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where).lstrip(".")


@dataclass(frozen=True)
class Named:
    """A measure a figure's words name: which phrase, and where it stands in the text."""

    measure: Measure
    phrase: str
    start: int
    end: int


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: Where a clause ends: the words around a figure stop there.
_BOUNDARY = re.compile(r"[.;:!?()\[\]\u2013\u2014]|,(?!\d)")
#: Words after a figure that do not begin what it counts ("from 200 to 232 cases").
_LINKS = frozenset(
    re.findall(
        r"\w+",
        """to from and or in on at of for by than per cent
    between a an the up over under around about""",
    )
)
#: The most words a measure's name or alias may have: a name, not a sentence.
MAX_WORDS = 14


#: Forms of "be": "children were without a school place" counts "children without ...".
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})


def _words(text: str, a: int, b: int) -> list[tuple[str, int, int]]:
    """``(folded word, start, end)`` of the words in ``text[a:b]``, articles and "be" left out."""
    out = []
    for m in _WORD.finditer(text, a, b):
        key = word_keys(m.group())
        if key and m.group().lower() not in _BE:
            out.append((key[0], m.start(), m.end()))
    return out


@cache
def phrase_key(phrase: str) -> tuple[str, ...]:
    """A measure's phrase as it is matched: folded words, no articles, no forms of "be"."""
    return tuple(w[0] for w in _words(phrase, 0, len(phrase)))


#: How far from a figure, in characters, the words it counts may stand: a clause longer
#: than this is read only this far either side, so one sentence of thousands of figures
#: is read in time proportional to its length.
_REACH = 400


class _Layout:
    """One text's clauses, amounts and words, worked out once for all its figures."""

    def __init__(self, text: str, found: Sequence[Figure]) -> None:
        self.text = text
        amounts = [f for f in found if f.kind not in ("month", "period") and not is_year(f)]
        self.by_start = sorted(amounts, key=lambda f: f.start)
        self.starts = [f.start for f in self.by_start]
        self.by_end = sorted(amounts, key=lambda f: f.end)
        self.ends = [f.end for f in self.by_end]
        self.cut_starts, self.cut_ends, self.words, self.word_starts = _text_layout(text)
        #: where the walk back from a position ends: a clause's start, or None (the words
        #: between it and an amount before it are what that amount counts)
        self.back: dict[int, int | None] = {}

    def window(self, figure: Figure) -> tuple[int, int]:
        """The words a figure's counted phrase may be in: its clause, minus other figures' own.

        After it, to the clause's end or the next amount. Before it, to the clause's start,
        past an amount that only links to this one ("from 200 to 232"), not past one that
        counts something of its own ("232 cases and 40 agency staff"). Either way no
        further than :data:`_REACH` characters.
        """
        i = bisect_left(self.cut_starts, figure.end)
        end = self.cut_starts[i] if i < len(self.cut_starts) else len(self.text)
        j = bisect_left(self.starts, figure.end)
        while j < len(self.by_start) and self._same(self.by_start[j], figure):
            j += 1
        if j < len(self.by_start):
            end = min(end, self.starts[j])
        start = self._back(figure.start)
        start = figure.start if start is None else start
        return max(start, figure.start - _REACH), min(end, figure.end + _REACH)

    @staticmethod
    def _same(a: Figure, b: Figure) -> bool:
        return (a.start, a.end) == (b.start, b.end)

    def _back(self, position: int) -> int | None:
        """Where the walk back from ``position`` stops (see :meth:`window`), remembered."""
        path: list[int] = []
        result: int | None
        start = position
        while True:
            if start in self.back:
                result = self.back[start]
                break
            path.append(start)
            k = bisect_right(self.cut_ends, start)
            cut = self.cut_ends[k - 1] if k else 0
            e = bisect_right(self.ends, start)
            if e == 0 or self.ends[e - 1] < cut:
                result = cut
                break
            prior = self.by_end[bisect_left(self.ends, self.ends[e - 1])]
            first = _WORD.search(self.text, prior.end, start)
            if first is not None and first.group().lower() not in _LINKS:
                result = None
                break
            start = prior.start
        for visited in path:
            self.back[visited] = result
        return result


@lru_cache(maxsize=4)
def _text_layout(text: str) -> tuple[list[int], list[int], list[tuple[str, int, int]], list[int]]:
    """Where ``text``'s clauses break (starts, ends), its folded words and where they start."""
    spans = [m.span() for m in _BOUNDARY.finditer(text)]
    words = _words(text, 0, len(text))
    return [a for a, _ in spans], [b for _, b in spans], words, [w[1] for w in words]


#: The last text laid out, with the figures it was laid out from.
_LAST: list[tuple[str, Sequence[Figure] | None, _Layout]] = []


def _layout(text: str, found: Sequence[Figure] | None) -> _Layout:
    """``text``'s layout: made once while the same text and figures are asked about."""
    last = _LAST[0] if _LAST else None
    if last is not None and last[0] == text and last[1] is found:
        return last[2]
    layout = _Layout(text, figures(text) if found is None else found)
    _LAST[:] = [(text, found, layout)]
    return layout


class _Phrases:
    """Measures' phrases by their folded words, to look each up in the words of a clause."""

    def __init__(self, measures: Sequence[Measure]) -> None:
        self.by_key: dict[tuple[str, ...], list[tuple[Measure, str]]] = {}
        for measure in measures:
            for phrase in measure.phrases:
                key = phrase_key(phrase)
                if key:
                    self.by_key.setdefault(key, []).append((measure, phrase))
        self.by_first: dict[str, list[tuple[tuple[str, ...], Measure, str]]] = {}
        for key, named in self.by_key.items():
            self.by_first.setdefault(key[0], []).extend((key, m, p) for m, p in named)
        self._hits: tuple[str, list[_Hit], list[int]] | None = None

    def hits(self, text: str) -> tuple[list[_Hit], list[int]]:
        """Where the phrases stand in ``text`` (and where each starts), found once a text."""
        last = self._hits
        if last is not None and last[0] == text:
            return last[1], last[2]
        words = _text_layout(text)[2]
        keys = [w[0] for w in words]
        found: list[_Hit] = []
        for i, word in enumerate(keys):
            for key, measure, phrase in self.by_first.get(word, ()):
                j = _match_at(keys, i, key)
                if j is not None:
                    found.append(
                        (words[i][1], words[j][2], len(key), j - i + 1 - len(key), measure, phrase)
                    )
        self._hits = (text, found, [h[0] for h in found])
        return found, self._hits[2]


#: A phrase found in a text: where it starts and ends, its length in words, the words
#: slipped between its own, whose it is.
_Hit = tuple[int, int, int, int, Measure, str]


_PHRASES: list[tuple[Sequence[Measure], _Phrases]] = []


def _phrases(measures: Sequence[Measure]) -> _Phrases:
    last = _PHRASES[0] if _PHRASES else None
    if last is not None and (last[0] is measures or last[0] == measures):
        return last[1]
    index = _Phrases(measures)
    _PHRASES[:] = [(measures, index)]
    return index


def names_any(text: str, measures: Sequence[Measure]) -> bool:
    """Whether any phrase of ``measures`` stands in ``text``: else :func:`name_in` finds none."""
    return bool(measures) and bool(_phrases(measures).hits(text)[0])


def name_in(
    text: str, figure: Figure, measures: Sequence[Measure], found: list[Figure] | None = None
) -> Named | None:
    """The measure the words around ``figure`` name (see the module's description), or None."""
    if not measures or figure.kind in ("month", "period") or is_year(figure):
        return None
    layout = _layout(text, found)
    a, b = layout.window(figure)
    hits, starts = _phrases(measures).hits(text)
    best: tuple[tuple[int, int, int], Named] | None = None
    for i in range(bisect_left(starts, a), bisect_left(starts, b)):
        s, e, length, gaps, measure, phrase = hits[i]
        if e > b or (s < figure.end and e > figure.start):
            continue  # past its clause; the figure's own words, or either side of it
        if measure.kind is not None and measure.kind != figure.kind:
            continue
        score = (length, -gaps, -min(abs(s - figure.end), abs(figure.start - e)))
        if best is None or score > best[0]:
            best = (score, Named(measure, phrase, s, e))
    return None if best is None else best[1]


#: Words a phrase may have between two of its own, at most, in all: "children were left
#: without a social worker" names "children without a social worker".
_GAPS = 2


def _match_at(keys: list[str], i: int, key: tuple[str, ...]) -> int | None:
    """Where ``key``, starting at ``keys[i]``, ends, with at most :data:`_GAPS` words slipped in."""
    at, gaps = i, 0
    for part in key[1:]:
        nxt = at + 1
        while nxt < len(keys) and keys[nxt] != part and gaps < _GAPS:
            nxt, gaps = nxt + 1, gaps + 1
        if nxt >= len(keys) or keys[nxt] != part:
            return None
        at = nxt
    return at


def counted_phrase(text: str, figure: Figure) -> str | None:
    """The words right after a figure that say what it counts ("unallocated cases"), if any.

    What ``drafting evidence accept`` offers as an alias: up to five words, to the first
    word that links or begins a clause.
    """
    m = re.match(r"\s+((?:[^\W\d_]+(?:['’][^\W\d_]+)*\s*){1,5})", text[figure.end :])
    if m is None:
        return None
    kept = []
    for word in m.group(1).split():
        if word.lower() in _LINKS or word.lower() in _CLAUSE_WORDS:
            break
        kept.append(word)
    return " ".join(kept) or None


_CLAUSE_WORDS = frozenset(
    re.findall(
        r"\w+",
        """who which that were was are is have has had
    will would could should may might be been being remain remained rose fell""",
    )
) | {"with"}


def hidden_character(phrase: str) -> str | None:
    """What is wrong with a phrase holding a character that cannot be seen, if it does.

    A zero-width space or a byte-order mark splits what looks like one word in two.
    """
    char = next((c for c in phrase if unicodedata.category(c) in ("Cf", "Cs", "Co")), None)
    return (
        None
        if char is None
        else (f"contains U+{ord(char):04X}, a character that cannot be seen; remove it")
    )
