"""Scanned pages: OCR-tolerant quotes, confidences, pages OCR could not read, progress."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from drafting.cli import app
from evidence.locations import Locations
from evidence.ocrmatch import CLASSES, fold
from evidence.readers.blocks import Block, Page
from evidence.readers.ocr import _hocr_lines
from evidence.records import locator_record
from evidence.segment import segment_blocks
from evidence.sources import Source, SourceMeta
from evidence.verify import check_quote, locate, locator_at
from tests.conftest import refused

runner = CliRunner()
META = SourceMeta(
    id="scan", file="scan.pdf", description="A scan", kind="report", date={"how": "unknown"}
)


def scanned(text: str, doubtful: tuple[str, ...] = (), *, ocr: float | None = 88.0) -> Source:
    """A source of one block read by OCR (``ocr`` None: from a text layer), with the words
    ``doubtful`` read with low confidence."""
    spans = []
    for word in doubtful:
        at = text.index(word)
        spans.append((at, at + len(word)))
    block = Block(text, pages=(Page(0, 1, None),), ocr=ocr, doubtful=tuple(sorted(spans)))
    seg = segment_blocks([block])
    return Source(META, Path("scan.pdf"), seg.text, "0" * 64, seg)


TEXT = (
    "There were 232 children waiting at Mi 2WD, and the Asmall number of cases was "
    "dear. Loans rose to l5OO and then 1 500, arrangements were rnade for the 4.5 "
    "per cent rise."
)
SOURCE = scanned(TEXT, ("Mi", "l5OO", "rnade", "4.5"))


@pytest.mark.parametrize(
    ("quote", "read"),
    [
        ("children waiting at M1 2WD", "Mi"),  # 1 for i, in a doubtful word
        ("at MI 2WD", "Mi"),  # I for i
        ("rose to 1500 and", "l5OO"),  # l for 1, O for 0: the same number
        ("arrangements were made for", "rnade"),  # rn for m
        ("and the A small number", "Asmall"),  # a space OCR lost, in a clear word too
    ],
)
def test_allowed_confusion_in_a_doubtful_word_verifies(quote, read):
    """The quote verifies at exact characters of the OCR text; the locator says what OCR read."""
    loc = locate(SOURCE, quote)
    assert loc is not None
    assert read in SOURCE.text[loc.start : loc.end]
    assert dict((r, q) for q, r in loc.confusions)[read] in quote
    assert loc.detail().endswith(
        f"read by OCR (confidence 88); OCR read “{read}” for "
        f"“{dict((r, q) for q, r in loc.confusions)[read]}”"
    )
    assert check_quote(SOURCE, quote).status in ("verified", "stale")


@pytest.mark.parametrize(
    ("quote", "why"),
    [
        ("There were 282 children", None),  # a different digit, read clearly: never
        ("the 4.6 per cent", None),  # a different digit, even in a doubtful word
        ("the 4,5 per cent", "nothing may differ between two digits"),  # a comma for a point
        ("then 1500, arrangements", "nothing may differ between two digits"),  # a space in 1 500
        ("cases was clear.", "OCR read it clearly"),  # cl for d: a confusion, but a clear word
        ("There were 232 chiIdren", "OCR read it clearly"),  # I for l in a clear word
        ("There were 232 children waitin", None),  # a word cut in two
    ],
)
def test_a_difference_outside_the_rules_does_not_verify(quote, why):
    """A different number, or a confusion where the page is clear: not found, and why."""
    assert locate(SOURCE, quote) is None
    check = check_quote(SOURCE, quote)
    assert check.status == "not-found"
    if why is not None:
        assert why in (check.reason or ""), check.reason


def test_a_letter_lost_is_not_a_confusion():
    """ "no" for "not" would change what the text says: a lost letter is never allowed."""
    source = scanned("The council did no agree to the closure.", ("no",))
    assert locate(source, "did not agree") is None
    assert locate(source, "did no agree") is not None


def test_text_layer_sources_get_no_tolerance():
    """The same text from a text layer verifies only as written."""
    source = scanned(TEXT, ("Mi",), ocr=None)
    assert source.segmentation.ocr == () and source.segmentation.doubtful == ()
    assert locate(source, "at Mi 2WD") is not None
    assert locate(source, "at M1 2WD") is None and locate(source, "the A small number") is None


def test_every_class_holds_one_digit_at_most():
    """So a digit never folds to another digit."""
    assert all(sum(c.isdigit() for c in cls) <= 1 for cls in CLASSES)
    digits = {fold(d).key for d in "0123456789"}
    assert len(digits) == 10


def test_cached_tolerant_location_is_believed_and_checked(tmp_path):
    """The verification cache keeps a tolerant match and believes it again (locator_at)."""
    quote = "children waiting at M1 2WD"
    cache = Locations(tmp_path / "locations.json")
    first = cache.locate(SOURCE, quote)
    assert first is not None and first.confusions
    cache.save()
    again = Locations(tmp_path / "locations.json").get(SOURCE, quote)
    assert again == first
    # a span that holds it only with a confusion in a clear word is not believed
    clear = TEXT.index("children")
    assert locator_at(SOURCE, "chiIdren", first.paragraph, clear, clear + 8) is None


def test_locator_record_says_read_by_ocr():
    """JSON: read_by, the confidence and what OCR read."""
    record = locator_record(locate(SOURCE, "at M1 2WD"))
    assert record is not None
    assert record["read_by"] == "OCR" and record["ocr_confidence"] == 88.0
    assert record["ocr_read"] == [{"quoted": "M1", "read": "Mi"}]
    assert "read by OCR (confidence 88)" in record["detail"]
    assert locator_record(locate(scanned(TEXT, ocr=None), "at Mi 2WD"))["read_by"] is None


HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<div class='ocr_page' title='image "x.pgm"; bbox 0 0 2480 3508'>
 <div class='ocr_carea'><p class='ocr_par'>
  <span class='ocr_line' title="bbox 300 400 2000 450; baseline 0 -10; x_size 48">
   <span class='ocrx_word' title='bbox 300 400 400 450; x_wconf 96'>There</span>
   <span class='ocrx_word' title='bbox 420 400 500 450; x_wconf 41'>were</span>
   <span class='ocrx_word' title='bbox 520 400 600 450; x_wconf 95'>232</span>
  </span>
  <span class='ocr_line' title="bbox 388 460 2000 520; baseline 0 -10; x_size 56">
   <span class='ocrx_word' title='bbox 388 460 500 520; x_wconf 70'>children.</span>
  </span>
 </p></div>
 <div class='ocr_carea'><p class='ocr_par'>
  <span class='ocr_line' title="bbox 200 402 260 450; baseline 0 -9; x_size 48">
   <span class='ocrx_word' title='bbox 200 402 260 450; x_wconf 93'>12.</span>
  </span>
 </p></div>
</div></body></html>"""


def test_hocr_lines_carry_doubtful_words_and_one_size_per_paragraph():
    """Words below 90 are marked; a paragraph's lines share its median size; a number in
    the margin on the same baseline joins its line, as a text layer has it."""
    lines, mean = _hocr_lines(HOCR.encode(), 72 / 300)
    assert mean == pytest.approx((96 + 41 + 95 + 70 + 93) / 5)
    first, second = lines
    assert " ".join(s[2] for s in first["segs"]) == "12. There were 232"
    text = " ".join(s[2] for s in first["segs"])
    assert [text[a:b] for a, b in first["low"]] == ["were"]
    assert first["s"] == second["s"] == pytest.approx(52 * 72 / 300, abs=0.1)
    assert first["y"] == pytest.approx(440 * 72 / 300, abs=0.1)
    assert second["low"] == [[0, 9]]


def test_scanned_page_without_tesseract_is_refused(tmp_path, monkeypatch):
    """No Tesseract: one line saying how to install it, exit 2, nothing added."""
    from PIL import Image

    root = tmp_path / "d"
    assert runner.invoke(app, ["init", str(root), "--title", "T"]).exit_code == 0
    scan = tmp_path / "scan.pdf"
    Image.new("L", (300, 200), 255).save(scan, resolution=100)
    monkeypatch.setattr("evidence.readers.ocr.available", lambda: False)
    before = (root / "seeds" / "sources.yaml").read_bytes()
    result = runner.invoke(
        app, ["--dossier", str(root), "evidence", "add", str(scan), "--no-input"]
    )
    refused(
        result,
        2,
        "scan.pdf: has 1 scanned page(s) (no text layer) and Tesseract",
        "apt-get install tesseract-ocr tesseract-ocr-eng",
    )
    assert (root / "seeds" / "sources.yaml").read_bytes() == before
    assert sorted(p.name for p in (root / "seeds").iterdir()) == ["sources.yaml"]


def test_progress_bar_only_on_a_terminal(monkeypatch):
    """Not a terminal: no callback. A terminal: a callback that draws on stderr."""
    from drafting.cli import common

    monkeypatch.setattr(common, "stderr_is_terminal", lambda: False)
    with common.ocr_progress("x.pdf") as progress:
        assert progress is None
    monkeypatch.setattr(common, "stderr_is_terminal", lambda: True)
    with common.ocr_progress("x.pdf") as progress:
        assert progress is not None
        progress(1, 3)
        progress(3, 3)


# Through Tesseract itself -------------------------------------------------------------

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("soffice") is None,
    reason="needs Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng) and LibreOffice",
)

DOCUMENT = """<html><body style="font-family: 'Liberation Serif'; font-size: 13pt">
<h1>Library services review</h1>
<p>1. The council spent 4,250,000 pounds on libraries in 2023, and 17 branches stayed open.</p>
<p>2. Visits fell by 12 per cent over the year, while loans of electronic books rose.</p>
<p style="font-size: 5pt">3. Illegible minutes: the millimetre illumination of the little
hill mill was ill illustrated, all told, in 2019.</p>
<p>4. Members resolved to publish a full consultation before any closure is considered.</p>
</body></html>"""


@pytest.fixture(scope="module")
def scan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An image-only PDF: a page LibreOffice made, scanned at 150 dpi; a blank page; noise."""
    import pypdfium2 as pdfium
    from PIL import Image

    folder = tmp_path_factory.mktemp("scan")
    (folder / "doc.html").write_text(DOCUMENT, encoding="utf-8")
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "doc.html"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    page = pdfium.PdfDocument(str(folder / "doc.pdf"))[0]
    image = page.render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    blank = Image.new("L", image.size, 255)
    noise = Image.effect_noise((150, 100), 80).resize((600, 400))
    scan = folder / "scan.pdf"
    image.save(scan, save_all=True, append_images=[blank, noise], resolution=150)
    return scan


@pytest.fixture
def ocr_dossier(tmp_path: Path, scan_pdf: Path) -> tuple[Path, str]:
    """A new dossier with the scan added (no questions asked); and add's output."""
    root = tmp_path / "d"
    assert runner.invoke(app, ["init", str(root), "--title", "Scans"]).exit_code == 0
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(root),
            "evidence",
            "add",
            str(scan_pdf),
            "--no-input",
            "--kind",
            "report",
            "--title",
            "Library review",
            "--id",
            "review",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return root, result.output


def evidence(root: Path, *args: str):
    return runner.invoke(app, ["--dossier", str(root), "evidence", *args])


def write_fact(root: Path, quote: str) -> None:
    facts = {
        "facts": [
            {
                "id": "the-fact",
                "statement": "A statement.",
                "kind": "statistic",
                "citations": [{"source": "review", "quote": quote}],
            }
        ]
    }
    (root / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")


@pytest.mark.slow
@needs_tesseract
def test_add_verify_show_and_cite_through_ocr(ocr_dossier, tmp_path):
    """add names the pages OCR read and could not; a fact verifies, shows "read by OCR" and
    its confidence, and is cited in a rendered letter."""
    root, output = ocr_dossier
    assert "read by OCR: page 1 (scanned, no text layer)" in output
    assert "pages 2, 3 of scan.pdf could not be read by OCR: nothing on them can be cited" in output
    accepted = evidence(root, "accept", "review:2.1", "--id", "spend")
    assert accepted.exit_code == 0, accepted.output
    assert "read by OCR (confidence" in accepted.output
    verify = evidence(root, "verify")
    assert verify.exit_code == 0, verify.output
    assert "source review: pages 2, 3 of scan.pdf could not be read by OCR" in verify.output
    report = json.loads(evidence(root, "verify", "-f", "json").output)
    assert report["unreadable_pages"] == [
        {
            "id": "review",
            "file": "scan.pdf",
            "pages": [2, 3],
            "note": "pages 2, 3 of scan.pdf could not be read by OCR",
        }
    ]
    shown = evidence(root, "show", "spend")
    assert "4,250,000" in shown.output and "read by OCR (confidence" in shown.output
    located = json.loads(evidence(root, "show", "spend", "-f", "json").output)
    locator = located["citations"][0]["locator"]
    assert locator["read_by"] == "OCR" and locator["ocr_confidence"] > 90
    sources = json.loads(evidence(root, "sources", "-f", "json").output)
    assert sources[0]["ocr_pages"] == [1] and sources[0]["unreadable_pages"] == [2, 3]
    assert (
        "review: pages 2, 3 of scan.pdf could not be read by OCR"
        in evidence(root, "sources").output
    )
    draft = root / "drafts" / "letter.yaml"
    draft.write_text(
        yaml.safe_dump(
            {
                "kind": "letter",
                "date": "2026-11-23",
                "subject": "Libraries",
                "senders": [{"name": "Cllr Ann Example", "role": "Group leader", "ward": "Abbey"}],
                "recipient": {"name": "Sam Smith", "honorific": "Mr", "title": "Chief Executive"},
                "body": ["The council spent 4,250,000 pounds on libraries [@spend]."],
            }
        ),
        encoding="utf-8",
    )
    rendered = runner.invoke(
        app, ["--dossier", str(root), "render", str(draft), "-o", str(tmp_path / "letter.docx")]
    )
    assert rendered.exit_code == 0, rendered.output
    assert "1 citation(s) as footnotes; review: 0 errors" in rendered.output


@pytest.mark.slow
@needs_tesseract
def test_confusion_in_a_low_confidence_word_verifies_through_ocr(ocr_dossier):
    """A word Tesseract was unsure of, quoted with a character of its class swapped."""
    root, _output = ocr_dossier
    from evidence.dossier import open_dossier

    source = open_dossier(root).load().sources["review"]
    seg = source.segmentation
    swap = {
        c: next(o for o in cls if o != c and not o.isdigit())
        for cls in CLASSES[:3]
        for c in cls
        if c.isalpha()
    }
    found = [
        (a, b)
        for a, b in seg.doubtful
        if any(c in swap for c in seg.text[a:b]) and seg.text[a:b].isalpha()
    ]
    assert found, f"no doubtful word with a confusable letter in {seg.text!r}"
    start, end = found[0]
    word = seg.text[start:end]
    i = next(k for k, c in enumerate(word) if c in swap)
    quoted = word[:i] + swap[word[i]] + word[i + 1 :]
    after = seg.text[end:].split()[0]
    write_fact(root, f"{quoted} {after}")
    verify = evidence(root, "verify")
    assert verify.exit_code == 0, verify.output
    shown = evidence(root, "show", "the-fact")
    assert f"OCR read “{word}” for “{quoted}”" in shown.output


@pytest.mark.slow
@needs_tesseract
def test_different_digit_where_the_page_is_clear_does_not_verify(ocr_dossier):
    """4,260,000 is not what the page says, however alike it looks; nor a clear word changed."""
    root, _output = ocr_dossier
    write_fact(root, "The council spent 4,260,000 pounds on libraries")
    verify = evidence(root, "verify")
    assert verify.exit_code == 1 and "not-found" in verify.output
    write_fact(root, "The counciI spent 4,250,000 pounds on libraries")
    verify = evidence(root, "verify")
    assert verify.exit_code == 1
    assert "where OCR read “council”" in verify.output and "OCR read it clearly" in verify.output


@pytest.mark.slow
@needs_tesseract
def test_ocr_reports_progress_and_is_read_once(scan_pdf, tmp_path):
    """The library calls progress for each scanned page; the cache keeps the reading."""
    from evidence.add import read_document
    from evidence.sources import read_source

    calls: list[tuple[int, int]] = []
    document = read_document(
        scan_pdf, tmp_path / "reads", lambda done, total: calls.append((done, total))
    )
    assert "4,250,000" in document.text
    assert sorted(calls) == [(1, 3), (2, 3), (3, 3)]
    again: list[tuple[int, int]] = []
    read = read_source(scan_pdf, tmp_path / "reads", lambda d, t: again.append((d, t)))
    assert again == [] and read.pdf is not None and read.pdf.unreadable == (2, 3)


@pytest.mark.slow
@needs_tesseract
def test_search_and_rehash_read_the_scan_once(ocr_dossier, monkeypatch):
    """After add, search and rehash take the reading from the cache (no OCR again); search
    places the scan's paragraphs as the register does (review:2.1 is its paragraph "1.", on
    the first page of a scan that prints no page numbers)."""
    root, _output = ocr_dossier

    def again(*args, **kwargs):
        raise AssertionError("read by OCR again")

    monkeypatch.setattr("evidence.readers.ocr._read_all", again)
    found = evidence(root, "search", "branches stayed open", "-f", "json")
    assert found.exit_code == 0, found.output
    hit = json.loads(found.output)["hits"][0]
    assert hit["locator"] == "review, PDF p. 1, para. 1"  # the scan's own number: "1."
    assert evidence(root, "rehash", "review").exit_code == 0
