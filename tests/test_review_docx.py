"""Review of rendered documents, as rendered and after a person edits them."""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from drafting.cli import app
from drafting.docx.pdf import to_pdf
from drafting.findings import Review
from drafting.render import render_draft
from drafting.review.document import review_docx
from evidence.dossier import open_dossier
from tests.conftest import REPO

EXAMPLE = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
runner = CliRunner()


def cli(*args: object):
    return runner.invoke(app, ["--dossier", str(REPO), *map(str, args)])


def rendered(tmp_path: Path, style: str = "footnotes") -> Path:
    out = tmp_path / f"letter-{style}.docx"
    render_draft(EXAMPLE, open_dossier(REPO), out=out, style=style)  # type: ignore[arg-type]
    return out


def review(path: Path) -> Review:
    dossier = open_dossier(REPO)
    return review_docx(path, dossier.load(), dossier.config.name)


def found(result: Review) -> set[tuple[str, str, str]]:
    return {(f.severity, f.code, f.message) for f in result.findings}


def rewrite_part(path: Path, name: str, change) -> None:
    """Change one part of a .docx package in place, as a hand edit of its XML would."""
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts[name] = change(parts[name])
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def run_before_note(paragraph, text_before: str):
    """The footnote-reference run that follows the words ``text_before``."""
    runs = paragraph._p.findall(qn("w:r"))
    for i, run in enumerate(runs):
        if (
            run.find(qn("w:footnoteReference")) is not None
            and i
            and "".join(t.text for t in runs[i - 1].iter(qn("w:t"))).endswith(text_before)
        ):
            return run
    return None


def edit_like_a_person(src: Path, dst: Path) -> None:
    """Change a figure, alter a quote, delete a footnote; save with python-docx."""
    document = docx.Document(str(src))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:  # only runs with text: a footnote mark is a run too
            changed = run.text.replace("back to 232", "back to 230").replace(
                "“Inadequate”", "“wholly inadequate”"
            )  # the quotes are curly, as Word's
            if changed != run.text:
                run.text = changed
        note = run_before_note(paragraph, "has resigned")
        if note is not None:
            paragraph._p.remove(note)
    document.save(str(dst))


def test_rendered_example_reviews_like_its_draft(tmp_path):
    """As rendered: the same 18 citations as the draft, no errors or warnings."""
    result = review(rendered(tmp_path))
    assert result.what == "docx" and len(result.citations) == 18
    assert [c.marker for c in result.citations] == [str(n) for n in range(1, 19)]
    assert {f.severity for f in result.findings} <= {"info"}
    assert result.citations[6].fact_id == "commissioner-newsam-resigned"


def test_round_trip_edits_give_exactly_those_findings(tmp_path):
    """Edit a rendered letter by hand: exactly a figure-mismatch, a misquote, a removed note."""
    original = rendered(tmp_path)
    edited = tmp_path / "edited.docx"
    edit_like_a_person(original, edited)
    before, after = review(original), review(edited)
    new = found(after) - found(before)
    assert {code for _, code, _ in new} == {"figure-mismatch", "misquote", "citation-removed"}
    assert len(new) == 3 and found(before) <= found(after)
    assert (
        "warning",
        "figure-mismatch",
        "says 230 where the cited fact unallocated-cases-232 says 232",
    ) in new
    assert any(
        code == "misquote" and "“wholly inadequate” is not verbatim" in message
        for _, code, message in new
    )
    assert (
        "warning",
        "citation-removed",
        "the citation of commissioner-newsam-resigned (note 7 "
        "when rendered) was removed by hand since rendering",
    ) in new
    assert len(after.citations) == 17 and after.exit_code == 1
    assert [c.marker for c in after.citations] == [str(n) for n in range(1, 18)]
    result = cli("review", edited)
    assert result.exit_code == 1 and "1 error, 2 warnings" in result.output


def test_paragraph_added_by_hand_is_checked_but_addresses_are_not(tmp_path):
    """A new prose paragraph with a figure and no citation warns; the date line never does."""
    path = rendered(tmp_path)
    document = docx.Document(str(path))
    body = next(p for p in document.paragraphs if p.text.startswith("Members of this council"))
    body.insert_paragraph_before("Since then 40 more children have been placed out of county.")
    document.save(str(path))
    uncited = [f for f in review(path).findings if f.code == "uncited-figure"]
    assert len(uncited) == 1 and "states 40" in uncited[0].message
    assert uncited[0].place == "paragraph 6"


def test_footnote_added_by_hand(tmp_path):
    """A footnote pasted in by hand is listed and warned about, not checked."""
    path = rendered(tmp_path)
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Members of this"))
    run = copy.deepcopy(
        next(
            r
            for p in document.paragraphs
            for r in p._p.iter(qn("w:r"))
            if r.find(qn("w:footnoteReference")) is not None
        )
    )
    run.find(qn("w:footnoteReference")).set(qn("w:id"), "99")
    paragraph._p.append(run)
    document.save(str(path))
    rewrite_part(
        path,
        "word/footnotes.xml",
        lambda xml: xml.replace(
            b"</w:footnotes>",
            b'<w:footnote w:id="99"><w:p><w:r><w:t>My own note.</w:t></w:r>'
            b"</w:p></w:footnote></w:footnotes>",
        ),
    )
    result = review(path)
    added = [f for f in result.findings if f.code == "citation-added"]
    assert len(added) == 1 and "footnote 18 was added by hand" in added[0].message
    assert "“My own note.”" in added[0].message
    hand = result.citations[17]
    assert (hand.marker, hand.status, hand.fact_id) == ("18", "added by hand", None)
    assert result.citations[18].fact_id == "inquiry-requested"


def test_footnote_text_edited_by_hand(tmp_path):
    """A footnote whose text was changed keeps its fact, with a warning."""
    path = rendered(tmp_path)
    rewrite_part(path, "word/footnotes.xml", lambda xml: xml.replace(b"para. 8.", b"para. 9.", 1))
    result = review(path)
    edited = [f for f in result.findings if f.code == "citation-edited"]
    assert len(edited) == 1 and "footnote 1 (citing ofsted-2013-inadequate)" in edited[0].message
    assert len(result.citations) == 18


def test_references_style_marker_removed(tmp_path):
    """With numbered references, a deleted superscript marker is a removed citation."""
    path = rendered(tmp_path, "references")
    assert {f.severity for f in review(path).findings} <= {"info"}
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.font.superscript and run.text == "4":  # the one citation of source 4
                paragraph._p.remove(run._r)
    document.save(str(path))
    removed = [f for f in review(path).findings if f.code == "citation-removed"]
    assert (
        len(removed) == 1
        and "serious-case-reviews-2019-06-two-deaths (note 11" in removed[0].message
    )


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by .ci/run")
def test_saved_again_by_libreoffice_still_reviews_clean(tmp_path):
    """LibreOffice renumbers footnotes when it saves: footnotes still match by their text."""
    path = rendered(tmp_path)
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = review(out / path.name)
    assert len(result.citations) == 18
    assert {f.severity for f in result.findings} <= {"info"}, result.findings


def test_review_formats(tmp_path):
    """json, md and csv carry the same citations and findings."""
    draft = tmp_path / "draft.yaml"
    draft.write_text(EXAMPLE.read_text().replace("back to 232", "back to 230"), encoding="utf-8")
    data = json.loads(cli("review", draft, "--format", "json").output)
    assert data["summary"] == {"error": 0, "warning": 1, "info": 0}
    assert (
        len(data["citations"]) == 18 and data["citations"][0]["fact_id"] == "ofsted-2013-inadequate"
    )
    assert [f["code"] for f in data["findings"]] == ["figure-mismatch"]
    md = cli("review", draft, "--format", "md").output
    assert "## Citations" in md and "## Findings" in md and "`figure-mismatch`" in md
    rows = list(csv.DictReader(io.StringIO(cli("review", draft, "--format", "csv").output)))
    assert [r["section"] for r in rows].count("citation") == 18
    assert [r["code"] for r in rows if r["section"] == "finding"] == ["figure-mismatch"]
    table = cli("review", draft)
    assert table.exit_code == 0 and "says 230 where" in table.output


def test_annex_lists_each_fact_once(tmp_path):
    """--annex writes a Word table: a header and one row per fact; never overwrites."""
    path = rendered(tmp_path)
    annex = tmp_path / "annex.docx"
    result = cli("review", path, "--annex", annex)
    assert result.exit_code == 0, result.output
    table = docx.Document(str(annex)).tables[0]
    assert len(table.rows) == 1 + 18
    assert [c.text for c in table.rows[0].cells] == [
        "Notes",
        "Fact",
        "Quote",
        "Source",
        "Where in it",
    ]
    row = table.rows[1].cells
    assert row[0].text == "1" and row[1].text.startswith("Ofsted judged")
    assert "Official finding" in row[1].text and "ofsted-2013-inadequate" not in row[1].text
    assert row[2].text.startswith("“Northamptonshire County Council’s") and "para. 8" in row[4].text
    again = cli("review", path, "--annex", annex)
    assert again.exit_code == 2 and "already exists" in again.output
    assert cli("review", path, "--annex", annex, "--force").exit_code == 0


def test_bad_documents_are_input_errors(tmp_path):
    """Not a zip, a .docx with no citation record, a damaged record: exit 2, one line each."""
    fake = tmp_path / "fake.docx"
    fake.write_text("not a word file")
    result = cli("review", fake)
    assert result.exit_code == 2 and "is not a Word .docx file" in result.output
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    result = cli("review", plain)
    assert (
        result.exit_code == 2 and "has no citation record from `drafting render`" in result.output
    )
    broken = rendered(tmp_path)
    rewrite_part(broken, "docProps/custom.xml", lambda xml: xml.replace(b'{"version"', b'{"ve'))
    result = cli("review", broken)
    assert (
        result.exit_code == 2 and "citation record" in result.output and "damaged" in result.output
    )
    assert "Traceback" not in result.output


def test_render_refuses_when_review_finds_errors(tmp_path):
    """A misquote stops render (exit 1, nothing written) unless --allow-errors."""
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        EXAMPLE.read_text().replace('"Inadequate"', '"wholly inadequate"'), encoding="utf-8"
    )
    result = cli("render", draft)
    assert (
        result.exit_code == 1 and "review found 1 error(s), so nothing was written" in result.output
    )
    assert "misquote" in result.output and not draft.with_suffix(".docx").exists()
    result = cli("render", draft, "--allow-errors")
    assert result.exit_code == 0 and "review: 1 error, 0 warnings" in result.output
    assert draft.with_suffix(".docx").exists()


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by .ci/run")
def test_libreoffice_opens_the_annex(tmp_path):
    """LibreOffice converts the annex; pdftotext shows its title, a quote and a locator."""
    annex = tmp_path / "annex.docx"
    assert cli("review", rendered(tmp_path), "--annex", annex).exit_code == 0
    text = subprocess.run(
        ["pdftotext", str(to_pdf(annex)), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert (
        "Evidence relied on" in flat
        and "Quoted by 2 sources, publishers unknown" in flat
        and "independent publishers quote" not in flat
    )
    assert "“There have been seven directors and interims over the last seven years.”" in flat


def test_quote_changed_in_the_register_since_rendering(tmp_path, bundled_copy):
    """The register's quote for a cited fact changed after rendering: warning."""
    dossier = open_dossier(bundled_copy)
    out = tmp_path / "letter.docx"
    render_draft(EXAMPLE, dossier, out=out)
    assert "quote-changed" not in {f.code for f in review_docx(out, dossier.load()).findings}
    facts = bundled_copy / "facts.yaml"
    facts.write_text(
        facts.read_text().replace(
            '"The service is left in turmoil with unallocated cases back to an alarming figure of '
            '232."',
            '"unallocated cases back to an alarming figure of 232"',
        )
    )
    changed = [
        f
        for f in review_docx(out, open_dossier(bundled_copy).load()).findings
        if f.code == "quote-changed"
    ]
    assert len(changed) == 1 and changed[0].fact_id == "unallocated-cases-232"


def test_reviewed_against_another_dossier(tmp_path, make_dossier):
    """Review against a dossier other than the one rendered with: warning, and unknown facts."""
    out = rendered(tmp_path)
    other = open_dossier(make_dossier(name="other"))
    result = review_docx(out, other.load(), other.config.name)
    assert result.findings[0].code == "other-dossier"
    assert (
        "rendered with dossier 'northamptonshire-childrens-services'" in result.findings[0].message
    )
    assert [f.code for f in result.findings].count("unknown-fact") == 18
    assert result.exit_code == 1


def swap_cited_paragraphs(src: Path, dst: Path, *, notes_in_file_order: bool) -> None:
    """Move the third cited paragraph before the second, as a person cutting and pasting.

    The notes travel with their paragraphs (what Word does), or, with
    ``notes_in_file_order``, are put back in file order (what a LibreOffice re-save can do).
    """
    document = docx.Document(str(src))
    body = document.element.body
    cited = [
        p for p in document.paragraphs if p._p.find(".//" + qn("w:footnoteReference")) is not None
    ]
    ids = [r.get(qn("w:id")) for r in body.iter(qn("w:footnoteReference"))]
    cited[2]._p.addnext(cited[1]._p)
    if notes_in_file_order:
        for ref, note_id in zip(body.iter(qn("w:footnoteReference")), ids, strict=True):
            ref.set(qn("w:id"), note_id)
    document.save(str(dst))


def test_paragraphs_moved_with_their_notes_review_clean(tmp_path):
    """Cited paragraphs swapped, each keeping its notes: nothing removed, added or misplaced."""
    moved = tmp_path / "moved.docx"
    swap_cited_paragraphs(rendered(tmp_path), moved, notes_in_file_order=False)
    result = review(moved)
    assert len(result.citations) == 18 and not [
        f for f in result.findings if f.severity != "info"
    ], result.findings


def test_notes_left_behind_by_a_move_are_misplaced(tmp_path):
    """Cited paragraphs swapped but the notes left in file order: each paragraph that now
    carries another's notes is an error naming the notes and where they belong."""
    moved = tmp_path / "moved.docx"
    swap_cited_paragraphs(rendered(tmp_path), moved, notes_in_file_order=True)
    result = review(moved)
    misplaced = [f for f in result.findings if f.code == "citation-misplaced"]
    assert [f.severity for f in misplaced] == ["error", "error"] and result.exit_code == 1
    assert (
        misplaced[0].place == "paragraph 3"
        and "(it was paragraph 4 then)" in misplaced[0].message
        and "note(s) 6, 7 (citing seven-directors-seven-years, "
        "commissioner-newsam-resigned), rendered for paragraph 3"
        in misplaced[0].message
    )
    assert "Serious case reviews" in misplaced[0].excerpt
    assert "note(s) 11, 12" in misplaced[1].message


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by .ci/run")
def test_libreoffice_resave_after_a_move_is_caught(tmp_path):
    """The real thing: paragraphs moved with their notes, then saved again by LibreOffice,
    which re-attaches the notes in file order. Review says so."""
    moved = tmp_path / "moved.docx"
    swap_cited_paragraphs(rendered(tmp_path), moved, notes_in_file_order=False)
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(moved),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = review(out / moved.name)
    assert len(result.citations) == 18
    assert [f.code for f in result.findings if f.severity == "error"] == [
        "citation-misplaced",
        "citation-misplaced",
    ]


@pytest.mark.parametrize("style", ["footnotes", "references"])
def test_which_of_alike_citations_was_removed_is_told_by_place(tmp_path, style):
    """Notes 8 and 9 print alike ("Birch and Stone (n 2), para. 4."; in references style
    each is marker 2): deleting the one after "Jean Imray" names director-imray-resigned."""
    path = rendered(tmp_path, style)
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if "Jean Imray" in p.text)
    runs = paragraph._p.findall(qn("w:r"))
    after = next(
        i
        for i, r in enumerate(runs)
        if "".join(t.text or "" for t in r.iter(qn("w:t"))).endswith("Jean Imray")
    )
    paragraph._p.remove(runs[after + 1])  # the mark right after the name
    document.save(str(path))
    removed = [f for f in review(path).findings if f.code == "citation-removed"]
    assert len(removed) == 1 and "director-imray-resigned (note 9" in removed[0].message
