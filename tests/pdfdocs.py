"""PDF reports made for tests: a flat ODT written here, converted by LibreOffice.

What a real report has, on purpose: a cover page without a footer, a running header and
a footer with the printed page number on every other page, a contents list, a table with
ruled borders, numbered paragraphs (``1.``, ``2.1``) long enough to run across page
breaks, bullets, and words broken at the end of a line by a soft hyphen.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)
_STYLES = """<office:styles>
 <style:style style:name="Body" style:family="paragraph"><style:paragraph-properties
   fo:margin-bottom="0.25cm"/><style:text-properties fo:font-size="11pt"/></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:text-properties
   fo:font-size="24pt"/></style:style>
 <style:style style:name="Head" style:family="paragraph"><style:paragraph-properties
   fo:margin-top="0.3cm" fo:margin-bottom="0.2cm"/><style:text-properties
   fo:font-size="14pt"/></style:style>
 <style:style style:name="Num" style:family="paragraph"><style:paragraph-properties
   fo:margin-left="1cm" fo:text-indent="-1cm" fo:margin-bottom="0.25cm"><style:tab-stops>
   <style:tab-stop style:position="0cm"/></style:tab-stops></style:paragraph-properties>
   <style:text-properties fo:font-size="11pt"/></style:style>
 <style:style style:name="Narrow" style:family="paragraph"><style:paragraph-properties
   fo:margin-left="5.5cm" fo:margin-right="5.5cm" fo:margin-bottom="0.25cm"/>
   <style:text-properties fo:font-size="11pt"/></style:style>
 <style:style style:name="Furniture" style:family="paragraph"><style:text-properties
   fo:font-size="8pt"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="21cm"
   fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm"
   fo:margin-right="2.5cm"/><style:header-style><style:header-footer-properties
   fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/></style:header-style><style:footer-style>
   <style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/>
   </style:footer-style></style:page-layout>
 <style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties
   fo:border="0.5pt solid #000000" fo:padding="0.1cm"/></style:style>
 <style:style style:name="Tbl" style:family="table"><style:table-properties
   style:width="16cm"/></style:style>
 <style:style style:name="CoverTitle" style:family="paragraph" style:parent-style-name="Title"
   style:master-page-name="Cover"/>
 <style:style style:name="ReportStart" style:family="paragraph" style:parent-style-name="Body"
   style:master-page-name="Report"/>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Cover" style:page-layout-name="PL"
   style:next-style-name="Report"/>
 <style:master-page style:name="Report" style:page-layout-name="PL">
  <style:header><text:p text:style-name="Furniture">{header}</text:p></style:header>
  <style:footer><text:p text:style-name="Furniture">{footer}<text:tab/><text:tab/>
   <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
 </style:master-page>
</office:master-styles>"""


def paragraph(style: str, text: str) -> str:
    """One ODT paragraph; ``text`` is plain text (escaped here)."""
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>\n'


def numbered(number: str, text: str) -> str:
    """A numbered paragraph as reports set them: the number, a tab, the text."""
    return f'<text:p text:style-name="Num">{escape(number)}<text:tab/>{escape(text)}</text:p>\n'


def table(rows: list[tuple[str, ...]]) -> str:
    """A table with ruled borders."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell table:style-name="Cell" office:value-type="string">'
            f"{paragraph('Body', c)}</table:table-cell>"
            for c in row
        )
        + "</table:table-row>\n"
        for row in rows
    )
    columns = f'<table:table-column table:number-columns-repeated="{len(rows[0])}"/>'
    return f'<table:table table:name="T" table:style-name="Tbl">{columns}{cells}</table:table>\n'


def make_pdf(
    folder: Path,
    name: str,
    title: str,
    cover: list[str],
    body: list[str],
    *,
    header: str = "A made-up report",
    footer: str = "Made-up Borough Council, 2024",
) -> Path:
    """Write a report as ``name``.fodt and convert it to ``name``.pdf with LibreOffice.

    Page 1 is a cover (``title``, then ``cover``'s paragraphs; no header or footer); the
    report starts on page 2, every page of it printing ``header`` at the top and
    ``footer`` with the page number at the bottom.
    """
    if not shutil.which("soffice"):
        raise RuntimeError("LibreOffice is needed to make test PDFs")
    text = (
        f'<text:p text:style-name="CoverTitle">{escape(title)}</text:p>\n'
        + "".join(cover)
        + '<text:p text:style-name="ReportStart"/>\n'
        + "".join(body)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NS} '
        'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">'
        + _STYLES.format(header=escape(header), footer=escape(footer))
        + f"<office:body><office:text>{text}</office:text></office:body></office:document>"
    )
    source = folder / f"{name}.fodt"
    source.write_text(xml, encoding="utf-8")
    profile = folder / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    out = folder / f"{name}.pdf"
    if not out.exists():
        raise RuntimeError(f"LibreOffice did not make {out}")
    return out
