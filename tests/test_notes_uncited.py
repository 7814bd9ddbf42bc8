"""A clause a motion "notes" records a fact: with no citation it is a warning (#25).

The heading is read by the noting verbs' inflections (note, recognise, acknowledge,
observe), not by one council's wording; a heading that also resolves proposes instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafting.proposals import notes
from tests.conftest import drafting

FACTS = (
    "facts:\n  - id: tiny-figure\n    statement: The figure was 232.\n    kind: statistic\n"
    "    citations:\n      - {source: src-0, quote: The figure was 232.}\n"
)


def _motion(heading: str, *clauses: str) -> str:
    listed = "".join(f"      - {c}\n" for c in clauses)
    return (
        "kind: motion\ntitle: Figures\ncouncil: Tiny Council\n"
        "meeting: {body: Council, date: '2030-09-26'}\n"
        "proposer: {name: Cllr A}\nseconder: {name: Cllr B}\n"
        f"sections:\n  - heading: {json.dumps(heading)}\n    clauses:\n{listed}"
    )


def _codes(root: Path, text: str) -> list[str]:
    draft = root / "motion.yaml"
    draft.write_text(text, encoding="utf-8")
    result = drafting("review", draft, "--format", "json", dossier=root)
    return [f["code"] for f in json.loads(result.output)["findings"]]


@pytest.mark.parametrize(
    "heading",
    ["This Council notes", "Council recognises that", "Noting:", "We acknowledge", "Notes"],
)
def test_an_uncited_clause_under_a_noting_heading_is_flagged(make_dossier, heading: str):
    root = make_dossier(facts=FACTS)
    codes = _codes(root, _motion(heading, "the library service has been cut back sharply."))
    assert codes.count("notes-uncited") == 1


@pytest.mark.parametrize(
    ("heading", "clause"),
    [
        ("This Council notes", "the figure was 232 [@tiny-figure]."),  # cited
        ("This Council believes", "the library service matters to families."),  # a view
        ("This Council notes and resolves", "to ask the cabinet to report."),  # proposes
        ("Background", "the library service has been cut back sharply."),  # not noting
    ],
)
def test_a_cited_clause_a_view_or_a_proposal_is_not(make_dossier, heading: str, clause: str):
    root = make_dossier(facts=FACTS)
    assert "notes-uncited" not in _codes(root, _motion(heading, clause))


def test_an_uncited_figure_is_said_once_not_twice(make_dossier):
    root = make_dossier(facts=FACTS)
    codes = _codes(root, _motion("This Council notes", "that 232 children waited."))
    assert "uncited-figure" in codes and "notes-uncited" not in codes


def test_the_heading_is_read_by_its_verbs():
    assert notes("This Council notes:") and notes("Council further noted")
    assert notes("The council recognizes that")
    assert not notes("This Council resolves") and not notes("Council believes")
    assert not notes("Notes and resolves")
