"""The fast path (drafting.docx.frame) against docxtpl's and python-docx's own, part by part.

The reference is what drafting did before the frame: docxtpl opens the template and renders
it, then footnotes, core and custom properties are set on the python-docx document, which
python-docx saves. Both are given the same context, notes and properties, captured from a
real render; every XML part must be equal in canonical form (c14n), every other part byte
for byte, and the parts must come in the same order.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docxtpl import DocxTemplate
from lxml import etree

from drafting.docx.flow import keep_last_prose, trim_ending
from drafting.docx.frame import Filled
from drafting.docx.parts import (
    RT_CUSTOM,
    custom_properties_xml,
    prepare_custom_properties,
)
from drafting.docx.template import (
    CompiledTemplate,
    TemplateError,
    compile_template,
    make_environment,
)
from drafting.docx.zipout import Stored, write_zip
from drafting.kinds import load_draft
from drafting.render import RenderSession
from evidence.dossier import open_dossier
from tests.conftest import REPO, add_footnotes

DAY = dt.date(2019, 11, 14)
LAID_OUT = "\0laid out"  # the prose a render laid out, kept beside its context


def reference(template: CompiledTemplate, context: dict[str, Any], filled: Filled) -> bytes:
    """The same document made the old way: docxtpl render, python-docx post-processing."""
    tpl = DocxTemplate(io.BytesIO(template.data))
    tpl.render(dict(context), jinja_env=make_environment())
    document = tpl.docx
    if LAID_OUT in context:  # the same page-flow rules, on python-docx's body
        trim_ending(document.element.body)
        keep_last_prose(document.element.body, context[LAID_OUT])
    if filled.notes:
        add_footnotes(document, filled.notes)
    for prop, value in filled.properties.items():
        setattr(document.core_properties, prop, value)
    prepare_custom_properties(document)
    part = next(
        r.target_part for r in document.part.package.rels.values() if r.reltype == RT_CUSTOM
    )
    part._blob = custom_properties_xml(part.blob, filled.custom)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def parts(data: bytes) -> list[tuple[str, bytes]]:
    """Every part in order; XML parts in canonical form."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            blob = archive.read(name)
            if name.endswith((".xml", ".rels")):
                parser = etree.XMLParser(remove_blank_text=False)
                blob = etree.tostring(etree.fromstring(blob, parser), method="c14n")
            out.append((name, blob))
    return out


def captured_render(
    draft: Path, style: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[bytes, CompiledTemplate, dict[str, Any], Filled]:
    """Render ``draft``; keep the template, the context it was given and the result."""
    seen: dict[str, Any] = {}
    original = CompiledTemplate.render

    def spy(self: CompiledTemplate, context: dict[str, Any]) -> Filled:
        filled = original(self, context)
        seen.update(template=self, context=dict(context), filled=filled)
        return filled

    def lay_out(self: Filled, prose: list[str]) -> None:
        laid_out(self, prose)
        seen["context"][LAID_OUT] = prose

    laid_out = Filled.lay_out
    monkeypatch.setattr(CompiledTemplate, "render", spy)
    monkeypatch.setattr(Filled, "lay_out", lay_out)
    session = RenderSession(open_dossier(REPO))
    rendered = session.render(
        load_draft(draft),
        style=style,  # type: ignore[arg-type]
        allow_errors=True,
        today=DAY,
    )
    return rendered.data, seen["template"], seen["context"], seen["filled"]


CASES = [
    (path.name, style)
    for path in sorted((REPO / "drafts").glob("*.yaml"))
    for style in ("footnotes", "references", "background")
]


@pytest.mark.parametrize(("draft", "style"), CASES)
def test_every_shipped_draft_renders_as_docxtpl_would(draft, style, monkeypatch):
    """Each shipped draft in each citation style: the same parts, equal in canonical form."""
    try:
        data, template, context, filled = captured_render(
            REPO / "drafts" / draft, style, monkeypatch
        )
    except TemplateError as exc:  # the letter and FOI templates have no background section
        assert style == "background" and "does not show background[].text" in str(exc)
        return
    assert parts(data) == parts(reference(template, context, filled))


@pytest.mark.parametrize(
    "command",
    [
        ["review", "drafts/letter-to-childrens-commissioner.yaml", "--annex", "{out}"],
        ["evidence", "timeline", "--format", "docx", "-o", "{out}"],
    ],
)
def test_the_annex_and_the_timeline_render_as_docxtpl_would(command, tmp_path, monkeypatch):
    """The other two documents drafting writes go through the same frame."""
    from typer.testing import CliRunner

    from drafting.cli import app

    seen: list[tuple[CompiledTemplate, dict[str, Any], Filled]] = []
    original = CompiledTemplate.render

    def spy(self: CompiledTemplate, context: dict[str, Any]) -> Filled:
        filled = original(self, context)
        seen.append((self, dict(context), filled))
        return filled

    monkeypatch.setattr(CompiledTemplate, "render", spy)
    monkeypatch.chdir(REPO)
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(app, [c.format(out=out) for c in command])
    assert out.is_file(), result.output
    ((template, context, filled),) = seen
    assert parts(out.read_bytes()) == parts(reference(template, context, filled))


def letterhead(path: Path) -> Path:
    """A council's template using every rendered part: header, footer, footnotes, properties,
    a table built by a loop (docxtpl's table fixes), tabs and line breaks in values."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "{{ council }} & partners"
    section.footer.paragraphs[0].text = "Page footer for {{ to }}"
    document.add_paragraph("Dear {{ to }},")
    document.add_paragraph("{{ listing }}")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "{%tr for row in rows %}"
    table.cell(1, 0).text = "{{ row.a }}"
    table.cell(1, 1).text = "{{ row.b }}{%tr endfor %}"
    document.add_section()
    document.add_paragraph("Second section for {{ to }}")
    document.core_properties.title = "Letter to {{ to }}"
    document.core_properties.comments = "{# a comment #}kept"
    add_footnotes(document, {1: "Sent by {{ council }}"})
    document.save(str(path))
    return path


@pytest.mark.parametrize("notes", [{}, {2: "A note & its source", 3: "Another <note>"}])
def test_a_template_using_every_part_renders_as_docxtpl_would(tmp_path, notes):
    """Header, footer, footnotes, properties and a table loop; with and without new notes.

    Its footnotes are in one of its two sections' package, so docxtpl renders them twice;
    the text has no tags after the first pass, so both ways agree here.
    """
    template = compile_template(letterhead(tmp_path / "council.docx"))
    context = {
        "council": "Fenmoor & District",
        "to": "Ann Lee",
        "listing": "line one\nline two\tafter a tab",
        "rows": [{"a": "1", "b": "x & y"}, {"a": "2", "b": "z <b>"}],
    }
    filled = template.render(context)
    filled.add_footnotes(notes)
    filled.set_properties(subject="Re: caseloads")
    filled.set_custom_properties({"drafting.meta.000": "{}"})
    ours = filled.to_bytes()
    assert parts(ours) == parts(reference(template, context, filled))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(ours)).paragraphs)
    assert "Dear Ann Lee," in text and "line two" in text


def test_a_property_comes_out_as_typed(tmp_path):
    """docxtpl escaped a property twice ("A &amp;lt;B&amp;gt;"); here it is the text given."""
    template = compile_template(letterhead(tmp_path / "council.docx"))
    filled = template.render({"council": "C", "to": "Ann <Lee> & Co", "listing": "", "rows": []})
    document = docx.Document(io.BytesIO(filled.to_bytes()))
    assert document.core_properties.title == "Letter to Ann <Lee> & Co"
    assert document.core_properties.comments == "kept"
    assert "Dear Ann <Lee> & Co," in [p.text for p in document.paragraphs]


def test_one_frame_serves_many_documents_and_they_do_not_share_state(tmp_path):
    """Filling twice from one compiled template gives two independent documents."""
    template = compile_template(letterhead(tmp_path / "council.docx"))
    base = {"council": "C", "listing": "", "rows": []}
    first = template.render({**base, "to": "First"})
    first.add_footnotes({2: "only in the first"})
    second = template.render({**base, "to": "Second"})
    one, two = first.to_bytes(), second.to_bytes()
    assert b"only in the first" in zipfile.ZipFile(io.BytesIO(one)).read("word/footnotes.xml")
    assert b"only in the first" not in zipfile.ZipFile(io.BytesIO(two)).read("word/footnotes.xml")
    assert "Dear Second," in [p.text for p in docx.Document(io.BytesIO(two)).paragraphs]


def test_a_template_producing_broken_xml_in_a_header_is_a_clear_error(tmp_path):
    """A header whose markup a tag breaks: the template and part are named, no traceback."""
    from drafting.docx.template import TemplateError

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "{{r broken }}"
    document.add_paragraph("body")
    path = tmp_path / "t.docx"
    document.save(str(path))
    from markupsafe import Markup

    with pytest.raises(TemplateError, match=r"t\.docx produced broken XML in word/header"):
        compile_template(path).render({"broken": Markup("</w:t></w:r></w:p><w:p>")})


def test_zip_writer_output_is_a_plain_zip():
    """Entries in order, contents and CRCs intact, names in UTF-8 where needed."""
    data = write_zip(
        [
            Stored.of("[Content_Types].xml", b"<Types/>"),
            Stored.of("word/caf\u00e9.xml", "<a>\u00e9</a>".encode()),
            Stored.of("empty", b""),
        ],
        when=0,
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["[Content_Types].xml", "word/caf\u00e9.xml", "empty"]
        assert archive.read("word/caf\u00e9.xml") == "<a>\u00e9</a>".encode()
        assert archive.getinfo("empty").file_size == 0


def test_tables_docxtpl_would_fix_are_fixed_in_every_document_of_a_merge(tmp_path):
    """A column loop ({%tc for %}) makes more cells than the table's grid: docxtpl's
    fix_tables widens the grid. Documents of one frame, a table needing the fix or not,
    in turn, each equal docxtpl's own (a table known fine is not parsed again)."""
    document = docx.Document()
    document.add_paragraph("Dear {{ to }},")
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "{%tc for c in cols %}"
    table.cell(0, 1).text = "{{ c }}"
    table.cell(0, 2).text = "{%tc endfor %}"
    path = tmp_path / "columns.docx"
    document.save(str(path))
    template = compile_template(path)
    for to, cols in [("A", list("xyz")), ("B", list("vwxyz")), ("C", list("xyz")), ("D", ["x"])]:
        context = {"to": to, "cols": cols}
        filled = template.render(context)
        assert parts(filled.to_bytes()) == parts(reference(template, context, filled)), to
