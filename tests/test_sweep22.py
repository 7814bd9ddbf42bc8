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
from tests.test_measures import FACTS, SOURCE

sys.path.insert(0, str(REPO / "bench"))
from review_accuracy import passage

runner = CliRunner()


# --- review of hostile text: time proportional to its length ---------------------------------

#: Paragraphs of about 30,000 characters, each made to take one path of review's rules many
#: times over (each took from 4 s to over a minute before).
HOSTILE: dict[str, Callable[[int], str]] = {
    "numbers": lambda n: "There were " + " ".join(str(i) for i in range(n)) + " cases.",
    "linked figures": lambda n: (
        "Cases rose " + " ".join(f"from {i} to {i + 1}" for i in range(n)) + "."
    ),
    "sums": lambda n: "We spend " + " and ".join(f"£{i}m" for i in range(n)) + " a year.",
    "percentages": lambda n: "Rates " + " ".join(f"{i} per cent" for i in range(n)) + ".",
    "numbers in words": lambda n: (
        "There were " + " ".join("two hundred and thirty" for _ in range(n)) + " cases."
    ),
    "unicode digits": lambda n: (
        "There were " + " ".join("\u0663\u0664" for _ in range(n)) + " cases."
    ),
    "dotted numbers": lambda n: (
        "The figure " + " ".join("1.2.3.4.5.6" for _ in range(n)) + " cases."
    ),
    "commas": lambda n: "There were " + ",".join("1" for _ in range(n)) + " cases.",
    "directives": lambda n: (
        "Council resolves to "
        + " ".join("call on the Government to ask" for _ in range(n))
        + " £5m."
    ),
    "cited figures": lambda n: (
        "The "
        + " ".join(
            f"{i} children without a social worker [@unallocated-cases-232]" for i in range(n)
        )
        + "."
    ),
    "quotation marks": lambda n: "He said " + " ".join('"a"' for _ in range(n)) + " 232 cases.",
    "to ... to": lambda n: (
        "The council wants " + " ".join("to ask them" for _ in range(n)) + " to spend £5m."
    ),
    "capitals": lambda n: (
        "The " + " ".join("Council Of The Borough" for _ in range(n)) + " said 232 cases."
    ),
    "zero-width spaces": lambda n: (
        "There\u200b were\u200b " + "\u200b".join("232 cases" for _ in range(n)) + "."
    ),
    "punctuation": lambda n: "!?,;:" * n,
    "ordinals": lambda n: "The " + "1st 2nd 3rd " * n + "report said 232 cases.",
    "ranges of money": lambda n: "Costs of " + "£1m-£2m " * n + "a year.",
    "list markers": lambda n: "(1)" * n + " 232 cases.",
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


# --- measures: in facts.yaml --------------------------------------------------------------


@pytest.fixture
def tiny(make_dossier: MakeDossier) -> Path:
    """The measures tests' made-up dossier: one measure, one fact."""
    return make_dossier(SOURCE, facts=FACTS)


def cli(root: Path, *args: str) -> object:
    return runner.invoke(app, ["--dossier", str(root), *args])


def accept(root: Path, *args: str) -> object:
    return cli(root, "evidence", "accept", "src-0:3.1", "--id", "spring-380", "--no-input", *args)


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (
            ("      - children who need a school place\n", "      - " + "word " * 5000 + "\n"),
            (
                "facts.yaml:8:",
                "measures[0].aliases[1]: 'word word",
                "has 5000 words; a measure's name or alias has at most 14",
            ),
        ),
        (
            ("    name: unplaced pupils\n", "    name: " + "pupils " * 15 + "\n"),
            ("facts.yaml:4:", "measures[0].name:", "has 15 words"),
        ),
        (
            (
                "      - children who need a school place\n",
                '      - "children\\u200bwithout places"\n',
            ),
            (
                "facts.yaml:8:",
                "measures[0].aliases[1]: 'children\\u200bwithout places' contains "
                "U+200B, a character that cannot be seen",
            ),
        ),
        (
            ("    measure: unplaced\n", "    measure: unplaced\n    figure: {value: .inf}\n"),
            ("facts.yaml:16:", "facts[0].figure.value: should be a finite number"),
        ),
        (
            ("    measure: unplaced\n", "    measure: unplaced\n    figure: {value: .nan}\n"),
            ("facts.yaml:16:", "facts[0].figure.value: should be a finite number"),
        ),
    ],
)
def test_measures_and_figures_out_of_bounds_are_one_line_errors(tiny, change, fragments):
    """An alias or name of thousands of words or with an invisible character, a figure of
    infinite or no value: one line with the file and line, exit 2."""
    facts = tiny / "facts.yaml"
    facts.write_text(facts.read_text().replace(*change))
    output = refused(cli(tiny, "evidence", "verify"), 2, *fragments)
    assert len(output.strip().splitlines()) == 1 and len(output) < 400


# --- evidence accept's options ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--figure", "9" * 400], "--figure: '9999"),
        (["--figure", "9" * 400], "is too large to be a figure"),
        (["--figure", "1 " * 5000], "is not a figure"),
        (["--figure", "12", "--unit", "p" * 100_000], "is not a unit"),
        (
            ["--alias", "bad\x01words"],
            "--alias 'bad\\x01words': contains the control character U+0001",
        ),
        (
            ["--alias", "bad\u200bwords"],
            "--alias 'bad\\u200bwords': contains U+200B, a character that cannot be seen",
        ),
        (["--alias", "\ufeffwords"], "contains U+FEFF"),
        (
            ["--alias", "word " * 20_000],
            "has 20000 words; a measure's name or alias has at most 14",
        ),
        (["--alias", ""], "--alias '' has no words to match"),
        (["--alias", "Unplaced Pupils"], "--alias 'Unplaced Pupils' already names measure"),
    ],
)
def test_accept_refuses_bad_options_before_writing(tiny, options, message):
    """A figure too large, an alias of control, invisible or thousands of words: one short
    line naming the option, exit 2, facts.yaml untouched."""
    before = (tiny / "facts.yaml").read_text()
    measure = "other" if "Unplaced Pupils" in options else "unplaced"
    output = refused(accept(tiny, "--measure", measure, *options), 2, message)
    assert "facts.yaml:" not in output and len(output) < 400
    assert (tiny / "facts.yaml").read_text() == before


def test_accept_adds_each_alias_once_by_its_words(tiny):
    """Aliases the same but for case or spacing are one alias; a new measure's alias that is
    its own name is not added again; an alias on two lines is made one."""
    result = accept(
        tiny,
        "--measure",
        "unplaced",
        "--alias",
        "pupils awaiting a place",
        "--alias",
        "Pupils  awaiting a PLACE",
        "--alias",
        "pupils\nwithout places",
    )
    assert result.exit_code == 0, result.output
    assert "already named so (its words match): Pupils  awaiting a PLACE" in result.output
    aliases = open_dossier(tiny).load().measures["unplaced"].aliases
    assert aliases[2:] == ("pupils awaiting a place", "pupils without places")
    result = cli(
        tiny,
        "evidence",
        "accept",
        "src-0:2.1",
        "--id",
        "first-412",
        "--no-input",
        "--measure",
        "first-count",
        "--alias",
        "First Count",
        "--alias",
        "first counts",
    )
    assert result.exit_code == 0, result.output
    assert open_dossier(tiny).load().measures["first-count"].aliases == ()


def test_accept_new_measure_named_like_another_is_refused(tiny):
    """A new measure whose name (from its id) is another's name or alias: the option named,
    the measure to use, no line of a file that does not have it."""
    before = (tiny / "facts.yaml").read_text()
    output = refused(
        accept(tiny, "--measure", "children-who-need-a-school-place"),
        2,
        "--measure 'children-who-need-a-school-place' would be named 'children "
        "who need a school place', which already names measure 'unplaced'",
        "Use --measure unplaced",
    )
    assert "facts.yaml:" not in output
    assert (tiny / "facts.yaml").read_text() == before


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["--disputed", "bad\x01why"], "facts[1].disputed: contains the control character"),
        (["--event", "x" * 200], "facts[1].event:"),
    ],
)
def test_accept_error_in_what_it_would_add_is_said_so(tiny, options, field):
    """A value that fails only once written into facts.yaml in memory: the error says it is
    what the command would add (no line of the file on disk), and nothing is written."""
    before = (tiny / "facts.yaml").read_text()
    output = refused(
        accept(tiny, *options),
        2,
        "what this would add to facts.yaml does not load",
        field,
        "nothing was written",
    )
    assert "facts.yaml:1" not in output
    assert (tiny / "facts.yaml").read_text() == before


def test_drafting_review_of_a_hostile_draft(tmp_path, deadline):
    """`drafting review` of a letter whose paragraphs are hostile text: findings or none,
    exit 0 or 1, never a traceback, in seconds."""
    import json

    body = "".join(f"  - {json.dumps(_sized(make, 20_000))}\n" for make in HOSTILE.values())
    draft = tmp_path / "letter.yaml"
    draft.write_text(
        "kind: letter\ntemplate: letter\nsenders:\n  - name: Cllr A Person\n"
        "recipient:\n  name: B Person\nsubject: Hostile\nbody:\n" + body,
        encoding="utf-8",
    )
    start = time.perf_counter()
    result = runner.invoke(app, ["--dossier", str(REPO), "review", str(draft), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert time.perf_counter() - start < 8.0
