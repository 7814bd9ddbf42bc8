"""Hostile input to what #25 added: `drafting localise`, spreadsheet sources, an FOI reply's
check and review, and the review check `identification-risk`.

Every input here is made up for these tests; none is from the bundled dossier's sources.
"""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest

from drafting.kinds import load_draft
from drafting.review.checks import unfinished_fields
from evidence.figures import figures
from evidence.sources import segment_source, source_from_bytes
from tests.conftest import MakeDossier, add_footnotes, drafting, refused

# --- localise: a "model" of thousands of clauses ----------------------------------------------


def test_review_of_a_draft_with_thousands_of_clauses_takes_time_in_proportion(tmp_path):
    """Fields are told from prose by a set, not by scanning every passage for every field."""
    clauses = "".join(f"      - Clause {i} says nothing at all.\n" for i in range(8000))
    path = tmp_path / "big.yaml"
    path.write_text(
        "kind: motion\ncouncil: TBC\nmeeting: {body: Full Council}\ntitle: Big\n"
        "proposer: {name: Cllr A}\nseconder: {name: Cllr B}\n"
        f"sections:\n  - heading: Council notes\n    clauses:\n{clauses}",
        encoding="utf-8",
    )
    loaded = load_draft(path)
    began = time.perf_counter()
    found = unfinished_fields(loaded)
    assert time.perf_counter() - began < 1.5
    assert [f.place for f in found] == ["council (line 2)"]
