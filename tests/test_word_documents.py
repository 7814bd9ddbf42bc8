"""Word drafts made by Word and by LibreOffice: rendered, opened by LibreOffice, reviewed clean.

Citations are typed into real documents' paragraphs here (split across runs, as Word
splits them); every part the render has no reason to touch must come back byte for byte.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from lxml import etree
from typer.testing import CliRunner

from drafting.cli import app
from tests.conftest import REPO, refused
from tests.worddocs import (
    CASES,
    DIRECTORS,
    elements,
    footnote_texts,
    have_libreoffice,
    libreoffice_document,
    own_note,
    parts,
    pdf_text,
    reference_order,
    rewrite,
    t,
)

DATA = REPO / "tests" / "data" / "word"
runner = CliRunner()
#: Parts a render may change: the text, notes, relationships, content types, the record.
CHANGING = {
    "word/document.xml",
    "word/footnotes.xml",
    "word/_rels/document.xml.rels",
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/custom.xml",
}
#: The words our notes print for the two facts cited (the letter they quote).
NOTE = "Letter to Anne Longfield"
lo = pytest.mark.skipif(not have_libreoffice(), reason="LibreOffice is installed by .ci/run")


def cli(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--dossier", str(REPO), *map(str, args)])


def cited_runs(sentence: str, fact: str) -> list[str]:
    """A sentence and its citation as Word might split them: mid-id, a bold piece."""
    half = len(fact) // 2
    return [t(f" {sentence} [@{fact[:half]}"), t(fact[half:-1], "<w:b/>"), t(f"{fact[-1]}].")]


def type_into(
    path: Path,
    out: Path,
    where: Callable[[etree._Element], bool],
    runs: list[str],
    *,
    first: bool = False,
) -> Path:
    """Copy ``path`` to ``out`` with ``runs`` typed at the end (or start) of a paragraph."""
    shutil.copy(path, out)

    def change(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        paragraph = next(p for p in root.iter(qn("w:p")) if where(p))
        new = [e for r in runs for e in elements(r)]
        if first:
            properties = paragraph.find(qn("w:pPr"))
            at = 1 if properties is not None else 0
            for offset, element in enumerate(new):
                paragraph.insert(at + offset, element)
        else:
            paragraph.extend(new)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))

    rewrite(out, "word/document.xml", change)
    return out


def text_of(paragraph: etree._Element) -> str:
    return "".join(x.text or "" for x in paragraph.iter(qn("w:t")))


def render(source: Path, *args: object) -> Path:
    out = source.with_name(f"{source.stem}-out.docx")
    result = cli("render", source, "-o", out, *args)
    assert result.exit_code == 0, result.output
    return out


def kept(source: Path, out: Path) -> None:
    """Every part the render had no reason to change is byte for byte as it was.

    The styles may only gain the footnote styles, spliced in before their end.
    """
    old, new = parts(source), parts(out)
    assert set(old) <= set(new)
    for name, data in old.items():
        if name in CHANGING:
            continue
        if name == "word/styles.xml" and new[name] != data:
            end = data.rindex(b"</")
            assert new[name].startswith(data[:end]) and new[name].endswith(data[end:]), name
            assert b"footnote" in new[name][end : len(new[name]) - len(data) + end].lower()
            continue
        assert new[name] == data, name


def review(path: Path) -> dict:  # type: ignore[type-arg]
    result = cli("review", path, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    data: dict = json.loads(result.output)  # type: ignore[type-arg]
    return data


def clean_review(out: Path, source: Path | None = None) -> dict:  # type: ignore[type-arg]
    """The rendered document's review: no error, and exactly the Word draft's findings.

    Without ``source``, no warning either (the document's own text cites what it claims).
    """
    data = review(out)
    assert data["reviewed"] == "docx" and data["summary"]["error"] == 0

    def shown(found: dict) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
        return sorted(
            (f["code"], f["place"], f["message"])
            for f in found["findings"]
            if f["severity"] != "info"
        )

    before = review(source) if source is not None else {"findings": []}
    assert shown(data) == shown(before)
    return data


def test_word_footnotes_stay_and_ours_are_numbered_among_them(tmp_path):
    """Word's "Ouch¹.²": a citation typed before its notes comes first; theirs follow."""
    source = type_into(
        DATA / "word-footnotes.docx",
        tmp_path / "notes.docx",
        lambda p: text_of(p).startswith("Ouch"),
        [
            *cited_runs(CASES, "unallocated-cases-232")[:-1],
            t("2].", ""),
            t(f" {DIRECTORS} [@seven-directors-seven-years]."),
        ],
    )
    out = render(source)
    kept(source, out)
    notes = footnote_texts(out)
    assert notes["1"] == "A tachyon walks into a bar." and notes["2"] == "Fin."
    order = reference_order(out)
    assert order[:2] == ["1", "2"] and len(order) == 4
    assert NOTE in notes[order[2]]  # the letter in full, then in short
    assert notes[order[3]].startswith("Birch and Stone (n ")
    data = clean_review(out)
    assert [c["fact_id"] for c in data["citations"]] == [
        "unallocated-cases-232",
        "seven-directors-seven-years",
    ]


def test_word_table_citation_in_a_cell(tmp_path):
    """A citation typed in a table cell becomes a note there; the table is untouched else."""
    source = type_into(
        DATA / "word-table.docx",
        tmp_path / "table.docx",
        lambda p: text_of(p) == "Top left",
        cited_runs(CASES, "unallocated-cases-232"),
    )
    out = render(source)
    kept(source, out)
    root = etree.fromstring(parts(out)["word/document.xml"])
    cell = next(p for p in root.iter(qn("w:p")) if text_of(p).startswith("Top left"))
    assert text_of(cell) == f"Top left {CASES}."
    assert cell.find(f".//{qn('w:footnoteReference')}") is not None
    review = clean_review(out)
    assert review["citations"][0]["place"] == "paragraph 2 (table 1, row 1, cell 1)"


def test_word_headers_and_sections_are_kept(tmp_path):
    """Two sections with even, default and first-page headers: every one kept as it was."""
    source = type_into(
        DATA / "word-headers.docx",
        tmp_path / "headers.docx",
        lambda p: text_of(p) == "section with header",
        [t("."), *cited_runs(CASES, "unallocated-cases-232")],
    )
    out = render(source)
    kept(source, out)
    assert len(reference_order(out)) == 1
    clean_review(out)


def test_word_hyperlinks_with_indented_xml(tmp_path):
    """A citation typed just after a link, in a document whose XML is indented."""
    source = type_into(
        DATA / "word-hyperlinks.docx",
        tmp_path / "links.docx",
        lambda p: text_of(p).startswith("One "),
        cited_runs(CASES, "unallocated-cases-232"),
    )
    out = render(source)
    kept(source, out)
    root = etree.fromstring(parts(out)["word/document.xml"])
    paragraph = next(p for p in root.iter(qn("w:p")) if text_of(p).startswith("One "))
    assert text_of(paragraph) == f"One awesome hyperlink. {CASES}."
    assert paragraph.find(qn("w:hyperlink")).find(f".//{qn('w:footnoteReference')}") is None
    warned = clean_review(out, source)  # "Three hyperlinks: the first ...": its own figures
    assert {f["code"] for f in warned["findings"]} == {"uncited-figure"}


def test_word_text_box_refuses_footnotes_and_takes_references(tmp_path):
    """Word allows no footnote in a text box: refused as footnotes, numbered as references."""
    source = type_into(
        DATA / "word-text-box.docx",
        tmp_path / "box.docx",
        lambda p: text_of(p) == "Datum plane",
        cited_runs(CASES, "unallocated-cases-232"),
    )
    refused(
        cli("render", source),
        2,
        "paragraph 1 (in a text box), at “…",
        "a citation in a text box cannot become a footnote",
    )
    assert not (tmp_path / "box-rendered.docx").exists()
    out = render(source, "--citations", "references")
    kept(source, out)
    assert b"References" in parts(out)["word/document.xml"]


def test_word_strict_document_is_reviewed_but_not_rendered(tmp_path):
    """Strict Open XML: review reads it as a Word draft; render says how to save it."""
    source = tmp_path / "strict.docx"
    shutil.copy(DATA / "word-strict.docx", source)
    rewrite(
        source,
        "word/document.xml",
        lambda xml: xml.replace(b">Test<", f">Test. {CASES} [@unallocated-cases-232].<".encode()),
    )
    data = review(source)
    assert data["reviewed"] == "word"
    assert [c["fact_id"] for c in data["citations"]] == ["unallocated-cases-232"]
    refused(
        cli("render", source, "-o", tmp_path / "out.docx"),
        2,
        "is saved as Strict Open XML, which drafting does not write into",
    )
    assert not (tmp_path / "out.docx").exists()


def libreoffice_letter(tmp_path: Path) -> Path:
    """LibreOffice's .docx: a style of its own, a header, a table, two notes of the author's."""
    body = (
        f'<text:p text:style-name="Council_20_Body">The backlog was the worst in the '
        f"region.{own_note('The author’s own note about the backlog.', 1)}</text:p>"
        f'<text:p text:style-name="Council_20_Body">{CASES}</text:p>'
        '<table:table table:name="Figures"><table:table-column '
        'table:number-columns-repeated="2"/><table:table-row><table:table-cell>'
        "<text:p>Cases unallocated</text:p></table:table-cell><table:table-cell>"
        "<text:p>232 at the last count</text:p></table:table-cell></table:table-row></table:table>"
        f'<text:p text:style-name="Council_20_Body">The trust is the answer, we are '
        f"told.{own_note('Second own note.', 2)}</text:p>"
        f'<text:p text:style-name="Council_20_Body">{DIRECTORS}</text:p>'
    )
    return libreoffice_document(tmp_path, "council", body, "Kingsthorpe Labour Group")


@pytest.mark.slow
@lo
def test_libreoffice_document_renders_and_libreoffice_prints_every_part(tmp_path):
    """LibreOffice's own .docx: our notes numbered among its two; the PDF shows all of it."""
    made = libreoffice_letter(tmp_path)
    source = type_into(
        made,
        tmp_path / "typed.docx",
        lambda p: text_of(p) == CASES,
        [t(" [@unallocated-"), t("cases-232", "<w:i/>"), t("].")],
    )
    source = type_into(
        source,
        tmp_path / "typed2.docx",
        lambda p: text_of(p) == "232 at the last count",
        [t(" [@unallocated-cases-232]")],
    )
    source = type_into(
        source,
        tmp_path / "typed3.docx",
        lambda p: text_of(p) == DIRECTORS,
        [t(" [@seven-directors-seven-years].")],
    )
    out = render(source)
    kept(source, out)
    styles = parts(out)["word/styles.xml"]
    assert styles == parts(source)["word/styles.xml"]  # LibreOffice's own footnote styles
    root = etree.fromstring(parts(out)["word/document.xml"])
    refs = [
        r.getparent().find(qn("w:rPr")).find(qn("w:rStyle")).get(qn("w:val"))
        for r in root.iter(qn("w:footnoteReference"))
    ]
    assert set(refs) == {"FootnoteAnchor"}
    text = " ".join(pdf_text(out, tmp_path).split())
    for words in (
        "Kingsthorpe Labour Group",
        "The backlog was the worst in the region.1",
        f"{CASES} 2.",
        "Cases unallocated 232 at the last count3",
        "we are told. 4",
        "seven years 5.",
    ):
        assert words in text, words
    printed = [
        text.index(f"{n} {words}")
        for n, words in enumerate(
            (
                "The author’s own note about the backlog.",
                "Jane Birch",
                "Birch and Stone (n 2)",
                "Second own note.",
                "Birch and Stone (n 2), para. 4.",
            ),
            1,
        )
    ]
    assert printed == sorted(printed)  # each note under its own number, in order
    data = clean_review(out)
    assert [c["marker"] for c in data["citations"]] == ["1", "2", "3"]


@pytest.mark.slow
@lo
@pytest.mark.parametrize(
    "name", ["word-footnotes", "word-table", "word-headers", "word-hyperlinks"]
)
def test_libreoffice_opens_rendered_word_documents(tmp_path, name):
    """Each Word-made document, rendered: LibreOffice prints its text and our note."""
    source = type_into(
        DATA / f"{name}.docx",
        tmp_path / f"{name}.docx",
        lambda p: bool(text_of(p).strip()),
        cited_runs(CASES, "unallocated-cases-232"),
        first=False,
    )
    out = render(source)
    text = " ".join(pdf_text(out, tmp_path).split())
    assert NOTE in text and "risen back to 232" in text
    original = pdf_text(DATA / f"{name}.docx", tmp_path).split()
    assert original and set(original) <= set(text.split())  # its text, headers, tables


def test_a_document_without_styles_gains_the_footnote_styles(tmp_path):
    """No styles part at all: one is added, related and typed, holding the two note styles."""
    source = type_into(
        DATA / "word-no-styles.docx",
        tmp_path / "bare.docx",
        lambda p: True,
        [t(f"{CASES} [@unallocated-cases-232].")],
        first=True,
    )
    out = render(source)
    added = parts(out)
    assert b'w:styleId="FootnoteText"' in added["word/styles.xml"]
    assert b'w:styleId="FootnoteReference"' in added["word/styles.xml"]
    assert b'PartName="/word/styles.xml"' in added["[Content_Types].xml"]
    assert b'Target="styles.xml"' in added["word/_rels/document.xml.rels"]
    clean_review(out)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b'<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:r" a="1">\n  <X/>\n</R>\n',
            b'<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:r" a="1">\n  <X/>\n<Y b="2"/></R>\n',
        ),
        (
            b'<?xml version="1.0"?><R xmlns="urn:r"/>',
            b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<R xmlns="urn:r"><Y b="2"/></R>',
        ),
        (
            '<?xml version="1.0" encoding="UTF-16"?><R xmlns="urn:r"></R>'.encode("utf-16"),
            b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<R xmlns="urn:r"><Y b="2"/></R>',
        ),
    ],
)
def test_a_part_gains_elements_and_keeps_every_other_byte(data, expected):
    """Spliced before the closing tag where it can be; parsed and written again where not."""
    from drafting.docx.wordfile import append_xml

    assert append_xml(data, '<Y xmlns="urn:r" b="2"/>') == expected


def test_each_run_child_shows_what_the_run_shows():
    """The reader's per-child text adds up to its run's text, in every fixture's runs."""
    from evidence.readers.docx import child_text, run_text

    for path in DATA.glob("*.docx"):
        for run in etree.fromstring(parts(path)["word/document.xml"]).iter():
            if etree.QName(run).localname == "r":
                assert "".join(child_text(c) for c in run) == run_text(run), path.name
