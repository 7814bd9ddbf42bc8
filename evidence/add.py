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
from typing import Any

from evidence.dates import PartialDate, written_date
from evidence.errors import SchemaError, SourceError
from evidence.fsio import read_input, refuse_overwrite, size_label, write_atomic
from evidence.normalise import normalise
from evidence.sources import (
    MAX_DOCX,
    MAX_TEXT,
    SUPPORTED_SUFFIXES,
    Source,
    SourceMeta,
    read_source_text,
)
from evidence.yamledit import append_entry

#: Pages are reduced to their article text; the most a page may be.
MAX_HTML = 16 * 2**20
HTML_SUFFIXES = (".html", ".htm")
#: Shared five-word runs, as a share of the smaller text, from which a text is a copy.
COPY_THRESHOLD = 0.6

_BYLINE = re.compile(r"^\s*(?:By|Written by|Words by)\s+([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})"
                     r"\s*(?:[,|•·-]|$)", re.MULTILINE)


@dataclass(frozen=True)
class Offered:
    """What a document states of itself that a user may confirm: never recorded silently."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: PartialDate | None = None
    date_evidence: str | None = None
    publisher: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Document:
    """A file read as the dossier will keep it."""

    path: Path
    text: str
    sha256: str
    keep_as: str  # the file name in the sources folder
    offered: Offered
    reduced_from: str | None = None  # the original file name of a page reduced to text


def _read_html(path: Path) -> tuple[str, Offered]:
    import trafilatura

    raw = read_input(path, limit=MAX_HTML, what="page", error=SourceError,
                     hint="Save the article's text as a .txt file and add that")
    html = raw.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=True,
                               favor_precision=True) or ""
    if not text.strip():
        raise SourceError("has no article text that could be extracted", path=path,
                          hint="Save the article's text as a .txt file and add that")
    meta = trafilatura.extract_metadata(html)
    date = None
    if meta is not None and meta.date:
        try:
            date = PartialDate.parse(meta.date[:10])
        except ValueError:
            date = None
    offered = Offered(
        title=meta.title if meta is not None else None,
        authors=tuple(a.strip() for a in (meta.author or "").split(";") if a.strip())
        if meta is not None else (),
        date=date, date_evidence="the page's metadata" if date else None,
        publisher=meta.sitename if meta is not None else None,
        url=meta.url if meta is not None else None)
    # paragraphs as the dossier's segmentation expects them: separated by a blank line
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n", offered


def _printed(text: str) -> Offered:
    """A byline or a date printed near the top of the text (the first 12 lines)."""
    head = "\n".join(text.splitlines()[:12])
    byline = _BYLINE.search(head)
    written = written_date(head)
    first = next((line.strip().lstrip("#").strip() for line in text.splitlines()
                  if line.strip()), "")
    headline = first if 0 < len(first) <= 120 and not first.endswith((".", ":", ";")) else None
    return Offered(title=headline, authors=(byline.group(1),) if byline else (),
                   date=written[0] if written else None,
                   date_evidence=f"printed in the text: “{written[1]}”" if written else None)


def read_document(path: Path) -> Document:
    """Read ``path`` as a source: its text, sha256, the name to keep it under, and offers.

    Raises:
        SourceError: an unsupported or unreadable file, or a page with no article text.
    """
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        text, offered = _read_html(path)
        printed = _printed(text)
        offered = Offered(offered.title, offered.authors or printed.authors,
                          offered.date or printed.date,
                          offered.date_evidence or printed.date_evidence,
                          offered.publisher, offered.url)
        data = text.encode("utf-8")
        if len(data) > MAX_TEXT:
            raise SourceError(f"its article text is over the {size_label(MAX_TEXT)} limit for "
                              "a source; not added", path=path,
                              hint="Split the article and add each part as its own source")
        digest = hashlib.sha256(data).hexdigest()
        return Document(path, text, digest, f"{path.stem}.txt", offered, path.name)
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(f"is a {suffix or 'file without a suffix'}; sources are "
                          f"{', '.join((*SUPPORTED_SUFFIXES, *HTML_SUFFIXES))}", path=path,
                          hint="Save the document as text (.txt) and add that")
    text, digest = read_source_text(path)
    if not text.strip():
        raise SourceError("has no text", path=path)
    return Document(path, text, digest, path.name, _printed(text))


def _shingles(text: str, size: int = 5) -> set[int]:
    words = re.findall(r"\w+", normalise(text).lower())
    return {hash(tuple(words[i:i + size])) for i in range(max(0, len(words) - size + 1))}


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


def add_source(folder: Path, manifest: Path, document: Document, meta: SourceMeta) -> None:
    """Write the document into ``folder`` and its entry into ``manifest``, all or nothing.

    Raises:
        SourceError: a file of that name is already in the folder (nothing is written).
        SchemaError: the manifest cannot take the entry (nothing is written).
    """
    target = folder / document.keep_as
    refuse_overwrite(target, force=False)
    if document.reduced_from is not None:
        write_atomic(target, document.text)
    else:  # the document exactly as it is: its sha256 pins the text facts are verified in
        data = read_input(document.path, limit=MAX_DOCX, what="source file", error=SourceError)
        if hashlib.sha256(data).hexdigest() != document.sha256:
            raise SourceError("changed while it was being added; nothing was written",
                              path=document.path, hint="Add it again")
        write_atomic(target, data)
    entry: dict[str, Any] = meta.model_dump(mode="json", exclude_none=False)
    entry = {k: v for k, v in entry.items()
             if v is not None or k in ("title", "publisher", "url")}
    if entry.get("date", {}).get("reason") is None:
        entry["date"] = {k: v for k, v in entry["date"].items() if v is not None}
    try:
        append_entry(manifest, "sources", entry, quoted=frozenset({"description", "reason",
                                                                   "title"}))
    except (SchemaError, OSError):
        target.unlink(missing_ok=True)
        raise
