"""Personal names in a sentence, and whether they are a child's (for ``identification-risk``).

A personal name is a capitalised word that is a given name (``given_names.txt``: the
commonest names given in England and Wales, from the ONS, Open Government Licence v3.0),
optionally followed by a surname (the next capitalised word). It is not one where the words
are the name or alias of someone ``people.yaml`` marks an office-holder or public figure,
an organisation's, a capitalised phrase of a role's title (a ward: "councillor for
Kingsthorpe South"), after a title ("Cllr", "Mrs"), before a word naming a place or a body
("... Road", "... School", "... ward", "... Act"), or a run of more than three capitalised
words (a title). A given name that is also an English word ("Grace", "Will", "May", by
:mod:`drafting.lexicon`) is a name only with a surname, or right beside a word saying a
child ("the boy, Grace,"). A name is a child's when the phrase right before it says so
("her son Jack"), or a word saying a child is near it and no word saying an adult nearer
("the chair of the board, Oliver Grant, said no child ..." is the chair's name).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from drafting.lexicon import parts_of_speech
from drafting.review import identifying as grammar
from drafting.review.identifying import Detail
from evidence.register import Register

_MEMO = "child-names"
#: How far before a name its phrase is looked for (characters).
_REACH = 120

_TITLES = frozenset(
    grammar.words(
        "cllr councillor mr mrs ms miss mx dr sir dame lord lady baroness baron professor prof "
        "rev reverend judge justice inspector sergeant dci di ds pc mp st saint"
    )
)
#: Words after capitalised words that make them a place or a body, not a person.
_INSTITUTIONS = frozenset(
    grammar.words(
        "street road close avenue crescent lane way drive grove terrace gardens place walk row "
        "mews square rise court parade hill park estate school academy college nursery primary "
        "infant infants junior university hospital centre center house trust council ward "
        "division church chapel surgery practice library hall foundation partnership board "
        "committee group services service team unit act report review inquiry award prize fund "
        "project programme scheme law"
    )
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
#: How many words apart a name and a word saying a child may be.
_NEAR = 10
#: How many words before a name say whose it is ("the chair of the board, ...").
_PHRASE = 6


@cache
def given_names() -> frozenset[str]:
    """The given names (casefolded) of ``given_names.txt``."""
    text = Path(__file__).with_name("given_names.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip()[:1] not in "#"
    )


def _runs(phrase: str) -> list[str]:
    """The runs of two or more capitalised words in ``phrase`` ("the William Knibb ward")."""
    return re.findall(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)+", phrase)


def known_words(register: Register) -> re.Pattern[str] | None:
    """Words that are never a child's name: public people, bodies, places of their roles."""
    cached = register.memo.get(_MEMO)
    if isinstance(cached, re.Pattern) or (_MEMO in register.memo and cached is None):
        return cached
    phrases: set[str] = set()
    for person in register.people.values():
        if person.standing != "private-individual":
            phrases.update((person.name, *person.aliases))
        for role in person.roles:
            phrases.update(_runs(role.title))
            phrases.update(_runs(role.organisation or ""))
    for organisation in register.organisations.values():
        phrases.update((organisation.name, *organisation.aliases))
    words = sorted((p.strip() for p in phrases if p.strip()), key=len, reverse=True)
    pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None
    )
    register.memo[_MEMO] = pattern
    return pattern


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str  # without a possessive 's

    @property
    def capitalised(self) -> bool:
        return self.word[:1].isupper() and not self.word.isupper()

    @property
    def common(self) -> bool:
        """Whether the word is also an English word, a month or a day ("Grace", "May")."""
        low = self.word.lower()
        return bool(parts_of_speech(low)) or low in grammar.MONTH_WORDS | grammar.WEEKDAYS


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _WORD.finditer(text):
        word = re.sub(r"['’]s$", "", m.group())
        out.append(_Token(m.start(), m.end(), word))
    return out


def _capitalised_runs(text: str, tokens: list[_Token]) -> Iterator[list[int]]:
    """Runs of capitalised words, one space apart, as indexes into ``tokens``."""
    run: list[int] = []
    for i, token in enumerate(tokens):
        joined = run and text[tokens[run[-1]].end : token.start] == " "
        if token.capitalised and (not run or joined):
            run.append(i)
            continue
        if run:
            yield run
        run = [i] if token.capitalised else []
    if run:
        yield run


@dataclass(frozen=True)
class Name:
    """A name in a sentence (offsets into it), and whether it has a surname."""

    start: int
    end: int
    full: bool  # a given name and a surname


def _split(run: list[int], tokens: list[_Token], known: set[int]) -> list[list[int]]:
    """``run`` cut where its words are known ("Cllr Jane Birch", a ward's name).

    ``known``: the offsets inside known words.
    """
    parts: list[list[int]] = [[]]
    for i in run:
        if tokens[i].start in known or tokens[i].end - 1 in known:
            parts.append([])
        else:
            parts[-1].append(i)
    return [p for p in parts if p]


def _not_a_person(run: list[int], tokens: list[_Token], text: str) -> bool:
    """A title's words, a place's or a body's ("Elm Road", "Children Act"), or after a title."""
    first, last = tokens[run[0]], tokens[run[-1]]
    before = tokens[run[0] - 1] if run[0] else None
    after = tokens[run[-1] + 1] if run[-1] + 1 < len(tokens) else None
    after_word = after.word.lower() if after and not text[last.end : after.start].strip() else ""
    before_word = (
        before.word.lower().rstrip(".")
        if before and not text[before.end : first.start].strip(" .")
        else ""
    )
    return (
        len(run) > 3
        or first.word.lower() in _TITLES
        or before_word in _TITLES
        or last.word.lower() in _INSTITUTIONS
        or after_word in _INSTITUTIONS
    )


_MARKERS = frozenset(grammar.words(grammar.MARKER_WORDS, "|"))


def _is_given(token: _Token) -> bool:
    word = token.word.casefold()
    if word in _MARKERS:
        return False  # "Baby P": a label's word, not a name
    return word in given_names() or word.split("-")[0] in given_names()


_BETWEEN_BACK = re.compile(r"[\s,(]*$")
_BETWEEN_ON = re.compile(r"[\s,(]*")


def _set_off(text: str, name: tuple[int, int], child: list[Detail]) -> bool:
    """Whether a word saying a child stands right before or after the name.

    "her son Jack", "the boy, Jack,", "Jack, aged 7": the name is the child's by apposition.
    """
    window = text[max(0, name[0] - 8) : name[0]]
    back = _BETWEEN_BACK.search(window)
    before = name[0] - (len(window) - back.start()) if back else name[0]
    on = _BETWEEN_ON.match(text, name[1])
    after = on.end() if on else name[1]
    return any(d.end == before or d.start == after for d in child)


def _adults(tokens: list[_Token]) -> list[int]:
    """Indexes of the words saying an adult ("mother", "author", "chair")."""
    return [i for i, t in enumerate(tokens) if t.word.lower() in grammar.ADULT_WORDS]


def _apposed(text: str, at: int) -> str:
    """What the words right before a name at ``at`` say it is: "adult", "child" or "".

    "her son Jack", "the boy's mother, Kayleigh Brown", "the chair of the board, Oliver
    Grant,": the last word saying one or the other in the phrase before it (back to a
    comma, a colon or a bracket; a name set off by a comma looks before that comma).
    """
    before = text[max(0, at - _REACH) : at].rstrip()
    before = before[:-1] if before.endswith(",") else before
    phrase = re.split(r"[,;:()\u2013\u2014]", before)[-1]
    for word in reversed(re.findall(r"[^\W\d_]+", phrase.lower())[-_PHRASE:]):
        if word in grammar.ADULT_WORDS:
            return "adult"
        if word in _MARKERS:
            return "child"
    return ""


def _distance(run: list[int], at: list[int]) -> int:
    """How many words apart ``run`` and the nearest of ``at`` (in order) are."""
    best = _NEAR + 1
    for i in (run[0], run[-1]):
        k = bisect.bisect_left(at, i)
        for j in (k - 1, k):
            if 0 <= j < len(at):
                best = min(best, abs(at[j] - i))
    return best


def _a_child(run: list[int], near: list[int], adults: list[int]) -> bool:
    """Whether the name at ``run`` is nearer a word saying a child than one saying an adult."""
    child = _distance(run, near)
    return child <= _NEAR and child <= _distance(run, adults)


def names(text: str, known: list[tuple[int, int]], child: list[Detail]) -> list[Name]:
    """Children's names in a sentence: near the words in ``child`` (saying it is a child).

    ``known``: spans of words that are never a child's name (public people, bodies, labels).
    """
    tokens = _tokens(text)
    starts = [t.start for t in tokens]
    near = sorted(_token_at(starts, d.start) for d in child)
    inside = {i for a, b in known for i in range(a, b)}
    adults = _adults(tokens)
    found = []
    for whole in _capitalised_runs(text, tokens):
        for run in _split(whole, tokens, inside):
            if _not_a_person(run, tokens, text):
                continue
            while run and not _is_given(tokens[run[0]]) and (run[0] == 0 or tokens[run[0]].common):
                run = run[1:]  # "Yesterday Jayden ...": a sentence's first word, or a common one
            if not run or not _is_given(tokens[run[0]]):
                continue
            given = tokens[run[0]]
            full = len(run) > 1
            low = given.word.lower()
            calendar = low in grammar.MONTH_WORDS | grammar.WEEKDAYS
            if (
                given.common
                and not full
                and (calendar or not _set_off(text, (given.start, given.end), child))
            ):
                continue  # "Grace", "May", "Will": a name only with a surname, or set off
            apposed = _apposed(text, given.start)
            if apposed == "child" or (not apposed and _a_child(run, near, adults)):
                last = tokens[run[-1]]
                found.append(Name(given.start, last.start + len(last.word), full))
    return found


def _token_at(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)
