"""Reading a ``.docx`` someone else may have made: bounded, and with XML's dangerous parts off.

A document under review is untrusted input. It is read as the zip package it is,
part by part, through :class:`evidence.readers.package.Package` (the reader sources
use too): the directory is checked before anything is decompressed, each part is
bounded, and a part that cannot be unpacked (encrypted, an unknown compression
method, a damaged stream) or that a relationship names but the package lacks is one
clear error naming the file and the part. Here XML is parsed by lxml without DTDs,
entity expansion or network access, nesting at most 256 deep (libxml2's own bound),
and a part that declares a DOCTYPE (which no Word part has) is refused, so neither a
"billion laughs" nor an external entity is ever expanded.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from drafting.errors import DraftingError
from evidence.readers.package import (
    MAX_ENTRIES,
    MAX_PART,
    MAX_TOTAL,
    RT_OFFICE_DOCUMENT,
    directory_problem,
)
from evidence.readers.package import Package as BasePackage

__all__ = [
    "MAX_ENTRIES",
    "MAX_PART",
    "MAX_TOTAL",
    "RT_OFFICE_DOCUMENT",
    "Package",
    "check_directory",
    "open_package",
    "parse_xml",
    "safe_parser",
]

_HINT = "Give the .docx that `drafting render` wrote (or a copy saved by Word or LibreOffice)"


def safe_parser() -> Any:
    """An lxml parser that loads no DTD, expands no entity and reaches no network."""
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        dtd_validation=False,
    )


def parse_xml(data: bytes, *, path: Path, part: str) -> Any:
    """Parse one part's XML safely; a DOCTYPE or damage is a :class:`DraftingError`."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DraftingError(
            f"part {part} declares a DOCTYPE or entities, which Word documents "
            "never do; it was not read",
            path=path,
            hint=_HINT,
        )
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise DraftingError(
            f"part {part} is damaged ({exc.msg})",
            path=path,
            hint="Open and re-save it in Word or LibreOffice, or render the draft again",
        ) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise DraftingError(
            f"part {part} declares a DOCTYPE, which Word documents never do", path=path, hint=_HINT
        )
    return root


class Package(BasePackage):
    """An open ``.docx`` package whose parts are read on demand, each bounded, parsed by lxml."""

    @classmethod
    def error_for(cls, path: Path, message: str) -> DraftingError:
        """A :class:`DraftingError` about the document at ``path``."""
        return DraftingError(message, path=path, hint=_HINT)

    def parse(self, data: bytes, part: str) -> Any:
        """Part ``part`` parsed safely with lxml."""
        return parse_xml(data, path=self.path, part=part)


def open_package(path: Path) -> Package:
    """Open ``path`` as a Word package, checking its directory before reading any part."""
    package: Package = Package.open(path)
    return package


def check_directory(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a package whose directory declares too many parts or too many bytes unpacked."""
    problem = directory_problem(archive)
    if problem:
        raise DraftingError(problem, path=path, hint=_HINT)
