"""The document's own paragraph numbers: "23.", "2.1", "4)".

Reports number their paragraphs, and are cited by those numbers ("para. 23"), not by a
count of paragraphs. A paragraph starting with a number is numbered only when the number
follows the last one accepted (2 -> 3, 2 -> 2.1, 2.3 -> 3, or a count starting again at 1),
(or the one after it: reports skip a number now and then), so "3 October 2022 ..." or a
stray "1." in a table never is; a single number needs its full
stop or bracket ("23." or "23)"). A document numbers its paragraphs when most of its
citable paragraphs carry such a number: then its locators use them.
"""

from __future__ import annotations

import re

_NUMBERED = re.compile(
    r"^(?P<n>\d{1,3}(?:\.\d{1,3}){0,3})"
    r"(?:(?P<dot>[.)])(?=\s+\S|[A-Z“‘\"'(])|(?=\s+\S))"
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
#: The share of citable paragraphs that must be numbered for the numbers to be the locators.
NUMBERED_SHARE = 0.5


def number_at(text: str) -> tuple[tuple[int, ...], int] | None:
    """The paragraph number ``text`` starts with, and the characters it and a space take.

    None when it starts with none.
    """
    match = _NUMBERED.match(text)
    if not match:
        return None
    parts = tuple(int(p) for p in match.group("n").split("."))
    if len(parts) == 1 and not match.group("dot"):
        return None  # "3 October": a single number needs its full stop or bracket
    end = match.end()
    return parts, end + len(text[end:]) - len(text[end:].lstrip())


def follows(previous: tuple[int, ...] | None, number: tuple[int, ...]) -> bool:
    """Whether paragraph ``number`` can come next after ``previous``.

    2 -> 3, 2 -> 2.1, 2.3 -> 3, or a count that starts again at 1; one number may be
    skipped (2 -> 4), as reports sometimes do.
    """
    if number in ((1,), (1, 1)) or (previous is None and number[-1] == 1):
        return True
    if previous is None:
        return False
    for depth in range(1, len(previous) + 1):
        head, last = previous[: depth - 1], previous[depth - 1]
        if len(number) == depth and number[:-1] == head and last < number[-1] <= last + 2:
            return True  # the next one, or one after a number the document skipped
    return number == (*previous, 1)


def label(number: tuple[int, ...]) -> str:
    """``(2, 1)`` -> ``"2.1"``."""
    return ".".join(map(str, number))


def numbered(texts: list[str]) -> list[tuple[str, int] | None]:
    """For each paragraph, its accepted number and lead (number and space), or None."""
    out: list[tuple[str, int] | None] = []
    last: tuple[int, ...] | None = None
    for text in texts:
        found = number_at(text)
        if found is not None and follows(last, found[0]):
            last = found[0]
            out.append((label(found[0]), found[1]))
        else:
            out.append(None)
    return out


def numbers_paragraphs(labels: list[str | None]) -> bool:
    """Whether a document with these paragraph labels numbers its paragraphs."""
    count = sum(1 for x in labels if x)
    return count >= 3 and count >= NUMBERED_SHARE * len(labels)


def roman(text: str) -> int | None:
    """The value of a roman numeral (``iv`` = 4), or None."""
    values = [_ROMAN.get(c) for c in text.lower()]
    if not values or None in values:
        return None
    total = 0
    for i, value in enumerate(values):
        assert value is not None
        following = values[i + 1] if i + 1 < len(values) else 0
        total += -value if following and following > value else value
    return total if total > 0 else None
