"""Word (``.docx``) text as a person reading the document sees it, paragraph by paragraph.

One reader for sources (``drafting evidence add``, ``verify``) and for the review of
rendered documents (``drafting.docx.record``). The walk is written against the
ElementTree API, so it reads ``xml.etree`` elements (here) and lxml elements (the
review, which parses with lxml) alike. What each Word construct reads as:

* ``w:t`` its text; ``w:tab`` and ``w:ptab`` a tab; ``w:br`` (a line, column or page
  break) and ``w:cr`` a space, so the paragraph stays one paragraph and a quote across
  the break still reads as it is printed; ``w:noBreakHyphen`` a hyphen;
  ``w:softHyphen`` nothing (it only shows where a line breaks); ``w:sym`` its
  character when that is a Unicode one (not a symbol font's private code);
* tracked changes as they read once accepted: deleted and moved-away text
  (``w:del``, ``w:delText``, ``w:moveFrom``) is not read, inserted and moved-in text
  (``w:ins``, ``w:moveTo``) is read once; a deleted paragraph mark joins a paragraph
  to the next; a deleted table row is not read;
* fields show their results, never their instructions (``w:instrText``);
* a text box (``w:txbxContent``; in ``mc:AlternateContent`` only the first choice,
  since the fallback repeats it) is read once, as paragraphs of its own after the
  paragraph it is anchored in, never glued into it;
* tables row by row and cell by cell, nested tables included; content controls,
  hyperlinks, smart tags and custom XML by their content;
* footnotes and endnotes (sources only): the parts the main document's relationships
  name, each note's paragraphs after the body, footnotes then endnotes, in the order
  the text refers to them (a note no reference shows is not read).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from evidence.errors import SourceError
from evidence.readers.package import Package
from evidence.readers.wordlists import Lists

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#: The deepest XML a part may nest (libxml2's own limit, which the review's lxml keeps).
MAX_DEPTH = 256
#: What a run's children read as (``w:t`` and ``w:sym`` apart); any other child reads as nothing.
_RUN_TEXT = {
    "tab": "\t",
    "ptab": "\t",
    "br": " ",
    "cr": " ",
    "noBreakHyphen": "-",
    "softHyphen": "",
}
_LINE_ENDS = str.maketrans("\r\n", "  ")
#: Elements whose content is never read: changes undone on acceptance, properties.
_NOT_READ = frozenset(
    {
        "del",
        "moveFrom",
        "pPr",
        "rPr",
        "sdtPr",
        "sdtEndPr",
        "tblPr",
        "tblGrid",
        "trPr",
        "tcPr",
        "sectPr",
        "instrText",
        "delText",
    }
)
_NOTES = (
    ("footnoteReference", "footnote", f"{_RT}footnotes"),
    ("endnoteReference", "endnote", f"{_RT}endnotes"),
)
_TEXT_BOX_TAGS = tuple(f"{{{ns}}}txbxContent" for ns in _W_NAMESPACES)
_names: dict[Any, str] = {}

#: A paragraph as read: the ``w:p`` elements it is made of (more than one where tracked
#: changes deleted the paragraph marks between them).
Paragraph = tuple[Any, ...]


def local(element: Any) -> str:
    """The local name of a WordprocessingML element; "" for any other (or a comment)."""
    tag = element.tag
    name = _names.get(tag)
    if name is None:
        name = ""
        if isinstance(tag, str) and tag.startswith("{"):
            namespace, _, rest = tag[1:].partition("}")
            name = rest if namespace in _W_NAMESPACES else ""
        if len(_names) < 4096:
            _names[tag] = name
    return name


def _attr(element: Any, name: str) -> str | None:
    """Attribute ``w:name`` of a WordprocessingML element (in its own namespace)."""
    tag = element.tag
    return element.get(f"{tag[: tag.index('}') + 1]}{name}") if tag.startswith("{") else None


def _chosen(alternate: Any) -> Iterable[Any]:
    """The one branch of an ``mc:AlternateContent`` that is read: the first choice."""
    for branch in alternate:
        if branch.tag in (f"{_MC}Choice", f"{_MC}Fallback"):
            return [branch]
    return []


def _symbol(sym: Any) -> str:
    """A ``w:sym``'s character; "" for a symbol font's private code or a non-character."""
    try:
        code = int(_attr(sym, "char") or "", 16)
    except ValueError:
        return ""
    if code < 0x20 or 0xD800 <= code <= 0xDFFF or 0xE000 <= code <= 0xF8FF or code > 0x10FFFF:
        return ""
    return chr(code)


def run_text(run: Any) -> str:
    """The text a ``w:r`` shows."""
    pieces = []
    for child in run:
        name = _names.get(child.tag)  # local(child), inline: this loop is the hot one
        if name is None:
            name = local(child)
        if name == "t":
            text = child.text or ""
            # a line end inside w:t shows as a space: never a paragraph break
            pieces.append(text.translate(_LINE_ENDS) if "\n" in text or "\r" in text else text)
        elif name == "sym":
            pieces.append(_symbol(child))
        else:
            pieces.append(_RUN_TEXT.get(name, ""))
    return "".join(pieces)


def child_text(child: Any) -> str:
    """The text one child of a ``w:r`` shows (what it adds to :func:`run_text`).

    For code that must know which element shows which characters (the Word drafts
    ``drafting render`` edits); :func:`run_text` is the same, inlined for speed.
    """
    name = local(child)
    if name == "t":
        return (child.text or "").translate(_LINE_ENDS)
    if name == "sym":
        return _symbol(child)
    return _RUN_TEXT.get(name, "")


def _descend(element: Any, wanted: str) -> Iterator[Any]:
    """The ``wanted`` elements under ``element`` that are read, in order.

    Not those nested in one another; one branch of each ``mc:AlternateContent``; nothing
    deleted, nothing of properties.
    """
    for child in element:
        name = _names.get(child.tag)
        if name is None:
            name = local(child)
        if name == wanted:
            yield child
        elif child.tag == f"{_MC}AlternateContent":
            for branch in _chosen(child):
                yield from _descend(branch, wanted)
        elif name not in _NOT_READ and isinstance(child.tag, str):
            yield from _descend(child, wanted)


def runs(element: Any) -> Iterator[Any]:
    """The ``w:r`` runs of a paragraph that are read, in order (not those inside a run)."""
    return _descend(element, "r")


def text_boxes(run: Any) -> Iterator[Any]:
    """The text boxes (``w:txbxContent``) anchored in a run, each once."""
    return _descend(run, "txbxContent")


def _has_text_box(paragraph: Any) -> bool:
    """Whether a ``w:p`` holds a text box anywhere (a quick scan before the careful walk)."""
    for tag in _TEXT_BOX_TAGS:
        for _box in paragraph.iter(tag):
            return True
    return False


def joins_next(paragraph: Any) -> bool:
    """Whether a paragraph's mark is a tracked deletion (it reads as one with the next)."""
    props = paragraph[0] if len(paragraph) else None  # w:pPr comes first, when there is one
    if props is None or local(props) != "pPr":
        return False
    return any(
        local(mark) in ("del", "moveFrom")
        for run_props in props
        if local(run_props) == "rPr"
        for mark in run_props
    )


def _row_deleted(row: Any) -> bool:
    return any(local(mark) == "del" for props in row if local(props) == "trPr" for mark in props)


def paragraphs(container: Any) -> Iterator[Paragraph]:
    """The paragraphs of a body, cell, note or text box in reading order.

    Each text box follows the paragraph it is anchored in, as paragraphs of its own.
    """
    group: list[Any] = []
    boxes: list[Any] = []
    for child in container:
        name = local(child)
        if name == "p":
            group.append(child)
            if _has_text_box(child):
                boxes.extend(box for run in runs(child) for box in text_boxes(run))
            if not joins_next(child):
                yield tuple(group)
                group = []
                for box in boxes:
                    yield from paragraphs(box)
                boxes = []
        elif child.tag == f"{_MC}AlternateContent":
            for branch in _chosen(child):
                yield from paragraphs(branch)
        elif (
            name not in _NOT_READ
            and isinstance(child.tag, str)
            and not (name == "tr" and _row_deleted(child))
        ):
            yield from paragraphs(child)
    if group:
        yield tuple(group)
    for box in boxes:
        yield from paragraphs(box)


def paragraph_runs(paragraph: Paragraph) -> Iterator[Any]:
    """The runs of a paragraph as read, across the ``w:p`` elements it is made of."""
    for element in paragraph:
        yield from runs(element)


def paragraph_text(paragraph: Paragraph) -> str:
    """The text of a paragraph as read."""
    return "".join(run_text(run) for run in paragraph_runs(paragraph))


def _texts(container: Any, refs: list[tuple[str, str]], lists: Lists | None = None) -> list[str]:
    """The non-empty paragraph texts of ``container``; note references it makes join ``refs``.

    With ``lists``, a paragraph Word numbers starts with the number Word shows ("23. ").
    """
    out = []
    for paragraph in paragraphs(container):
        label = lists.label(paragraph[0]) if lists is not None else None
        pieces = [f"{label} "] if label else []
        for run in paragraph_runs(paragraph):
            pieces.append(run_text(run))
            refs.extend(
                (name, _attr(child, "id") or "")
                for child in run
                if (name := local(child)) in ("footnoteReference", "endnoteReference")
            )
        text = "".join(pieces)
        if text.strip() and text.strip() != label:
            out.append(text)
    return out


def _notes(package: Package, main: str, refs: Sequence[tuple[str, str]]) -> list[str]:
    """The paragraphs of the notes ``refs`` refers to: footnotes, then endnotes, in order."""
    out: list[str] = []
    for reference, kind, reltype in _NOTES:
        wanted = list(dict.fromkeys(i for name, i in refs if name == reference))
        part = package.related(main, reltype) if wanted else None
        root = package.xml(part) if part else None
        if root is None:
            continue
        notes = {_attr(n, "id"): n for n in root if local(n) == kind}
        for note_id in wanted:
            if note_id in notes:
                out.extend(_texts(notes[note_id], []))
    return out


def document_paragraphs(package: Package, *, numbered: bool = False) -> list[str]:
    """The paragraphs of a Word package's main document, then of its notes.

    ``numbered``: a paragraph Word numbers starts with the number Word shows (see
    :mod:`evidence.readers.wordlists`), as a source is read and cited.
    """
    main = package.main_document()
    root = package.xml(main)
    body = next((child for child in root if local(child) == "body"), None)
    if local(root) != "document" or body is None:
        raise package.error(f"part {main} is not a Word document body")
    lists = None
    if numbered:
        parts = [package.related(main, f"{_RT}{kind}") for kind in ("numbering", "styles")]
        numbering, styles = (package.xml(part) if part else None for part in parts)
        lists = Lists.read(numbering, styles) if numbering is not None else None
    refs: list[tuple[str, str]] = []
    return _texts(body, refs, lists) + _notes(package, main, refs)


class _Builder(ElementTree.TreeBuilder):
    """Builds the tree, refusing a DOCTYPE and nesting deeper than :data:`MAX_DEPTH`."""

    depth = 0

    def start(self, tag: Any, attrs: Any) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ValueError(f"it nests deeper than {MAX_DEPTH} elements")
        return super().start(tag, attrs)

    def end(self, tag: Any) -> Any:
        self.depth -= 1
        return super().end(tag)

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise ValueError("it declares a DOCTYPE, which Word documents never do")


class SourcePackage(Package):
    """A ``.docx`` source, parsed with ``xml.etree`` (bounded, no DOCTYPE)."""

    @classmethod
    def error_for(cls, path: Path, message: str) -> SourceError:
        """A :class:`SourceError` about the source at ``path``."""
        return SourceError(
            message, path=path, hint="Open and re-save it in Word or LibreOffice, or add it as .txt"
        )

    def parse(self, data: bytes, part: str) -> Any:
        """Part ``part`` parsed by ``xml.etree``; refused if deep, declaring entities or damaged."""
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise self.error(
                f"part {part} declares a DOCTYPE or entities, which Word "
                "documents never do; it was not read"
            )
        parser = ElementTree.XMLParser(target=_Builder())
        try:
            parser.feed(data)
            return parser.close()
        except ElementTree.ParseError as exc:
            raise self.error(f"part {part} is damaged (XML: {exc})") from None
        except ValueError as exc:
            raise self.error(f"part {part} is refused: {exc}") from None


def read_docx(data: bytes, path: Path) -> str:
    """The text of a ``.docx`` source: its paragraphs, then its notes', blank-line separated.

    Raises:
        SourceError: ``data`` is not a readable Word document (damaged, encrypted, over
            the bounds of :mod:`evidence.readers.package`, or a part is refused).
    """
    with SourcePackage.open(path, io.BytesIO(data)) as package:
        return "\n\n".join(document_paragraphs(package, numbered=True)) + "\n"
