"""The structure issue #23 asks for: a kind is one module, one call renders and checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drafting.check import check, checked_kinds
from drafting.errors import DraftingError
from drafting.kinds import KINDS, load_draft
from drafting.kinds.base import Kind
from drafting.render import render_draft
from evidence.dossier import open_dossier
from evidence.errors import UserError
from tests.conftest import REPO


def test_the_kinds_say_which_are_checked():
    """Only kinds whose module gives rules are checked; the list is the kinds' own."""
    assert checked_kinds() == [k for k in KINDS if k != "letter"]
    assert type(KINDS["letter"]).check_rules is Kind.check_rules


def test_a_letter_is_refused_naming_the_kinds_by_their_plurals():
    """ "covers motions, amendments, questions, FOI requests and ..., not a letter"."""
    loaded = load_draft(REPO / "drafts" / "letter-to-childrens-commissioner.yaml")
    with pytest.raises(
        DraftingError,
        match="covers motions, amendments, questions, FOI requests and requests for internal review, not a letter",
    ):
        check(loaded, open_dossier(REPO))


def test_render_returns_the_draft_it_loaded(tmp_path: Path):
    """The caller checks the rendered draft without reading the file again."""
    draft = tmp_path / "motion.yaml"
    shutil.copy(REPO / "drafts" / "motion-childrens-commissioner-programme.yaml", draft)
    result = render_draft(draft, open_dossier(REPO), force=True)
    assert result.loaded is not None and result.loaded.kind.name == "motion"
    assert result.pdf is None
    assert check(result.loaded, open_dossier(REPO), review=result.review).profile


def test_a_pdf_in_the_way_is_refused_before_any_work(tmp_path: Path):
    """With pdf=True and a PDF there, nothing is written, not even the .docx."""
    draft = tmp_path / "letter.yaml"
    shutil.copy(REPO / "drafts" / "letter-to-childrens-commissioner.yaml", draft)
    (tmp_path / "letter.pdf").write_bytes(b"%PDF-1.4 mine")
    with pytest.raises(UserError):
        render_draft(draft, open_dossier(REPO), pdf=True)
    assert not (tmp_path / "letter.docx").exists()
    assert (tmp_path / "letter.pdf").read_bytes() == b"%PDF-1.4 mine"
