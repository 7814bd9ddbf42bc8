"""A Word document someone wrote, as its package's parts: read bounded, changed, written back.

Rendering a Word draft changes as little as it can: the main document (markers become
notes), the footnotes part (ours appended after the author's), the styles (only when the
footnote styles are missing), relationships, content types and custom properties (the
citation record). Every other part is written back byte for byte as it was read, in the
order the archive had it. Where a part only gains elements, they are spliced in before its
closing tag, so the rest of it keeps its bytes too (:func:`append_xml`).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from drafting.docx.package import Package, parse_xml, safe_parser
from drafting.docx.parts import W
from drafting.docx.zipout import Stored, write_zip
from drafting.errors import DraftingError
from evidence.fsio import read_input
from evidence.readers.docx import local
from evidence.readers.package import MAX_FILE, UNPACK_ERRORS

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CLOSING = re.compile(rb"</(?:[\w.-]+:)?[\w.-]+>\s*\Z")
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([^\"']+)[\"']")
_ROOT_TAG = re.compile(rb"<[A-Za-z_][^>]*>")
_NAMESPACE = re.compile(r' xmlns(?::[\w.-]+)?="[^"]*"')


class WordFileError(DraftingError):
    """A Word document that cannot be rendered as it is (its format, not its text)."""


def rels_name(part: str) -> str:
    """The relationships part of ``part`` ("" for the package's own)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def append_xml(data: bytes, fragment: str) -> bytes:
    """Part ``data`` with the elements of ``fragment`` added at the end of its root.

    They are spliced in before the closing tag, so every other byte stays as it was; a
    part that is not UTF-8 or whose root closes itself is parsed and written again.
    Each element of ``fragment`` declares the namespaces it uses.
    """
    declared = _DECLARED.match(data)
    closing = _CLOSING.search(data)
    utf8 = declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")
    root_tag = _ROOT_TAG.search(data)
    if (
        closing is not None
        and root_tag is not None
        and utf8
        and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        fragment = _NAMESPACE.sub(  # what the root declares is not declared again
            lambda m: "" if m.group().strip().encode() in root_tag.group() else m.group(), fragment
        )
        return data[: closing.start()] + fragment.encode("utf-8") + data[closing.start() :]
    root = etree.fromstring(data, parser=safe_parser())  # already read by parse_xml: no DTD
    for child in etree.fromstring(f"<wrap>{fragment}</wrap>"):
        root.append(child)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


@dataclass
class WordFile:
    """A ``.docx`` package as its parts, in archive order; each read (bounded) when needed.

    The file's bytes are read once; a part is unpacked the first time it is asked for, so
    a review reads only the parts it looks at, and a render every part it writes back.
    """

    path: Path
    order: list[str]
    package: Package
    main: str
    parts: dict[str, bytes] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> WordFile:
        """Open ``path`` as a Word package, bounded as a document under review is.

        Raises:
            DraftingError: not a Word package, damaged, or over the bounds.
        """
        data = read_input(path, limit=MAX_FILE, what="Word document", error=DraftingError)
        package = Package.open(path, io.BytesIO(data))
        main = package.main_document()  # a zip that is no Word document is refused
        order = list(dict.fromkeys(package.archive.namelist()))
        return cls(path, order, package, main, {}, {name.lower(): name for name in order})

    def has(self, name: str) -> bool:
        """Whether the package holds part ``name`` (any case)."""
        return name.lower() in self._names

    def data(self, name: str) -> bytes:
        """The bytes of part ``name`` (as changed, if it was)."""
        name = self._names[name.lower()]
        if name not in self.parts:
            self.parts[name] = self.package.read(name)
        return self.parts[name]

    def xml(self, name: str) -> Any:
        """Part ``name`` parsed safely (no DTD, no entities)."""
        return parse_xml(self.data(name), path=self.path, part=name)

    def set(self, name: str, data: bytes) -> None:
        """Replace part ``name``, or add it at the end of the archive."""
        if not self.has(name):
            self.order.append(name)
            self._names[name.lower()] = name
        self.parts[self._names[name.lower()]] = data

    def related(self, source: str, kind: str) -> list[str]:
        """The parts ``source`` ("" for the package) relates to by type ``RT + kind``."""
        rels = rels_name(source)
        if not self.has(rels):
            return []
        folder = posixpath.dirname(source)
        out = []
        for rel in self.xml(rels).iter(f"{{{RELS_NS}}}Relationship"):
            if (
                rel.get("Type", "").rsplit("/", 1)[-1] != kind
                or rel.get("TargetMode") == "External"
            ):
                continue
            target = rel.get("Target", "")
            name = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            if not self.has(name):
                raise DraftingError(
                    f"part {name}, which the package lists, is missing; the package is damaged",
                    path=self.path,
                    hint="Open and re-save it in Word or LibreOffice",
                )
            out.append(self._names[name.lower()])
        return out

    def free_name(self, name: str) -> str:
        """``name``, or ``name`` numbered (``footnotes2.xml``) if the package has it."""
        stem, dot, ext = name.rpartition(".")
        number = 1
        while self.has(name):
            number += 1
            name = f"{stem}{number}{dot}{ext}"
        return name

    def add_part(self, source: str, kind: str, name: str, data: bytes, content_type: str) -> str:
        """Add a part related to ``source`` by ``RT + kind``; return its (free) name."""
        name = self.free_name(name)
        self.set(name, data)
        types = "[Content_Types].xml"
        self.set(
            types,
            append_xml(
                self.data(types),
                (f'<Override xmlns="{TYPES_NS}" PartName="/{name}" ContentType="{content_type}"/>'),
            ),
        )
        rels = rels_name(source)
        base = (
            self.data(rels)
            if self.has(rels)
            else f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{RELS_NS}"></Relationships>'.encode()
        )
        taken = {
            r.get("Id")
            for r in parse_xml(base, path=self.path, part=rels).iter(f"{{{RELS_NS}}}Relationship")
        }
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        target = posixpath.relpath(name, posixpath.dirname(source) or ".")
        self.set(
            rels,
            append_xml(
                base,
                f'<Relationship xmlns="{RELS_NS}" Id="rId{number}" '
                f'Type="{RT}{kind}" Target="{target}"/>',
            ),
        )
        return name

    def to_bytes(self, when: float | None = None) -> bytes:
        """The package, every part in its place; one never read is copied as it was stored.

        A part read or changed is compressed again; any other (a picture, a font, an
        embedded file) goes in as the archive held it, never unpacked whole, so a
        picture larger than an XML part may be is kept as it is.
        """
        return write_zip(
            [
                Stored.of(name, self.parts[name]) if name in self.parts else self._copied(name)
                for name in self.order
            ],
            when,
        )

    def _copied(self, name: str) -> Stored:
        """Part ``name`` as the archive stores it, checked to unpack whole (its CRC)."""
        archive = self.package.archive
        info = archive.getinfo(name)
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            return Stored.of(name, self.data(name))  # refused there, with its reason
        try:
            with archive.open(info) as handle:  # read through, never held: a damaged
                while handle.read(2**20):  # stream or a wrong CRC raises here
                    pass
        except UNPACK_ERRORS as exc:
            raise self.package.error(
                f"part {name} cannot be unpacked ({exc}); the file is damaged"
            ) from None
        raw = self.package.raw(info)
        return Stored(
            name,
            raw,
            info.CRC,
            info.file_size,
            0 if info.compress_type == zipfile.ZIP_STORED else 8,
        )


def main_body(word: WordFile) -> tuple[Any, Any]:
    """The main document part parsed, and its body (transitional or strict).

    Raises:
        WordFileError: a main part that is no Word document.
    """
    root = word.xml(word.main)
    body = next((c for c in root if local(c) == "body"), None)
    if local(root) != "document" or body is None:
        raise WordFileError(
            f"part {word.main} has no body",
            path=word.path,
            hint="Open and re-save it in Word or LibreOffice",
        )
    return root, body


#: Main parts of other kinds of Word file, by content type: what a .docx of them would be.
_OTHER_KINDS = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": "a macro-enabled Word document (.docm)",  # noqa: E501
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "a Word template (.dotx)",  # noqa: E501
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "a macro-enabled Word template (.dotm)",  # noqa: E501
}


def content_type(word: WordFile, part: str) -> str | None:
    """The content type ``[Content_Types].xml`` gives ``part`` by name (None if it gives none)."""
    types = "[Content_Types].xml"
    if not word.has(types):
        return None
    wanted = f"/{part}".lower()
    return next(
        (
            o.get("ContentType")
            for o in word.xml(types).iter(f"{{{TYPES_NS}}}Override")
            if (o.get("PartName") or "").lower() == wanted
        ),
        None,
    )


def refuse_unwritable(word: WordFile, root: Any) -> None:
    """Refuse to write a .docx Word would not open from this one (read, it is reviewed).

    A Strict Open XML document is not written into; a macro-enabled document or a template
    renamed ``.docx`` keeps its own kind of main part, which Word refuses in a ``.docx``.

    Raises:
        WordFileError: it is one of those.
    """
    if root.tag != f"{W}document":
        raise WordFileError(
            "is saved as Strict Open XML, which drafting does not write into",
            path=word.path,
            hint="Save it in Word as 'Word Document (*.docx)' and render that",
        )
    kind = _OTHER_KINDS.get(content_type(word, word.main) or "")
    if kind:
        raise WordFileError(
            f"is {kind} named .docx; a .docx written from it would not open in Word",
            path=word.path,
            hint="Save it in Word as 'Word Document (*.docx)' and render that",
        )


def serialize(root: Any) -> bytes:
    """A parsed part written back as Word writes parts: UTF-8, declared standalone."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
