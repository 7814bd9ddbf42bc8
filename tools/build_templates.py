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


def _p(document: docx.document.Document, text: str, style: str | None = None, *,
       bold: bool = False, right: bool = False) -> None:
    para = document.add_paragraph(style=style)
    run = para.add_run(text)
    run.bold = bold
    if right:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _each_line(document: docx.document.Document, items: str, style: str, *,
               right: bool = False) -> None:
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


def _signed(document: docx.document.Document) -> None:
    """"Signed", each signatory's name and lines, and the date."""
    _p(document, "")
    _p(document, "Signed", bold=True)
    _p(document, "{%p for member in signatories %}")
    _p(document, "{{ member.name }}", "Address", bold=True)
    _each_line(document, "member.lines", "Address")
    _p(document, "", "Address")
    _p(document, "{%p endfor %}")
    _p(document, "Date: {{ date }}")


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


def build_letter() -> Path:
    """A formal UK letter: sender block, date, recipient, subject, body, signatures, cc."""
    document = _a4()
    _each_line(document, "sender_block", "Address", right=True)
    _p(document, "")
    _p(document, "{{ date }}", right=True)
    _each_line(document, "recipient_block", "Address")
    _p(document, "")
    _p(document, "{{ salutation }},")
    _p(document, "{%p if subject %}")
    _p(document, "{{ subject }}", bold=True)
    _p(document, "{%p endif %}")
    _p(document, "{%p for block in body %}")
    _p(document, "{%p if block.style == 'bullet' %}")
    _p(document, "{{r block.runs }}", "List Bullet")
    _p(document, "{%p elif block.style == 'number' %}")
    _p(document, "{{r block.runs }}", "Numbered Item")
    _p(document, "{%p else %}")
    _p(document, "{{r block.runs }}")
    _p(document, "{%p endif %}")
    _p(document, "{%p endfor %}")
    _p(document, "{%p for ask in asks %}")
    _p(document, "{{r ask.runs }}", "Numbered Item")
    _p(document, "{%p endfor %}")
    _p(document, "{{ closing }},")
    _p(document, "{%p for sender in senders %}")
    _p(document, "")
    _p(document, "{{ sender.name }}", "Address", bold=True)
    _each_line(document, "sender.lines", "Address")
    _p(document, "{%p endfor %}")
    _p(document, "")
    _p(document, "{%p if cc %}")
    _p(document, "cc: {{ cc|join('; ') }}")
    _p(document, "{%p endif %}")
    _p(document, "{%p if enclosures %}")
    _p(document, "Enc: {{ enclosures|join('; ') }}")
    _p(document, "{%p endif %}")
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
    _council_heading(document, "Notice of motion")
    _p(document, "{{ title }}", "Heading 1")
    _p(document, "{{ proposed }}")
    _p(document, "{%p for section in sections %}")
    _p(document, "{%p if section.heading %}")
    _p(document, "{{ section.heading }}", bold=True)
    _p(document, "{%p endif %}")
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
    _council_heading(document, "Written question")
    _p(document, "To: {{ to }}")
    _p(document, "From: {{ asked_by }}")
    _p(document, "{%p if background_text %}")
    _p(document, "Background", bold=True)
    _p(document, "{%p endif %}")
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


def build_foi() -> Path:
    """A Freedom of Information request, in the form s.8 of the Act asks for."""
    document = _a4()
    _each_line(document, "applicant_block", "Address", right=True)
    _p(document, "")
    _p(document, "{{ date }}", right=True)
    _each_line(document, "authority_block", "Address")
    _p(document, "")
    _p(document, "Dear Sir or Madam,")
    _p(document, "{{ subject }}", bold=True)
    _loop_runs(document, "background_text")
    _p(document, "Under the Freedom of Information Act 2000, please provide the following "
                 "information:")
    _loop_runs(document, "information", "Numbered Item")
    _p(document, "{%p for line in asks %}")
    _p(document, "{{ line }}")
    _p(document, "{%p endfor %}")
    _p(document, "If any of this information is exempt, please say which exemption applies "
                 "and release the rest. I look forward to your reply within twenty working "
                 "days of receipt, as section 10 of the Act requires.")
    _p(document, "Yours faithfully,")
    _p(document, "")
    _p(document, "{{ applicant }}", bold=True)
    _references(document)
    return _save(document, "foi")


def _row_table(document: docx.document.Document, widths: tuple[Any, ...],
               headers: tuple[str, ...], cells: tuple[str, ...]) -> Any:
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
    _p(document, "Evidence relied on", "Title")
    _p(document, "{{ document }}", bold=True)
    _p(document, "{{ checked }}")
    table = _row_table(document, (Cm(1.6), Cm(6.5), Cm(8.5), Cm(6.5), Cm(3.0)),
                       ("Notes", "Fact", "Quote", "Source", "Where in it"),
                       ("{{ row.notes }}", "{{ row.statement }}", "“{{ row.quote }}”",
                        "{{ row.source }}", "{{ row.locator }}"))
    table.rows[2].cells[1].add_paragraph("{{ row.kind }} · {{ row.fact_id }}", "Reference")
    table.rows[2].cells[3].add_paragraph("{{ row.corroboration }}", "Reference")
    _p(document, "")
    _p(document, "{{ method }}", "Reference")
    return _save(document, "annex")


def build_timeline() -> Path:
    """The chronology as a briefing annex: one table row per fact, gaps and conflicts shown."""
    document = _a4()
    _p(document, "Chronology", "Title")
    _p(document, "{{ dossier }}", bold=True)
    _p(document, "{{ scope }}")
    table = _row_table(document, (Cm(3.2), Cm(7.6), Cm(3.8), Cm(2.4)),
                       ("When", "What", "Source (published)", "Note"),
                       ("{{ row.when }}", "{{ row.what }}", "{{ row.source }}",
                        "{{ row.note }}"))
    table.rows[2].cells[1].add_paragraph("{{ row.fact }}", "Reference")
    _p(document, "")
    _p(document, "{{ method }}", "Reference")
    return _save(document, "timeline")


BUILDERS = {"letter": build_letter, "annex": build_annex, "motion": build_motion,
            "amendment": build_amendment, "question": build_question, "foi": build_foi,
            "timeline": build_timeline}

if __name__ == "__main__":
    import sys

    for name in sys.argv[1:] or list(BUILDERS):
        print(BUILDERS[name]())
