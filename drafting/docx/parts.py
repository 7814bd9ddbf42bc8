"""Word parts python-docx has no API for: footnotes and custom properties.

Everything here writes well-formed WordprocessingML from already-escaped text:
it runs after the template is rendered, so no user text ever passes through
Jinja twice (docxtpl renders footnotes once per section).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree

from drafting.citations import Runs, Span
from drafting.docx.runs import escape, text_run

#: A footnote's text: plain, or runs with their bold and italic.
Note = str | Runs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RT_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

_STYLES = {
    "FootnoteText": f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="FootnoteText">'
    '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>',
    "FootnoteReference": f'<w:style xmlns:w="{W_NS}" w:type="character" '
    'w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
}

#: The footnote styles drafting adds to a document that lacks them, by style id.
FOOTNOTE_STYLES: Mapping[str, str] = _STYLES


def ensure_footnote_styles(document: Any) -> None:
    """Add the FootnoteText and FootnoteReference styles if the template lacks them."""
    styles = document.styles.element
    have = {s.get(f"{W}styleId") for s in styles.findall(f"{W}style")}
    for style_id, xml in _STYLES.items():
        if style_id not in have:
            styles.append(etree.fromstring(xml))


#: A footnotes part with only the two separators Word requires.
SEPARATORS = (
    f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:footnotes xmlns:w=\"{W_NS}\">"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
    'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote></w:footnotes>"
).encode()


def prepare_footnotes(document: Any) -> str:
    """Give a python-docx document footnote styles and a footnotes part; return its name.

    The part is made, holding only the separators, when the template has none.
    """
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    ensure_footnote_styles(document)
    for rel in document.part.rels.values():
        if rel.reltype == RT_FOOTNOTES:
            return str(rel.target_part.partname).lstrip("/")
    part = Part(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, SEPARATORS, document.part.package)
    document.part.relate_to(part, RT_FOOTNOTES)
    return "word/footnotes.xml"


def _note_runs(note: Note) -> str:
    """A footnote's runs after its mark (and the space after the mark)."""
    if isinstance(note, str):
        return text_run(" " + note)
    runs: list[Span] = [Span(" ")]
    for run in note:
        last = runs[-1]
        if (last.bold, last.italic) == (run.bold, run.italic):
            runs[-1] = Span(last.text + run.text, run.bold, run.italic)
        else:
            runs.append(run)
    return "".join(text_run(r.text, bold=r.bold, italic=r.italic) for r in runs)


def footnotes_xml(base: bytes, notes: Mapping[int, Note]) -> bytes:
    """The footnotes part ``base`` with footnotes ``{id: text or runs}`` appended."""
    root = etree.fromstring(base)
    for note_id, text in notes.items():
        root.append(
            etree.fromstring(
                f'<w:footnote xmlns:w="{W_NS}" w:id="{note_id}"><w:p><w:pPr>'
                '<w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle '
                'w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                f"{_note_runs(text)}</w:p></w:footnote>"
            )
        )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def prepare_custom_properties(document: Any) -> str:
    """Give a python-docx document a custom properties part (empty if new); return its name."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT_CUSTOM:
            return str(rel.target_part.partname).lstrip("/")
    package.relate_to(
        Part(PackURI("/docProps/custom.xml"), CT_CUSTOM, custom_properties_xml(None, {}), package),
        RT_CUSTOM,
    )
    return "docProps/custom.xml"


def custom_properties_xml(existing: bytes | None, props: Mapping[str, str]) -> bytes:
    """A custom properties part: ``existing`` (if any) with text properties ``props`` set.

    Custom properties are kept by Word and LibreOffice (docProps/custom.xml). A render's
    record changes from one letter of a merge to the next, its names and the rest of the
    part seldom: the part is written from :func:`_cut_out` with each value escaped in.
    """
    values = tuple(props.values())
    pieces = None if any(map(_UNPLAIN.search, values)) else _cut_out(existing, tuple(props))
    if pieces is None:
        return _properties_xml(existing, props)
    out = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        out += [escape(value).encode(), piece]
    return b"".join(out)


#: A character lxml writes otherwise than as itself, but for "&", "<" and ">" (escaped as
#: :func:`~drafting.docx.runs.escape` does): it refuses a control character or a
#: surrogate, and writes a carriage return as a reference.
_UNPLAIN = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@functools.lru_cache(maxsize=16)
def _cut_out(existing: bytes | None, names: tuple[str, ...]) -> tuple[bytes, ...] | None:
    """The part :func:`_properties_xml` writes for ``names``, cut where each value goes."""
    slots = [f"\ue000{i}\ue001" for i in range(len(names))]
    whole = _properties_xml(existing, dict(zip(names, slots, strict=True)))
    pieces = [whole]
    for slot in slots:
        head, found, rest = pieces.pop().partition(slot.encode())
        if not found or slot.encode() in rest or slot.encode() in head:
            return None
        pieces += [head, rest]
    return tuple(pieces)


def _properties_xml(existing: bytes | None, props: Mapping[str, str]) -> bytes:
    """:func:`custom_properties_xml`, written by lxml."""
    root = etree.fromstring(f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}"/>')
    if existing is not None:
        root = etree.fromstring(existing)
        for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
            if prop.get("name") in props:
                root.remove(prop)
    pid = 2 + len(root)
    for name, value in props.items():
        prop = etree.SubElement(
            root, f"{{{CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid), name=name
        )
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
        pid += 1
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def custom_properties(root: Any) -> dict[str, str]:
    """Text custom properties from a parsed docProps/custom.xml part."""
    return {
        p.get("name", ""): "".join(p.itertext()) for p in root.findall(f"{{{CUSTOM_NS}}}property")
    }


def chunk(value: str, size: int = 250) -> Iterable[str]:
    """Split ``value`` into pieces short enough for any Word property field."""
    return (value[i : i + size] for i in range(0, len(value), size)) if value else iter([""])


#: Core properties docxtpl renders through Jinja (docxtpl 0.20's list).
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def core_properties_xml(
    base: bytes, rendered: Mapping[str, str], ours: Mapping[str, str]
) -> tuple[bytes, dict[str, int]]:
    """The core properties part: each of docxtpl's, ``rendered`` or as it was; then ``ours``.

    Returns it, and the properties too long for Word (shortened) with their length.
    """
    from docx.opc.coreprops import CoreProperties
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    element = parse_xml(base)
    core = CoreProperties(element)
    values = {prop: rendered.get(prop, getattr(core, prop)) for prop in PROPERTIES}
    values.update(ours)
    shortened = {}
    for prop, value in values.items():
        short = short_property(value)
        if short != value:
            shortened[prop] = len(value)
        setattr(core, prop, short)
    return serialize_part_xml(element), shortened


#: The most characters Word keeps in a document property (python-docx refuses more).
PROPERTY_LIMIT = 255


def short_property(value: str, limit: int = PROPERTY_LIMIT) -> str:
    """``value``, or its start cut at a word and ended with "…" to fit ``limit``.

    Counted in UTF-16 units, as Word counts (so never more characters either).
    """
    if len(value.encode("utf-16-le")) <= 2 * limit:
        return value
    cut = value[: limit - 1]
    while len(cut.encode("utf-16-le")) > 2 * (limit - 1):
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"
