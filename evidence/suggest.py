"""Closest-match suggestions for mistyped ids, topics and names (rapidfuzz)."""

from __future__ import annotations

from collections.abc import Iterable


def nearest(word: str, choices: Iterable[str], *, limit: int = 3, cutoff: float = 60) -> list[str]:
    """Up to ``limit`` choices most like ``word``, best first."""
    from rapidfuzz import fuzz, process

    found = process.extract(word, list(choices), scorer=fuzz.WRatio, limit=limit,
                            score_cutoff=cutoff)
    return [choice for choice, _score, _index in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"Did you mean: a, b?"`` or a hint listing how to see the choices."""
    close = nearest(word, choices)
    return f"Did you mean: {', '.join(close)}?" if close else "No close match"
