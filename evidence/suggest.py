"""Closest-match suggestions for mistyped ids, topics and names (rapidfuzz)."""

from __future__ import annotations

from collections.abc import Iterable


def nearest(
    word: str, choices: Iterable[str], *, limit: int = 3, cutoff: float = 60, scorer: str = "words"
) -> list[str]:
    """Up to ``limit`` choices most like ``word``, best first; never ``word`` itself.

    ``scorer`` "words" matches parts of ids and titles (rapidfuzz's WRatio: "ofsted"
    finds "ofsted-2019-inadequate"); "spelling" compares whole words by edit distance
    (Indel similarity, ignoring case), for a mistyped name such as ``subjct``.
    """
    from rapidfuzz import fuzz, process, utils

    pool = [c for c in dict.fromkeys(choices) if c != word]
    if scorer == "spelling":
        found = process.extract(
            word,
            pool,
            scorer=fuzz.ratio,
            processor=utils.default_process,
            limit=limit,
            score_cutoff=max(cutoff, 70),
        )
    else:
        found = process.extract(word, pool, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff)
    return [choice for choice, _score, _index in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"Did you mean: a, b?"`` or a hint listing how to see the choices."""
    close = nearest(word, choices)
    return f"Did you mean: {', '.join(close)}?" if close else "No close match"
