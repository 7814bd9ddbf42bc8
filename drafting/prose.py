"""What a sentence of prose claims: the words it quotes and whose view it is.

Review uses these to find text in quotation marks that is not in any source; whose view a
sentence gives is :mod:`drafting.attribution`'s, and the figures it states are
:mod:`evidence.figures`'s. The rules are tested on made-up sentences.
"""

from __future__ import annotations

import bisect
import re

# whose view a sentence gives is drafting.attribution's; kept here for older imports
from drafting.attribution import attributed as attributed
from drafting.attribution import reports_words as reports_words

#: Where a quotation may open: each kind of mark has its own pattern for the quotation.
_OPENER = re.compile(r"[“\"‘']")
_CURLY = re.compile(r"“(?P<q>[^“”]+)”")
_STRAIGHT = re.compile(r"(?<![\w\"])\"(?P<q>[^\"]+)\"(?![\w\"])")
_CSINGLE = re.compile(r"(?<![\w‘’'])‘(?P<q>[^‘\n]+?)’(?!\w)")
_SOPEN = re.compile(r"(?<![\w‘’'])'")
#: A straight single quote that can close one: not inside a word ("children's").
_SCLOSE = re.compile(r"'(?!\w)")
#: How far each opening mark's quotation can reach: to the mark that ends its search.
_REACH = {"“": re.compile(r"[“”]"), '"': re.compile(r"\""), "‘": re.compile(r"[‘\n]")}


class _Marks:
    """The positions of the characters a pattern finds, for the next one after a position."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.at = [m.start() for m in pattern.finditer(text)]

    def after(self, position: int, default: int) -> int:
        i = bisect.bisect_right(self.at, position)
        return self.at[i] if i < len(self.at) else default


def _quotation_at(
    text: str, at: int, reach: dict[str, _Marks], closers: _Marks, lines: _Marks
) -> tuple[int, int, int] | None:
    """The quotation opening at ``text[at]``: its words' span and where it ends, or None.

    Each pattern is matched only as far as its quotation can reach (the next mark that
    ends its search), and a straight single quote closes at the next quote that is not
    inside a word, on the same line; so each search is bounded and the whole text is read
    in linear time (the patterns alone would read to the end of the line from every
    unclosed quote: quadratic).
    """
    mark = text[at]
    if mark == "'":
        close = closers.after(at + 1, -1)
        if _SOPEN.match(text, at, at + 1) and at < close < lines.after(at, len(text)):
            return at + 1, close, close + 1
        return None
    pattern = {"“": _CURLY, '"': _STRAIGHT, "‘": _CSINGLE}[mark]
    found = pattern.match(text, at, min(len(text), reach[mark].after(at, len(text)) + 2))
    return (*found.span("q"), found.end()) if found else None


def quotations(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the words inside each pair of quotation marks.

    Double quotes (curly or straight) are found first; single quotes count only
    outside them, and an apostrophe inside a word ("children's") never closes one.
    """
    reach = {mark: _Marks(pattern, text) for mark, pattern in _REACH.items()}
    closers, lines = _Marks(_SCLOSE, text), _Marks(re.compile("\n"), text)
    out: list[tuple[int, int]] = []
    at = 0
    while (opener := _OPENER.search(text, at)) is not None:
        found = _quotation_at(text, opener.start(), reach, closers, lines)
        if found is None:
            at = opener.start() + 1
            continue
        start, end, at = found
        if re.search(r"\w", text[start:end]):
            out.append((start, end))
    return out


_OMISSION = re.compile(r"\s*(?:\.\.\.|…|\[[^\]]*\])\s*")
#: "[t]hree": a letter changed to fit the sentence (a conventional alteration), kept.
_ALTERED_LETTER = re.compile(r"\[(\w)\](?=\w)")
#: A quotation this short, with no citation, is a scare quote ("so-called “efficiencies”").
SCARE_QUOTE_WORDS = 3


def quoted_pieces(quoted: str) -> list[str]:
    """The verbatim pieces of a quotation, split at ellipses and [editorial insertions].

    A bracketed letter joined to a word ("[t]hree") is an altered letter, not an insertion.
    """
    quoted = _ALTERED_LETTER.sub(r"\1", quoted)
    return [p.strip(" ,;:.") for p in _OMISSION.split(quoted) if re.search(r"\w", p)]


def is_scare_quote(quoted: str, reported: bool) -> bool:
    """A word or short phrase in quotation marks, not a quotation to verify.

    Short (at most :data:`SCARE_QUOTE_WORDS` words), unless it is two words or more and
    its sentence reports someone saying it (``reported``, :func:`reports_words`: "called
    the report “absolutely damning”"). The sentence is read once, however many quotations
    it holds.
    """
    words = len(re.findall(r"\w+", quoted))
    return (words <= SCARE_QUOTE_WORDS and (words < 2 or not reported)) or is_title(quoted)


#: Words a title leaves in lower case ("Special Report on Global Warming of 1.5°C").
_MINOR = frozenset(
    (
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "into",
        "per",
        "via",
        "vs",
        "v",
        "is",
        "are",
        "be",
    )
)


def is_title(quoted: str) -> bool:
    """Words in quotation marks that name a document, a campaign or an event, in title case.

    Two words or more, each capitalised but the small words a title leaves in lower case
    and the numbers ("‘Special Report on Global Warming of 1.5°C’", "“Keeping Children Safe
    in Education”"), and no sentence inside: a name, not somebody's words to verify.
    """
    words = re.findall(r"[^\W\d_][\w'’-]*", quoted)
    if len(words) < 2 or re.search(r"[.!?;]\s+\S", quoted.strip()):
        return False
    return words[0][0].isupper() and all(w[0].isupper() or w.lower() in _MINOR for w in words)


#: What introduces words a document proposes to write, not words it quotes: an amendment's
#: "insert:", "replace ... with", "to read", "add the words".
_NEW_WORDING = re.compile(
    r"\b(?:insert(?:ing)?|add(?:ing)?|substitut(?:e|ing)|replac(?:e|ing)\b[^.;:]*?\bwith"
    r"|(?:so\s+as\s+)?to\s+read|reading|amend(?:ed|ing)?\s+to|the\s+(?:new\s+)?words?"
    r"|(?:new|following)\s+(?:text|wording|paragraph|clause|sentence|bullet|item)"
    r"(?:\s+\d+[a-z]?)?)"
    r"(?:\s+(?:the\s+)?(?:following|words?|new\s+\w+))?\s*[:,]?\s*$",
    re.IGNORECASE,
)


def is_new_wording(text: str, opening: int) -> bool:
    """Whether the quotation opening at ``opening`` is wording proposed, not quoted.

    "Delete paragraph 3 and insert: “This council resolves ...”": an amendment's own words
    claim no source, so they are not checked against the sources.
    """
    return _NEW_WORDING.search(text, max(0, opening - 80), opening) is not None
