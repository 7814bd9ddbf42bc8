"""The public review corpus (issue #22): its dossier verifies and its citations name its facts.

Review is never run here on the corpus: the sealed part stays unread until the issue ends.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from drafting.cli import app
from evidence.dossier import open_dossier
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from review_accuracy import dossier_of

BENCH = REPO / "bench"
CORPORA = ("review_corpus_public.yaml", "review_corpus_public_sealed.yaml")
CITED = re.compile(r"@([A-Za-z0-9][\w:.#$%&\-+?<>~/]*)")


def sentences(name: str) -> list[dict[str, object]]:
    data = yaml.safe_load((BENCH / name).read_text(encoding="utf-8"))
    return list(data["sentences"])


def test_the_public_dossier_verifies(tmp_path: Path) -> None:
    """Every fact of bench/public verifies against the pages as saved."""
    copy = tmp_path / "public"
    shutil.copytree(BENCH / "public", copy, ignore=shutil.ignore_patterns(".drafting-cache"))
    result = CliRunner().invoke(
        app, ["--dossier", str(copy), "evidence", "verify"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "all verified" in result.output


@pytest.mark.parametrize("name", CORPORA)
def test_each_public_corpus_is_reviewed_against_the_public_dossier(name: str) -> None:
    """The corpus's `dossier:` key names bench/public, relative to the corpus file."""
    assert dossier_of(BENCH / name) == (BENCH / "public").resolve()


def test_a_corpus_without_a_dossier_key_uses_the_bundled_dossier() -> None:
    """The first two corpora, written about the bundled dossier, still use it."""
    assert dossier_of(BENCH / "review_corpus.yaml") == REPO


@pytest.mark.parametrize("name", CORPORA)
def test_every_citation_names_a_registered_fact(name: str) -> None:
    """Each [@id] is a fact of bench/public, except in sentences labelled unknown-fact."""
    facts = set(open_dossier(BENCH / "public").load().facts)
    for entry in sentences(name):
        cited = set(CITED.findall(str(entry["text"])))
        assert cited or entry["class"] != "cited", entry
        if entry["class"] == "unknown-fact":
            assert cited - facts, entry
        else:
            assert cited <= facts, (entry["text"], cited - facts)


@pytest.mark.parametrize("name", CORPORA)
def test_every_sentence_is_labelled_with_known_codes(name: str) -> None:
    """Labels are review's own codes, and an altered sentence records its original."""
    codes = {
        "uncited-figure",
        "figure-mismatch",
        "misquote",
        "uncited-quote",
        "partisan-claim",
        "unknown-fact",
        "private-individual",
        "disputed-fact",
    }
    for entry in sentences(name):
        assert set(entry["expect"]) <= codes, entry  # type: ignore[arg-type]
        assert (entry["class"] == "altered") == ("original" in entry), entry
