"""Made-up council prose for the benchmarks: words a report uses, no real fact among them."""

from __future__ import annotations

import random
import sys
from pathlib import Path

#: The ``drafting`` command of the Python running the benchmark.
DRAFTING = str(Path(sys.executable).with_name("drafting"))

WORDS = [
    "the",
    "council",
    "officers",
    "identified",
    "effective",
    "support",
    "for",
    "families",
    "children",
    "social",
    "workers",
    "caseloads",
    "assessment",
    "management",
    "practice",
    "oversight",
    "planning",
    "review",
    "safeguarding",
    "partnership",
    "commissioning",
    "budget",
    "placements",
    "residential",
    "fostering",
    "agency",
    "staff",
    "turnover",
    "vacancies",
    "improvement",
    "inspection",
    "services",
    "were",
    "reported",
    "to",
    "members",
    "and",
    "in",
    "of",
    "with",
    "by",
]


def sentence(rng: random.Random, words: int, figure: bool = False) -> str:
    """A sentence of ``words`` made-up words, with a figure among them when ``figure``."""
    chosen = [rng.choice(WORDS) for _ in range(words)]
    if figure:
        chosen.insert(rng.randint(1, len(chosen) - 1), str(rng.randint(12, 9999)))
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."
