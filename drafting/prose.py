"""What a sentence of prose claims: the words it quotes and whose view it is.

Review uses these to find text in quotation marks that is not in any source and a partisan
claim written as plain fact; the figures a sentence states are :mod:`evidence.figures`'s.
The rules are deliberately simple and are tested on made-up sentences.
"""

from __future__ import annotations

import re

_QUOTED = re.compile(
    r"“(?P<curly>[^“”]+)”"
    r"|(?<![\w\"])\"(?P<straight>[^\"]+)\"(?![\w\"])"
    r"|(?<![\w‘’'])‘(?P<csingle>[^‘\n]+?)’(?!\w)"
    r"|(?<![\w‘’'])'(?P<ssingle>[^\n]+?)'(?!\w)")


def quotations(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the words inside each pair of quotation marks.

    Double quotes (curly or straight) are found first; single quotes count only
    outside them, and an apostrophe inside a word ("children's") never closes one.
    """
    out: list[tuple[int, int]] = []
    for m in _QUOTED.finditer(text):
        group = next(g for g in ("curly", "straight", "csingle", "ssingle") if m.group(g))
        start, end = m.span(group)
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


_REPORTED = re.compile(
    r"\b(?:says?|said|(?<!so-)call(?:s|ed)|describe[sd]?|wr(?:ote|ites)|told|warn(?:s|ed)"
    r"|argue[sd]?|put it|in (?:his|her|their|[A-Z][\w'’]*'s) words)\b", re.IGNORECASE)


def is_scare_quote(quoted: str, sentence: str) -> bool:
    """A word or short phrase in quotation marks, not a quotation to verify.

    Short (at most :data:`SCARE_QUOTE_WORDS` words), unless it is two words or more and
    the sentence reports someone saying it ("called the report “absolutely damning”").
    """
    words = len(re.findall(r"\w+", quoted))
    return words <= SCARE_QUOTE_WORDS and (words < 2 or not _REPORTED.search(sentence))


_ATTRIBUTION = re.compile(
    r"\b(?:we|I)\s+(?:\w+\s+)?(?:believe|think|consider|feel|fear|suspect|argue|contend|doubt"
    r"|are concerned|am concerned|are worried|am worried)\b"
    r"|\b(?:we|I)\s+(?:have|share)\s+(?:\w+\s+){0,2}(?:doubts?|concerns?|fears?|worries)\b"
    r"|\bin (?:our|my|their|his|her) (?:view|opinion|judgement|judgment)\b"
    r"|\bin\s+(?:his|her|their|our|[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)?'s)\s+words\b"
    r"|\b(?:position|view|case|argument)\s+is\s+that\b"
    r"|\b(?:says?|said|claims?|claimed|argue|argues|argued|alleges?|alleged|believes?|believed"
    r"|maintains?|maintained|contends?|contended|asserts?|asserted|insists?|insisted"
    r"|suggests?|suggested|accuses?|accused|blames?|blamed|wrote|writes|told|warns?|warned"
    r"|calls? for|called for|described|describes)\b"
    r"|\baccording to\b|\bin the (?:view|opinion) of\b",
    re.IGNORECASE)


_CONTRAST = re.compile(r";|\bbut\b|\byet\b|\bhowever\b|\bin fact\b|\bwhereas\b",
                       re.IGNORECASE)


def attributed(text: str) -> bool:
    """Whether ``text`` presents what it says as somebody's view rather than as plain fact.

    The cue must govern the last clause: in "The leader insists all is well, but in fact
    the service is failing", the words after "but in fact" are not attributed.
    """
    boundaries = [m.end() for m in _CONTRAST.finditer(text)]
    return _ATTRIBUTION.search(text[boundaries[-1]:] if boundaries else text) is not None
