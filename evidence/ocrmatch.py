"""Quotes from scanned pages: the confusions OCR makes, allowed only where OCR was unsure.

A page read by OCR (:mod:`evidence.readers.ocr`) is text Tesseract made from a picture, and
Tesseract confuses letters that look alike. A quote from such a page verifies when it
matches the OCR text exactly (after :func:`evidence.normalise.normalise`, as any quote), or
when it differs from it only by these, and nothing else:

* **a confusion inside a doubtful word**, one Tesseract read with a confidence below
  :data:`evidence.readers.ocr.LOW_CONFIDENCE` (90). The confusions are :data:`CLASSES`
  (characters of one class stand for each other) and :data:`PAIRS` (two characters read
  as one, or one as two):

  - ``l 1 I i | !`` (upright strokes), ``O o 0 Q`` (rings), ``S s 5 $``, ``g q 9``,
    ``( { [``, ``) } ]`` and ``. , : ;``;
  - a letter's capital for its small letter (``s``/``S``, ``p``/``P``);
  - ``rn``/``ni`` for ``m``, ``ri`` for ``n``, ``vv``/``iv`` for ``w``, ``cl`` for ``d``.

  Each class holds one digit at most, so a digit never stands for another digit.
* **a space lost or added** anywhere in the OCR text ("Asmall", "ina", "gov. uk" were read
  with confidences of 78 to 91).

Nothing may differ between two digits (a space, a full stop for a comma: "1 500" and "1,5"
are other numbers than "1500" and "1.5"), so a quote never verifies with a different
number, however unsure OCR was of it. A letter OCR lost or added is never allowed ("no"
for "not" would change what the text says).

Where OCR read a word with a confidence of 90 or more (the page is clear), the quote must
match it exactly. These were decided by measurement (``bench/ocr.py --confusions``): 22
pages of two Ofsted reports rendered as image-only scans (100 to 300 dpi; grey, black and
white, blurred, noisy, JPEG), their OCR text aligned word by word with the true text layer.
Of 68,474 words read at 90 or more, 20 were wrong (0.03%: ``123`` read as ``125``, ``clear``
as ``dear``, ``so`` as ``50``, ``g`` as ``q``, a bracket as a brace, a capital for a small
letter); below 90, one word in 17 or more. The confusions seen there, with those classic to
Tesseract (``rn``/``m``), make the classes. Text read from a text layer gets none of this.

Matching folds both texts to a key (each class to one character, case ignored, ``rn`` to
``m``, spaces dropped), finds the quote's key in each OCR'd paragraph's, then checks each
aligned character: the same, or a confusion inside a doubtful word; each space difference
allowed. The span found is exact characters of the source, so a locator is as precise as
for a text layer.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from evidence.normalise import normalise

#: Spans of a text, ``(start, end)``, in order and apart.
Spans = Sequence[tuple[int, int]]

#: Characters OCR reads for one another; each class holds at most one digit.
CLASSES = ("l1Ii|!", "oO0Q", "sS5$", "gq9", "({[", ")}]", ".,:;")
#: Two characters OCR reads as one (or one as two), as the one they fold to.
PAIRS = {"rn": "m", "ni": "m", "ri": "n", "vv": "w", "iv": "w", "cl": "d"}

_FOLD_QUOTES = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)
_CLASS_OF = {c: cls[0] for cls in CLASSES for c in cls}


def _plain(char: str) -> str:
    """``char`` as :func:`evidence.normalise.normalise` reads it (quote marks, dashes)."""
    return char.translate(_FOLD_QUOTES)


def _canon(char: str) -> str:
    """The one character ``char`` folds to: its class's first, else its small letter."""
    char = _plain(char)
    if char in _CLASS_OF:
        return _CLASS_OF[char]
    small = char.lower()
    return _CLASS_OF.get(small, small) if len(small) == 1 else char


_PAIR_KEYS = {_canon(pair[0]) + _canon(pair[1]): to for pair, to in PAIRS.items()}


@dataclass(frozen=True)
class Folded:
    """A text folded to a key: each key character's span in the text, and a space before."""

    key: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    spaced: tuple[bool, ...]


def fold(text: str, base: int = 0) -> Folded:
    """``text`` folded (see the module docstring); offsets from ``base``."""
    key: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    spaced: list[bool] = []
    space, i, n = False, 0, len(text)
    while i < n:
        if text[i].isspace():
            space, i = True, i + 1
            continue
        one = _canon(text[i])
        pair = one + _canon(text[i + 1]) if i + 1 < n and text[i : i + 2].isalpha() else ""
        width = 2 if len(pair) == 2 and pair in _PAIR_KEYS else 1
        key.append(_PAIR_KEYS[pair] if width == 2 else one)
        starts.append(base + i)
        ends.append(base + i + width)
        spaced.append(space and bool(key[:-1]))
        space, i = False, i + width
    return Folded("".join(key), tuple(starts), tuple(ends), tuple(spaced))


@dataclass(frozen=True)
class Match:
    """A quote found in OCR text by allowing OCR's confusions: where, and what differed."""

    start: int
    end: int
    #: (the quote's words, what OCR read there), for each difference.
    differences: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Refusal:
    """Why a quote that OCR's confusions would explain does not verify.

    A word OCR read clearly, or a difference between two digits (``number``).
    """

    start: int
    end: int
    quoted: str  # the quote's word(s)
    read: str  # what OCR read there
    number: bool = False


def _inside(spans: Spans, start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _word_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole word(s) around ``text[start:end]``."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _check(text: str, doubtful: Spans, quote: str, q: Folded, p: Folded, at: int) -> Refusal | None:
    """Whether ``p``'s units from ``at`` hold ``q``'s with only the allowed differences."""
    for j in range(len(q.key)):
        ps, pe = p.starts[at + j], p.ends[at + j]
        same = _plain(quote[q.starts[j] : q.ends[j]]) == _plain(text[ps:pe])
        number = not text[ps:pe].isalnum() and _digits_around(text, ps, pe)
        if not same and (number or not _inside(doubtful, ps, pe)):
            return _refusal(text, quote, q, j, ps, pe, number)
        if j and q.spaced[j] != p.spaced[at + j]:
            before = p.ends[at + j - 1]
            if _digits_around(text, before, ps):
                return _refusal(text, quote, q, j, before - 1, pe, True)
    return None


def _digits_around(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies between two digits."""
    return start > 0 and end < len(text) and text[start - 1].isdigit() and text[end].isdigit()


def _refusal(
    text: str, quote: str, q: Folded, j: int, start: int, end: int, number: bool = False
) -> Refusal:
    ws, we = _word_at(text, start, end)
    qs, qe = _word_at(quote, q.starts[j], q.ends[j])
    return Refusal(ws, we, quote[qs:qe], text[ws:we], number)


def _differences(quote: str, found: str) -> tuple[tuple[str, str], ...]:
    a, b = normalise(quote).split(" "), normalise(found).split(" ")
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    return tuple(
        (" ".join(a[i1:i2]), " ".join(b[j1:j2])) for op, i1, i2, j1, j2 in ops if op != "equal"
    )


def _bounded(text: str, para: tuple[int, int], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts and ends on word boundaries inside ``para``."""
    return (start == para[0] or not (text[start - 1].isalnum() and text[start].isalnum())) and (
        end == para[1] or not (text[end - 1].isalnum() and text[end].isalnum())
    )


#: A paragraph read by OCR: its index among the citable ones, its span, and its fold.
Folding = tuple[int, tuple[int, int], Folded]


def search(
    text: str, paragraphs: Sequence[Folding], doubtful: Spans, quote: str
) -> tuple[int, Match | Refusal] | None:
    """``quote`` in the OCR'd ``paragraphs`` of ``text``, allowing OCR's confusions.

    ``doubtful`` are the spans of the words OCR was unsure of. Returns the paragraph's
    index and the first match; failing one, the first place the quote would match but
    for a word OCR read clearly or a difference between digits; else None.
    """
    q = fold(quote)
    if not q.key:
        return None
    refused: tuple[int, Match | Refusal] | None = None
    for i, para, p in paragraphs:
        at = p.key.find(q.key)
        while at >= 0:
            start, end = p.starts[at], p.ends[at + len(q.key) - 1]
            if _bounded(text, para, start, end):
                why = _check(text, doubtful, quote, q, p, at)
                if why is None:
                    return i, Match(start, end, _differences(quote, text[start:end]))
                refused = refused or (i, why)
            at = p.key.find(q.key, at + 1)
    return refused


def holds(text: str, ocr: Spans, doubtful: Spans, quote: str, start: int, end: int) -> Match | None:
    """Whether ``text[start:end]``, read by OCR (inside ``ocr``), holds ``quote``.

    Allowing OCR's confusions in the ``doubtful`` words. The check a cached location
    passes (:func:`evidence.verify.locator_at`): the work is the quote's length.
    """
    if not _inside(ocr, start, end):
        return None
    q, p = fold(quote), fold(text[start:end], start)
    if not q.key or q.key != p.key or _check(text, doubtful, quote, q, p, 0):
        return None
    return Match(start, end, _differences(quote, text[start:end]))


def ocr_paragraphs(text: str, paragraphs: Spans, ocr: Spans) -> tuple[Folding, ...]:
    """The ``paragraphs`` of ``text`` read by OCR (overlapping ``ocr``), folded."""
    out = []
    for i, (start, end) in enumerate(paragraphs):
        k = bisect.bisect_right(ocr, (start, float("inf"))) - 1
        if k >= 0 and ocr[k][1] > start:
            out.append((i, (start, end), fold(text[start:end], start)))
    return tuple(out)
