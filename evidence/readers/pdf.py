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
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence.errors import SourceError
from evidence.readers import child
from evidence.readers.blocks import Block, Page
from evidence.readers.child import HINT
from evidence.readers.pdfpages import MAX_PAGES

if TYPE_CHECKING:
    from evidence.readers.ocr import Progress

#: The largest PDF read (its pictures count: a report with photographs is a few MB).
MAX_PDF = 200 * 2**20
#: The largest cached reading read back (a source's text is at most 4 MB; a reading
#: larger than this is not written, so it is read again each time rather than trusted).
MAX_CACHED = 32 * 2**20
#: A PDF starts with ``%PDF-`` within its first KB and ends with ``%%EOF`` within its last
#: (trailing blanks and NULs aside), as PDF readers accept them.
_TAIL = 1024
#: The most lists and objects a cached reading may hold (a block has two or three).
MAX_CONTAINERS = 1_000_000
_SPLIT = "Split it into parts and add each as its own source"
_PASSWORD = (
    "Open it with its password in a PDF reader and save or print a copy without one, then add that"
)


@dataclass(frozen=True)
class PdfRead:
    """A PDF read: its blocks, what its metadata says, and its first page's text."""

    blocks: tuple[Block, ...]
    meta: dict[str, str]
    first_page: str
    ocr_pages: tuple[int, ...] = ()
    unreadable: tuple[int, ...] = ()  # scanned pages OCR could not read


@lru_cache(maxsize=1)
def reader_version() -> str:
    """A digest of the code that reads a PDF and of the PDF engine's version.

    The engine's version is read from its packages' files, without loading the engine (a
    reading found in the cache needs no PDF engine at all).
    """
    from importlib.util import find_spec

    digest = hashlib.sha256()
    for package in ("pypdfium2", "pypdfium2_raw"):
        spec = find_spec(package)
        for where in (spec.submodule_search_locations or []) if spec else []:
            version = Path(where) / "version.json"
            digest.update(version.read_bytes() if version.is_file() else package.encode())
    for name in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(name.read_bytes())
    return digest.hexdigest()[:16]


def _text_limit() -> int:
    """The most text a source may hold (read when it is needed, so a test may lower it)."""
    from evidence.readers import blocks

    return blocks.MAX_TEXT


def _check_whole(data: bytes, path: Path) -> None:
    """Refuse what is not a PDF at all, and a PDF cut short (no ``%%EOF`` at its end).

    Raises:
        SourceError: it does not start as a PDF does, or does not end as one does.
    """
    if not data[:_TAIL].lstrip().startswith(b"%PDF-"):
        raise SourceError(
            "is not a PDF file (it does not start with %PDF-)",
            path=path,
            hint="Check the file: a download that failed is often a web page",
        )
    if b"%%EOF" not in data[-(2**20) :].rstrip(b"\x00\t\n\x0c\r ")[-_TAIL:]:
        raise SourceError(
            "is incomplete: it does not end with %%EOF as a whole PDF does (a "
            "download or copy cut short?); not read",
            path=path,
            hint="Download or copy it again, then add it",
        )


def extract_pages(data: bytes, path: Path) -> dict[str, Any]:
    """The pages of the PDF ``data`` as lines (see :mod:`evidence.readers.pdfpages`).

    Raises:
        SourceError: not a PDF, one cut short, protected by a password, damaged, with too
            many pages or too much text, or one the engine cannot read within the limits.
    """
    from evidence.fsio import size_label

    _check_whole(data, path)
    result = child.run_child(data, path, ["read", str(_text_limit()), str(child.MAX_ANSWER)])
    error = result.get("error")
    if error == "pages":
        raise SourceError(
            f"has {result.get('pages', 0):,} pages; a source may have at most {MAX_PAGES:,}",
            path=path,
            hint=_SPLIT,
        )
    if error == "text":
        raise SourceError(
            f"its text is over the {size_label(_text_limit())} limit for a source; not read",
            path=path,
            hint=_SPLIT,
        )
    if error == "large":
        raise SourceError(
            f"holds more lines and positions than a source may (over "
            f"{size_label(child.MAX_ANSWER)} read); not read",
            path=path,
            hint=_SPLIT,
        )
    if error in ("password", "security"):
        why = (
            "is protected by a password"
            if error == "password"
            else "is encrypted in a way the PDF reader does not support"
        )
        raise SourceError(f"{why}; not read", path=path, hint=_PASSWORD)
    if error or not isinstance(result.get("pages"), list):
        raise SourceError(
            "is damaged or is not a PDF the reader understands; not read", path=path, hint=HINT
        )
    return result


def read_pdf(
    data: bytes, path: Path, cache: Path | None = None, progress: Progress | None = None
) -> PdfRead:
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
        raise SourceError(
            "has no text that can be cited (no text layer, and OCR read nothing)",
            path=path,
            hint=HINT,
        )
    if sum(len(b.text) + 2 for b in layout.blocks) > _text_limit():
        from evidence.fsio import size_label

        raise SourceError(
            f"its text is over the {size_label(_text_limit())} limit for a source; not read",
            path=path,
            hint=_SPLIT,
        )
    first = first_page_text(pages[0]) if pages else ""
    read = PdfRead(
        tuple(layout.blocks), result.get("meta", {}), first, tuple(ocr_pages), tuple(unreadable)
    )
    if where is not None:
        _to_cache(where, read)
    return read


def first_page_text(page: dict[str, Any]) -> str:
    """The first page's lines, the largest type marked: what a title and dates are read from.

    Lines set in the page's largest type (when it is larger than the rest) start with
    ``# `` as a heading does in Markdown, so the title a cover prints can be offered.
    """
    lines = page.get("lines") or []
    sizes = [ln["s"] for ln in lines]
    biggest = max(sizes, default=0)
    marked = biggest > min(sizes, default=0) + 2
    return "\n".join(
        ("# " if marked and ln["s"] >= biggest - 0.5 else "") + " ".join(s[2] for s in ln["segs"])
        for ln in lines
    )


def printed_title(first_page: str) -> str | None:
    """The title the first page prints in its largest type, or None."""
    parts = [line[2:].strip() for line in first_page.splitlines() if line.startswith("# ")]
    title = " ".join(parts)
    return title if 0 < len(title) <= 300 else None


def _cache_bounded(text: str) -> bool:
    """Whether a cached reading of this length and shape may be read back."""
    return len(text) <= MAX_CACHED and text.count("[") + text.count("{") <= MAX_CONTAINERS


def _to_cache(where: Path, read: PdfRead) -> None:
    """Keep ``read`` in the cache, unless it is larger than a cached reading may be."""
    from evidence.errors import UserError
    from evidence.fsio import make_cache_dir, write_atomic

    data = {
        "blocks": [
            [
                b.text,
                b.excluded,
                b.number,
                b.lead,
                [[p.at, p.pdf_page, p.printed] for p in b.pages],
                b.ocr,
                [list(span) for span in b.doubtful],
            ]
            for b in read.blocks
        ],
        "meta": read.meta,
        "first": read.first_page,
        "ocr": list(read.ocr_pages),
        "unreadable": list(read.unreadable),
    }
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return
    if not _cache_bounded(text):
        return  # read again each time rather than kept where it could not be read back
    try:
        make_cache_dir(where.parent)
        write_atomic(where, text, force=True, own=True)
        digest = where.name.split("-", 1)[0]
        for older in where.parent.glob(f"{digest}-*.json"):  # read by an older reader
            if older != where:
                older.unlink(missing_ok=True)
    except (OSError, UserError):
        pass  # a cache that cannot be written is only slower


def _from_cache(where: Path) -> PdfRead | None:
    """The cached reading, or None when there is none or it cannot be believed.

    It is believed only when it has the shape a reading has (see :func:`_believe`): a
    damaged, truncated, oversized or hand-made cache file is read again from the PDF.
    """
    from evidence.errors import UserError
    from evidence.fsio import read_input

    if not where.is_file():
        return None
    try:
        raw = read_input(where, limit=MAX_CACHED, what="cache file")
        text = raw.decode("utf-8")
        if not _cache_bounded(text):
            return None
        return _believe(json.loads(text))
    except (UserError, ValueError, RecursionError, MemoryError):
        return None


def _believe(data: Any) -> PdfRead:
    """A cached reading checked field by field.

    Raises:
        ValueError: anything in it that a reading would not hold.
    """
    if not isinstance(data, dict) or set(data) != {"blocks", "meta", "first", "ocr", "unreadable"}:
        raise ValueError("not a reading")
    meta, first = data["meta"], data["first"]
    if (
        not isinstance(meta, dict)
        or not all(isinstance(v, str) for v in meta.values())
        or not isinstance(first, str)
        or not isinstance(data["blocks"], list)
    ):
        raise ValueError("not a reading")
    blocks = tuple(_block(item) for item in data["blocks"])
    if sum(len(b.text) for b in blocks) > _text_limit() or not any(
        b.text.strip() for b in blocks if b.excluded is None
    ):
        raise ValueError("not a reading")
    return PdfRead(
        blocks, meta, first, _page_numbers(data["ocr"]), _page_numbers(data["unreadable"])
    )


def _is_int(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _page_numbers(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(_is_int(n, 1, MAX_PAGES) for n in value):
        raise ValueError("not page numbers")
    return tuple(value)


def _block(item: Any) -> Block:
    """One cached block, checked.

    Its types, its lead, its pages' offsets and numbers, and the spans OCR read with
    little confidence.
    """
    if not isinstance(item, list) or len(item) != 7:
        raise ValueError("not a block")
    text, excluded, number, lead, pages, ocr, doubtful = item
    if (
        not isinstance(text, str)
        or not _is_int(lead, 0, len(text))
        or not all(v is None or isinstance(v, str) for v in (excluded, number))
        or not (ocr is None or (isinstance(ocr, int | float) and 0 <= ocr <= 100))
        or not isinstance(pages, list)
        or not isinstance(doubtful, list)
    ):
        raise ValueError("not a block")
    read: list[Page] = []
    for page in pages:
        if not isinstance(page, list) or len(page) != 3:
            raise ValueError("not a page")
        at, pdf_page, printed = page
        if (
            not _is_int(at, read[-1].at if read else 0, len(text))
            or not _is_int(pdf_page, 1, MAX_PAGES)
            or not (printed is None or (isinstance(printed, str) and len(printed) <= 64))
        ):
            raise ValueError("not a page")
        read.append(Page(at, pdf_page, printed))
    spans = []
    for span in doubtful:
        if (
            not isinstance(span, list)
            or len(span) != 2
            or not _is_int(span[0], 0, len(text))
            or not _is_int(span[1], span[0] + 1, len(text))
        ):
            raise ValueError("not a span")
        spans.append((span[0], span[1]))
    return Block(
        text, excluded, number, lead, tuple(read), None if ocr is None else float(ocr), tuple(spans)
    )
