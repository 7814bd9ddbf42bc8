"""What a rendered Word draft gains besides its marks: notes, their styles, references, record.

* footnotes go into the document's footnotes part, between its own, every note numbered
  in the order of its reference (as LibreOffice reads them), or into a new one (with
  Word's separator and continuation notes, its relationship and content type);
* they use the document's own "footnote text" and "footnote reference" styles, found by
  the names Word gives them (LibreOffice calls them ``Footnote`` and ``FootnoteAnchor``);
  a document without them gains drafting's, based on its default paragraph style;
* the references style ends the text with a "References" heading and one paragraph per
  reference, before the last section's properties;
* the citation record goes in the custom properties, beside any the document has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from drafting.docx.parts import (
    CT_CUSTOM,
    CT_FOOTNOTES,
    FOOTNOTE_STYLES,
    SEPARATORS,
    W_NS,
    Note,
    W,
    custom_properties_xml,
    footnotes_xml,
)
from drafting.docx.record import footnote_texts, text_key
from drafting.docx.runs import text_run
from drafting.docx.wordfile import WordFile, append_xml, serialize
from evidence.readers.docx import local

CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
_STYLE_NAMES = {
    "FootnoteText": ("paragraph", "footnote text"),
    "FootnoteReference": ("character", "footnote reference"),
}
_EMPTY_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{W_NS}"></w:styles>'
).encode()


@dataclass(frozen=True)
class NoteStyles:
    """The style ids a document gives its footnotes' text and reference marks."""

    text: str
    reference: str

    def restyle(self, element: Any) -> None:
        """Give the marks and note paragraphs under ``element`` the document's own style ids."""
        wanted = {"FootnoteText": self.text, "FootnoteReference": self.reference}
        for tag in (f"{W}pStyle", f"{W}rStyle"):
            for style in element.iter(tag):
                style.set(f"{W}val", wanted.get(style.get(f"{W}val", ""), style.get(f"{W}val", "")))


def note_styles(word: WordFile) -> NoteStyles:
    """The document's footnote styles, adding drafting's where it has none."""
    found = word.related(word.main, "styles")
    data = word.data(found[0]) if found else _EMPTY_STYLES
    root = word.xml(found[0]) if found else etree.fromstring(data)
    styles = [s for s in root if local(s) == "style"]
    ids = {s.get(f"{W}styleId", "") for s in styles}
    default = next(
        (
            s.get(f"{W}styleId")
            for s in styles
            if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true")
        ),
        None,
    )
    chosen: dict[str, str] = {}
    added = []
    for style_id, (kind, name) in _STYLE_NAMES.items():
        own = next(
            (
                s.get(f"{W}styleId")
                for s in styles
                if s.get(f"{W}type") == kind
                and any((n.get(f"{W}val") or "").lower() == name for n in s.findall(f"{W}name"))
            ),
            None,
        )
        if own:
            chosen[style_id] = own
            continue
        chosen[style_id] = style_id if style_id not in ids else f"Drafting{style_id}"
        style = etree.fromstring(FOOTNOTE_STYLES[style_id])
        style.set(f"{W}styleId", chosen[style_id])
        based = style.find(f"{W}basedOn")
        if based is not None and default:
            based.set(f"{W}val", default)
        elif based is not None:
            style.remove(based)
        added.append(etree.tostring(style, encoding="unicode"))
    if added:
        merged = append_xml(data, "".join(added))
        if found:
            word.set(found[0], merged)
        else:
            word.add_part(word.main, "styles", "word/styles.xml", merged, CT_STYLES)
    return NoteStyles(chosen["FootnoteText"], chosen["FootnoteReference"])


def own_footnotes(word: WordFile) -> tuple[int, tuple[str, ...]]:
    """The highest footnote id the document uses, and the text keys of its own notes."""
    found = word.related(word.main, "footnotes")
    if not found:
        return 0, ()
    root = word.xml(found[0])
    ids = [
        int(i)
        for n in root
        if local(n) == "footnote"
        if (i := n.get(f"{W}id", "")).lstrip("-").isdigit()
    ]
    keys = sorted({text_key(t) for t in footnote_texts(root).values()})
    return max([0, *ids]), tuple(keys)


def add_footnotes(word: WordFile, body: Any, notes: Mapping[int, Note], styles: NoteStyles) -> None:
    """Add footnotes ``{id: runs}`` to the document's footnotes part (made if missing).

    Every note is then numbered again in the order its reference has in ``body``, and put
    in that order: Word finds a note by its id, LibreOffice gives the notes to the
    references in the order of their ids. The author's notes keep their text and
    properties; only their ids (and their references') change.
    """
    if not notes:
        return
    made = etree.fromstring(footnotes_xml(f'<w:footnotes xmlns:w="{W_NS}"/>'.encode(), notes))
    styles.restyle(made)
    found = word.related(word.main, "footnotes")
    root = word.xml(found[0]) if found else etree.fromstring(SEPARATORS)
    special = [
        n for n in root if local(n) != "footnote" or n.get(f"{W}type") not in (None, "normal")
    ]
    by_id = {n.get(f"{W}id"): n for n in [*root, *made] if n not in special}
    references = list(body.iter(f"{W}footnoteReference"))
    order = list(dict.fromkeys([*(r.get(f"{W}id") for r in references), *by_id]))
    first = 1 + max(
        [0, *(int(i) for n in special if (i := n.get(f"{W}id", "")).lstrip("-").isdigit())]
    )
    renumbered = {old: str(first + n) for n, old in enumerate(i for i in order if i in by_id)}
    for reference in references:
        old = reference.get(f"{W}id", "")
        reference.set(f"{W}id", renumbered.get(old, old))  # a note the part lacks: as it was
    for note in special:
        note.tail = None
        root.append(note)  # moved: the part ends up in this order
    for old, new in renumbered.items():
        note = by_id[old]
        note.set(f"{W}id", new)
        note.tail = None
        root.append(note)
    if found:
        word.set(found[0], serialize(root))
    else:
        word.add_part(word.main, "footnotes", "word/footnotes.xml", serialize(root), CT_FOOTNOTES)


def add_references(body: Any, references: list[dict[str, Any]]) -> None:
    """A "References" heading and one paragraph per reference at the end of the text."""
    if not references:
        return
    xml = [
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:keepNext/><w:spacing w:before="240"/></w:pPr>'
        f"{text_run('References', bold=True)}</w:p>"
    ]
    xml += [
        f'<w:p xmlns:w="{W_NS}">{text_run(str(r["number"]) + ". " + str(r["text"]))}</w:p>'
        for r in references
    ]
    last = body[-1] if len(body) and local(body[-1]) == "sectPr" else None
    for paragraph in map(etree.fromstring, xml):
        if last is not None:
            last.addprevious(paragraph)
        else:
            body.append(paragraph)


def set_custom_properties(word: WordFile, props: Mapping[str, str]) -> None:
    """Store text custom properties ``props`` beside any the document has."""
    found = word.related("", "custom-properties")
    if found:
        word.xml(found[0])  # refused if damaged or declaring entities, before it is changed
        word.set(found[0], custom_properties_xml(word.data(found[0]), props))
    else:
        word.add_part(
            "",
            "custom-properties",
            "docProps/custom.xml",
            custom_properties_xml(None, props),
            CT_CUSTOM,
        )
