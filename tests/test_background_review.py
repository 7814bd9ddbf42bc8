"""A background-style document: each entry of its Background section is checked on review.

Like a footnote: an entry changed by hand is `citation-edited` and a quotation in it that
no source holds is a `misquote`; an entry deleted is `citation-removed` (its clause then
reads as uncited); one added is `citation-added`, its quotation checked too.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from drafting import render as render_module
from drafting.cli import app
from drafting.findings import Finding
from drafting.render import render_draft
from drafting.review.document import review_docx
from evidence.dossier import open_dossier
from tests.conftest import REPO

runner = CliRunner()
MOTION = REPO / "drafts" / "motion-childrens-commissioner-programme.yaml"
QUOTE = "Three out of four areas were judged to be 'Inadequate'."


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("background") / "motion.docx"
    render_draft(MOTION, open_dossier(REPO), out=out, style="background")
    return out


def edited(rendered: Path, tmp_path: Path, edit) -> Path:
    document = docx.Document(str(rendered))
    edit(document)
    out = tmp_path / "edited.docx"
    document.save(str(out))
    return out


def entry(document, label: str):
    return next(p for p in document.paragraphs if p.text.startswith(f"{label}: “"))


def replace_in(paragraph, old: str, new: str) -> None:
    for run in paragraph.runs:
        if old in run.text:
            run.text = run.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} is not in one run of {paragraph.text!r}")


def findings(path: Path) -> list[Finding]:
    dossier = open_dossier(REPO)
    return review_docx(path, dossier.load(), dossier.config.name).findings


def codes(path: Path) -> list[tuple[str, str, str]]:
    return [(f.severity, f.code, f.place) for f in findings(path)]


def test_the_rendered_motion_reviews_clean(rendered):
    """As rendered: every entry is as recorded."""
    assert findings(rendered) == []


def test_a_quote_changed_in_an_entry_is_a_misquote_naming_the_entry(rendered, tmp_path):
    """“Three out of four” made “Two out of four” in the entry for clause 3: an error."""
    out = edited(
        rendered,
        tmp_path,
        lambda d: replace_in(entry(d, "Clause 3"), "Three out of four", "Two out of four"),
    )
    assert codes(out) == [
        ("warning", "citation-edited", "background, clause 3"),
        ("error", "misquote", "background, clause 3"),
    ]
    misquote = findings(out)[1]
    assert misquote.message.startswith(
        "misquote: “Two out of four areas were judged to be "
        "‘Inadequate’.” is not verbatim in any source (says "
        "Two where the source says Three); closest"
    )
    result = runner.invoke(app, ["--dossier", str(REPO), "review", str(out), "--format", "md"])
    assert result.exit_code == 1 and "background, clause 3" in result.output


def test_an_entry_whose_reference_alone_changed_is_edited_not_misquoted(rendered, tmp_path):
    """The source's title in quotation marks is not a quotation: only citation-edited."""
    out = edited(rendered, tmp_path, lambda d: replace_in(entry(d, "Clause 3"), "n.d.", "2019"))
    assert codes(out) == [("warning", "citation-edited", "background, clause 3")]
    assert (
        "(citing ofsted-2019-three-of-four-inadequate) was changed by hand"
        in findings(out)[0].message
    )


def test_an_entry_deleted_by_hand_is_removed_and_its_clause_reads_uncited(rendered, tmp_path):
    """The entry for clause 4 deleted: citation-removed; "two children" is now uncited."""

    def delete(document) -> None:
        paragraph = entry(document, "Clause 4")
        paragraph._p.getparent().remove(paragraph._p)

    out = edited(rendered, tmp_path, delete)
    assert codes(out) == [
        ("warning", "uncited-figure", "clause 4"),
        ("warning", "citation-removed", "background, clause 4"),
    ]
    assert (
        "entry for clause 4 (citing serious-case-reviews-2019-06-two-deaths) was removed"
        in findings(out)[1].message
    )


def add_entry(document, text: str) -> None:
    last = entry(document, "Clause 4")
    new = copy.deepcopy(last._p)
    last._p.addnext(new)
    paragraph = docx.text.paragraph.Paragraph(new, last._parent)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text


def test_an_entry_added_by_hand_is_reported_and_its_quote_checked(rendered, tmp_path):
    """A made-up quotation in an added entry is a misquote; a real one is only added."""
    out = edited(
        rendered,
        tmp_path,
        lambda d: add_entry(
            d, "Clause 6: “The commissioner has promised a programme by Christmas.” A blog, 2019."
        ),
    )
    assert codes(out) == [
        ("warning", "citation-added", "background, clause 6"),
        ("error", "misquote", "background, clause 6"),
    ]
    assert "review cannot check it against the register" in findings(out)[0].message
    out = edited(rendered, tmp_path, lambda d: add_entry(d, f"Clause 7: “{QUOTE}” A letter."))
    assert codes(out) == [("warning", "citation-added", "background, clause 7")]


def test_a_record_from_before_entries_were_kept_still_reviews(rendered, tmp_path, monkeypatch):
    """No entry keys in the record: the entries are not checked, and nothing breaks."""
    monkeypatch.setattr(render_module, "with_entries", lambda body, cited, texts: tuple(cited))
    out = tmp_path / "old.docx"
    render_draft(MOTION, open_dossier(REPO), out=out, style="background")
    changed = edited(
        out,
        tmp_path,
        lambda d: replace_in(entry(d, "Clause 3"), "Three out of four", "Two of four"),
    )
    assert findings(changed) == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_saved_again_by_libreoffice_the_entries_still_match(rendered, tmp_path):
    """LibreOffice's re-save keeps each entry's text: the review stays clean."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "docx",
            "--outdir",
            str(tmp_path / "out"),
            str(rendered),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert findings(tmp_path / "out" / "motion.docx") == []
