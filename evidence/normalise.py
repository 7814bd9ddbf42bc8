"""The one normalisation quotes are compared under: whitespace, quote marks, apostrophes, dashes.

Nothing else is folded (not case, not hyphenation, not spelling), so "front-line"
and "front line" remain different words. :func:`normalise_with_map` also returns,
for every character of the normalised text, its offset in the original, so a
match found in normalised text becomes a character span in the real source.
"""

from __future__ import annotations

import hashlib

_FOLD = str.maketrans({
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
})


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
