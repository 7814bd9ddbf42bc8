"""Hostile input to what #22 added: measures in facts.yaml, `evidence accept`'s options, and
review's rules on text made to be slow.

Every sentence here is made up; none is from the bundled dossier's sources.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from drafting.review.checks import review_passages
from evidence.dossier import open_dossier
from evidence.register import Register
from tests.conftest import REPO, MakeDossier, refused

sys.path.insert(0, str(REPO / "bench"))
from review_accuracy import passage

runner = CliRunner()


# --- review of hostile text: time proportional to its length ---------------------------------

#: Paragraphs of about 30,000 characters, each made to take one path of review's rules many
#: times over (each took from 4 s to over a minute before).
HOSTILE: dict[str, Callable[[int], str]] = {
    "numbers": lambda n: "There were " + " ".join(str(i) for i in range(n)) + " cases.",
    "linked figures": lambda n: "Cases rose " + " ".join(
        f"from {i} to {i + 1}" for i in range(n)) + ".",
    "sums": lambda n: "We spend " + " and ".join(f"£{i}m" for i in range(n)) + " a year.",
    "percentages": lambda n: "Rates " + " ".join(f"{i} per cent" for i in range(n)) + ".",
    "numbers in words": lambda n: "There were " + " ".join(
        "two hundred and thirty" for _ in range(n)) + " cases.",
    "unicode digits": lambda n: "There were " + " ".join("\u0663\u0664" for _ in range(n))
    + " cases.",
    "dotted numbers": lambda n: "The figure " + " ".join("1.2.3.4.5.6" for _ in range(n))
    + " cases.",
    "commas": lambda n: "There were " + ",".join("1" for _ in range(n)) + " cases.",
    "directives": lambda n: "Council resolves to " + " ".join(
        "call on the Government to ask" for _ in range(n)) + " £5m.",
    "cited figures": lambda n: "The " + " ".join(
        f"{i} children without a social worker [@unallocated-cases-232]"
        for i in range(n)) + ".",
    "quotation marks": lambda n: "He said " + " ".join('"a"' for _ in range(n)) + " 232 cases.",
    "to ... to": lambda n: "The council wants " + " ".join(
        "to ask them" for _ in range(n)) + " to spend £5m.",
    "capitals": lambda n: "The " + " ".join("Council Of The Borough" for _ in range(n))
    + " said 232 cases.",
    "zero-width spaces": lambda n: "There\u200b were\u200b " + "\u200b".join(
        "232 cases" for _ in range(n)) + ".",
    "punctuation": lambda n: "!?,;:" * n,
}


def _sized(make: Callable[[int], str], size: int = 30_000) -> str:
    """``make``'s text grown to about ``size`` characters."""
    n = 8
    while len(make(n)) < size:
        n *= 2
    return make(n)[:size] if "[@" not in make(1) else make(n // 2)


@pytest.fixture(scope="module")
def bundled() -> Register:
    """The bundled register (it declares measures)."""
    return open_dossier(REPO).load()


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail a test still running after 10 seconds, rather than hang."""
    def expire(*_: object) -> None:
        raise TimeoutError("still reviewing after 10 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_review_of_hostile_text_is_fast(bundled, deadline, name):
    """A paragraph of thousands of figures, quotes, directives or capitals: well under 2 s."""
    review_passages([passage("Warm up: 232 cases.")], bundled)
    text = _sized(HOSTILE[name])
    start = time.perf_counter()
    review_passages([passage(text)], bundled)
    assert time.perf_counter() - start < 2.0
