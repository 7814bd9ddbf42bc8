"""A restricted source (e.g. a review whose public copy was withdrawn) is never cited in a
finished document unless the render is told it stays inside the group (#25)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import drafting

TEXT = "First paragraph here. Second sentence.\n\nThe figure was 232.\n"
OTHER = "A public report.\n\nIt says the figure was 232 as well.\n"
LETTER = (
    "kind: letter\nsenders:\n  - {name: Jo Bloggs, role: Councillor}\n"
    "recipient: {name: Anne Longfield, honorific: Ms}\nsubject: Figures\n"
    "body:\n  - The figure was 232 [@{fact}].\n"
)


@pytest.fixture
def dossier(make_dossier) -> Path:
    """Two sources, the first restricted; a fact quoting each."""
    entries = []
    for i, (file, text) in enumerate((("a.txt", TEXT), ("b.txt", OTHER))):
        entries.append(
            f"  - id: src-{i}\n    file: {file}\n    description: Made-up source {i}\n"
            f"    kind: report\n    date: {{how: unknown}}\n"
            f"    sha256: {hashlib.sha256(text.encode()).hexdigest()}\n"
            + ("    restricted: true\n" if i == 0 else "")
        )
    root = make_dossier(
        {"a.txt": TEXT, "b.txt": OTHER},
        manifest="sources:\n" + "".join(entries),
        facts=(
            "facts:\n"
            "  - id: withdrawn-figure\n    statement: The figure was 232.\n    kind: statistic\n"
            "    citations:\n      - {source: src-0, quote: The figure was 232.}\n"
            "  - id: public-figure\n    statement: The figure was 232.\n    kind: statistic\n"
            "    citations:\n      - {source: src-1, quote: the figure was 232 as well}\n"
        ),
    )
    (root / "drafts").mkdir()
    for fact in ("withdrawn-figure", "public-figure"):
        (root / "drafts" / f"{fact}.yaml").write_text(
            LETTER.replace("{fact}", fact), encoding="utf-8"
        )
    return root


def test_a_citation_of_a_restricted_source_is_an_error_in_review(dossier: Path):
    result = drafting("review", dossier / "drafts" / "withdrawn-figure.yaml", dossier=dossier)
    assert result.exit_code == 1
    assert "restricted-source" in result.output and "src-0" in result.output
    public = drafting("review", dossier / "drafts" / "public-figure.yaml", dossier=dossier)
    assert "restricted-source" not in public.output


def test_render_refuses_it_unless_allowed_and_then_says_so(dossier: Path):
    draft = dossier / "drafts" / "withdrawn-figure.yaml"
    refused = drafting("render", draft, dossier=dossier)
    assert refused.exit_code == 1 and "restricted source" in refused.output
    assert not draft.with_suffix(".docx").exists()
    allowed = drafting("render", draft, "--allow-restricted", dossier=dossier)
    assert allowed.exit_code == 0, allowed.output
    assert "warning: restricted-source:" in allowed.output and "1 warning" in allowed.output
    assert draft.with_suffix(".docx").exists()


def test_restricted_must_be_yes_or_no(dossier: Path):
    manifest = dossier / "seeds" / "sources.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("restricted: true", "restricted: maybe"),
        encoding="utf-8",
    )
    result = drafting("evidence", "verify", dossier=dossier)
    assert result.exit_code == 2
    assert "sources.yaml" in result.output and "restricted" in result.output
