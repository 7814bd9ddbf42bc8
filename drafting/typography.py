"""Typographic quotes and apostrophes, as Word's AutoFormat makes them as you type.

A straight double quote opens (“) at the start of a text or after a space, an opening
bracket, a dash, a slash or another opening quote, and closes (”) everywhere else. A
straight single quote is an apostrophe or a closing quote (’, the same character) after a
letter, a digit or a closing mark, and in the few words English starts with an elision
('90s, '19, 'tis, 'em); elsewhere it opens (‘). Each character is replaced by one, so
offsets into the text still hold, and quote verification, which reads straight and curly
marks alike, is unchanged. A mark escaped in a draft with a backslash stays straight.
"""

from __future__ import annotations

import re
from typing import Any

#: What a quote opens after: nothing, a space, an opening bracket, a dash, a slash, or an
#: opening quote.
_OPENS_AFTER = frozenset(" \t\n\u00a0([{<\u2014\u2013-/\u201c\u2018")
#: Words that start with an apostrophe standing for letters left out.
_ELIDED = re.compile(r"(?:\d\d(?!\d)|tis\b|twas\b|em\b|n\b|cause\b|til\b|bout\b)", re.IGNORECASE)


def smart_quotes(text: str) -> str:
    """``text`` with straight quotes and apostrophes made typographic (one for one)."""
    if '"' not in text and "'" not in text:
        return text
    out = list(text)
    for i, char in enumerate(text):
        if char not in "\"'":
            continue
        before = out[i - 1] if i else " "
        opening = before in _OPENS_AFTER
        if char == '"':
            out[i] = "\u201c" if opening else "\u201d"
        elif opening and not _ELIDED.match(text, i + 1):
            out[i] = "\u2018"
        else:
            out[i] = "\u2019"
    return "".join(out)


def smarten(value: Any) -> Any:
    """Every plain string in a template context made typographic; Word runs left as made.

    Runs of prose are already typographic (:func:`drafting.citations.parse_inline`), and
    are marked-up strings, which are not plain ``str``.
    """
    if type(value) is str:
        return smart_quotes(value)
    if isinstance(value, dict):
        return {key: smarten(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(smarten(item) for item in value)
    return value
