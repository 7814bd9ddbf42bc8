"""A zip package (a ``.docx``) someone else made, read part by part: bounded, damage one error.

Shared by the source reader (:mod:`evidence.readers.docx`, with ``xml.etree``) and the
review of rendered documents (``drafting.docx.package``, with lxml); each subclass of
:class:`Package` brings its own XML parser and its own error.

* the package is refused from its directory, before anything is decompressed, when it
  holds more than :data:`MAX_ENTRIES` entries or declares more than :data:`MAX_TOTAL`
  bytes, or holds two parts of one name (which one a reader takes is its own choice);
  a part is refused when it declares more than :data:`MAX_PART` (zipfile never
  inflates an entry past its declared size);
* a part that cannot be unpacked, whatever the cause (encrypted, compressed with a
  method Word does not use, a damaged deflate stream, a bad checksum, a truncated
  file), is one error naming the part;
* part names are compared ignoring case, as the package format (OPC) says; a part a
  relationship names that is not in the package is one error (the package is damaged).
"""

from __future__ import annotations

import lzma
import posixpath
import zipfile
import zlib
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from evidence.errors import UserError
from evidence.fsio import open_input

#: The most one XML part may declare, decompressed.
MAX_PART = 32 * 2**20
#: The most the whole package may declare, decompressed.
MAX_TOTAL = 256 * 2**20
#: The most entries a package may hold.
MAX_ENTRIES = 5000
#: The largest file opened as a package (it may not unpack to more than :data:`MAX_TOTAL`).
MAX_FILE = MAX_TOTAL
#: How a package (transitional and strict) names its relationship types.
_RT_PREFIXES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/",
)
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RT_OFFICE_DOCUMENT = f"{_RT_PREFIXES[0]}officeDocument"
#: What zipfile (and zlib, lzma under it) raises for an entry it cannot unpack.
UNPACK_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    RuntimeError,
    NotImplementedError,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
    lzma.LZMAError,
)


def directory_problem(archive: zipfile.ZipFile) -> str | None:
    """Why a package's directory is refused (too many parts or bytes), or None."""
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_ENTRIES or total > MAX_TOTAL:
        return (
            f"holds {len(infos):,} parts declaring {total:,} bytes unpacked, over the "
            f"limits ({MAX_ENTRIES:,} parts, {MAX_TOTAL:,} bytes); it was not read"
        )
    seen: set[str] = set()
    for info in infos:  # two parts of one name: readers would each pick their own
        name = info.filename.lower()
        if name in seen:
            return (
                f"holds part {info.filename} twice (part names ignore case), so Word and "
                "drafting could each read a different one; the package is damaged"
            )
        seen.add(name)
    return None


def _short_type(reltype: str) -> str | None:
    """A relationship type without its prefix (``officeDocument``), or None if foreign."""
    return next((reltype[len(p) :] for p in _RT_PREFIXES if reltype.startswith(p)), None)


def _same_type(found: str | None, wanted: str) -> bool:
    """Whether relationship type ``found`` is ``wanted``, in transitional or strict form."""
    if found is None or found == wanted:
        return found == wanted
    short = _short_type(wanted)
    return short is not None and _short_type(found) == short


class Package:
    """An open zip package whose parts are read on demand, each bounded.

    Subclasses give :meth:`parse` (XML bytes to an element of the ElementTree API) and
    :meth:`error` (the :class:`UserError` their callers expect).
    """

    def __init__(
        self, path: Path, archive: zipfile.ZipFile, closing: ExitStack | None = None
    ) -> None:
        self.path = path
        self.archive = archive
        self.closing = closing or ExitStack()  # the file under the archive, if it was opened
        names: dict[str, str] = {}
        for name in archive.namelist():
            names.setdefault(name.lower(), name)
        self._names = names

    @classmethod
    def open(cls, path: Path, file: IO[bytes] | None = None) -> Any:
        """Open ``file`` (or ``path``) as a package, checking its directory before any part.

        A path is opened only as a regular file of at most :data:`MAX_FILE` bytes
        (:func:`evidence.fsio.open_input`: a FIFO or a device is refused, never waited on).
        """
        closing = ExitStack()
        try:
            if file is None:
                file = closing.enter_context(
                    open_input(path, limit=MAX_FILE, what="Word document", error=cls.error_type())
                )
            archive = zipfile.ZipFile(file)
        except OSError as exc:
            closing.close()
            if exc.filename is None:  # a seek or read the damaged directory sent astray
                raise cls.error_for(path, "is not a Word .docx file (not a zip package)") from None
            raise cls.error_for(path, f"cannot be read: {exc.strerror or exc}") from None
        except (*UNPACK_ERRORS, KeyError, IndexError):
            closing.close()
            raise cls.error_for(path, "is not a Word .docx file (not a zip package)") from None
        except BaseException:
            closing.close()
            raise
        problem = directory_problem(archive)
        if problem:
            archive.close()
            closing.close()
            raise cls.error_for(path, problem)
        return cls(path, archive, closing)

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.archive.close()
        self.closing.close()

    @classmethod
    def error_type(cls) -> type[UserError]:
        """The class of :meth:`error_for`'s errors."""
        return type(cls.error_for(Path(), ""))

    @classmethod
    def error_for(cls, path: Path, message: str) -> UserError:
        """The error to raise about the package at ``path``; subclasses give theirs."""
        return UserError(message, path=path)

    def error(self, message: str) -> UserError:
        """The error to raise about this package."""
        return self.error_for(self.path, message)

    def parse(self, data: bytes, part: str) -> Any:
        """Part ``part``'s XML, parsed safely; subclasses give their parser."""
        raise NotImplementedError

    def has(self, name: str) -> bool:
        """Whether the package holds part ``name`` (no leading slash; any case)."""
        return name.lower() in self._names

    def read(self, name: str) -> bytes:
        """The bytes of part ``name``; any reason it cannot be unpacked is one error."""
        try:
            info = self.archive.getinfo(self._names.get(name.lower(), name))
        except KeyError:
            raise self.error(f"part {name} is missing; the package is damaged") from None
        if info.file_size > MAX_PART:
            raise self.error(
                f"part {name} would expand to {info.file_size:,} bytes, over the "
                f"{MAX_PART:,}-byte limit; it was not read"
            )
        if info.flag_bits & 0x1:
            raise self.error(
                f"part {name} is encrypted (zip encryption, which Word does not use); "
                "it cannot be read"
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self.error(
                f"part {name} is compressed with method {info.compress_type}, "
                "which Word documents do not use; it cannot be read"
            )
        try:
            with self.archive.open(info) as handle:
                return handle.read(MAX_PART + 1)[:MAX_PART]
        except UNPACK_ERRORS as exc:
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            raise self.error(
                f"part {name} cannot be unpacked ({reason}); the file is damaged"
            ) from None

    def raw(self, info: zipfile.ZipInfo) -> bytes:
        """An entry's bytes as the archive stores them (compressed), to copy it unchanged.

        Raises:
            UserError: its local header is not where the directory says (damaged).
        """
        handle = self.archive.fp
        if handle is None:
            raise self.error("is closed")
        handle.seek(info.header_offset)
        header = handle.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise self.error(
                f"part {info.filename} is not where the package's directory "
                "says; the file is damaged"
            )
        skip = int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
        handle.seek(info.header_offset + 30 + skip)
        data = handle.read(info.compress_size)
        if len(data) != info.compress_size:
            raise self.error(f"part {info.filename} is cut short; the file is damaged")
        return bytes(data)

    def xml(self, name: str) -> Any:
        """Part ``name`` parsed safely, or None when the package lacks it."""
        if not self.has(name):
            return None
        return self.parse(self.read(name), name)

    def related(self, source: str, reltype: str) -> str | None:
        """The part that ``source`` ("" for the package) relates to by ``reltype``, or None.

        A relationship to a part the package does not hold is an error: it is damaged.
        """
        folder, base = posixpath.split(source)
        rels = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        if rels is None:
            return None
        for rel in rels.iter(f"{_RELS_NS}Relationship"):
            if _same_type(rel.get("Type"), reltype) and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                name = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
                if not self.has(name):
                    raise self.error(
                        f"part {name}, which the package lists, is missing; the package is damaged"
                    )
                return name
        return None

    def main_document(self) -> str:
        """The name of the main document part (``word/document.xml`` as Word writes it)."""
        name = self.related("", RT_OFFICE_DOCUMENT)
        if name is None:
            raise self.error("is a zip file but not a Word document (no main document part)")
        return name
