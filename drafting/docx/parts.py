"""Word parts python-docx has no API for: footnotes and custom properties.

Everything here writes well-formed WordprocessingML from already-escaped text:
it runs after the template is rendered, so no user text ever passes through
Jinja twice (docxtpl renders footnotes once per section).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree

from drafting.docx.runs import text_run

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RT_CUSTOM = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
             "custom-properties")
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


def ensure_footnote_styles(document: Any) -> None:
    """Add the FootnoteText and FootnoteReference styles if the template lacks them."""
    styles = document.styles.element
    have = {s.get(f"{W}styleId") for s in styles.findall(f"{W}style")}
    for style_id, xml in _STYLES.items():
        if style_id not in have:
            styles.append(etree.fromstring(xml))


def _footnotes_part(document: Any) -> tuple[Any, Any]:
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    for rel in document.part.rels.values():
        if rel.reltype == RT_FOOTNOTES:
            part = rel.target_part
            return part, etree.fromstring(part.blob)
    root = etree.fromstring(
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
        'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
        '</w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, b"", document.part.package)
    document.part.relate_to(part, RT_FOOTNOTES)
    return part, root


def add_footnotes(document: Any, notes: Mapping[int, str]) -> None:
    """Write footnotes ``{id: text}`` into the document's footnotes part (made if missing)."""
    if not notes:
        return
    ensure_footnote_styles(document)
    part, root = _footnotes_part(document)
    for note_id, text in notes.items():
        root.append(etree.fromstring(
            f'<w:footnote xmlns:w="{W_NS}" w:id="{note_id}"><w:p><w:pPr>'
            '<w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle '
            'w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'{text_run(" " + text)}</w:p></w:footnote>'))
    # python-docx 1.2 has no footnotes part class: it is a plain Part holding bytes
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_custom_properties(document: Any, props: Mapping[str, str]) -> None:
    """Store text properties in docProps/custom.xml (kept by Word and LibreOffice)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    root = etree.fromstring(f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}"/>')
    existing = next((r.target_part for r in package.rels.values() if r.reltype == RT_CUSTOM),
                    None)
    if existing is not None:
        root = etree.fromstring(existing.blob)
        for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
            if prop.get("name") in props:
                root.remove(prop)
    pid = 2 + len(root)
    for name, value in props.items():
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid),
                                name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
        pid += 1
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if existing is not None:
        existing._blob = blob
    else:
        package.relate_to(Part(PackURI("/docProps/custom.xml"), CT_CUSTOM, blob, package),
                          RT_CUSTOM)


def custom_properties(root: Any) -> dict[str, str]:
    """Text custom properties from a parsed docProps/custom.xml part."""
    return {p.get("name", ""): "".join(p.itertext())
            for p in root.findall(f"{{{CUSTOM_NS}}}property")}


def chunk(value: str, size: int = 250) -> Iterable[str]:
    """Split ``value`` into pieces short enough for any Word property field."""
    return (value[i:i + size] for i in range(0, len(value), size)) if value else iter([""])
