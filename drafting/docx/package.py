"""Reading a ``.docx`` someone else may have made: bounded, and with XML's dangerous parts off.

A document under review is untrusted input. It is read as the zip package it
is, part by part, never all at once:

* the package is refused before anything is decompressed when its entries
  declare more than :data:`MAX_TOTAL` bytes or one XML part more than
  :data:`MAX_PART` (a zip bomb is refused from its directory, in milliseconds);
  zipfile never inflates an entry past its declared size;
* XML is parsed without DTDs, entity expansion or network access, and a part
  that declares a DOCTYPE (which no Word part has) is refused, so neither a
  "billion laughs" nor an external entity is ever expanded;
* a truncated or damaged part is one clear error naming the file and the part.
"""

from __future__ import annotations

import posixpath
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from drafting.errors import DraftingError
from evidence.fsio import open_input

#: The most one XML part may declare, decompressed.
MAX_PART = 32 * 2**20
#: The most the whole package may declare, decompressed.
MAX_TOTAL = 256 * 2**20
#: The most entries a package may hold.
MAX_ENTRIES = 5000
#: The largest file opened as a package (it may not unpack to more than :data:`MAX_TOTAL`).
MAX_FILE = MAX_TOTAL
RT_OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                      "officeDocument")
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HINT = "Give the .docx that `drafting render` wrote (or a copy saved by Word or LibreOffice)"


def safe_parser() -> Any:
    """An lxml parser that loads no DTD, expands no entity and reaches no network."""
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           huge_tree=False, dtd_validation=False)


def parse_xml(data: bytes, *, path: Path, part: str) -> Any:
    """Parse one part's XML safely; a DOCTYPE or damage is a :class:`DraftingError`."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DraftingError(f"part {part} declares a DOCTYPE or entities, which Word documents "
                            "never do; it was not read", path=path, hint=_HINT)
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise DraftingError(f"part {part} is damaged ({exc.msg})", path=path,
                            hint="Open and re-save it in Word or LibreOffice, or render the "
                                 "draft again") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise DraftingError(f"part {part} declares a DOCTYPE, which Word documents never do",
                            path=path, hint=_HINT)
    return root


@dataclass
class Package:
    """An open ``.docx`` package whose parts are read on demand, each bounded."""

    path: Path
    archive: zipfile.ZipFile
    closing: ExitStack = field(default_factory=ExitStack)  # the file under the archive

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.archive.close()
        self.closing.close()

    def has(self, name: str) -> bool:
        """Whether the package holds part ``name`` (no leading slash)."""
        try:
            self.archive.getinfo(name)
        except KeyError:
            return False
        return True

    def read(self, name: str) -> bytes:
        """The bytes of part ``name``, refused if it declares more than :data:`MAX_PART`."""
        info = self.archive.getinfo(name)
        if info.file_size > MAX_PART:
            raise DraftingError(f"part {name} would expand to {info.file_size:,} bytes, over "
                                f"the {MAX_PART:,}-byte limit; it was not read", path=self.path,
                                hint=_HINT)
        try:
            with self.archive.open(info) as handle:
                return handle.read(MAX_PART + 1)[:MAX_PART]
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise DraftingError(f"part {name} cannot be unpacked ({exc})", path=self.path,
                                hint=_HINT) from None

    def xml(self, name: str) -> Any:
        """Part ``name`` parsed safely, or None when the package lacks it."""
        if not self.has(name):
            return None
        return parse_xml(self.read(name), path=self.path, part=name)

    def related(self, source: str, reltype: str) -> str | None:
        """The part that ``source`` ("" for the package) relates to by ``reltype``."""
        folder, base = posixpath.split(source)
        rels = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        if rels is None:
            return None
        for rel in rels.iter(f"{_RELS_NS}Relationship"):
            if rel.get("Type") == reltype and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                joined = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(folder, target))
                return joined
        return None

    def main_document(self) -> str:
        """The name of the main document part (``word/document.xml`` as Word writes it)."""
        name = self.related("", RT_OFFICE_DOCUMENT)
        if name is None or not self.has(name):
            raise DraftingError("is a zip file but not a Word document (no main document part)",
                                path=self.path, hint=_HINT)
        return name


def open_package(path: Path) -> Package:
    """Open ``path`` as a Word package, checking its directory before reading any part.

    Only a regular file of at most :data:`MAX_FILE` is opened
    (:func:`evidence.fsio.open_input`: a FIFO or a device is refused, never waited on).
    """
    closing = ExitStack()
    try:
        handle = closing.enter_context(open_input(
            path, limit=MAX_FILE, what="Word document", error=DraftingError, hint=_HINT))
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        closing.close()
        raise DraftingError("is not a Word .docx file (not a zip package)", path=path,
                            hint=_HINT) from None
    except OSError as exc:
        closing.close()
        raise DraftingError(f"cannot be read: {exc.strerror or exc}", path=path) from None
    except BaseException:
        closing.close()
        raise
    try:
        check_directory(archive, path)
    except DraftingError:
        archive.close()
        closing.close()
        raise
    return Package(path, archive, closing)


def check_directory(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a package whose directory declares too many parts or too many bytes unpacked."""
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_ENTRIES or total > MAX_TOTAL:
        raise DraftingError(f"holds {len(infos):,} parts declaring {total:,} bytes unpacked, "
                            f"over the limits ({MAX_ENTRIES:,} parts, {MAX_TOTAL:,} bytes); "
                            "it was not read", path=path, hint=_HINT)
