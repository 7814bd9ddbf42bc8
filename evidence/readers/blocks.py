"""What every reader returns: a document's paragraphs as a person sees them.

A :class:`Block` is one paragraph (or table row, heading, list item) with the document's
own paragraph number where it prints one, the page each part of it is on (the number
printed on that page and the page's place in the file), and why it is not citable when
it is page furniture (a running header, a printed page number, a contents list). Blocks
keep the furniture: it is shown in context, never cited. :func:`join` lays the blocks
out as the source's text, one block to a paragraph, which the segmentation then numbers.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

#: The most text a source may hold (a .txt or .md file, or a .docx's or a PDF's text):
#: about 700,000 words. Every command that verifies, searches or reviews reads all of it.
MAX_TEXT = 4 * 2**20
#: Characters that only mark a list item; they are not part of what it says. A symbol
#: font's bullet arrives as a private-use character (Wingdings' is U+F06E, say).
BULLETS = "•◼◾▪■□●○◦‣⁃➢➤►▶✓✔-–—*·"
_LEAD = re.compile(rf"^[{re.escape(BULLETS)}\ue000-\uf8ff]\s+")
_PRIVATE_LEAD = re.compile(r"^[\ue000-\uf8ff](?=\s)")


def plain_bullet(text: str) -> str:
    """``text`` with a symbol font's private-use bullet at its start shown as "•"."""
    return _PRIVATE_LEAD.sub("•", text)


@dataclass(frozen=True)
class Page:
    """Where a page begins in a block's text: its place in the file and its printed number."""

    at: int  # offset in the block's text
    pdf_page: int  # 1-based
    printed: str | None  # as printed ("7", "iv"), None when the page prints none


@dataclass(frozen=True)
class Cell:
    """A spreadsheet cell in its row's block: where its text is, its reference, its headings."""

    at: int  # offset in the block's text
    end: int
    sheet: str  # the sheet as a reference names it ("Sheet1", "'Table 2'"); "" in a CSV
    ref: str  # the cell's A1 reference ("C7")
    headings: tuple[str, ...] = ()  # the table's title, the row's heading, the column's


@dataclass(frozen=True)
class Block:
    """One paragraph of a document, as a reader found it."""

    text: str
    excluded: str | None = None  # why it is not citable (page furniture), None if citable
    number: str | None = None  # the document's own paragraph number ("23", "2.1")
    lead: int = 0  # characters before what the paragraph says: its number or bullet
    pages: tuple[Page, ...] = ()  # the pages it is on, first one at offset 0
    ocr: float | None = None  # mean OCR confidence (0-100) when it was read from a scan
    #: Where OCR's doubtful words are in :attr:`text` (``(start, end)``, in order): read
    #: with less than :data:`evidence.readers.ocr.LOW_CONFIDENCE`.
    doubtful: tuple[tuple[int, int], ...] = ()
    #: A spreadsheet row's cells, in order (:mod:`evidence.readers.sheet`); empty otherwise.
    cells: tuple[Cell, ...] = ()


@dataclass(frozen=True)
class PageSpan:
    """A page's place in a source's text: from ``start``, the page ``pdf_page``."""

    start: int
    pdf_page: int
    printed: str | None
    ocr: float | None = None


def lead_of(text: str) -> int:
    """How many characters of ``text`` are a list item's bullet and the space after it."""
    found = _LEAD.match(text)
    return found.end() if found else 0


def join(blocks: list[Block]) -> tuple[str, list[tuple[int, int, Block]], tuple[PageSpan, ...]]:
    """The text of ``blocks`` (separated by blank lines), each block's span, and the pages.

    A block's text never holds a blank line, so the text splits back into the same blocks.
    """
    parts: list[str] = []
    spans: list[tuple[int, int, Block]] = []
    pages: list[PageSpan] = []
    at = 0
    for block in blocks:
        text = re.sub(r"\n\s*\n", "\n", block.text.strip("\n"))
        spans.append((at, at + len(text), block))
        for page in block.pages:
            if not pages or (pages[-1].pdf_page, pages[-1].printed) != (
                page.pdf_page,
                page.printed,
            ):
                pages.append(PageSpan(at + page.at, page.pdf_page, page.printed, block.ocr))
        parts.append(text)
        at += len(text) + 2
    return "\n\n".join(parts) + "\n", spans, tuple(pages)


def ocr_spans(
    spans: list[tuple[int, int, Block]],
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """Of the blocks laid out by :func:`join`: the spans read by OCR, and its doubtful words.

    Both as ``(start, end)`` offsets in the joined text, in order. A block read by OCR is
    its lines' words joined by spaces, so laying it out moves it and changes nothing in it.
    """
    read: list[tuple[int, int]] = []
    doubtful: list[tuple[int, int]] = []
    for start, end, block in spans:
        if block.ocr is None:
            continue
        read.append((start, end))
        at = start - (len(block.text) - len(block.text.lstrip("\n")))
        doubtful.extend(
            (at + a, at + b) for a, b in block.doubtful if start <= at + a < at + b <= end
        )
    return tuple(read), tuple(doubtful)


def pages_between(pages: tuple[PageSpan, ...], start: int, end: int) -> tuple[PageSpan, ...]:
    """The pages the text from ``start`` to ``end`` lies on, in order."""
    out = []
    for i, page in enumerate(pages):
        following = pages[i + 1].start if i + 1 < len(pages) else None
        if page.start < end and (following is None or following > start):
            out.append(page)
    return tuple(out)


def page_range(values: list[str]) -> str | None:
    """``"7"``, or ``"7–8"`` for a passage across a page break; None when none is known."""
    known = list(dict.fromkeys(v for v in values if v))
    if not known:
        return None
    return known[0] if len(known) == 1 else f"{known[0]}–{known[-1]}"


class CellSpan(NamedTuple):
    """A spreadsheet cell's place in a source's text (see :class:`Cell`)."""

    start: int
    end: int
    sheet: str
    ref: str
    headings: tuple[str, ...]

    @property
    def name(self) -> str:
        """``Sheet1!C7``, ``'Table 2'!C7``, or ``C7`` in a CSV."""
        return f"{self.sheet}!{self.ref}" if self.sheet else self.ref


def cell_spans(spans: list[tuple[int, int, Block]]) -> tuple[CellSpan, ...]:
    """The cells of the blocks laid out by :func:`join`, at their offsets in its text."""
    out: list[CellSpan] = []
    for start, _end, block in spans:
        at = start - (len(block.text) - len(block.text.lstrip("\n")))
        out.extend(CellSpan(at + c.at, at + c.end, c.sheet, c.ref, c.headings) for c in block.cells)
    return tuple(out)


def cells_place(
    cells: tuple[CellSpan, ...], start: int, end: int, whole: bool
) -> tuple[str, tuple[str, ...]] | None:
    """The cell a passage names, with its headings; None when it is in no cell.

    A quote names the cell it ends in (``"Unallocated cases | 47"`` names the cell of
    47, and its headings); a ``whole`` row names its cells' range (``Sheet1!A7:D7``) and
    the headings all of them share (the table's title).
    """
    first = bisect.bisect_right(cells, start, key=lambda c: c.end) if cells else 0
    inside = list(itertools.takewhile(lambda c: c.start < end, cells[first:]))
    if not inside:
        return None
    if not whole or len(inside) == 1:
        last = inside[-1]
        return last.name, last.headings
    shared = tuple(h for h in inside[0].headings if all(h in c.headings for c in inside))
    return f"{inside[0].name}:{inside[-1].ref}", shared
