"""Review check ``identification-risk``: prose that could identify a child (safeguarding).

Letters and motions about child deaths and serious case reviews must not identify a child.
Sentence by sentence, it warns of:

* a child's name: a personal name near a word that says a child ("boy", "daughter",
  "aged 7"); an error for a given name with a surname, a warning for a given name alone;
* an age with a place narrower than a town (a street, a school, an estate, a postcode or
  its district), a date of birth, or a full postcode anywhere;
* an anonymised label ("Child A") beside an age, a place narrower than a town or a date,
  in its sentence or the next (the label alone is what reviews publish).

A personal name is a capitalised word that is a given name (``given_names.txt``: the
commonest names given in England and Wales, from the ONS, Open Government Licence v3.0),
optionally followed by a surname (the next capitalised word). It is not one where the
words are the name or alias of someone ``people.yaml`` marks an office-holder or public
figure, an organisation's, a capitalised phrase of a role's title (a ward: "councillor for
Kingsthorpe South"), after a title ("Cllr", "Mrs"), before a word naming a place or a body
("... Road", "... School", "... ward", "... Act"), or a run of more than three capitalised
words (a title). A given name that is also an English word ("Grace", "Will", "May", by
:mod:`drafting.lexicon`) is a name only with a surname, or mid-sentence right beside a
word saying a child. Each kind is said once per sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from drafting.findings import Finding, Passage, Severity
from drafting.lexicon import parts_of_speech
from drafting.review import identifying as grammar
from drafting.review.identifying import Detail
from drafting.review.prose import Sentence, sentences
from evidence.register import Register

CODE = "identification-risk"
_HINT = (
    "Serious case reviews anonymise children (“Child A”) and leave out what narrows "
    "who they are: remove it, or say it more generally"
)
#: Words a title stands before: the name after it is an adult's ("Cllr", "Mrs", "Dr").
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


def _known(register: Register) -> re.Pattern[str] | None:
    """Words that are never a child's name: public people, bodies, places of their roles."""
    cached = register.memo.get(CODE)
    if isinstance(cached, re.Pattern) or (CODE in register.memo and cached is None):
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
    register.memo[CODE] = pattern
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
class _Name:
    start: int
    end: int
    full: bool  # a given name and a surname


def _split(run: list[int], tokens: list[_Token], known: list[tuple[int, int]]) -> list[list[int]]:
    """``run`` cut where its words are known ("Cllr Jane Birch", a ward's name)."""
    parts: list[list[int]] = [[]]
    for i in run:
        if any(a < tokens[i].end and tokens[i].start < b for a, b in known):
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


def _set_off(text: str, name: tuple[int, int], child: list[Detail]) -> bool:
    """Whether a word saying a child stands right before or after the name.

    "her son Jack", "the boy, Jack,", "Jack, aged 7": the name is the child's by apposition.
    """
    for detail in child:
        between = (
            text[detail.end : name[0]] if detail.end <= name[0] else text[name[1] : detail.start]
        )
        if detail.start < name[1] and detail.end > name[0]:
            continue
        if re.fullmatch(r"[\s,(]*", between):
            return True
    return False


def _names(
    text: str, tokens: list[_Token], known: list[tuple[int, int]], child: list[Detail]
) -> list[_Name]:
    """Personal names in a sentence near the words in ``child`` (saying it is a child)."""
    starts = [t.start for t in tokens]
    near = [_token_at(starts, d.start) for d in child]
    found = []
    for whole in _capitalised_runs(text, tokens):
        for run in _split(whole, tokens, known):
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
            if any(abs(n - i) <= _NEAR for n in near for i in run):
                last = tokens[run[-1]]
                found.append(_Name(given.start, last.start + len(last.word), full))
    return found


@dataclass(frozen=True)
class _Details:
    """What one sentence holds that could identify a child (offsets into its text)."""

    ages: list[Detail]
    places: list[Detail]
    dates: list[Detail]
    births: list[Detail]
    labels: list[Detail]
    markers: list[Detail]

    @classmethod
    def of(cls, text: str, after: str = "") -> _Details:
        """What ``text`` holds (``after``: the next sentence's text, where a label's value is)."""
        labels = grammar.labels(text)
        return cls(
            grammar.ages(text),
            [p for p in grammar.places(text) if not any(_overlap(p, x) for x in labels)],
            grammar.dates(text),
            grammar.births(text, after),
            labels,
            grammar.markers(text),
        )

    @property
    def narrowing(self) -> list[Detail]:
        """What re-identifies a labelled child: an age, a narrow place, a date."""
        return sorted([*self.ages, *self.places, *self.dates, *self.births], key=_at)


def _at(detail: Detail) -> int:
    return detail.start


def _overlap(a: Detail, b: Detail) -> bool:
    return a.start < b.end and b.start < a.end


_PLACE_WORDS = {
    "street": "a street",
    "school": "a school",
    "estate": "an estate",
    "postcode": "a postcode",
    "district": "a postcode district",
}


def identification_findings(passages: list[Passage], register: Register) -> Iterator[Finding]:
    """The ``identification-risk`` findings of some passages, sentence by sentence."""
    known = _known(register)
    for passage in passages:
        said = sentences(passage)
        afters = [s.text for s in said[1:]] + [""]
        details = [_Details.of(s.text, after) for s, after in zip(said, afters, strict=True)]
        for i, sentence in enumerate(said):
            following = details[i + 1] if i + 1 < len(details) else None
            yield from _sentence_findings(sentence, details[i], following, known)


def _sentence_findings(
    sentence: Sentence, here: _Details, following: _Details | None, known: re.Pattern[str] | None
) -> Iterator[Finding]:
    yield from _name_findings(sentence, here, known)
    place = _age_place(sentence, here)
    if place is not None:
        yield place
    if here.births:
        birth = here.births[0]
        yield _finding(
            sentence,
            "warning",
            f"gives a date of birth (“{birth.words}”), which with any other detail "
            "identifies a child",
            birth,
        )
    postcodes = [d for d in here.places if d.kind == "postcode"]
    if postcodes and place is None:
        yield _finding(
            sentence,
            "warning",
            f"gives a full postcode (“{postcodes[0].words}”), which points to a handful of homes",
            postcodes[0],
        )
    label = _label(sentence, here, following)
    if label is not None:
        yield label


def _finding(sentence: Sentence, severity: Severity, message: str, detail: Detail) -> Finding:
    span = (sentence.start + detail.start, sentence.start + detail.end)
    return sentence.finding(severity, CODE, message, _HINT, span)


def _name_findings(
    sentence: Sentence, here: _Details, known: re.Pattern[str] | None
) -> Iterator[Finding]:
    text = sentence.text
    tokens = _tokens(text)
    child = [*here.markers, *here.ages]
    spans = [m.span() for m in known.finditer(text)] if known is not None else []
    spans += [(d.start, d.end) for d in here.labels]
    names = _names(text, tokens, spans, child)
    if not names:
        return
    name = next((n for n in names if n.full), names[0])
    closest = min(child, key=lambda d: abs(d.start - name.start))
    words = text[name.start : name.end]
    detail = Detail("name", name.start, name.end, words)
    if name.full:
        message = (
            f"names a child in full: “{words}” beside “{closest.words}”; "
            "a child's name and surname identify them"
        )
        yield _finding(sentence, "error", message, detail)
    else:
        message = f"may name a child: “{words}” beside “{closest.words}”"
        yield _finding(sentence, "warning", message, detail)


def _token_at(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _age_place(sentence: Sentence, here: _Details) -> Finding | None:
    if not here.ages or not here.places:
        return None
    age, place = here.ages[0], here.places[0]
    message = (
        f"gives a child's age with {_PLACE_WORDS[place.kind]} (“{age.words}”, “{place.words}”): "
        "together they narrow who the child is to a few families"
    )
    return _finding(sentence, "warning", message, place)


def _label(sentence: Sentence, here: _Details, following: _Details | None) -> Finding | None:
    if not here.labels:
        return None
    where, details = "", here.narrowing
    if not details and following is not None and not following.labels:
        where, details = " in the next sentence", following.narrowing
    if not details:
        return None
    label, detail = here.labels[0], details[0]
    what = "an age" if detail.kind == "age" else _PLACE_WORDS.get(detail.kind, "a date")
    message = (
        f"gives “{label.words}” with {what} (“{detail.words}”){where}: an anonymised label "
        "beside details that narrow who the child is can re-identify them"
    )
    return _finding(sentence, "warning", message, label)
