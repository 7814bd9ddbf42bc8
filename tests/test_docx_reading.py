"""Word text as a person sees it, for sources and for review; damaged .docx files refused in one line."""

from __future__ import annotations

import contextlib
import io
import random
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from typer.testing import CliRunner

from drafting.cli import app
from drafting.docx.package import open_package
from drafting.docx.record import body_paragraphs, read_rendered
from drafting.errors import DraftingError
from drafting.render import render_draft
from evidence.dossier import open_dossier
from evidence.errors import SourceError
from evidence.sources import load_sources, read_source_text
from tests.conftest import REPO
from tests.faults import snapshot

runner = CliRunner()
EXAMPLE = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


# --- Word files made in the test -------------------------------------------------------------


def r(*inner: str) -> str:
    """A run holding ``inner`` (``"text"`` for plain text, or raw run children)."""
    return (
        "<w:r>"
        + "".join(x if x.startswith("<") else f'<w:t xml:space="preserve">{x}</w:t>' for x in inner)
        + "</w:r>"
    )


def p(*runs: str, props: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(runs)}</w:p>"


def cell(*content: str) -> str:
    return f"<w:tc><w:tcPr/>{''.join(content)}</w:tc>"


def box_choice_and_fallback(*paragraphs: str) -> str:
    """A text box as Word writes it: a DrawingML choice and a VML fallback, same content."""
    content = f"<w:txbxContent>{''.join(paragraphs)}</w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        "<a:graphic><a:graphicData><wps:wsp><wps:txbx>"
        + content
        + "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:rect><v:textbox>"
        + content
        + "</v:textbox></v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def notes_xml(kind: str, notes: dict[str, str]) -> str:
    separators = (
        f'<w:{kind} w:type="separator" w:id="-1">{p(r("<w:separator/>"))}</w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0">{p(r("SEPARATOR"))}'
        f"</w:{kind}>"
    )
    body = "".join(
        f'<w:{kind} w:id="{i}">{p(r(f"<w:{kind}Ref/>"), r(" " + text))}</w:{kind}>'
        for i, text in notes.items()
    )
    return f"<w:{kind}s {NAMESPACES}>{separators}{body}</w:{kind}s>"


def word_file(
    path: Path,
    body: str,
    *,
    footnotes: dict[str, str] | None = None,
    endnotes: dict[str, str] | None = None,
    notes_at: str = "word/",
) -> Path:
    """A .docx (python-docx's package) whose body is ``body``, with notes if given."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/document.xml"] = (
        f"<w:document {NAMESPACES}><w:body>{body}<w:sectPr/></w:body></w:document>"
    ).encode()
    rels, types = parts["word/_rels/document.xml.rels"], parts["[Content_Types].xml"]
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if notes is None:
            continue
        name = f"{notes_at}{kind}s-part.xml"
        parts[name] = notes_xml(kind, notes).encode()
        rels = rels.replace(
            b"</Relationships>",
            f'<Relationship Id="rId{kind}" Type="{RT}'
            f'{kind}s" Target="/{name}"/></Relationships>'.encode(),
        )
        types = types.replace(
            b"</Types>",
            f'<Override PartName="/{name}" ContentType="{CT}{kind}s+xml"/></Types>'.encode(),
        )
    parts["word/_rels/document.xml.rels"], parts["[Content_Types].xml"] = rels, types
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def read(path: Path) -> list[str]:
    """The paragraphs of a .docx source, as the dossier reads it."""
    text, _digest = read_source_text(path)
    assert text.endswith("\n")
    return text[:-1].split("\n\n")


# --- what each construct reads as ------------------------------------------------------------


def test_breaks_tabs_and_hyphens_read_as_printed(tmp_path):
    """A line, page or column break and a carriage return read as a space, a tab as a tab,
    a non-breaking hyphen as a hyphen, a soft hyphen as nothing: no words glued together."""
    made = docx.Document()
    para = made.add_paragraph("The number rose to")
    para.add_run().add_break()
    para.add_run("232 in March; in")
    para.add_run().add_break(WD_BREAK.PAGE)
    para.add_run("April, ")
    run = para.add_run("Table")
    run.add_tab()
    run.add_text("one.")
    made.save(str(tmp_path / "made.docx"))
    assert read(tmp_path / "made.docx") == [
        "The number rose to 232 in March; in April, Table\tone."
    ]
    raw = word_file(
        tmp_path / "raw.docx",
        p(
            r(
                "Homes were re",
                "<w:noBreakHyphen/>",
                "inspected",
                "<w:cr/>",
                "twice; the bud",
                "<w:softHyphen/>",
                "get",
                '<w:br w:type="column"/>',
                "held",
                "<w:ptab/>",
                "firm.",
            )
        )
        + p(r("A line end\n\ninside a text element.")),
    )
    assert read(raw) == [
        "Homes were re-inspected twice; the budget held\tfirm.",
        "A line end  inside a text element.",
    ]


def test_symbols_read_as_their_characters(tmp_path):
    """A w:sym reads as its character when that is Unicode; a symbol font's private code or
    a nonsense code reads as nothing."""
    body = p(
        r(
            "2 ",
            f'<w:sym w:font="Symbol" w:char="{0x2264:04X}"/>',
            " 3 ",
            '<w:sym w:font="Wingdings" w:char="F0E0"/>',
            '<w:sym w:char="zz"/>',
            '<w:sym w:char="D800"/>',
            "and ",
            '<w:sym w:font="Arial" w:char="00A3"/>',
            "5",
        )
    )
    assert read(word_file(tmp_path / "s.docx", body)) == ["2 ≤ 3 and £5"]


def test_tracked_changes_read_as_accepted(tmp_path):
    """Deleted and moved-away text is not read, inserted and moved-in text once; a deleted
    paragraph mark joins two paragraphs, a deleted row is not read."""
    body = (
        p(
            r("Cases were "),
            '<w:del w:id="1"><w:r><w:delText>240 </w:delText></w:r></w:del>',
            '<w:ins w:id="2">' + r("232 ") + "</w:ins>",
            r("in March."),
        ),
        p('<w:moveFrom w:id="3">' + r("Moved words. ") + "</w:moveFrom>", r("Staying words.")),
        p(r("Arrived: "), '<w:moveTo w:id="4">' + r("Moved words.") + "</w:moveTo>"),
        p(r("The first half "), props='<w:rPr><w:del w:id="5"/></w:rPr>'),
        p(r("and the second half.")),
        '<w:tbl><w:tr><w:trPr><w:del w:id="6"/></w:trPr>'
        + cell(p(r("Deleted row")))
        + "</w:tr><w:tr>"
        + cell(p(r("Kept row")))
        + "</w:tr></w:tbl>",
    )
    assert read(word_file(tmp_path / "t.docx", "".join(body))) == [
        "Cases were 232 in March.",
        "Staying words.",
        "Arrived: Moved words.",
        "The first half and the second half.",
        "Kept row",
    ]


def test_fields_show_their_results_not_their_instructions(tmp_path):
    """A complex field reads as its result, a simple field as its content."""
    body = p(
        r("See page "),
        r('<w:fldChar w:fldCharType="begin"/>'),
        r('<w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText>'),
        r('<w:fldChar w:fldCharType="separate"/>'),
        r("12"),
        r('<w:fldChar w:fldCharType="end"/>'),
        r(" of "),
        '<w:fldSimple w:instr=" NUMPAGES ">' + r("40") + "</w:fldSimple>",
        '<w:hyperlink r:id="x" xmlns:r="http://example.org/r">' + r(", online") + "</w:hyperlink>",
        '<w:sdt><w:sdtPr><w:alias w:val="Hidden"/></w:sdtPr><w:sdtContent>'
        + r(".")
        + "</w:sdtContent></w:sdt>",
    )
    assert read(word_file(tmp_path / "f.docx", body)) == ["See page 12 of 40, online."]


def test_text_boxes_read_once_as_paragraphs_of_their_own(tmp_path):
    """A text box is read once (its choice, not also its fallback), after the paragraph it is
    anchored in and not glued into it; a VML-only box and a box in a box too."""
    body = (
        p(
            r("Before the box"),
            box_choice_and_fallback(p(r("Boxed words.")), p(r("Second boxed line."))),
            r(" and after it."),
        )
        + p(
            r("VML only."),
            "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
            + p(r("Old box."), box_choice_and_fallback(p(r("Inner box."))))
            + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
        )
        + p(r("Last."))
    )
    assert read(word_file(tmp_path / "b.docx", body)) == [
        "Before the box and after it.",
        "Boxed words.",
        "Second boxed line.",
        "VML only.",
        "Old box.",
        "Inner box.",
        "Last.",
    ]


def test_tables_are_read_cell_by_cell_nested_ones_too(tmp_path):
    """Each cell's paragraphs in reading order, a table inside a cell in its place."""
    inner = (
        "<w:tbl><w:tblPr/><w:tr>"
        + cell(p(r("Inner one")))
        + cell(p(r("Inner two")))
        + "</w:tr></w:tbl>"
    )
    body = (
        "<w:tbl><w:tblPr/><w:tblGrid/><w:tr>"
        + cell(p(r("A1")))
        + cell(p(r("B1")), inner, p(r("B1 after")))
        + "</w:tr><w:tr>"
        + cell(p(r("A2")))
        + cell(p())
        + "</w:tr></w:tbl>"
        + p(r("Below."))
    )
    assert read(word_file(tmp_path / "t.docx", body)) == [
        "A1",
        "B1",
        "Inner one",
        "Inner two",
        "B1 after",
        "A2",
        "Below.",
    ]


def test_notes_follow_the_body_in_the_order_the_text_refers_to_them(tmp_path):
    """Footnotes then endnotes after the body, found through the document's relationships
    (here in a part of another name), in reference order; separators, notes nothing refers
    to and notes whose reference was deleted are not read."""
    body = p(
        r("First claim."),
        r('<w:footnoteReference w:id="5"/>'),
        r(" Second claim."),
        r('<w:footnoteReference w:id="3"/>'),
    ) + p(
        r("Closing."),
        r('<w:endnoteReference w:id="2"/>'),
        '<w:del w:id="9"><w:r><w:footnoteReference w:id="4"/></w:r></w:del>',
    )
    path = word_file(
        tmp_path / "n.docx",
        body,
        notes_at="word/notes/",
        footnotes={
            "3": "Note three, cited second.",
            "4": "Deleted reference.",
            "5": "Note five, cited first.",
            "7": "Never cited.",
        },
        endnotes={"2": "The endnote."},
    )
    assert read(path) == [
        "First claim. Second claim.",
        "Closing.",
        " Note five, cited first.",
        " Note three, cited second.",
        " The endnote.",
    ]


def test_strict_open_xml_reads_like_transitional(tmp_path):
    """A document saved as Strict Open XML (other namespaces) reads the same."""
    path = word_file(tmp_path / "s.docx", p(r("Strict words."), r("<w:tab/>", "here")))
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    )
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        RT.encode(), b"http://purl.oclc.org/ooxml/officeDocument/relationships/"
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read(path) == ["Strict words.\there"]


def test_review_reads_runs_with_the_same_reader(tmp_path):
    """The review (lxml) and the source reader (xml.etree) read one body to the same text."""
    body = (
        p(
            r("rose to", "<w:br/>", "232 re", "<w:noBreakHyphen/>", "inspected"),
            box_choice_and_fallback(p(r("Boxed."))),
            '<w:moveFrom w:id="1">' + r(" gone") + "</w:moveFrom>",
            r("<w:instrText>PAGE</w:instrText>"),
            r(" ", '<w:sym w:char="2264"/>', " 3"),
        )
        + p(r("joined "), props='<w:rPr><w:del w:id="2"/></w:rPr>')
        + p(r("here."))
    )
    path = word_file(tmp_path / "same.docx", body)
    with open_package(path) as package:
        reviewed = [d.text for d in body_paragraphs(package.xml("word/document.xml")[0])]
    assert reviewed == read(path) == ["rose to 232 re-inspected ≤ 3", "Boxed.", "joined here."]


def test_paragraphs_read_once_give_what_reading_them_afresh_gives(tmp_path):
    """read_paragraphs (a paragraph's content kept by its markup) reads a body as
    body_paragraphs does, the first time and the second, and after an edit."""
    from drafting.docx.record import read_paragraphs

    body = (
        p(r("rose to", "<w:br/>", "232"))
        + box_choice_and_fallback(p(r("Boxed.")))
        + p(r("joined "), props='<w:rPr><w:del w:id="2"/></w:rPr>')
        + p(r("here."))
        + p("")
    )
    path = word_file(tmp_path / "same.docx", body)
    with open_package(path) as package:
        element = package.xml("word/document.xml")[0]
        fresh = body_paragraphs(element)
        for _ in range(2):
            assert [c for _, c in read_paragraphs(element) if c.text.strip() or c.marks] == fresh
        next(
            element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
        ).text = "fell to"
        assert read_paragraphs(element)[0][1].text == "fell to 232"


def test_a_quote_across_a_line_break_verifies(make_dossier, tmp_path):
    """`evidence verify` finds quotes that run across a line break and a no-break hyphen."""
    source = word_file(
        tmp_path / "s.docx",
        p(
            r(
                "Unallocated cases rose to",
                "<w:br/>",
                "232 after homes were re",
                "<w:noBreakHyphen/>",
                "inspected.",
            )
        ),
    )
    facts = (
        "facts:\n  - id: cases\n    statement: Cases rose to 232.\n    kind: statistic\n"
        "    as_at: 2019\n    citations:\n      - source: src-0\n"
        '        quote: "rose to 232 after homes were re-inspected"\n'
    )
    root = make_dossier({"s.docx": source.read_bytes()}, facts=facts)
    result = runner.invoke(app, ["--dossier", str(root), "evidence", "verify"])
    assert result.exit_code == 0, result.output


def test_the_cache_key_covers_the_docx_reader(monkeypatch):
    """A change to the .docx reader (or its package reader) changes the verification cache
    key, so text read by older code is never reused."""
    from evidence import locations

    before = locations.code_version()
    real = Path.read_bytes
    for changed in ("docx.py", "package.py"):

        def read_bytes(self: Path, name: str = changed) -> bytes:
            extra = b"#" if self.parent.name == "readers" and self.name == name else b""
            return real(self) + extra

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
        assert locations.code_version() != before
        monkeypatch.undo()
    assert locations.code_version() == before


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by .ci/run")
def test_a_document_libreoffice_wrote(tmp_path):
    """A real .docx, written by LibreOffice from a document with a line break, a no-break
    and a soft hyphen, tracked changes, a footnote and an endnote, a text box (choice and
    fallback) and a nested table: read as it prints, each part once."""
    odt = tmp_path / "made.fodt"
    odt.write_text(LIBREOFFICE_SOURCE, encoding="utf-8")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(tmp_path),
            str(odt),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with zipfile.ZipFile(tmp_path / "made.docx") as archive:
        xml = archive.read("word/document.xml")
    for construct in (
        b"<w:br/>",
        b"<w:noBreakHyphen/>",
        b"<w:softHyphen/>",
        b"<w:delText",
        b"<w:ins ",
        b"<mc:Fallback>",
        b"<w:txbxContent>",
        b"<w:footnoteReference",
        b"<w:endnoteReference",
    ):
        assert construct in xml, construct  # LibreOffice still writes what this test is about
    assert [t.strip() for t in read(tmp_path / "made.docx")] == [
        "The number of children in care rose to 232 in March, the council said.",
        "Homes were re-inspected\ttwice, and the budget rose by four per cent in the year.",
        "A paragraph anchoring a box. After the box.",
        "Text in a box stands apart.",
        "Cell one",
        "Cell two",
        "Nested cell",
        "Closing words.",
        "Ofsted report, 2019, page 4.",
        "An endnote's text.",
    ]


LIBREOFFICE_SOURCE = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:body><office:text>
  <text:tracked-changes text:track-changes="true">
   <text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>A</dc:creator>
    <dc:date>2020-01-01T00:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
   <text:changed-region text:id="ct2"><text:deletion><office:change-info><dc:creator>A</dc:creator>
    <dc:date>2020-01-01T00:00:00</dc:date></office:change-info><text:p>was 200 </text:p>
    </text:deletion></text:changed-region>
  </text:tracked-changes>
  <text:p>The number of children in care rose to<text:line-break/>232 in March, the council said.</text:p>
  <text:p>Homes were re&#x2011;inspected<text:tab/>twice, and the bud&#xAD;get <text:change
   text:change-id="ct2"/><text:change-start text:change-id="ct1"/>rose by four per cent<text:change-end
   text:change-id="ct1"/> in the year.<text:note text:id="n1" text:note-class="footnote"><text:note-citation
   >1</text:note-citation><text:note-body><text:p>Ofsted report, 2019, page 4.</text:p></text:note-body
   ></text:note></text:p>
  <text:p>A paragraph anchoring a box.<draw:frame draw:name="F1" text:anchor-type="paragraph"
   svg:width="5cm" svg:height="2cm"><draw:text-box><text:p>Text in a box stands apart.</text:p>
   </draw:text-box></draw:frame> After the box.</text:p>
  <table:table table:name="T"><table:table-column table:number-columns-repeated="2"/>
   <table:table-row><table:table-cell><text:p>Cell one</text:p></table:table-cell><table:table-cell>
    <text:p>Cell two</text:p><table:table table:name="T2"><table:table-column/><table:table-row>
    <table:table-cell><text:p>Nested cell</text:p></table:table-cell></table:table-row></table:table>
   </table:table-cell></table:table-row></table:table>
  <text:p>Closing words.<text:note text:id="n2" text:note-class="endnote"><text:note-citation>i</text:note-citation
   ><text:note-body><text:p>An endnote's text.</text:p></text:note-body></text:note></text:p>
 </office:text></office:body></office:document>
"""


# --- damaged packages: one line, exit 2, nothing written ------------------------------------


@pytest.fixture(scope="module")
def letter(tmp_path_factory) -> Path:
    """The bundled letter, rendered once."""
    out = tmp_path_factory.mktemp("letter") / "letter.docx"
    render_draft(EXAMPLE, open_dossier(REPO), out=out)
    return out


def parts_of(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(i.filename, archive.read(i)) for i in archive.infolist()]


def zip_by_hand(
    parts: list[tuple[str, bytes]], *, method: int = 0, flags: int = 0, bad_crc: bool = False
) -> bytes:
    """A zip of stored entries declaring any compression method, flag bits or checksum."""
    out, central = bytearray(), bytearray()
    for name, data in parts:
        crc = zlib.crc32(data) ^ (1 if bad_crc else 0)
        head = struct.pack("<HHHHHIII", 20, flags, method, 0, 0x21, crc, len(data), len(data))
        offset = len(out)
        out += b"PK\x03\x04" + head + struct.pack("<HH", len(name), 0) + name.encode() + data
        central += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + head
            + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset)
            + name.encode()
        )
    end = struct.pack("<HHHHIIH", 0, 0, len(parts), len(parts), len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)


def deflate_broken(parts: list[tuple[str, bytes]], part: str) -> bytes:
    """A deflated zip whose ``part`` has a damaged stream (sizes and checksum as they were)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode())
    data[start : start + 4] = b"\xff\xff\xff\xff"  # an invalid block type
    return bytes(data)


def damaged(kind: str, parts: list[tuple[str, bytes]]) -> bytes:
    if kind == "encrypted":
        return zip_by_hand(parts, flags=1)
    if kind == "compression method":
        return zip_by_hand(parts, method=1)
    if kind == "bad checksum":
        return zip_by_hand(parts, bad_crc=True)
    if kind == "truncated":
        return zip_by_hand(parts)[:-2000]
    return deflate_broken(parts, "word/document.xml")


DAMAGE = [
    ("encrypted", "is encrypted"),
    ("compression method", "compressed with method 1"),
    ("bad deflate", "part word/document.xml cannot be unpacked"),
    ("bad checksum", "cannot be unpacked (Bad CRC-32"),
    ("truncated", "is not a Word .docx file"),
]


def one_line_error(result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drafting: error: ") and fragment in lines[0]


@pytest.mark.parametrize(("kind", "fragment"), DAMAGE)
def test_a_damaged_package_under_review_is_one_line(letter, tmp_path, kind, fragment):
    """Encrypted entries, an unknown compression method, a broken deflate stream, a bad
    checksum or a truncated file: one line, exit 2, no annex written."""
    path = tmp_path / "damaged.docx"
    path.write_bytes(damaged(kind, parts_of(letter)))
    result = runner.invoke(
        app, ["--dossier", str(REPO), "review", str(path), "--annex", str(tmp_path / "annex.docx")]
    )
    one_line_error(result, fragment)
    assert "damaged.docx" in result.output and not (tmp_path / "annex.docx").exists()


@pytest.mark.parametrize(("kind", "fragment"), DAMAGE)
def test_a_damaged_docx_added_as_a_source_is_one_line(bundled_copy, tmp_path, kind, fragment):
    """The same damage in a .docx given to `evidence add`: one line, exit 2, the dossier as
    it was."""
    path = tmp_path / "damaged.docx"
    path.write_bytes(damaged(kind, parts_of(word_file(tmp_path / "ok.docx", p(r("Some words."))))))
    before = snapshot(bundled_copy)
    result = runner.invoke(
        app, ["--dossier", str(bundled_copy), "evidence", "add", str(path), "--no-input"]
    )
    one_line_error(result, fragment)
    assert snapshot(bundled_copy) == before


def rename(parts: list[tuple[str, bytes]], old: str, new: str | None) -> list[tuple[str, bytes]]:
    return [(new if n == old else n, d) for n, d in parts if n != old or new is not None]


@pytest.mark.parametrize("new", [None, "docProps/other.xml"])
def test_a_missing_part_is_named(letter, tmp_path, new):
    """The custom properties part (the citation record) missing or under another name than
    its relationship gives: one line naming the part, exit 2."""
    path = tmp_path / "part.docx"
    path.write_bytes(zip_by_hand(rename(parts_of(letter), "docProps/custom.xml", new)))
    result = runner.invoke(app, ["--dossier", str(REPO), "review", str(path)])
    one_line_error(result, "part docProps/custom.xml, which the package lists, is missing")


def test_part_names_ignore_case_as_the_package_format_says(letter, tmp_path):
    """OPC part names are case-insensitive: a part stored as DOCPROPS/CUSTOM.XML is found."""
    path = tmp_path / "case.docx"
    path.write_bytes(
        zip_by_hand(rename(parts_of(letter), "docProps/custom.xml", "DOCPROPS/CUSTOM.XML"))
    )
    assert read_rendered(path).record == read_rendered(letter).record


def test_a_source_whose_notes_part_is_missing_is_one_line(make_dossier, tmp_path):
    """A .docx source whose relationships name a notes part it lacks is refused, naming it."""
    path = word_file(
        tmp_path / "n.docx",
        p(r("Claim."), r('<w:footnoteReference w:id="1"/>')),
        footnotes={"1": "Note."},
    )
    root = make_dossier(
        {"n.docx": zip_by_hand(rename(parts_of(path), "word/footnotes-part.xml", None))}
    )
    with pytest.raises(
        SourceError,
        match=r"part word/footnotes-part\.xml, which the package "
        r"lists, is missing",
    ):
        load_sources(root / "seeds" / "sources.yaml")


def with_record(parts: list[tuple[str, bytes]], record: str) -> bytes:
    """The package with its citation record replaced by ``record`` (in 200-character pieces)."""
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i + 2}" '
        f'name="drafting.meta.{i:03d}"><vt:lpwstr>{record[at : at + 200]}</vt:lpwstr></property>'
        for i, at in enumerate(range(0, len(record), 200))
    )
    custom = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'docPropsVTypes">{props}</Properties>'
    ).encode()
    return zip_by_hand([(n, custom if n == "docProps/custom.xml" else d) for n, d in parts])


def recorded(letter: Path) -> str:
    with open_package(letter) as package:
        root = package.xml("docProps/custom.xml")
    return "".join("".join(prop.itertext()) for prop in root)


@pytest.mark.parametrize(
    "change",
    [
        lambda rec: "[" * 100_000 + "]" * 100_000,
        lambda rec: rec.replace(
            '"paragraphs":', '"deep":' + "[" * 40 + "]" * 40 + ',"paragraphs":'
        ),
        lambda rec: rec.replace('"n":1,', '"n":' + "9" * 5000 + ",", 1),
        lambda rec: rec.replace('"n":1,', '"n":-' + "9" * 30 + ",", 1),
        lambda rec: rec.replace('"n":1,', '"n":NaN,', 1),
        lambda rec: rec[: len(rec) // 2],
    ],
    ids=["nested-100000", "nested-40", "int-5000-digits", "int-30-digits", "nan", "cut"],
)
def test_a_damaged_citation_record_is_one_line(letter, tmp_path, change):
    """A record nested deep, holding huge integers or cut short: one line, exit 2."""
    path = tmp_path / "record.docx"
    record = recorded(letter)
    assert '"n":1,' in record and '"paragraphs":' in record
    path.write_bytes(with_record(parts_of(letter), change(record)))
    result = runner.invoke(app, ["--dossier", str(REPO), "review", str(path)])
    one_line_error(result, "its citation record (custom properties drafting.meta.*) is damaged")


def test_a_record_as_rendered_still_reads(letter, tmp_path):
    """The bounds leave a real record alone, brackets and quotes inside its strings too."""
    record = recorded(letter).replace('"draft":"', '"draft":"[[[{\\"\\\\', 1)
    path = tmp_path / "fine.docx"
    path.write_bytes(with_record(parts_of(letter), record))
    assert read_rendered(path).record.draft == '[[[{"\\' + read_rendered(letter).record.draft


def test_xml_nested_too_deep_in_a_source_is_refused(make_dossier, tmp_path):
    """A source part nesting thousands of elements deep is refused before it is walked."""
    deep = "<w:sdt><w:sdtContent>" * 5000 + p(r("x")) + "</w:sdtContent></w:sdt>" * 5000
    root = make_dossier({"deep.docx": word_file(tmp_path / "d.docx", deep).read_bytes()})
    with pytest.raises(SourceError, match="nests deeper than 256 elements"):
        load_sources(root / "seeds" / "sources.yaml")


def test_any_damage_is_a_clear_error_never_a_crash(letter):
    """Bytes changed or cut anywhere in a rendered letter: each read gives a result or one
    error of the reader's own kind (DraftingError for review, SourceError for sources)."""
    data = letter.read_bytes()
    chance = random.Random(19)
    for trial in range(80):
        spoilt = bytearray(data)
        if trial % 4 == 0:
            spoilt = spoilt[: chance.randrange(len(spoilt))]
        else:
            for _ in range(chance.randint(1, 8)):
                spoilt[chance.randrange(len(spoilt))] = chance.randrange(256)
        path = letter.parent / "spoilt.docx"
        path.write_bytes(bytes(spoilt))
        with contextlib.suppress(DraftingError):
            read_rendered(path)
        with contextlib.suppress(SourceError):
            read_source_text(path)
