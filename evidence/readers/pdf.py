"""Reading a PDF source: its text layer in a bounded child process, its layout, and a cache.

A PDF is untrusted input, and the PDF engine (PDFium) is C code that a hostile file can
drive to gigabytes or to an abort that would take the whole command with it. So the pages
are read in a child process (:mod:`evidence.readers.pdfpages`) that is given the bytes on
its standard input (never the path, which could change meanwhile) and runs under limits:
:data:`MEMORY` bytes of address space, :data:`CPU_SECONDS` of processor time, and a
wall-clock timeout. Anything that goes wrong there (a password, damage, a bomb, a page
tree that loops, too many pages) is one clear :class:`~evidence.errors.SourceError`.

Pages without a text layer but with an image are scans: they are read by OCR
(:mod:`evidence.readers.ocr`). The layout rules (:mod:`evidence.readers.layout`) then turn
the pages into blocks. What a PDF reads as is kept in the dossier's cache folder, keyed by
the file's sha256 and a digest of the reading code, so a PDF is read once; the cache is
checked before it is believed, and anything odd in it is read again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence.errors import SourceError
from evidence.readers.blocks import Block, Page
from evidence.readers.child import HINT, run_child
from evidence.readers.pdfpages import MAX_PAGES

if TYPE_CHECKING:
    from evidence.readers.ocr import Progress

#: The largest PDF read (its pictures count: a report with photographs is a few MB).
MAX_PDF = 200 * 2**20


@dataclass(frozen=True)
class PdfRead:
    """A PDF read: its blocks, what its metadata says, and its first page's text."""

    blocks: tuple[Block, ...]
    meta: dict[str, str]
    first_page: str
    ocr_pages: tuple[int, ...] = ()
    unreadable: tuple[int, ...] = ()  # scanned pages OCR could not read


def reader_version() -> str:
    """A digest of the code that reads a PDF and of the PDF engine's version."""
    from pypdfium2 import version

    digest = hashlib.sha256(f"{version.PYPDFIUM_INFO} {version.PDFIUM_INFO}".encode())
    folder = Path(__file__).parent
    for name in sorted(folder.glob("*.py")):
        digest.update(name.read_bytes())
    return digest.hexdigest()[:16]


def extract_pages(data: bytes, path: Path) -> dict[str, Any]:
    """The pages of the PDF ``data`` as lines (see :mod:`evidence.readers.pdfpages`).

    Raises:
        SourceError: not a PDF, or one the engine cannot read within the limits.
    """
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise SourceError("is not a PDF file (it does not start with %PDF-)", path=path,
                          hint="Check the file: a download that failed is often a web page")
    result = run_child(data, path, [])
    error = result.get("error")
    if error == "pages":
        raise SourceError(f"has {result['pages']:,} pages; a source may have at most "
                          f"{MAX_PAGES:,}", path=path,
                          hint="Split it into parts and add each as its own source")
    if error:
        detail = str(result.get("detail", ""))
        why = ("is protected by a password" if "password" in detail.lower()
               else "is damaged or is not a PDF the reader understands")
        raise SourceError(f"{why}; not read", path=path, hint=HINT)
    return result


def read_pdf(data: bytes, path: Path, cache: Path | None = None,
             progress: Progress | None = None) -> PdfRead:
    """What the PDF ``data`` reads as, from ``cache`` when it was read before.

    ``progress`` is called with (pages done, pages to do) as scanned pages are read by OCR.

    Raises:
        SourceError: the PDF cannot be read (see :func:`extract_pages`), or it holds no
            text at all (no text layer, and nothing OCR could read).
    """
    digest = hashlib.sha256(data).hexdigest()
    where = cache / f"{digest}-{reader_version()}.json" if cache is not None else None
    if where is not None:
        cached = _from_cache(where)
        if cached is not None:
            return cached
    result = extract_pages(data, path)
    pages = result["pages"]
    from evidence.readers.ocr import ocr_scanned

    ocr_pages, unreadable = ocr_scanned(data, pages, path, progress)
    from evidence.readers.layout import read_layout

    layout = read_layout(pages)
    if not any(b.text.strip() for b in layout.blocks if b.excluded is None):
        raise SourceError("has no text that can be cited (no text layer, and OCR read "
                          "nothing)", path=path, hint=HINT)
    first = "\n".join(ln["segs"][0][2] if len(ln["segs"]) == 1 else
                      " ".join(s[2] for s in ln["segs"]) for ln in pages[0]["lines"]) \
        if pages else ""
    read = PdfRead(tuple(layout.blocks), result.get("meta", {}), first, tuple(ocr_pages),
                   tuple(unreadable))
    if where is not None:
        _to_cache(where, read)
    return read


def _to_cache(where: Path, read: PdfRead) -> None:
    from evidence.errors import UserError
    from evidence.fsio import make_cache_dir, write_atomic

    data = {"blocks": [[b.text, b.excluded, b.number, b.lead,
                        [[p.at, p.pdf_page, p.printed] for p in b.pages], b.ocr,
                        [list(span) for span in b.doubtful]]
                       for b in read.blocks],
            "meta": read.meta, "first": read.first_page, "ocr": list(read.ocr_pages),
            "unreadable": list(read.unreadable)}
    try:
        make_cache_dir(where.parent)
        write_atomic(where, json.dumps(data, ensure_ascii=False), force=True)
    except (OSError, UserError):
        pass  # a cache that cannot be written is only slower


def _from_cache(where: Path) -> PdfRead | None:
    """The cached reading, or None when there is none or it cannot be believed."""
    from evidence.errors import UserError
    from evidence.fsio import read_input

    try:
        raw = read_input(where, limit=64 * 2**20, what="cache file")
        if raw.count(b"[") > 4 * raw.count(b"\n\n") + 10 * 2**20:
            return None
        data = json.loads(raw)
        blocks = tuple(_block(item) for item in data["blocks"])
        meta = {str(k): str(v) for k, v in data["meta"].items()}
        return PdfRead(blocks, meta, str(data["first"]),
                       tuple(int(n) for n in data["ocr"]),
                       tuple(int(n) for n in data["unreadable"]))
    except (UserError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _block(item: Any) -> Block:
    text, excluded, number, lead, pages, ocr, doubtful = item
    if not isinstance(text, str) or not isinstance(lead, int) or not 0 <= lead <= len(text):
        raise ValueError("not a block")
    for value in (excluded, number):
        if value is not None and not isinstance(value, str):
            raise ValueError("not a block")
    pages_read = tuple(Page(int(at), int(n), None if p is None else str(p))
                       for at, n, p in pages)
    if any(not 0 <= p.at <= len(text) for p in pages_read):
        raise ValueError("not a block")
    spans = tuple((int(a), int(b)) for a, b in doubtful)
    if any(not 0 <= a < b <= len(text) for a, b in spans):
        raise ValueError("not a block")
    return Block(text, excluded, number, lead, pages_read,
                 None if ocr is None else float(ocr), spans)
