"""Build the shipped Word templates from code, so they can be re-made and reviewed without Word.

Run: ``python tools/build_templates.py [NAME ...]`` (writes templates/NAME.docx; all by default).
The Jinja tags used are documented in the README ("Templates").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent.parent / "templates"


def _styles(document: docx.document.Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    item = document.styles.add_style("Numbered Item", WD_STYLE_TYPE.PARAGRAPH)
    item.base_style = normal
    item.paragraph_format.left_indent = Cm(0.9)
    item.paragraph_format.first_line_indent = Cm(-0.6)
    block = document.styles.add_style("Address", WD_STYLE_TYPE.PARAGRAPH)
    block.base_style = normal
    block.paragraph_format.space_after = Pt(0)
    small = document.styles.add_style("Reference", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(9)
    small.paragraph_format.space_after = Pt(2)
    _letter_styles(document)


def _style(
    document: docx.document.Document,
    name: str,
    base: str = "Normal",
    *,
    before: float = 0,
    after: float = 0,
    keep: bool = False,
    bold: bool = False,
    right: bool = False,
) -> Any:
    """A paragraph style: spacing in points, kept with the next paragraph, bold, right."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    style.paragraph_format.keep_with_next = keep
    if bold:
        style.font.bold = True
    if right:
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return style


def _letter_styles(document: docx.document.Document) -> None:
    """The styles of a letter's head, its date and references, and its sign-off."""
    _style(document, "Closing", before=6, after=0, keep=True)
    _style(document, "Signature", after=10)
    _style(document, "Letterhead Name", bold=True, right=True)
    _style(document, "Letterhead", right=True)
    _style(document, "Recipient", before=18)
    _style(document, "Reference Line")
    _style(document, "Date Line", before=8, after=8)
    _style(document, "Keep With Next", after=8, keep=True)


def _p(
    document: docx.document.Document,
    text: str,
    style: str | None = None,
    *,
    bold: bool = False,
    right: bool = False,
) -> None:
    para = document.add_paragraph(style=style)
    run = para.add_run(text)
    if bold:
        run.bold = True
    if right:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _if(
    document: docx.document.Document,
    condition: str,
    text: str,
    style: str | None = None,
    *,
    bold: bool = False,
) -> None:
    """One paragraph, shown only when ``condition`` holds (the tag paragraphs are dropped)."""
    _p(document, f"{{%p if {condition} %}}")
    _p(document, text, style, bold=bold)
    _p(document, "{%p endif %}")


def _each_line(
    document: docx.document.Document, items: str, style: str, *, right: bool = False
) -> None:
    """One paragraph per item of the list ``items`` (``{%p for %}`` drops the tag paragraphs)."""
    _p(document, f"{{%p for line in {items} %}}", style)
    _p(document, "{{ line }}", style, right=right)
    _p(document, "{%p endfor %}", style)


def _a4() -> docx.document.Document:
    """A new portrait A4 document with the house styles."""
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.0)
    _styles(document)
    return document


def _field(paragraph: Any, code: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) in ``paragraph``, computed when it is laid out."""
    from docx.oxml import OxmlElement

    def run(child: str, **attrs: str) -> None:
        r = paragraph.add_run()._r
        element = OxmlElement(child)
        for key, value in attrs.items():
            element.set(qn(key), value)
        r.append(element)
        if child == "w:instrText":
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            element.text = f" {code} "

    run("w:fldChar", **{"w:fldCharType": "begin"})
    run("w:instrText")
    run("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run("1")
    run("w:fldChar", **{"w:fldCharType": "end"})


def _page_numbers(
    document: docx.document.Document, *, from_second: bool = False, heading: str | None = None
) -> None:
    """“Page 2 of 3” in the footer; with ``from_second``, the first page has none.

    ``heading`` is a continuation heading printed at the top of every page after the
    first (a letter's recipient and date), with the date at the right margin.
    """
    from docx.enum.text import WD_TAB_ALIGNMENT

    section = document.sections[0]
    section.different_first_page_header_footer = from_second
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.style = document.styles["Reference"]
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    if heading:
        head = section.header.paragraphs[0]
        head.style = document.styles["Reference"]
        width = section.page_width - section.left_margin - section.right_margin
        head.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        head.add_run(heading)
    if from_second:  # an empty first-page header and footer, made explicit
        section.first_page_header.paragraphs[0].text = ""
        section.first_page_footer.paragraphs[0].text = ""


def _signed(document: docx.document.Document) -> None:
    """“Signed”, each signatory's name and lines, and the date, kept together."""
    _sign_off(document, "Signed", bold=True)
    _p(document, "Date: {{ date }}", "Date Line")


def _save(document: docx.document.Document, name: str) -> Path:
    """Write ``templates/NAME.docx``; return its path."""
    out = OUT / f"{name}.docx"
    document.save(str(out))
    return out


def _council_heading(document: docx.document.Document, title: str) -> None:
    """The council's name, the document's title, the meeting."""
    _p(document, "{{ council }}", bold=True, right=True)
    _p(document, title, "Title")
    _p(document, "{{ meeting }}", bold=True)


def _background(document: docx.document.Document) -> None:
    """The "Background and evidence" section of --citations background."""
    _p(document, "{%p if background %}")
    _p(document, "Background and evidence", "Heading 2")
    _p(document, "{%p for item in background %}", "Reference")
    _p(document, "{{ item.label }}: {{ item.text }}", "Reference")
    _p(document, "{%p endfor %}", "Reference")
    _p(document, "{%p endif %}")


def _block(document: docx.document.Document, items: str, first: str, rest: str) -> None:
    """One paragraph per line of ``items``: the first in style ``first``, the rest ``rest``."""
    _p(document, f"{{%p for line in {items} %}}")
    _p(document, "{%p if loop.first %}")
    _p(document, "{{ line }}", first)
    _p(document, "{%p else %}")
    _p(document, "{{ line }}", rest)
    _p(document, "{%p endif %}")
    _p(document, "{%p endfor %}")


def _letterhead(document: docx.document.Document) -> None:
    """The group's name and address, telephone and email, at the right of the first page."""
    _if(document, "letterhead.name", "{{ letterhead.name }}", "Letterhead Name")
    _each_line(document, "letterhead.lines", "Letterhead")


def _sign_off(document: docx.document.Document, closing: str, *, bold: bool = False) -> None:
    """The closing and the signatories, in a borderless table that keeps them together.

    ``signature_rows`` holds the signatories a few to a row (at most four); a row may not
    break across pages ("cantSplit") and the closing is in the first, so the closing never
    parts from the signatures below it and no signature is split; rendering keeps the last
    paragraph of prose with the table, so the sign-off never starts a page alone. Many
    signatories still flow on, a row at a time. (A chain of "keep with next" paragraphs
    would do in Word, but LibreOffice lets one break where a paragraph exactly fills the
    page.) Three line breaks before a name leave room to sign.
    """
    from docx.oxml import OxmlElement

    table = document.add_table(rows=3, cols=1)
    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    props.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    props.append(margins)
    table.rows[0].cells[0].paragraphs[0].add_run("{%tr for row in signature_rows %}")
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    row = table.rows[1]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = row.cells[0]
    cell.paragraphs[0].add_run("{%p if loop.first %}")
    para = cell.add_paragraph(style="Closing")
    para.add_run(closing).bold = bold or None
    cell.add_paragraph().add_run("{%p endif %}")
    cell.add_paragraph().add_run("{%p for person in row.people %}")
    sign = cell.add_paragraph(style="Signature")
    gap = sign.add_run()
    for _ in range(3):
        gap.add_break()
    sign.add_run("{{ person.name }}").bold = True
    sign.add_run("{%r for line in person.lines %}")
    line = sign.add_run()
    line.add_break()
    line.add_text("{{ line }}")
    sign.add_run("{%r endfor %}")
    cell.add_paragraph().add_run("{%p endfor %}")


def build_letter() -> Path:
    """A formal UK letter: letterhead, recipient, refs, date, body, sign-off, cc, references."""
    document = _a4()
    _page_numbers(document, from_second=True, heading="{{ continuation }}\t{{ date }}")
    _letterhead(document)
    _block(document, "recipient_block", "Recipient", "Address")
    _if(document, "our_ref", "Our ref: {{ our_ref }}", "Reference Line")
    _if(document, "your_ref", "Your ref: {{ your_ref }}", "Reference Line")
    _p(document, "{{ date }}", "Date Line")
    _p(document, "{{ salutation }},")
    _if(document, "subject", "{{ subject }}", bold=True)
    _p(document, "{%p for block in body %}")
    _p(document, "{%p if block.style == 'bullet' %}")
    _p(document, "{{r block.runs }}", "List Bullet")
    _p(document, "{%p elif block.style == 'number' %}")
    _p(document, "{{r block.runs }}", "Numbered Item")
    _p(document, "{%p else %}")
    _p(document, "{{r block.runs }}")
    _p(document, "{%p endif %}")
    _p(document, "{%p endfor %}")
    _if(document, "asks", "{{ asks_intro }}", "Keep With Next")
    _p(document, "{%p for ask in asks %}")
    _p(document, "{{r ask.runs }}", "Numbered Item")
    _p(document, "{%p endfor %}")
    _sign_off(document, "{{ closing }},")
    _if(document, "cc", "cc: {{ cc|join('; ') }}", "Date Line")
    _if(document, "enclosures", "Enc: {{ enclosures|join('; ') }}", "Date Line")
    _references(document)
    return _save(document, "letter")


def _references(document: docx.document.Document) -> None:
    _p(document, "{%p if references %}")
    _p(document, "References", bold=True)
    _p(document, "{%p for ref in references %}", "Reference")
    _p(document, "{{ ref.number }}. {{ ref.text }}", "Reference")
    _p(document, "{%p endfor %}", "Reference")
    _p(document, "{%p endif %}")


def build_motion() -> Path:
    """A notice of motion: council, meeting, title, proposer and seconder, sections, signatures."""
    document = _a4()
    _page_numbers(document)
    _council_heading(document, "Notice of motion")
    _p(document, "{{ title }}", "Heading 1")
    _p(document, "{{ proposed }}")
    _p(document, "{%p for section in sections %}")
    _if(document, "section.heading", "{{ section.heading }}", bold=True)
    _p(document, "{%p for clause in section.clauses %}")
    _p(document, "{%p if clause.numbered %}")
    _p(document, "{{r clause.runs }}", "Numbered Item")
    _p(document, "{%p else %}")
    _p(document, "{{r clause.runs }}")
    _p(document, "{%p endif %}")
    bullet = document.styles.add_style("Clause Bullet", WD_STYLE_TYPE.PARAGRAPH)
    bullet.base_style = document.styles["List Bullet"]
    bullet.paragraph_format.left_indent = Cm(1.5)
    _p(document, "{%p for bullet in clause.bullets %}")
    _p(document, "{{r bullet.runs }}", "Clause Bullet")
    _p(document, "{%p endfor %}")
    _p(document, "{%p endfor %}")
    _p(document, "{%p endfor %}")
    _signed(document)
    _background(document)
    _references(document)
    return _save(document, "motion")


def build_amendment() -> Path:
    """An amendment: council, meeting, the motion amended, mover and seconder, instructions."""
    document = _a4()
    _page_numbers(document)
    _council_heading(document, "Amendment")
    _p(document, "{{ motion }}", "Heading 1")
    _p(document, "{{ moved }}")
    _p(document, "That the motion be amended as follows:", bold=True)
    _p(document, "{%p for instruction in instructions %}")
    _p(document, "{{r instruction.runs }}", "Numbered Item")
    _p(document, "{%p endfor %}")
    _signed(document)
    _references(document)
    return _save(document, "amendment")


def _loop_runs(document: docx.document.Document, items: str, style: str | None = None) -> None:
    """One paragraph of runs per item of ``items`` (each has ``.runs``)."""
    _p(document, f"{{%p for item in {items} %}}")
    _p(document, "{{r item.runs }}", style)
    _p(document, "{%p endfor %}")


def build_question() -> Path:
    """A written question: council, meeting, to and from, background, question, supplementary."""
    document = _a4()
    _page_numbers(document)
    _council_heading(document, "Written question")
    _p(document, "To: {{ to }}")
    _p(document, "From: {{ asked_by }}")
    _if(document, "background_text", "Background", bold=True)
    _loop_runs(document, "background_text")
    _p(document, "Question", bold=True)
    _p(document, "{{r question.runs }}")
    _p(document, "{%p if supplementary %}")
    _p(document, "Supplementary question", bold=True)
    _p(document, "{{r supplementary.runs }}")
    _p(document, "{%p endif %}")
    _signed(document)
    _references(document)
    _background(document)
    return _save(document, "question")


def _to_authority() -> docx.document.Document:
    """An applicant's letter to a public authority: the blocks, date, greeting and subject."""
    document = _a4()
    _page_numbers(document, from_second=True, heading="{{ continuation }}\t{{ date }}")
    _block(document, "applicant_block", "Letterhead Name", "Letterhead")
    _block(document, "authority_block", "Recipient", "Address")
    _p(document, "{{ date }}", "Date Line")
    _p(document, "Dear Sir or Madam,")
    _p(document, "{{ subject }}", bold=True)
    return document


def build_foi() -> Path:
    """A Freedom of Information request, in the form s.8 of the Act asks for."""
    document = _to_authority()
    _loop_runs(document, "background_text")
    _p(
        document,
        "Under the Freedom of Information Act 2000, please provide the following information:",
    )
    _loop_runs(document, "information", "Numbered Item")
    _p(document, "{%p for line in asks %}")
    _p(document, "{{ line }}")
    _p(document, "{%p endfor %}")
    _p(
        document,
        "If any of this information is exempt, please say which exemption applies "
        "and release the rest. I look forward to your reply within twenty working "
        "days of receipt, as section 10 of the Act requires.",
        "Keep With Next",
    )
    _sign_off(document, "Yours faithfully,")
    _references(document)
    return _save(document, "foi")


def build_foi_review() -> Path:
    """A request for internal review of an FOI request: the request, the reply, the grounds."""
    document = _to_authority()
    _if(document, "reference", "Your reference: {{ reference }}", "Reference Line")
    _p(document, "{{ intro }}")
    _p(
        document,
        "Please carry out an internal review of how my request was handled, on the grounds below.",
    )
    _p(document, "{%p for ground in grounds %}")
    _p(document, "{{ ground.heading }}", "Keep With Next", bold=True)
    _p(document, "{%p for line in ground.law %}")
    _p(document, "{{ line }}")
    _p(document, "{%p endfor %}")
    _p(document, "{%p for point in ground.points %}")
    _p(document, "{{r point.runs }}")
    _p(document, "{%p endfor %}")
    _p(document, "{%p endfor %}")
    _p(document, "{%p for line in closing %}")
    _p(document, "{{ line }}", "Keep With Next")
    _p(document, "{%p endfor %}")
    _sign_off(document, "Yours faithfully,")
    _references(document)
    return _save(document, "foi-review")


def _row_table(
    document: docx.document.Document,
    widths: tuple[Any, ...],
    headers: tuple[str, ...],
    cells: tuple[str, ...],
) -> Any:
    """A table with a header row (repeated on each page) and one templated row per item.

    Its rows: the header, ``{%tr for row in rows %}``, the cells, ``{%tr endfor %}``.
    """
    table = document.add_table(rows=4, cols=len(widths))
    table.style = "Table Grid"
    table.autofit = False
    header_props = table.rows[0]._tr.get_or_add_trPr()
    header_props.append(header_props.makeelement(qn("w:tblHeader"), {}))  # repeat on each page
    for i, (width, header, cell) in enumerate(zip(widths, headers, cells, strict=True)):
        table.columns[i].width = width
        for row in table.rows:
            row.cells[i].width = width
        table.rows[0].cells[i].paragraphs[0].add_run(header).bold = True
        table.rows[2].cells[i].paragraphs[0].add_run(cell)
    from docx.oxml import OxmlElement

    table.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row on one page
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in rows %}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    return table


def build_annex() -> Path:
    """The "Evidence relied on" annex: one table row per fact, landscape A4."""
    from docx.enum.section import WD_ORIENT

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_height, section.page_width = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    _styles(document)
    _page_numbers(document)
    _p(document, "Evidence relied on", "Title")
    _p(document, "{{ document }}", bold=True)
    _p(document, "{{ checked }}")
    table = _row_table(
        document,
        (Cm(1.6), Cm(6.5), Cm(8.5), Cm(6.5), Cm(3.0)),
        ("Notes", "Fact", "Quote", "Source", "Where in it"),
        (
            "{{ row.notes }}",
            "{{ row.statement }}",
            "“{{ row.quote }}”",
            "{{ row.source }}",
            "{{ row.locator }}",
        ),
    )
    table.rows[2].cells[1].add_paragraph("{{ row.kind }}", "Reference")  # no internal id
    table.rows[2].cells[3].add_paragraph("{{ row.corroboration }}", "Reference")
    _p(document, "{{ method }}", "Date Line")
    return _save(document, "annex")


def build_timeline() -> Path:
    """The chronology as a briefing annex: one table row per fact, gaps and conflicts shown."""
    document = _a4()
    _page_numbers(document)
    _p(document, "Chronology", "Title")
    _p(document, "{{ dossier }}", bold=True)
    _p(document, "{{ scope }}")
    table = _row_table(
        document,
        (Cm(3.2), Cm(7.6), Cm(3.8), Cm(2.4)),
        ("When", "What", "Source (published)", "Note"),
        ("{{ row.when }}", "{{ row.what }}", "{{ row.source }}", "{{ row.note }}"),
    )
    table.rows[2].cells[1].add_paragraph("{{ row.fact }}", "Reference")
    _p(document, "{{ method }}", "Date Line")
    return _save(document, "timeline")


BUILDERS = {
    "letter": build_letter,
    "annex": build_annex,
    "motion": build_motion,
    "amendment": build_amendment,
    "question": build_question,
    "foi": build_foi,
    "foi-review": build_foi_review,
    "timeline": build_timeline,
}

if __name__ == "__main__":
    import sys

    for name in sys.argv[1:] or list(BUILDERS):
        print(BUILDERS[name]())
