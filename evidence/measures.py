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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, ConfigDict

from evidence.errors import RegisterError
from evidence.figures import Figure, figures, is_year
from evidence.normalise import word_keys
from evidence.sources import Slug, Text

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

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
        return {"£": "money", "per cent": "percent", "%": "percent",
                "percentage points": "points"}.get(unit, "number")


def check_measures(measures: tuple[Measure, ...] | None, facts: Sequence[_Measured],
                   doc: YamlDoc) -> None:
    """Ids once each, every phrase with words and of one measure, every fact's measure declared.

    Raises:
        RegisterError: the first problem, with its line in ``facts.yaml``.
    """
    if measures is None:
        return
    owner: dict[tuple[str, ...], str] = {}
    for i, measure in enumerate(measures):
        if any(m.id == measure.id for m in measures[:i]):
            raise RegisterError(f"measures[{i}].id: measure {measure.id!r} is declared twice",
                                path=doc.path, line=doc.line_of(("measures", i, "id")),
                                hint="Declare each measure once; join their aliases")
        for j, phrase in enumerate(measure.phrases):
            where = ("measures", i, *(("name",) if j == 0 else ("aliases", j - 1)))
            key = phrase_key(phrase)
            if not key:
                raise RegisterError(f"{_loc(where)}: {phrase!r} has no words to match",
                                    path=doc.path, line=doc.line_of(where),
                                    hint="Write the words sources use, e.g. unallocated cases")
            if owner.get(key, measure.id) != measure.id:
                raise RegisterError(
                    f"{_loc(where)}: {phrase!r} already names measure {owner[key]!r}",
                    path=doc.path, line=doc.line_of(where),
                    hint="An alias may belong to one measure: remove it from one of them")
            owner[key] = measure.id
    declared = {m.id for m in measures}
    for i, fact in enumerate(facts):
        if fact.measure is not None and fact.measure not in declared:
            from evidence.suggest import did_you_mean

            raise RegisterError(
                f"facts[{i}].measure: {fact.measure!r} is not declared under measures:",
                path=doc.path, line=doc.line_of(("facts", i, "measure")),
                hint=f"Add it to measures: (id, name, aliases), or fix the spelling. "
                     f"{did_you_mean(fact.measure, declared)}")


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
_LINKS = frozenset(re.findall(r"\w+", """to from and or in on at of for by than per cent
    between a an the up over under around about"""))
_MAX_WORDS = 14


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


def _window(text: str, figure: Figure, amounts: list[Figure]) -> tuple[int, int]:
    """The words a figure's counted phrase may be in: its clause, minus other figures' own.

    After it, to the clause's end or the next amount. Before it, to the clause's start, past
    an amount that only links to this one ("from 200 to 232"), not past one that counts
    something of its own ("232 cases and 40 agency staff").
    """
    after = _BOUNDARY.search(text, figure.end)
    end = after.start() if after else len(text)
    end = min([end, *(f.start for f in amounts if f.start >= figure.end)])
    start = figure.start
    while True:
        cut = max((m.end() for m in _BOUNDARY.finditer(text, 0, start)), default=0)
        previous = [f for f in amounts if cut <= f.end <= start]
        if not previous:
            return cut, end
        prior = max(previous, key=lambda f: f.end)
        first = _WORD.search(text, prior.end, start)
        if first is not None and first.group().lower() not in _LINKS:
            return figure.start, end  # the words between are what the other one counts
        start = prior.start


def name_in(text: str, figure: Figure, measures: Sequence[Measure],
            found: list[Figure] | None = None) -> Named | None:
    """The measure the words around ``figure`` name (see the module's description), or None."""
    if not measures or figure.kind in ("month", "period") or is_year(figure):
        return None
    amounts = [f for f in (figures(text) if found is None else found)
               if f.kind not in ("month", "period") and not is_year(f)
               and (f.start, f.end) != (figure.start, figure.end)]
    a, b = _window(text, figure, amounts)
    words = [w for w in _words(text, a, b) if not figure.start <= w[1] < figure.end]
    keys = [w[0] for w in words]
    best: tuple[tuple[int, int, int], Named] | None = None
    for measure in measures:
        if measure.kind is not None and measure.kind != figure.kind:
            continue
        for phrase in measure.phrases:
            key = phrase_key(phrase)
            for i, j in _matches(keys, key):
                s, e = words[i][1], words[j][2]
                if s < figure.start < e:
                    continue  # a phrase either side of the figure, not around it
                gaps = j - i + 1 - len(key)
                score = (len(key), -gaps, -min(abs(s - figure.end), abs(figure.start - e)))
                if best is None or score > best[0]:
                    best = (score, Named(measure, phrase, s, e))
    return None if best is None else best[1]


#: Words a phrase may have between two of its own, at most, in all: "children were left
#: without a social worker" names "children without a social worker".
_GAPS = 2


def _matches(keys: list[str], key: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Where ``key`` is in ``keys`` in order, with at most :data:`_GAPS` words between."""
    if not key:
        return
    for i, word in enumerate(keys):
        if word != key[0]:
            continue
        at, gaps = i, 0
        for part in key[1:]:
            nxt = at + 1
            while nxt < len(keys) and keys[nxt] != part and gaps < _GAPS:
                nxt, gaps = nxt + 1, gaps + 1
            if nxt >= len(keys) or keys[nxt] != part:
                break
            at = nxt
        else:
            yield i, at


def counted_phrase(text: str, figure: Figure) -> str | None:
    """The words right after a figure that say what it counts ("unallocated cases"), if any.

    What ``drafting evidence accept`` offers as an alias: up to five words, to the first
    word that links or begins a clause.
    """
    m = re.match(r"\s+((?:[^\W\d_]+(?:['’][^\W\d_]+)*\s*){1,5})", text[figure.end:])
    if m is None:
        return None
    kept = []
    for word in m.group(1).split():
        if word.lower() in _LINKS or word.lower() in _CLAUSE_WORDS:
            break
        kept.append(word)
    return " ".join(kept) or None


_CLAUSE_WORDS = frozenset(re.findall(r"\w+", """who which that were was are is have has had
    will would could should may might be been being remain remained rose fell""")) | {"with"}


def declared_text(before: str, path: Path, measures: dict[str, Measure], used: Sequence[str],
                  measure: str, aliases: Sequence[str], unit: str | None = None) -> str:
    """``facts.yaml``'s text with ``measure`` declared where it must be, and given ``aliases``.

    With a ``measures:`` list, an undeclared measure is added to it (named by its id's words,
    with ``unit``) unless its id is a near misspelling of a declared one; a declared one gets
    the aliases it lacks. Without the list, aliases start one at the end of the file that
    declares every measure the facts already use (``used``), so they stay valid; with no
    aliases the text is left as it is.

    Raises:
        RegisterError: an alias names another measure, or the id looks like a misspelling.
    """
    from evidence.suggest import nearest
    from evidence.yamledit import appended, extended, with_key

    for alias in aliases:
        owner = next((m for m in measures.values() if m.id != measure and
                      phrase_key(alias) in {phrase_key(p) for p in m.phrases}), None)
        if owner is not None:
            raise RegisterError(f"--alias {alias!r} already names measure {owner.id!r}",
                                hint="An alias may belong to one measure: choose other words")
        if not phrase_key(alias):
            raise RegisterError(f"--alias {alias!r} has no words to match",
                                hint="Give the words a source uses, e.g. unallocated cases")
    section = re.search(r"^measures\s*:", before, re.MULTILINE) is not None
    if measure in measures:
        known = {phrase_key(p) for p in measures[measure].phrases}
        new = list(dict.fromkeys(a for a in aliases if phrase_key(a) not in known))
        index = list(measures).index(measure)
        return extended(before, "measures", index, "aliases", new, path=path) if new else before
    entry: dict[str, object] = {"id": measure, "name": measure.replace("-", " ")}
    if unit:
        entry["unit"] = unit
    if aliases:
        entry["aliases"] = list(dict.fromkeys(aliases))
    if section:
        close = nearest(measure, measures, scorer="spelling", cutoff=85)
        if close:
            raise RegisterError(f"--measure {measure!r} is not declared, and is spelt like "
                                f"{close[0]!r}", hint=f"Use --measure {close[0]}; to declare "
                                "a new measure so like another, add it under measures: in "
                                "facts.yaml first")
        return appended(before, "measures", entry, path=path)
    if not aliases:
        return before
    first = [{"id": m, "name": m.replace("-", " ")} for m in dict.fromkeys(used) if m != measure]
    return with_key(before, "measures", [*first, entry], path=path)
