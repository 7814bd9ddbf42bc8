"""Word documents for the tests of Word drafts: built run by run, or by LibreOffice.

``word_document`` writes a python-docx document whose body is given as WordprocessingML
(``w:`` and ``r:`` prefixes declared), so a test controls exactly how Word would have
split a citation across runs. ``libreoffice_document`` writes a flat ODT and has
LibreOffice save it as .docx, so LibreOffice wrote every part.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from tests.conftest import RUNNER, add_footnotes, drafting

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = f"{{{W_NS}}}"
#: Sentences of the bundled dossier's example letter that review finds nothing in.
CASES = "Meanwhile the number of unallocated cases has risen back to 232"
DIRECTORS = "There have been seven directors and interims in seven years"
RESIGNED = "The Government-appointed commissioner, Malcolm Newsam, has resigned"
RATED = 'At the inspection of June 2019, three of the four areas judged were rated "Inadequate"'


def elements(xml: str) -> list[etree._Element]:
    """Body elements written with the ``w:`` and ``r:`` prefixes."""
    return list(etree.fromstring(f'<wrap xmlns:w="{W_NS}" xmlns:r="{R_NS}">{xml}</wrap>'))


def t(text: str, props: str = "") -> str:
    """One run showing ``text`` (``props``: run properties' XML, such as ``<w:b/>``)."""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*runs: str, style: str | None = None) -> str:
    """A paragraph of runs (strings of run XML, or plain text made one run)."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(r if r.startswith('<') else t(r) for r in runs)}</w:p>"


def word_document(
    path: Path,
    body: list[str],
    *,
    header: str | None = None,
    footnotes: dict[int, str] | None = None,
) -> Path:
    """A .docx whose body holds ``body`` (paragraph and table XML), before its section."""
    document = docx.Document()
    section = document.element.body[-1]
    for xml in body:
        for element in elements(xml):
            section.addprevious(element)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    if footnotes:
        add_footnotes(document, footnotes)
    document.save(str(path))
    return path


def note_ref(note_id: int) -> str:
    """A run holding a reference to footnote ``note_id`` (the author's own)."""
    return (
        f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'
    )


def parts(path: Path) -> dict[str, bytes]:
    """Every part of a package, by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def body_text(path: Path) -> list[str]:
    """The body's paragraphs' text (python-docx), tables' cells included."""
    document = docx.Document(str(path))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [cell.text for row in table.rows for cell in row.cells]
    return out


def footnote_texts(path: Path) -> dict[str, str]:
    """The footnotes of a .docx by id, their text joined."""
    data = parts(path).get("word/footnotes.xml")
    if data is None:
        return {}
    root = etree.fromstring(data)
    return {
        n.get(qn("w:id")): "".join(x.text or "" for x in n.iter(qn("w:t"))).strip()
        for n in root.iter(qn("w:footnote"))
        if n.get(qn("w:type")) is None
    }


def reference_order(path: Path) -> list[str]:
    """The footnote ids the body refers to, in reading order."""
    root = etree.fromstring(parts(path)["word/document.xml"])
    return [r.get(qn("w:id")) for r in root.iter(qn("w:footnoteReference"))]


def rewrite(path: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    """Change one part of a package in place."""
    with zipfile.ZipFile(path) as archive:
        data = {n: archive.read(n) for n in archive.namelist()}
    data[name] = change(data[name])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in data.items():
            archive.writestr(part, content)
    path.write_bytes(buffer.getvalue())


_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Council_20_Body" style:display-name="Council Body"
  style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-bottom="0.2cm"/>
  <style:text-properties fo:font-size="11pt" fo:color="#1f3864"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="T1" style:family="text">
  <style:text-properties fo:font-weight="bold"/></style:style>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm"
  fo:page-height="29.7cm"/><style:header-style/></style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p text:style-name="Standard">{header}</text:p></style:header>
 </style:master-page>
</office:master-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>
"""


def own_note(text: str, number: int) -> str:
    """A footnote of the author's own, in ODF."""
    return (
        f'<text:note text:id="ftn{number}" text:note-class="footnote"><text:note-citation>'
        f"{number}</text:note-citation><text:note-body><text:p>{text}</text:p>"
        "</text:note-body></text:note>"
    )


def libreoffice_document(folder: Path, name: str, body: str, header: str) -> Path:
    """A .docx LibreOffice wrote, from flat ODF ``body`` (``text:p``, tables, notes)."""
    source = folder / f"{name}.fodt"
    source.write_text(_FODT.format(body=body, header=header), encoding="utf-8")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/lo-profile",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = folder / f"{name}.docx"
    assert out.exists(), "LibreOffice wrote no .docx"
    return out


def pdf_text(path: Path, folder: Path) -> str:
    """The text of ``path`` as LibreOffice prints it (converted to PDF, read by pdftotext)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = folder / f"{path.stem}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0, "LibreOffice wrote no PDF"
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def have_libreoffice() -> bool:
    """Whether LibreOffice and pdftotext are installed."""
    return bool(shutil.which("soffice") and shutil.which("pdftotext"))


#: Two cited sentences of the example letter, as typed in Word.
CITED = [p(f"{CASES} [@unallocated-cases-232]."), p(f"{DIRECTORS} [@seven-directors-seven-years].")]
runner = RUNNER
cli = drafting
