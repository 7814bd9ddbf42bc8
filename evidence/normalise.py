"""The one normalisation quotes are compared under: whitespace, quote marks, apostrophes, dashes.

Nothing else is folded (not case, not hyphenation, not spelling), so "front-line"
and "front line" remain different words. :func:`normalise_with_map` also returns,
for every character of the normalised text, its offset in the original, so a
match found in normalised text becomes a character span in the real source.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text``; return it and each normalised character's offset in ``text``.

    Runs of whitespace become one space and leading/trailing whitespace is dropped.
    """
    out: list[str] = []
    offsets: list[int] = []
    pending_space = -1
    for i, char in enumerate(text):
        if char.isspace():
            if out and pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0:
            out.append(" ")
            offsets.append(pending_space)
            pending_space = -1
        out.append(char.translate(_FOLD))
        offsets.append(i)
    return "".join(out), offsets


def normalise(text: str) -> str:
    """Normalise ``text`` (see :func:`normalise_with_map`; the same result, without the map)."""
    return " ".join(text.translate(_FOLD).split())


def text_hash(text: str, size: int = 16) -> str:
    """A short, stable hash of a text after normalising (quotes, notes, paragraphs in records)."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:size]


#: Plurals and forms that no suffix rule finds.
_IRREGULAR = {
    "children": "child",
    "people": "person",
    "men": "man",
    "women": "woman",
    "staff": "staff",
    "data": "datum",
    "criteria": "criterion",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "lives": "life",
    "wives": "wife",
}
#: Words a phrase of a measure does without: "a social worker" is "social worker".
_ARTICLES = frozenset({"a", "an", "the"})


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """One word folded for comparing phrases: lower case, its plural and its -ed/-ing taken off.

    Not a lemmatiser but a consistent fold: "cases" and "case" are both ``cas``,
    "children's" and "child" both ``child``, "waiting" and "waits" both ``wait``. Words of
    three letters or fewer are kept as they are.
    """
    w = word.lower().translate(_FOLD).removesuffix("'s").removesuffix("'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "ches", "shes", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w.removesuffix("e") if len(w) > 3 else w


def word_keys(text: str) -> tuple[str, ...]:
    """The words of ``text`` folded by :func:`word_key`, without articles ("a", "the")."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text)
    return tuple(word_key(w) for w in words if w.lower() not in _ARTICLES)
