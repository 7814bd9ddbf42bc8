"""Review check ``identification-risk``: prose that could identify a child (safeguarding).

Letters and motions about child deaths and serious case reviews must not identify a child.
Sentence by sentence, it warns of:

* a child's name: a personal name near a word that says a child ("boy", "daughter",
  "aged 7"); an error for a given name with a surname, a warning for a given name alone;
* an age with a place narrower than a town (a street, a school, an estate, a postcode or
  its district), a date of birth, or a full postcode in a sentence about a child, a family
  or a home (a body's address, "write to me at ... NN1 1ED", is none of these);
* an anonymised label ("Child A") beside an age, a place narrower than a town or a date,
  in its sentence or the next (the label alone is what reviews publish).

How a name is told and whether it is a child's: :mod:`drafting.review.child_names`.
Each kind is said once per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from drafting.findings import Finding, Passage, Severity
from drafting.review import identifying as grammar
from drafting.review.child_names import known_words, names
from drafting.review.identifying import Detail
from drafting.review.prose import Sentence, sentences
from evidence.register import Register

CODE = "identification-risk"
_HINT = (
    "Serious case reviews anonymise children (“Child A”) and leave out what narrows "
    "who they are: remove it, or say it more generally"
)


@dataclass(frozen=True)
class _Details:
    """What one sentence holds that could identify a child (offsets into its text)."""

    ages: list[Detail]
    places: list[Detail]
    dates: list[Detail]
    births: list[Detail]
    labels: list[Detail]
    markers: list[Detail]
    homes: bool  # it speaks of a family or where somebody lives

    @classmethod
    def of(cls, text: str, after: str = "") -> _Details:
        """What ``text`` holds (``after``: the next sentence's text, where a label's value is)."""
        labels = grammar.labels(text)
        in_labels = grammar.covered(labels)
        return cls(
            grammar.ages(text),
            [p for p in grammar.places(text) if not in_labels & {p.start, p.end - 1}],
            grammar.dates(text),
            grammar.births(text, after),
            labels,
            grammar.markers(text),
            grammar.speaks_of_a_home(text),
        )

    @property
    def narrowing(self) -> list[Detail]:
        """What re-identifies a labelled child: an age, a narrow place, a date."""
        return sorted([*self.ages, *self.places, *self.dates, *self.births], key=_at)


def _at(detail: Detail) -> int:
    return detail.start


_PLACE_WORDS = {
    "street": "a street",
    "school": "a school",
    "estate": "an estate",
    "postcode": "a postcode",
    "district": "a postcode district",
}


def identification_findings(passages: list[Passage], register: Register) -> Iterator[Finding]:
    """The ``identification-risk`` findings of some passages, sentence by sentence."""
    known = known_words(register)
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
    if postcodes and place is None and (here.markers or here.labels or here.homes):
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
    child = [*here.markers, *here.ages]
    spans = [m.span() for m in known.finditer(text)] if known is not None else []
    spans += [(d.start, d.end) for d in here.labels]
    found = names(text, spans, child)
    if not found:
        return
    name = next((n for n in found if n.full), found[0])
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
