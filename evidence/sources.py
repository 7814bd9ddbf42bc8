"""Source documents and their manifest (``seeds/sources.yaml``).

The manifest records what is known about each source and how: a date is
``stated`` in the text, ``inferred`` (with the reason) or ``unknown``; a missing
title, publisher or URL is ``null``, never guessed. The sha256 pins the text the
facts were checked against: when the file changes, its facts become stale.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from evidence import jsoncache
from evidence.dates import PartialDateField
from evidence.errors import SchemaError, SourceError
from evidence.fsio import read_input, size_label, unchanged, write_atomic
from evidence.readers.blocks import MAX_TEXT as MAX_TEXT  # re-exported
from evidence.readers.pdf import MAX_PDF
from evidence.segment import JSON_FORMAT, Segmentation, from_json, segment, segment_blocks, to_json

if TYPE_CHECKING:
    from evidence.readers.blocks import Block
    from evidence.readers.ocr import Progress
    from evidence.readers.pdf import PdfRead
from evidence.yamlio import read_yaml, read_yaml_text, validate

#: What a Word document cannot hold (XML 1.0): control characters other than tab, line
#: feed and carriage return, U+FFFE, U+FFFF and lone surrogates.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


#: The code whose output is cached, relative to this package: reading a source's text
#: (the .docx reader and its package reader included), segmenting, normalising, locating.
CODE = (
    "sources.py",
    "normalise.py",
    "numbering.py",
    "segment.py",
    "verify.py",
    "ocrmatch.py",
    "quoteindex.py",
)


def code_version() -> str:
    """A digest of the code whose output is cached (:data:`CODE`, and every reader)."""
    folder = Path(__file__).parent
    digest = hashlib.sha256()
    for path in (*(folder / name for name in CODE), *sorted((folder / "readers").glob("*.py"))):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def xml_safe(value: str) -> str:
    """``value`` unchanged, or a ValueError naming a character XML 1.0 cannot hold.

    The one definition of XML-safe text: the register's and the drafts' text fields
    (:data:`Text`, and ``drafting.models.Text``) use it, so a bad character is an error
    at its YAML line, not a crash when a document is written.
    """
    bad = XML_ILLEGAL.search(value)
    if bad:
        raise ValueError(
            f"contains the control character U+{ord(bad.group()):04X}, which a "
            "Word document cannot hold; remove it"
        )
    return value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
#: Text of the register (sources, facts, people): trimmed, not empty, XML-safe.
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(xml_safe)
]
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def require_slug(value: str, what: str) -> str:
    """``value`` if it is an id (a slug); else a clear error naming ``what`` (``--id``).

    Raises:
        SchemaError: it is not lower-case letters and digits joined by hyphens.
    """
    if not _SLUG.fullmatch(value) or len(value) > 80:
        raise SchemaError(
            f"{what}: {value[:100]!r} should be lower-case letters and digits "
            "joined by hyphens (at most 80), like 'council-report-2019'"
        )
    return value


SourceKind = Literal[
    "news",
    "blog",
    "letter",
    "press-release",
    "report",
    "motion",
    "minutes",
    "statement",
    "foi-response",
    "other",
]
#: How a document names each kind of source to a reader ("other" is not named).
KIND_LABELS: dict[str, str | None] = {
    "news": "news report",
    "blog": "blog post",
    "letter": "letter",
    "press-release": "press release",
    "report": "report",
    "motion": "motion",
    "minutes": "minutes",
    "statement": "statement",
    "foi-response": "response to a request for information",
    "other": None,
}


def kind_label(kind: str) -> str | None:
    """A source kind as a reader reads it: ``press-release`` -> "press release"."""
    return KIND_LABELS.get(kind, kind.replace("-", " "))


SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".xlsx", ".csv")
#: Spreadsheets: read cell by cell (:mod:`evidence.readers.sheet`), each cell citable.
SHEET_SUFFIXES = (".xlsx", ".csv")
#: The most a .docx source's text part may expand to.
MAX_DOCX_TEXT = 32 * 2**20
#: The largest .docx source file read (its pictures count; its text is bounded apart).
MAX_DOCX = 64 * 2**20
#: MAX_TEXT, the most text a source may hold, is defined with the readers (a PDF's reader
#: stops at it): see :data:`evidence.readers.blocks.MAX_TEXT`.


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateInfo(_Model):
    """A source's date and how it is known."""

    value: PartialDateField | None = None
    how: Literal["stated", "inferred", "unknown"]
    reason: Text | None = Field(default=None, description="evidence in the text, or why unknown")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.how == "unknown" and self.value is not None:
            raise ValueError("an unknown date has no value (use how: inferred with a reason)")
        if self.how != "unknown" and self.value is None:
            raise ValueError(f"a date that is {self.how} needs a value")
        if self.how == "inferred" and not self.reason:
            raise ValueError("an inferred date needs a reason")
        return self

    def label(self) -> str:
        """``30 July 2019``, ``July 2019 (inferred)`` or ``n.d.``."""
        if self.value is None:
            return "n.d."
        return self.value.long() + (" (inferred)" if self.how == "inferred" else "")


class SourceMeta(_Model):
    """What the manifest says of one source document."""

    id: Slug
    file: Text = Field(description="the document's original file name, inside the sources folder")
    title: Text | None = Field(default=None, description="as stated in the document, else null")
    description: Text = Field(description="our own neutral label, used where there is no title")
    kind: SourceKind
    publisher: Text | None = None
    authors: tuple[Text, ...] = ()
    date: DateInfo
    url: Text | None = None
    partisan: Text | None = Field(
        default=None, description="the party or group the source speaks for, where it says so"
    )
    comments_begin: Text | None = Field(
        default=None, description="first words of readers' comments the page does not mark"
    )
    restricted: bool = Field(
        default=False,
        description="not to be cited in a finished document (a review whose public copy "
        "was withdrawn): review calls a citation of it an error; render --allow-restricted",
    )
    request: Text | None = Field(
        default=None,
        description="for an FOI response, the request it answers: the draft's path "
        "from the dossier's folder (drafts/foi-x.yaml)",
    )
    duplicate_of: Slug | None = Field(
        default=None,
        description="the source this one repeats (a mirror, a re-publication, "
        "an agency copy): not counted as separate corroboration",
    )
    added_from: Text | None = Field(
        default=None,
        description="the file it was added from, when that was reduced to "
        "this text (an .html page)",
    )
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        default=None,
        description="the file's sha256 when its facts were checked; "
        "'drafting evidence rehash ID' records it",
    )

    @field_validator("file")
    @classmethod
    def _plain_name(cls, name: str) -> str:
        if Path(name).name != name or name.startswith(".") or "\\" in name:
            raise ValueError(
                f"{name!r} must be a plain file name inside the sources folder "
                "(no folder, not starting with '.')"
            )
        return name

    @field_validator("request")
    @classmethod
    def _relative_path(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = Path(value).parts
        if Path(value).is_absolute() or ".." in parts or "\\" in value or not parts:
            raise ValueError(
                f"{value!r} must be a path inside the dossier's folder, "
                "like 'drafts/foi-unallocated-cases.yaml'"
            )
        return value

    @property
    def label(self) -> str:
        """The title, or the description in square brackets (as citation styles do)."""
        return self.title or f"[{self.description}]"


class Manifest(_Model):
    """The whole manifest file."""

    sources: tuple[SourceMeta, ...]


@dataclass(frozen=True)
class Source:
    """A source document: its manifest entry, its text and its segmentation."""

    meta: SourceMeta
    path: Path
    text: str
    sha256: str
    segmentation: Segmentation
    #: A PDF's scanned pages (1-based) read by OCR, and those OCR could not read.
    ocr_pages: tuple[int, ...] = ()
    unreadable: tuple[int, ...] = ()

    @property
    def id(self) -> str:
        """The source's id."""
        return self.meta.id

    @property
    def stale(self) -> bool:
        """True when the file does not have the hash the manifest records (or none is)."""
        return self.sha256 != self.meta.sha256

    def unreadable_note(self) -> str | None:
        """``pages 3, 7 of report.pdf could not be read by OCR``, or None when all could."""
        if not self.unreadable:
            return None
        pages = ", ".join(map(str, self.unreadable))
        return (
            f"page{'s' if len(self.unreadable) > 1 else ''} {pages} of {self.meta.file} "
            "could not be read by OCR"
        )

    def hash_problem(self) -> str | None:
        """What is wrong with the recorded hash, with the actual one and the command to fix it."""
        if not self.stale:
            return None
        what = (
            "has no sha256 in the manifest"
            if self.meta.sha256 is None
            else "has changed since it was registered (its sha256 differs from the manifest's)"
        )
        return (
            f"{self.meta.file} {what}; its sha256 is {self.sha256}. Check the facts citing "
            f"it, then record it with `drafting evidence rehash {self.id}`"
        )


_SPLIT = "Split the document into parts of at most {} and add each as its own source"


@dataclass(frozen=True)
class SourceRead:
    """A source file read: its text and the sha256 of its bytes.

    A laid-out document (a PDF) also has its blocks: paragraphs, pages and numbers; text
    is cut at blank lines instead.
    """

    text: str
    sha256: str
    blocks: tuple[Block, ...] | None = None
    pdf: PdfRead | None = None


def read_source(
    path: Path, cache: Path | None = None, progress: Progress | None = None
) -> SourceRead:
    """Read a source file: its text (and a PDF's layout), and the sha256 of its bytes.

    Only a regular file is read (:func:`evidence.fsio.read_input`); its text may be at
    most :data:`MAX_TEXT` bytes (verifying, searching and reviewing read all of it). A
    PDF is read once: what it reads as is kept in ``cache`` (the dossier's cache folder).
    ``progress`` is called with (pages done, pages to do) as a PDF's scanned pages are
    read by OCR.

    Raises:
        SourceError: an unsupported format, a missing or unreadable file, one that is not
            a regular file, text over the limit, text that is not UTF-8, or a PDF that
            cannot be read.
    """
    return source_from_bytes(read_source_bytes(path), path, cache, progress)


def read_source_bytes(path: Path) -> bytes:
    """A source file's bytes, within the limit for its format.

    Raises:
        SourceError: an unsupported format, or a file that is missing, unreadable, not a
            regular file, or over the limit.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(
            f"unsupported source format {path.suffix!r}",
            path=path,
            hint=f"Use one of {', '.join(SUPPORTED_SUFFIXES)}",
        )
    from evidence.readers.sheet import MAX_XLSX

    limit = {".docx": MAX_DOCX, ".pdf": MAX_PDF, ".xlsx": MAX_XLSX}.get(suffix, MAX_TEXT)
    return read_input(
        path,
        limit=limit,
        what="source file",
        error=SourceError,
        hint=_SPLIT.format(size_label(MAX_TEXT)),
        missing="Restore it, or fix its 'file' in the manifest",
    )


def source_from_bytes(
    data: bytes, path: Path, cache: Path | None = None, progress: Progress | None = None
) -> SourceRead:
    """What a source file's bytes read as (``path`` names its format and the file).

    ``cache`` and ``progress`` are as for :func:`read_source`.

    Raises:
        SourceError: text over the limit, not UTF-8, or a document that cannot be read.
    """
    suffix = path.suffix.lower()
    split = _SPLIT.format(size_label(MAX_TEXT))
    digest = hashlib.sha256(data).hexdigest()
    if suffix in (".docx", ".pdf", *SHEET_SUFFIXES):
        blocks, pdf = None, None
        if suffix in SHEET_SUFFIXES:
            from evidence.readers.blocks import join
            from evidence.readers.sheet import read_csv, read_xlsx

            blocks = tuple((read_csv if suffix == ".csv" else read_xlsx)(data, path))
            text = join(list(blocks))[0]
        elif suffix == ".docx":
            from evidence.readers.docx import read_docx

            text = read_docx(data, path)
        else:
            from evidence.readers.blocks import join
            from evidence.readers.pdf import read_pdf

            pdf = read_pdf(data, path, cache, progress)
            blocks = pdf.blocks
            text = join(list(blocks))[0]
        if len(text) > MAX_TEXT:  # characters: at least as many bytes
            raise SourceError(
                f"its text is over the {size_label(MAX_TEXT)} limit for a source; not read",
                path=path,
                hint=split,
            )
        return SourceRead(text, digest, blocks, pdf)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})",
            path=path,
            hint="Convert it to UTF-8 (e.g. iconv -t UTF-8)",
        ) from None
    return SourceRead(text.removeprefix("\ufeff"), digest)


def read_source_text(path: Path, cache: Path | None = None) -> tuple[str, str]:
    """The document's text and the sha256 of its bytes (see :func:`read_source`)."""
    read = read_source(path, cache)
    return read.text, read.sha256


def segment_source(read: SourceRead, comments_begin: str | None = None) -> Segmentation:
    """A source read, cut into paragraphs and sentences: a laid-out document by its blocks.

    Raises:
        ValueError: ``comments_begin`` names no paragraph, or is given for a PDF.
    """
    if read.blocks is not None:
        return segment_blocks(list(read.blocks), comments_begin=comments_begin)
    return segment(read.text, comments_begin=comments_begin)


def source_path(manifest_path: Path, i: int, meta: SourceMeta, line: int | None = None) -> Path:
    """The file of the manifest's entry ``i``: a plain name that resolves inside its folder.

    A symlink in the sources folder may point to another file in it, never outside: a
    source is what the dossier holds, and commands print its text.

    Raises:
        SchemaError: the name is not a plain file name, or it resolves outside the folder.
    """
    folder = manifest_path.parent
    where = f"sources[{i}].file ({meta.id})"
    path = folder / meta.file  # a plain name: SourceMeta checks it
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop: reading it says so
        return path
    if not inside:
        raise SchemaError(
            f"{where}: {meta.file} is a link to {path.resolve()}, outside the "
            "sources folder; not read",
            path=manifest_path,
            line=line,
            hint=f"Copy the document into {folder} instead of linking to it",
        )
    return path


def rehash(
    manifest_path: Path, source_id: str, cache: Path | None = None
) -> tuple[str | None, str]:
    """Record a source file's current sha256 in the manifest; return (old, new).

    ``cache`` is where what a PDF reads as is kept: the file is read (a scan, by OCR) as
    the dossier will load it, once.

    Only that line changes (or one line is added after ``file:``): comments, order and
    every other entry of the manifest are kept as they are.

    Raises:
        SchemaError: the source id is not in the manifest.
        SourceError: the file cannot be read, or it has no citable text (an empty file):
            a hash recorded for it would only hide that it was emptied.
    """
    doc = read_yaml(manifest_path)
    manifest = validate(doc, Manifest)
    ids = [m.id for m in manifest.sources]
    if source_id not in ids:
        from evidence.suggest import did_you_mean

        raise SchemaError(
            f"no source {source_id!r} in the manifest",
            path=manifest_path,
            hint=did_you_mean(source_id, ids),
        )
    i = ids.index(source_id)
    meta = manifest.sources[i]
    path = source_path(manifest_path, i, meta, doc.line_of(("sources", i, "file")))
    digest = _citable(path, meta, cache).sha256
    before = read_yaml_text(manifest_path)
    lines = before.splitlines(keepends=True)
    if meta.sha256 is not None:
        at = (doc.line_of(("sources", i, "sha256")) or 0) - 1
        lines[at] = lines[at].replace(meta.sha256, digest)
    else:
        at = (doc.line_of(("sources", i, "file")) or 0) - 1
        indent = re.match(r"^(\s*(?:- )?)", lines[at])
        pad = " " * len(indent.group(1)) if indent else "    "
        lines.insert(at + 1, f"{pad}sha256: {digest}\n")
    unchanged(manifest_path, before.encode("utf-8"))
    write_atomic(manifest_path, "".join(lines), force=True, own=True)
    return meta.sha256, digest


def _citable(path: Path, meta: SourceMeta, cache: Path | None = None) -> SourceRead:
    """A source file read, refused when none of it may be cited (empty, or all furniture)."""
    read = read_source(path, cache)
    try:
        citable = segment_source(read, meta.comments_begin).citable
    except ValueError:
        citable = ()  # its comments_begin names no paragraph: verify says so
    if not citable:
        what = (
            "is empty"
            if not read.text.strip()
            else "has no citable text (every paragraph is marked not citable)"
        )
        raise SourceError(
            f"{what}; its hash was not recorded and the manifest is unchanged",
            path=path,
            hint="Put the document back (from the original or a backup), then rehash it",
        )
    return read


class _Segments:
    """Sources' segmentations kept in ``folder`` (one file), by bytes and ``comments_begin``.

    What is kept is checked for shape when read back (:func:`evidence.segment.from_json`)
    and the spans against the text's length; anything else is segmented again. The file
    keeps the segmentations of the last load only, so it holds no source that has gone.
    """

    FILE = "segments.json"

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.key = [JSON_FORMAT, code_version()] if folder is not None else None
        stored = jsoncache.load(folder / self.FILE, self.key) if folder is not None else None
        self.known: dict[str, Any] = stored if isinstance(stored, dict) else {}
        self.used: dict[str, Any] = {}
        self.changed = False

    def get(self, read: SourceRead, comments_begin: str | None) -> Segmentation:
        """The segmentation of ``read`` (see :func:`segment_source`), kept or made now."""
        name = f"{read.sha256}:{comments_begin or ''}"
        data = self.known.get(name)
        if data is not None:
            try:
                found = from_json(read.text, data)
            except ValueError:
                found = None
            if found is not None and all(p.end <= len(read.text) for p in found.paragraphs):
                self.used[name] = data
                return found
        segmentation = segment_source(read, comments_begin)
        if self.folder is not None:
            self.used[name] = to_json(segmentation)
            self.changed = True
        return segmentation

    def save(self) -> None:
        """Write what this load used, when it differs from what was kept."""
        if self.folder is not None and (self.changed or len(self.used) != len(self.known)):
            jsoncache.store(self.folder / self.FILE, self.key, self.used)


def load_sources(
    manifest_path: Path, cache: Path | None = None, *, parsed: Path | None = None
) -> dict[str, Source]:
    """Read the manifest and every source it lists, in manifest order.

    ``cache`` is where what a PDF reads as is kept (the dossier's cache folder); ``parsed``
    where a long manifest is kept parsed and each source's segmentation is kept, under its
    bytes' hash and the code's (:func:`code_version`): a thousand sources take a second
    to segment, and a few hundredths of one to read back.
    """
    doc = read_yaml(manifest_path, parsed)
    manifest = validate(doc, Manifest)
    segments = _Segments(parsed)
    sources: dict[str, Source] = {}
    for i, meta in enumerate(manifest.sources):
        line = doc.line_of(("sources", i, "id"))
        if meta.id in sources:
            raise SchemaError(
                f"duplicate source id {meta.id!r}",
                path=manifest_path,
                line=line,
                hint="Give each source its own id",
            )
        path = source_path(manifest_path, i, meta, doc.line_of(("sources", i, "file")))
        read = read_source(path, cache)
        text, digest = read.text, read.sha256
        try:
            segmentation = segments.get(read, meta.comments_begin)
        except ValueError as exc:
            raise SchemaError(
                f"sources[{i}].comments_begin: {exc} in {meta.file}",
                path=manifest_path,
                line=doc.line_of(("sources", i, "comments_begin")),
            ) from None
        pdf = read.pdf
        sources[meta.id] = Source(
            meta,
            path,
            text,
            digest,
            segmentation,
            pdf.ocr_pages if pdf else (),
            pdf.unreadable if pdf else (),
        )
    segments.save()
    for i, meta in enumerate(manifest.sources):
        if meta.duplicate_of is not None and (
            meta.duplicate_of not in sources or meta.duplicate_of == meta.id
        ):
            raise SchemaError(
                f"sources[{i}].duplicate_of: {meta.duplicate_of!r} is not another "
                "source of the manifest",
                path=manifest_path,
                line=doc.line_of(("sources", i, "duplicate_of")),
                hint="Give the id of the source this one repeats",
            )
    return sources
