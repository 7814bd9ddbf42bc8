"""The one lookup of quoted words: where a quotation is, which facts quote it, what is closest.

Verify, review's misquote and uncited-quote checks, ``drafting new``'s fact suggestions
and ``drafting evidence add``'s duplicate check all ask these questions; they are answered
here, over a register's sources (small dossiers) with :mod:`evidence.verify`'s word-boundary
matching, the same normalisation as ``drafting evidence verify``.
"""

from __future__ import annotations

import re

from evidence.normalise import normalise
from evidence.register import Fact, Register
from evidence.sources import Source
from evidence.verify import Locator, NearMiss, closest, find_words, locate


def first_letter_variants(piece: str) -> list[str]:
    """``piece``, and with its first letter's case changed (quoting convention allows it)."""
    if piece and piece[0].isalpha():
        swapped = piece[0].swapcase() + piece[1:]
        if swapped != piece:
            return [piece, swapped]
    return [piece]


def where_quoted(register: Register, pieces: list[str]) -> list[tuple[Source, Locator]]:
    """The sources holding every piece of a quotation in their citable text, in one paragraph.

    An ellipsis joins words of one passage, not one speaker's words to another's: pieces
    found in different paragraphs of a source do not count as found there.
    """
    found = []
    for source in register.sources.values():
        locators = [
            next(
                (loc for v in first_letter_variants(p) if (loc := locate(source, v)) is not None),
                None,
            )
            for p in pieces
        ]
        if (
            locators[0] is not None
            and all(locators)
            and len({loc.paragraph for loc in locators if loc}) == 1
        ):
            found.append((source, locators[0]))
    return found


def facts_quoting(register: Register, piece: str, sources: set[str]) -> list[str]:
    """The ids of facts whose quote, from one of ``sources``, contains ``piece`` whole."""
    wanted = normalise(piece)
    return [
        f.id
        for f in register.facts.values()
        if any(
            c.source in sources and find_words(normalise(c.quote), wanted) >= 0 for c in f.citations
        )
    ]


def closest_passage(
    register: Register,
    text: str,
    prefer: frozenset[str] | set[str] = frozenset(),
) -> tuple[NearMiss, str] | None:
    """The passage of any source closest to ``text``, with its source id.

    Ties go to a source in ``prefer``.
    """
    near = [(n, s.id) for s in register.sources.values() if (n := closest(s, text))]
    return max(near, key=lambda x: (x[0].score, x[1] in prefer), default=None)


def suggest_facts(
    register: Register, subject: str, limit: int = 8, *, least: float = 0.0
) -> list[Fact]:
    """The facts whose statement and topics best match ``subject``.

    Each word of the subject counts by how rare it is among the facts (a word in every
    fact, "ofsted" in an Ofsted dossier, says little; "unallocated" says much), words
    matched by their first five letters ("inspections" finds "inspection"); ties go to
    the closest spelling overall (rapidfuzz).
    """
    import math

    from rapidfuzz import fuzz

    def stems(text: str) -> set[str]:
        return {
            w[:5]
            for w in re.findall(r"[a-z0-9]{3,}", text.lower().replace("-", " "))
            if w not in _STOP
        }

    facts = list(register.facts.values())
    texts = {f.id: f"{f.statement} {' '.join(f.topics)}" for f in facts}
    fact_stems = {f.id: stems(texts[f.id]) for f in facts}
    wanted = stems(subject)
    weight = {
        w: math.log((1 + len(facts)) / (1 + sum(w in fs for fs in fact_stems.values())))
        for w in wanted
    }
    total = sum(weight.values()) or 1.0
    scored = []
    for fact in facts:
        share = sum(weight[w] for w in wanted & fact_stems[fact.id]) / total
        if share > least:
            scored.append(
                (share, fuzz.token_set_ratio(subject.lower(), texts[fact.id].lower()), fact)
            )
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return [fact for _, _, fact in scored[:limit]]


_STOP = frozenset(
    {
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "its",
        "their",
        "our",
        "not",
        "but",
        "all",
        "any",
    }
)
