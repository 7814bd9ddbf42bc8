"""A template's package prepared once, so that each render only fills, parses and zips.

docxtpl's ``render`` and ``save`` open the template again for every document: python-docx
parses every part, and on save re-serialises and re-compresses all of them (about twenty
for a letter). Only a few parts differ from one document to the next. A :class:`Frame`
does the rest once per template:

* the Jinja source of every rendered part (body, headers, footers, footnotes, templated
  core properties), prepared exactly as docxtpl prepares it, compiled once;
* the package as python-docx would save it, twice: as the template is, and with what
  footnotes need (their styles, a footnotes part and its relationship); both with a
  custom properties part for the render record;
* every part no render changes, deflated once (:mod:`drafting.docx.zipout`).

:meth:`Frame.fill` renders one context through the same steps as docxtpl (the same
``patch_xml``, ``resolve_listing``, ``fix_tables`` and ``fix_docpr_ids``), and
:class:`Filled` writes the document. ``tests/test_frame.py`` proves the result equal,
part by part, to docxtpl's and python-docx's own, for every shipped template and kind.
Two differences are deliberate:

* docxtpl renders a footnotes part once per section, so text in a two-section template's
  footnotes went through Jinja twice; here every part is rendered once;
* docxtpl autoescapes core properties as if they were XML, and python-docx escapes them
  again, so "Letter to A & B" became "Letter to A &amp; B" in the title; here a property
  is rendered as the text it is.

The letters of a merge are mostly alike: what they share is made once
(:mod:`drafting.docx.shared`), and a body is made of an earlier body's pieces where its
text is the same (:mod:`drafting.docx.reuse`), each letter exactly what it is alone.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from drafting.docx.parts import (
    Note,
    W,
    custom_properties_xml,
    prepare_custom_properties,
    prepare_footnotes,
)
from drafting.docx.record import DocParagraph
from drafting.docx.reuse import Candidate, Reference, Reuse, splice
from drafting.docx.shared import Shared, reads
from drafting.docx.zipout import Stored, write_zip

_SLOT = "drafting-body-slot"
#: The characters docxtpl's ``resolve_listing`` turns into breaks, tabs and paragraphs.
_LISTING = "\t\a\n\f"


class BrokenPart(Exception):
    """A rendered part is not well-formed XML (the template's own markup broke it)."""

    def __init__(self, part: str, reason: str) -> None:
        super().__init__(f"{part}: {reason}")
        self.part = part
        self.reason = reason


@dataclass(frozen=True)
class Layout:
    """The package as python-docx saves it, with or without what footnotes need."""

    order: tuple[str, ...]
    stored: Mapping[str, Stored]
    #: The parts each render rewrites, as saved: the document split around its body, the
    #: footnotes (absent when the template has none and no notes are wanted), core and
    #: custom properties.
    prefix: bytes
    suffix: bytes
    footnotes: str | None
    base: Mapping[str, bytes]


def _layout(data: bytes, *, notes: bool) -> tuple[Layout, str, str, str]:
    import docx

    document = docx.Document(io.BytesIO(data))
    package = document.part.package
    core = str(package._core_properties_part.partname).lstrip("/")  # made if missing
    footnotes = (
        prepare_footnotes(document)
        if notes
        else next(
            (
                str(r.target_part.partname).lstrip("/")
                for r in document.part.rels.values()
                if r.reltype.endswith("/footnotes")
            ),
            None,
        )
    )
    custom = prepare_custom_properties(document)
    main = str(document.part.partname).lstrip("/")
    root = document.element
    root.replace(root.body, etree.Comment(_SLOT))
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(io.BytesIO(saved.getvalue())) as archive:
        order = tuple(archive.namelist())
        parts = {name: archive.read(name) for name in order}
    prefix, _, suffix = parts[main].partition(f"<!--{_SLOT}-->".encode())
    changing = {main, core, custom, *([footnotes] if footnotes else [])}
    stored = {n: Stored.of(n, parts[n]) for n in order if n not in changing}
    base = {n: parts[n] for n in changing if n != main}
    return Layout(order, stored, prefix, suffix, footnotes, base), main, core, custom


@dataclass(frozen=True)
class Frame:
    """One template, ready to fill: compiled sources and the package around them."""

    name: str
    env: Any
    main: str
    core: str
    custom: str
    body: Any
    parts: Mapping[str, Any]  # header, footer and footnotes parts: compiled Jinja
    properties: Mapping[str, Any]
    data: bytes = field(repr=False)
    _docxtpl: Any = field(repr=False)
    #: The two layouts by "has notes", each made when first needed.
    _layouts: dict[bool, Layout] = field(default_factory=dict, repr=False)
    #: What each header, footer and footnotes part reads (:func:`~drafting.docx.shared.reads`).
    reads: Mapping[str, tuple[str, ...] | None] = field(default_factory=dict, repr=False)
    #: The last document's headers and footers as rendered and as saved, by part.
    _last_saved: dict[str, tuple[str, bytes]] = field(default_factory=dict, repr=False)
    #: Tables (by markup) that docxtpl's ``fix_tables`` leaves as they are.
    _fine_tables: set[bytes] = field(default_factory=set, repr=False)
    #: What a merge's letters share: footnotes, core properties, parts deflated.
    shared: Shared = field(default_factory=Shared, repr=False)
    #: Bodies finished whole, which later ones are made from where they are the same.
    reuse: Reuse = field(default_factory=Reuse, repr=False)

    def layout(self, notes: bool) -> Layout:
        """The package around a document with (or without) footnotes of its own."""
        if notes not in self._layouts:
            self._layouts[notes] = _layout(self.data, notes=notes)[0]
        return self._layouts[notes]

    @classmethod
    def build(cls, name: str, data: bytes, sources: list[tuple[str, str]], env: Any) -> Frame:
        """Prepare template ``name`` (its bytes and its Jinja ``sources`` by part)."""
        from docxtpl import DocxTemplate

        plain, main, core, custom = _layout(data, notes=False)
        compiled = {
            part: env.from_string(_newlines(source))
            for part, source in sources
            if not part.startswith("property ")
        }
        properties = {
            part.removeprefix("property "): env.from_string(_as_text(source))
            for part, source in sources
            if part.startswith("property ")
        }
        body = compiled.pop("body")
        return cls(
            name,
            env,
            main,
            core,
            custom,
            body,
            compiled,
            properties,
            data,
            DocxTemplate(io.BytesIO(data)),
            {False: plain},
            {part: reads(env, _newlines(source)) for part, source in sources if part in compiled},
        )

    def fill(self, context: dict[str, Any]) -> Filled:
        """Render every templated part for ``context`` (Jinja errors propagate).

        Raises:
            BrokenPart: a rendered header, footer or footnotes part is not well-formed.
        """
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml.parser import parse_xml

        source = self._finish(self.body.render(context))
        candidate = self.reuse.candidate(source, self.fine)  # a merge's later letters
        body, fine = (None, True) if candidate is not None else self.parsed(source)
        parts: dict[str, bytes] = {}
        for part, template in self.parts.items():
            names = self.reads.get(part)
            xml = self.shared.rendered(
                part, template, names, context, self.env.budget, self._finish
            )
            if part == self.layout(False).footnotes:  # the template's own footnotes
                parts[part] = xml.encode("utf-8")
                _check(part, parts[part])
                continue
            last = self._last_saved.get(part)
            if last is not None and last[0] == xml:  # a merge renders most headers alike
                parts[part] = last[1]
                continue
            try:
                parts[part] = serialize_part_xml(parse_xml(xml.encode("utf-8")))
            except etree.XMLSyntaxError as exc:
                raise BrokenPart(part, exc.msg) from None
            self._last_saved[part] = xml, parts[part]
        properties = {p: t.render(context) for p, t in self.properties.items()}
        return Filled(self, body, parts, properties, source=source, candidate=candidate, fine=fine)

    def parsed(self, xml: str) -> tuple[Any, bool]:
        """The rendered body parsed strictly, then docxtpl's table fixes and picture ids.

        docxtpl parses the body with a recovering parser, which silently drops what it
        cannot read (a text of over 10 MB was cut there, and the document written). The
        second value says whether every table was one ``fix_tables`` leaves as it is.

        Raises:
            BrokenPart: the body is not well-formed.
        """
        try:
            body = etree.fromstring(xml)
        except etree.XMLSyntaxError as exc:
            raise BrokenPart(self.main, exc.msg) from None
        tables = [
            t
            for t in body.iter(f"{W}tbl")
            if not any(a.tag == f"{W}tbl" for a in t.iterancestors())
        ]
        fine = all(self.fine(t) for t in tables)
        if not fine:
            body = self._docxtpl.fix_tables(xml)
        self._docxtpl.docx_ids_index = 1000
        self._docxtpl.fix_docpr_ids(body)
        return body, fine

    def fine(self, table: Any) -> bool:
        """Whether docxtpl's ``fix_tables`` leaves ``table`` as it is.

        It fixes each table on its own; known by markup, a merge's repeated tables are not
        parsed again.
        """
        markup = etree.tostring(table, with_tail=False)
        if markup in self._fine_tables:
            return True
        if etree.tostring(self._docxtpl.fix_tables(markup), with_tail=False) != markup:
            return False
        if len(self._fine_tables) >= 256:
            self._fine_tables.clear()
        self._fine_tables.add(markup)
        return True

    def _finish(self, xml: str) -> str:
        """What docxtpl does after Jinja: undo the line breaks; listings.

        docxtpl also turns ``{_{`` into ``{{`` (its way for a template to print Jinja's
        brackets) after rendering, which rewrote a value's text as well ("{_{" typed in a
        draft came out "{{"); :func:`_newlines` turns the template's own into literals
        before compiling instead.
        """
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # as \n<w:p[ >]
        if not any(c in xml for c in _LISTING):  # resolve_listing would return it unchanged
            return xml
        return str(self._docxtpl.resolve_listing(xml))


#: docxtpl's escapes for Jinja's own brackets in a template, and the literal each prints.
_BRACKETS = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}
_BRACKET = re.compile("|".join(map(re.escape, _BRACKETS)))


def _newlines(source: str) -> str:
    """What docxtpl does before Jinja: each paragraph on its own line.

    And a template's ``{_{`` (docxtpl's escape for a literal ``{{``) becomes a Jinja
    literal, so only the template's text is unescaped, never a value put into it.
    """
    return _BRACKET.sub(lambda m: _BRACKETS[m.group()], re.sub(r"<w:p([ >])", r"\n<w:p\1", source))


def _as_text(source: str) -> str:
    """A property's source, rendered as plain text: python-docx escapes it when it saves."""
    return f"{{% autoescape false %}}{source}{{% endautoescape %}}"


def _check(part: str, data: bytes) -> None:
    try:
        etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        raise BrokenPart(part, exc.msg) from None


@dataclass
class Filled:
    """One document rendered in memory: its body to inspect, notes and properties to add."""

    frame: Frame
    body: Any  # the rendered w:body element (None while it may be made of reused pieces)
    parts: dict[str, bytes]
    rendered_properties: dict[str, str]
    notes: dict[int, Note] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    custom: dict[str, str] = field(default_factory=dict)
    #: The core properties too long for Word, shortened when written, with their length.
    shortened: dict[str, int] = field(default_factory=dict)
    #: The body's paragraphs as read when it is laid out (its text does not change
    #: after): the citation record is made from them.
    contents: list[DocParagraph] | None = None
    #: The body's text as rendered, and how it may be made from an earlier body's pieces.
    source: str = ""
    candidate: Candidate | None = None
    fine: bool = True  # no table needed docxtpl's fix
    spliced: bytes | None = None  # the body written, made so

    def lay_out(self, prose: list[str]) -> None:
        """No empty paragraphs ending the body; the last prose kept with the sign-off.

        See :mod:`drafting.docx.flow`. A body that a reference's pieces can make is made
        so (:mod:`drafting.docx.reuse`); any other is parsed and finished whole, and the
        frame may keep it as a reference.
        """
        from drafting.docx.flow import keep_last_prose, trim_ending
        from drafting.docx.record import read_paragraphs

        tried: tuple[Reference, ...] = ()
        while self.candidate is not None:  # the references, until one's pieces can be used
            made = splice(self.candidate, prose)
            if made is not None:
                self.spliced, self.contents, self.candidate = *made, None
                return
            tried += (self.candidate.reference,)
            self.candidate = self.frame.reuse.candidate(self.source, self.frame.fine, tried)
        if self.body is None:
            self.body, self.fine = self.frame.parsed(self.source)
        originals = list(self.body)
        trim_ending(self.body)
        read = read_paragraphs(self.body)
        keep_last_prose(self.body, prose, read)
        self.contents = [content for _, content in read]
        if self.fine:
            self.frame.reuse.learn(self.source, originals, self.body, read, prose)

    def tree(self) -> Any:
        """The body as an element, as laid out (read again from its XML if made of pieces)."""
        if self.body is None and self.spliced is not None:
            self.body = etree.fromstring(self.spliced)
        elif self.body is None:  # never laid out
            self.body, self.fine = self.frame.parsed(self.source)
        return self.body

    def add_footnotes(self, notes: Mapping[int, Note]) -> None:
        """Footnotes ``{id: text}`` to write (made in a footnotes part if there is none)."""
        self.notes.update(notes)

    def set_properties(self, **values: str) -> None:
        """Core properties (``title``, ``author``, ``subject``) to set after rendering."""
        self.properties.update(values)

    def set_custom_properties(self, props: Mapping[str, str]) -> None:
        """Text custom properties to store in docProps/custom.xml."""
        self.custom.update(props)

    def to_bytes(self, when: float | None = None) -> bytes:
        """The ``.docx``: changed parts compressed now, the rest as compressed once."""
        frame = self.frame
        layout = frame.layout(bool(self.notes))
        parts = dict(self.parts)
        body = self.spliced
        if body is None:
            body = etree.tostring(self.tree(), encoding="UTF-8")
        parts[frame.main] = layout.prefix + body + layout.suffix
        if layout.footnotes:
            base = parts.get(layout.footnotes, layout.base[layout.footnotes])
            parts[layout.footnotes] = (
                frame.shared.footnotes(base, self.notes) if self.notes else base
            )
        parts[frame.core], shortened = frame.shared.core(
            layout.base[frame.core], self.rendered_properties, self.properties
        )
        self.shortened = dict(shortened)
        parts[frame.custom] = custom_properties_xml(layout.base[frame.custom], self.custom)
        shared = frame.shared.stored
        return write_zip(
            [shared(n, parts[n]) if n in parts else layout.stored[n] for n in layout.order],
            when,
        )
