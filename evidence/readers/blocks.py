"""What every reader returns: a document's paragraphs as a person sees them.

A :class:`Block` is one paragraph (or table row, heading, list item) with the document's
own paragraph number where it prints one, the page each part of it is on (the number
printed on that page and the page's place in the file), and why it is not citable when
it is page furniture (a running header, a printed page number, a contents list). Blocks
keep the furniture: it is shown in context, never cited. :func:`join` lays the blocks
out as the source's text, one block to a paragraph, which the segmentation then numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
