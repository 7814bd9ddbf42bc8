"""PDF reports as sources: their own pages and paragraph numbers, furniture, tables, cache.

A report made here (LibreOffice, from a flat ODT: cover, running header and footer with
page numbers, numbered paragraphs across page breaks, a ruled table, soft hyphens), and
the two real 2022 Ofsted reports the bundled dossier cites.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from evidence.dossier import init_dossier, open_dossier
from evidence.readers.pdf import read_pdf
from tests.conftest import REPO
from tests.pdfdocs import make_pdf, numbered, paragraph, table

runner = CliRunner()
OFSTED = REPO / "seeds"  # the bundled copies of ../shared/sources/ofsted
NORTH = OFSTED / "north-northamptonshire-ilacs-2022.pdf"
needs_lo = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice: .ci/run")
WORDS = (
    "The council's assessment of the service found that children waited too long for "
    "help, and that managers did not always check the quality of the work done. "
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A made-up report, as LibreOffice prints one to PDF."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is installed by .ci/run")
    folder = tmp_path_factory.mktemp("report")
    body = [paragraph("Head", "Findings")]
    for n in range(1, 13):
        body.append(
            numbered(
                f"{n}.",
                f"Paragraph {n} says the count was {n * 7}. "
                + WORDS * 4
                + "The plans were long-term ones.",
            )
        )
        if n == 3:
            body.append(numbered("3.1", "A sub-paragraph under three. " + WORDS))
        if n == 6:  # narrow: words are broken at line ends, at hyphens and soft hyphens
            body.append(paragraph("Narrow", " ".join(["a long-term commitment,"] * 12)))
            body.append(
                paragraph(
                    "Narrow",
                    " ".join(["their multi\u00addisciplinary as\u00adsess\u00adments"] * 12) + ".",
                )
            )
            body.append(paragraph("Body", "The multidisciplinary assessments were done."))
    body.append(
        table(
            [
                ("Judgement", "Grade"),
                (
                    "The impact of leaders on social work practice with children and families",
                    "Requires improvement to be good",
                ),
                ("Overall effectiveness", "Inadequate"),
            ]
        )
    )
    cover = [
        paragraph("Body", "Inspection dates: 3 to 14 October 2022"),
        paragraph("Body", "Report published: 25 November 2022"),
    ]
    return make_pdf(folder, "made-up", "Inspection of a Made-up Borough", cover, body)


def _blocks(path: Path):
    return read_pdf(path.read_bytes(), path).blocks


@pytest.mark.slow
@needs_lo
def test_pages_furniture_numbers_and_tables(report):
    """Printed page numbers, the running header and footer as furniture, the document's own
    paragraph numbers, a paragraph across a page break as one, a table row by row."""
    blocks = _blocks(report)
    furniture = [b for b in blocks if b.excluded]
    assert {b.excluded for b in furniture} == {"running header or footer"}
    assert any(b.text.startswith("A made-up report") for b in furniture)
    numbers = [b.number for b in blocks if b.number]
    assert numbers == ["1", "2", "3", "3.1", *map(str, range(4, 13))]
    printed = {p.pdf_page: p.printed for b in blocks for p in b.pages}
    assert all(printed[n] == str(n) for n in printed)
    across = [b for b in blocks if len({p.pdf_page for p in b.pages}) > 1]
    assert across and all(b.number for b in across)
    assert "Overall effectiveness\tInadequate" in [b.text for b in blocks]
    numbered_text = next(b for b in blocks if b.number == "12").text
    assert numbered_text.startswith("12. Paragraph 12 says") and "  " not in numbered_text


@pytest.mark.slow
@needs_lo
def test_line_end_hyphens_kept_or_removed_by_the_documents_own_words(report):
    """A soft hyphen at a line end is undone where the word is written whole elsewhere
    ("assessment"); a real hyphen is kept ("long-term")."""
    lines = [b.text for b in _blocks(report) if "commitment" in b.text or "their multi" in b.text]
    text = "\n".join(lines)
    assert "\u00ad" not in text and "assess-" not in text and "multi-" not in text
    assert text.count("their multidisciplinary assessments") == 12
    assert "longterm" not in text and text.count("a long-term commitment") == 12


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    root = tmp_path / "d"
    init_dossier(root, title="PDF test")
    return root


def _cli(root: Path, *args: str):
    return runner.invoke(app, ["--dossier", str(root), *args])


def _handle(root: Path, source: str, number: str, words: str) -> str:
    register = open_dossier(root).load()
    seg = register.sources[source].segmentation
    para = next(p for p in seg.citable if p.label == number)
    sentence = next(s for s in para.sentences if words in seg.text[s.start : s.end])
    return f"{source}:{para.number}.{sentence.number}"


@pytest.mark.slow
@needs_lo
def test_a_letter_cites_a_report_by_page_and_paragraph(report, dossier, tmp_path):
    """Add, accept, verify, cite: the footnote prints "p. N, para. M"; a page or paragraph
    locator in the draft is checked against them; search and show give them too."""
    added = _cli(dossier, "evidence", "add", str(report), "--no-input", "--id", "made-up")
    assert added.exit_code == 0, added.output
    handle = _handle(dossier, "made-up", "5", "says the count was 35")
    accepted = _cli(dossier, "evidence", "accept", handle, "--id", "count-35")
    assert accepted.exit_code == 0, accepted.output
    assert _cli(dossier, "evidence", "verify").exit_code == 0
    shown = json.loads(_cli(dossier, "evidence", "show", "count-35", "--format", "json").output)
    locator = shown["citations"][0]["locator"]
    assert locator["paragraph"] == "5" and locator["page"] == "2" and locator["pdf_page"] == "2"
    assert locator["label"] == "p. 2, para. 5"
    hits = json.loads(
        _cli(dossier, "evidence", "search", "count was 35", "--format", "json").output
    )["hits"]
    assert hits[0]["locator"] == "made-up, p. 2, para. 5"
    (dossier / "drafts" / "letter.yaml").write_text(
        "kind: letter\nsenders:\n  - {name: Jo Bloggs, role: Councillor}\n"
        "recipient: {name: Anne Smith, honorific: Ms}\nsubject: The report\nbody:\n"
        "  - The report says the count was 35 [@count-35].\n"
        "  - Again, with its page [@count-35, p. 2].\n",
        encoding="utf-8",
    )
    out = tmp_path / "letter.docx"
    rendered = _cli(dossier, "render", str(dossier / "drafts" / "letter.yaml"), "-o", str(out))
    assert rendered.exit_code == 0, rendered.output
    from drafting.docx.record import read_rendered

    notes = " ".join(read_rendered(out).footnotes.values())
    assert "p. 2, para. 5" in notes
    for wrong, said in (
        ("p. 9", "not p. 9"),
        ("para. 6", "not para. 6"),
        ("p. 2, para. 4", "not para. 4"),
    ):
        (dossier / "drafts" / "wrong.yaml").write_text(
            (dossier / "drafts" / "letter.yaml")
            .read_text(encoding="utf-8")
            .replace("[@count-35, p. 2]", f"[@count-35, {wrong}]"),
            encoding="utf-8",
        )
        result = _cli(dossier, "review", str(dossier / "drafts" / "wrong.yaml"))
        assert result.exit_code == 2 and said in result.output, result.output


@pytest.mark.slow
@needs_lo
def test_a_pdf_is_read_once_then_from_the_cache(report, dossier, monkeypatch):
    """The second load reads the cache, not the PDF; a damaged cache is read again."""
    assert _cli(dossier, "evidence", "add", str(report), "--no-input").exit_code == 0
    from evidence.readers import pdf

    cached = list((dossier / ".drafting-cache" / "reads").glob("*.json"))
    assert len(cached) == 1

    def never(*args: object) -> None:
        raise AssertionError("the PDF was read again")

    monkeypatch.setattr(pdf, "extract_pages", never)
    assert _cli(dossier, "evidence", "verify").exit_code == 0
    cached[0].write_text('{"blocks": [["x", null, null, 99, [], null]]}', encoding="utf-8")
    monkeypatch.undo()
    assert _cli(dossier, "evidence", "verify").exit_code == 0
    assert json.loads(cached[0].read_text(encoding="utf-8"))["blocks"][0][0] != "x"


def test_a_real_report_reads_as_its_authors_numbered_it():
    """North Northamptonshire, 2022: 43 numbered paragraphs in order, printed pages 2-11,
    the judgement table row by row, a paragraph across pages 4-5 kept whole."""
    blocks = _blocks(NORTH)
    numbers = [b.number for b in blocks if b.number]
    assert numbers == [str(n) for n in range(1, 44)]
    printed = sorted({(p.pdf_page, p.printed) for b in blocks for p in b.pages})
    assert printed == [(n, str(n)) for n in range(1, 12)]
    assert (
        "The impact of leaders on social work practice with children and families\t"
        "Requires improvement to be good"
    ) in [b.text for b in blocks]
    thirteen = next(b for b in blocks if b.number == "13")
    assert [p.printed for p in thirteen.pages] == ["4", "5"]
    assert all(
        b.excluded == "running header or footer"
        for b in blocks
        if b.text.startswith("Inspection of North Northamptonshire local authority")
        and b.pages[0].pdf_page > 1
    )


def test_the_example_letter_cites_the_reports_by_page_and_paragraph(tmp_path):
    """drafts/letter-trust-progress.yaml: its footnotes print "p. 5, para. 14"; it reviews
    clean (the trust's planned start is cited beside the day it took over)."""
    out = tmp_path / "letter.docx"
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "render",
            str(REPO / "drafts" / "letter-trust-progress.yaml"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0 and "0 errors, 0 warnings" in result.output, result.output
    from drafting.docx.record import read_rendered

    notes = list(read_rendered(out).footnotes.values())
    # given in short: Ofsted has two reports in the letter, so the short title tells them apart
    assert (
        notes[-1] == "Ofsted, “Inspection of North Northamptonshire local authority…” "
        "(n 1), p. 5, para. 14."
    )
    assert (
        "“Inspection of West Northamptonshire local authority children’s services” "
        "(report, 2022), p. 1." in notes[3]
    )
