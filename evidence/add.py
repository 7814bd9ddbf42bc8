"""Adding a source document to a dossier: its text, what it says of itself, and copies.

:func:`read_document` reads a file as the dossier will keep it (.txt, .md and .docx as they
are; an .html page reduced to its article text by trafilatura, without menus, comments or
footers) and what the file itself states: a title, and dates or bylines it prints, which are
only ever *offered* (:class:`Offered`), never recorded unless the user says so.
:func:`find_copies` recognises a document the dossier already has, the same text or nearly
(a mirror, a re-publication, an agency copy under another masthead). :func:`add_source`
writes the file into the sources folder and its entry into the manifest, all or nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence.dates import PartialDate, written_date
from evidence.errors import SourceError
from evidence.fsio import read_input, size_label, write_atomic
from evidence.normalise import normalise
from evidence.pagedate import stated_date
from evidence.sources import (
    MAX_TEXT,
    SUPPORTED_SUFFIXES,
    Manifest,
    Source,
    SourceMeta,
    read_source_bytes,
    source_from_bytes,
)

if TYPE_CHECKING:
    from evidence.dossier import Dossier
    from evidence.readers.ocr import Progress
    from evidence.readers.pdf import PdfRead

#: Pages are reduced to their article text; the most a page may be.
MAX_HTML = 16 * 2**20
HTML_SUFFIXES = (".html", ".htm")
#: Shared five-word runs, as a share of the smaller text, from which a text is a copy.
COPY_THRESHOLD = 0.6

_BYLINE = re.compile(
    r"^\s*(?:By|Written by|Words by)\s+([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})"
    r"\s*(?:[,|•·-]|$)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Offered:
    """What a document states of itself that a user may confirm: never recorded silently."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: PartialDate | None = None
    date_evidence: str | None = None
    publisher: str | None = None
    url: str | None = None
    #: The date is a guess (from the page's words or address), not stated by the document.
    date_guessed: bool = False


@dataclass(frozen=True)
class Document:
    """A file read as the dossier will keep it."""

    path: Path
    text: str
    sha256: str
    keep_as: str  # the file name in the sources folder
    offered: Offered
    reduced_from: str | None = None  # the original file name of a page reduced to text
    raw: bytes | None = None  # the file's bytes, kept as they are (not for a reduced page)

    def data(self) -> bytes:
        """The bytes the sources folder keeps: the file as it is, or a page's text."""
        return self.raw if self.raw is not None else self.text.encode("utf-8")


def _read_html(path: Path) -> tuple[str, Offered]:
    import trafilatura

    from evidence.readers.html import decode_page

    raw = read_input(
        path,
        limit=MAX_HTML,
        what="page",
        error=SourceError,
        hint="Save the article's text as a .txt file and add that",
    )
    html = decode_page(raw, path)
    text = (
        trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
        or ""
    )
    if not text.strip():
        raise SourceError(
            "has no article text that could be extracted",
            path=path,
            hint="Save the article's text as a .txt file and add that",
        )
    meta = trafilatura.extract_metadata(html)
    stated = stated_date(html)
    date, evidence, guessed = (stated[0], stated[1], False) if stated else (None, None, False)
    if date is None and meta is not None and meta.date:
        try:  # trafilatura guesses from the words and the address too: a guess
            date, evidence, guessed = (
                PartialDate.parse(meta.date[:10]),
                "guessed by trafilatura from the page",
                True,
            )
        except ValueError:
            date = None
    offered = Offered(
        title=meta.title if meta is not None else None,
        authors=tuple(a.strip() for a in (meta.author or "").split(";") if a.strip())
        if meta is not None
        else (),
        date=date,
        date_evidence=evidence,
        date_guessed=guessed,
        publisher=meta.sitename if meta is not None else None,
        url=meta.url if meta is not None else None,
    )
    # paragraphs as the dossier's segmentation expects them: separated by a blank line
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n", offered


def _printed(text: str, lines: int = 12) -> Offered:
    """A byline or a date printed near the top of the text (its first ``lines`` lines).

    A labelled date ("Report published: 25 November 2022", "Inspection dates: 3 to 14
    October 2022") is offered before any other: the publication date first, else the
    inspection's (:func:`evidence.docdates.stated_dates`); else the first date written out.
    """
    from evidence.docdates import stated_dates

    head = "\n".join(text.splitlines()[:lines])
    byline = _BYLINE.search(head)
    first = next(
        (line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), ""
    )
    headline = first if 0 < len(first) <= 120 and not first.endswith((".", ":", ";")) else None
    stated = sorted(stated_dates(head), key=lambda d: d.what != "publication")
    date: PartialDate | None
    evidence: str | None
    if stated:
        date, evidence = (
            stated[0].date,
            f"printed in the text: “{stated[0].label} {stated[0].words}”",
        )
    else:
        written = written_date(head)
        date = written[0] if written else None
        evidence = f"printed in the text: “{written[1]}”" if written else None
    return Offered(
        title=headline,
        authors=(byline.group(1),) if byline else (),
        date=date,
        date_evidence=evidence,
    )


def read_document(
    path: Path, cache: Path | None = None, progress: Progress | None = None
) -> Document:
    """Read ``path`` as a source: its text, sha256, the name to keep it under, and offers.

    A PDF's reading is kept in ``cache`` (the dossier's cache folder: loading the dossier
    once it is added reads it from there); ``progress`` is called with (pages done, pages
    to do) as its scanned pages are read by OCR.

    Raises:
        SourceError: an unsupported or unreadable file, or a page with no article text.
    """
    if path.name.startswith("."):
        raise SourceError(
            "is a hidden file (its name starts with '.'); sources are kept "
            "under their own names, and hidden ones would be missed",
            path=path,
            hint=f"Rename it (e.g. {path.name.lstrip('.') or 'source.txt'}) and add that",
        )
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        text, offered = _read_html(path)
        printed = _printed(text)
        printed_first = printed.date is not None and (offered.date is None or offered.date_guessed)
        offered = Offered(
            offered.title,
            offered.authors or printed.authors,
            printed.date if printed_first else offered.date,
            printed.date_evidence if printed_first else offered.date_evidence,
            offered.publisher,
            offered.url,
            date_guessed=offered.date_guessed and not printed_first,
        )
        data = text.encode("utf-8")
        if len(data) > MAX_TEXT:
            raise SourceError(
                f"its article text is over the {size_label(MAX_TEXT)} limit for "
                "a source; not added",
                path=path,
                hint="Split the article and add each part as its own source",
            )
        digest = hashlib.sha256(data).hexdigest()
        return Document(path, text, digest, f"{path.stem}.txt", offered, path.name)
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(
            f"is a {suffix or 'file without a suffix'}; sources are "
            f"{', '.join((*SUPPORTED_SUFFIXES, *HTML_SUFFIXES))}",
            path=path,
            hint="Save the document as text (.txt) and add that",
        )
    raw = read_source_bytes(path)
    read = source_from_bytes(raw, path, cache, progress)
    if not read.text.strip():
        raise SourceError("has no text", path=path)
    offered = _pdf_offers(read.pdf) if read.pdf is not None else _printed(read.text)
    return Document(path, read.text, read.sha256, path.name, offered, raw=raw)


def _pdf_offers(pdf: PdfRead) -> Offered:
    """What a PDF states of itself, offered.

    The title its first page prints in its largest type, else its metadata's; its
    metadata's author; a date printed on its first page (the publication date, else the
    inspection's), else the file's creation date as a guess.
    """
    from evidence.readers.pdf import printed_title

    title = printed_title(pdf.first_page) or pdf.meta.get("Title", "").strip()
    if re.search(r"\.(docx?|pdf|odt)$|^microsoft word\b|^untitled|template", title, re.I):
        title = ""  # a file name or a template's leftover in the metadata, not a title
    printed = _printed(pdf.first_page.replace("# ", ""), lines=80)
    date, evidence, guessed = printed.date, printed.date_evidence, False
    made = re.match(r"D:(\d{4})(\d{2})(\d{2})", pdf.meta.get("CreationDate", ""))
    if date is None and made:
        try:
            date = PartialDate(int(made[1]), int(made[2]), int(made[3]))
            evidence = "the PDF file's creation date (not always when it was published)"
            guessed = True
        except ValueError:
            date = None
    author = pdf.meta.get("Author", "").strip()
    return Offered(
        title=title or None,
        authors=(author,) if author else printed.authors,
        date=date,
        date_evidence=evidence,
        date_guessed=guessed,
    )


def _shingles(text: str, size: int = 5) -> set[int]:
    words = re.findall(r"\w+", normalise(text).lower())
    return {hash(tuple(words[i : i + size])) for i in range(max(0, len(words) - size + 1))}


@dataclass(frozen=True)
class Copy:
    """An existing source that the new document repeats."""

    source: str
    share: float  # of the smaller text's five-word runs, shared
    identical: bool


def find_copies(text: str, sources: dict[str, Source]) -> list[Copy]:
    """Sources whose text the new one repeats, most alike first."""
    mine = _shingles(text)
    flat = normalise(text)
    out = []
    for source in sources.values():
        theirs = _shingles(source.text)
        if not mine or not theirs:
            continue
        share = len(mine & theirs) / min(len(mine), len(theirs))
        if share >= COPY_THRESHOLD:
            out.append(Copy(source.id, share, normalise(source.text) == flat))
    return sorted(out, key=lambda c: -c.share)


def unique_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` ... if that is taken."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def new_source(**fields: Any) -> SourceMeta:
    """The manifest entry for a new source from the values given, or a clear error.

    Raises:
        SourceError: a value does not fit the manifest (an id that is not a slug ...).
    """
    from pydantic import ValidationError

    from evidence.yamlio import plain_problems

    try:
        return SourceMeta(**fields)
    except ValidationError as exc:
        problem = plain_problems(exc)
        option = "--" + problem.split(":", 1)[0].split(".")[0].replace("_", "-")
        raise SourceError(
            f"{option}: {problem.split(': ', 1)[-1]}", hint="Nothing was added"
        ) from None


def add_source(
    dossier: Dossier, document: Document, meta: SourceMeta, *, id_given: bool = True
) -> SourceMeta:
    """Write the document into the sources folder and its entry into the manifest.

    Call it holding the dossier (:meth:`Dossier.editing`). The whole new manifest is
    checked in memory before anything is written; the document is written first, then the
    manifest, so an interruption leaves at worst a file no entry names, which adding the
    same document again adopts. When the id was chosen for the user (``id_given`` false)
    and another command took it meanwhile, the next free one is used. Returns the entry
    as written.

    Raises:
        SourceError: the id is taken, or a different file of that name is in the folder.
        SchemaError: the manifest cannot take the entry (nothing is written).
        UserError: the manifest changed meanwhile (nothing is written).
    """
    from evidence.fsio import unchanged
    from evidence.yamledit import appended
    from evidence.yamlio import parse_yaml, read_yaml_text, validate

    manifest_path = dossier.manifest_path
    text = read_yaml_text(manifest_path)
    current = validate(parse_yaml(text, manifest_path), Manifest)
    ids = {m.id for m in current.sources}
    if meta.id in ids:
        if id_given:
            raise SourceError(
                f"--id: {meta.id!r} is already a source of the dossier",
                path=manifest_path,
                hint="Choose another id",
            )
        meta = meta.model_copy(update={"id": unique_id(meta.id, ids)})
    named = next((m.id for m in current.sources if m.file == document.keep_as), None)
    if named is not None:
        raise SourceError(
            f"{document.keep_as} is already the file of source {named!r}",
            path=dossier.sources_dir,
            hint="Rename the document and add it again",
        )
    target = dossier.sources_dir / document.keep_as
    data = document.data()
    adopt = _left_behind(target, data)
    after = appended(
        text,
        "sources",
        _entry(meta),
        path=manifest_path,
        quoted=frozenset({"description", "reason", "title"}),
    )
    validate(parse_yaml(after, manifest_path), Manifest)
    if not adopt:
        write_atomic(target, data, own=True)
    unchanged(manifest_path, text.encode("utf-8"))
    write_atomic(manifest_path, after, force=True, own=True)
    return meta


def _entry(meta: SourceMeta) -> dict[str, Any]:
    entry: dict[str, Any] = meta.model_dump(mode="json", exclude_none=False)
    entry = {k: v for k, v in entry.items() if v is not None or k in ("title", "publisher", "url")}
    if entry.get("date", {}).get("reason") is None:
        entry["date"] = {k: v for k, v in entry["date"].items() if v is not None}
    return entry


def _left_behind(target: Path, data: bytes) -> bool:
    """Whether ``target`` already holds ``data`` (an add interrupted after the copy).

    Raises:
        SourceError: another file of that name is there, which no manifest entry names.
    """
    if not target.exists() and not target.is_symlink():
        return False
    same = (
        target.is_file()
        and not target.is_symlink()
        and read_input(target, limit=len(data) + 1, what="source file", error=SourceError) == data
    )
    if not same:
        raise SourceError(
            "is in the sources folder, but no source in the manifest names it "
            "(left by an interrupted add, or copied in by hand)",
            path=target,
            hint="Move it out of the folder, or add it under its own name first",
        )
    return True
