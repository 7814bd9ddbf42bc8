"""Find a quote in its source's citable text, compute its locator, or explain the miss.

A quote verifies when, after :func:`evidence.normalise.normalise`, it occurs inside
one citable paragraph, starting and ending on word boundaries (a quote cut
mid-word, "a figure of 23" from "a figure of 232", does not verify). In text read by
OCR from a scanned page, it may also differ by the confusions OCR makes inside words
OCR was unsure of, and by spaces (:mod:`evidence.ocrmatch`: the one statement of what
is allowed); text from a text layer gets no such tolerance, and costs nothing more. The locator
(paragraph, sentences, character span) is computed here, never typed by hand. A
quote that is not found reports the closest passage of that source (rapidfuzz)
and a word-level difference.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from evidence.normalise import normalise, normalise_with_map
from evidence.segment import Paragraph, Place, Segmentation
from evidence.sources import Source

Status = Literal["verified", "stale", "not-found", "not-citable"]


@dataclass(frozen=True)
class Locator:
    """Where a passage sits: citable paragraph, sentence range and character span.

    ``paragraph`` counts the source's citable paragraphs (the register's own numbering);
    ``place`` says where it is in the document's own terms: the page printed on it, its
    page in the file, the document's own paragraph number (see
    :meth:`evidence.segment.Segmentation.place`).
    """

    paragraph: int
    first_sentence: int
    last_sentence: int
    start: int
    end: int
    place: Place | None = None
    #: (the quote's words, what OCR read there) where the quote matched OCR text only by
    #: the confusions OCR makes (:mod:`evidence.ocrmatch`); empty when it matched as written.
    confusions: tuple[tuple[str, str], ...] = ()

    @property
    def page(self) -> str | None:
        """The page number printed where the passage is ("7", or "7–8" across a break)."""
        return self.place.page if self.place else None

    @property
    def pdf_page(self) -> str | None:
        """Its page (or pages) in the file, counting from 1."""
        return self.place.pdf_page if self.place else None

    @property
    def number(self) -> str:
        """The paragraph's number as a reader finds it: its own, else the count."""
        return (self.place.number if self.place else None) or str(self.paragraph)

    def label(self) -> str:
        """``p. 7, para. 23``, or ``para. 7`` for plain text (sentences: :meth:`detail`)."""
        return self.place.label(self.paragraph) if self.place else f"para. {self.paragraph}"

    def detail(self) -> str:
        """The label with the sentences and the character span (and OCR, if read so).

        A spreadsheet's cell has no sentences: its label and the span.
        """
        if self.place and self.place.cell:
            return f"{self.label()}, chars {self.start}-{self.end}"
        sents = (
            f"sent. {self.first_sentence}"
            if self.first_sentence == self.last_sentence
            else f"sents {self.first_sentence}-{self.last_sentence}"
        )
        where = self.label()
        if (
            self.place
            and self.place.page
            and self.place.pdf_page
            and self.place.page != self.place.pdf_page
        ):
            where += f" (PDF p. {self.place.pdf_page})"
        return f"{where}, {sents}, chars {self.start}-{self.end}{self.ocr_note()}"

    def ocr_note(self) -> str:
        """``, read by OCR (confidence 95)``, with what OCR read where the quote differs."""
        if not self.place or self.place.ocr is None:
            return ""
        read = "; ".join(f"“{ocr}” for “{quoted}”" for quoted, ocr in self.confusions)
        return f", read by OCR (confidence {self.place.ocr:.0f})" + (
            f"; OCR read {read}" if read else ""
        )


@dataclass(frozen=True)
class NearMiss:
    """The passage of a source closest to a quote that was not found."""

    passage: str
    score: float
    locator: Locator | None
    diff: str


@dataclass(frozen=True)
class CitationCheck:
    """The outcome of checking one quote against one source."""

    source_id: str
    quote: str
    status: Status
    locator: Locator | None = None
    near: NearMiss | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when the quote verifies against an unchanged source."""
        return self.status == "verified"


@lru_cache(maxsize=4096)
def _normalised(text: str) -> tuple[str, tuple[int, ...]]:
    norm, offsets = normalise_with_map(text)
    return norm, tuple(offsets)


def _bounded(norm: str, at: int, end: int) -> bool:
    """Whether ``norm[at:end]`` starts and ends on word boundaries (no word cut in two)."""
    starts = at == 0 or not (norm[at - 1].isalnum() and norm[at].isalnum())
    ends = end == len(norm) or not (norm[end - 1].isalnum() and norm[end].isalnum())
    return starts and ends


def find_words(norm: str, quote: str, start: int = 0) -> int:
    """Where normalised ``quote`` occurs in ``norm`` as whole words (from ``start``), or -1.

    "figure of 23" is not found in "figure of 232", nor "ate" in "inadequate".
    """
    at = norm.find(quote, start)
    while at >= 0 and not _bounded(norm, at, at + len(quote)):
        at = norm.find(quote, at + 1)
    return at


def _find_in(source: Source, para: Paragraph, quote: str) -> tuple[int, int] | None:
    norm, offsets = _normalised(source.text[para.start : para.end])
    at = find_words(norm, quote)
    if at < 0:
        return None
    return para.start + offsets[at], para.start + offsets[at + len(quote) - 1] + 1


def _locator(
    segmentation: Segmentation,
    para: Paragraph,
    start: int,
    end: int,
    confusions: tuple[tuple[str, str], ...] = (),
) -> Locator:
    touched = [s.number for s in para.sentences if s.start < end and s.end > start] or [1]
    assert para.number is not None
    place = (
        segmentation.place(para, start, end)
        if segmentation.pages or segmentation.numbered or segmentation.cells
        else None
    )
    return Locator(para.number, touched[0], touched[-1], start, end, place, confusions)


def _locate_ocr(segmentation: Segmentation, quote: str) -> Locator | None:
    """``quote`` in text read by OCR, allowing OCR's confusions (:mod:`evidence.ocrmatch`)."""
    from evidence.ocrmatch import Match, search

    found = search(segmentation.text, segmentation.ocr_folded, segmentation.doubtful, quote)
    if found is None or not isinstance(match := found[1], Match):
        return None
    return _locator(
        segmentation, segmentation.citable[found[0]], match.start, match.end, match.differences
    )


def locate(source: Source, quote: str) -> Locator | None:
    """The locator of ``quote`` in ``source``'s citable text, or None.

    The quote is looked for once in all the citable text (normalised once per source:
    :attr:`evidence.segment.Segmentation.flat`); only the paragraph it is found in is
    mapped back to the source's characters. Not found so, it is looked for again in the
    text read by OCR, if the source has any, allowing OCR's confusions.
    """
    wanted = normalise(quote)
    if not wanted:
        return None
    flat, starts = source.segmentation.flat
    at = find_words(flat, wanted)
    if at < 0:
        return _locate_ocr(source.segmentation, quote) if source.segmentation.ocr else None
    i = bisect.bisect_right(starts, at) - 1
    para = source.segmentation.citable[i]
    offsets = source.segmentation.offsets(i)
    local = at - starts[i]
    return _locator(
        source.segmentation,
        para,
        para.start + offsets[local],
        para.start + offsets[local + len(wanted) - 1] + 1,
    )


def other_cells(source: Source, quote: str, locator: Locator) -> tuple[str, ...]:
    """The other cells of a spreadsheet that also hold ``quote``, in reading order.

    A quote is located where it first occurs (row by row, left to right), as in any
    source; in a spreadsheet the same figure in another cell means something else, so
    ``evidence verify`` names them. Quoting the row from its heading to the figure
    ("Unallocated cases | 47") names one cell: a quote names the cell it ends in.
    """
    seg = source.segmentation
    if not seg.cells or locator.place is None or not locator.place.cell:
        return ()
    wanted = normalise(quote)
    flat, starts = seg.flat
    out: list[str] = []
    at = find_words(flat, wanted)
    while at >= 0:
        i = bisect.bisect_right(starts, at) - 1
        offsets, para, local = seg.offsets(i), seg.citable[i], at - starts[i]
        place = seg.place(
            para, para.start + offsets[local], para.start + offsets[local + len(wanted) - 1] + 1
        )
        if place.cell and place.cell != locator.place.cell and place.cell not in out:
            out.append(place.cell)
        at = find_words(flat, wanted, at + 1)
    return tuple(out)


def locator_at(source: Source, quote: str, paragraph: int, start: int, end: int) -> Locator | None:
    """The locator of ``quote`` at a given span, if the span holds it; else None.

    What a cached location must pass before it is believed: ``paragraph`` is a citable
    paragraph of ``source``, the span lies inside it, starts and ends on a character of
    the quote and on word boundaries, and holds ``quote`` after :func:`normalise` (or,
    in text read by OCR, with only the differences :mod:`evidence.ocrmatch` allows).
    Cheap: the work is the quote's length, not the source's.
    """
    citable = source.segmentation.citable
    if not 1 <= paragraph <= len(citable):
        return None
    para, text = citable[paragraph - 1], source.text
    if (
        not (para.start <= start < end <= para.end)
        or text[start].isspace()
        or text[end - 1].isspace()
    ):
        return None
    if (start > para.start and text[start - 1].isalnum() and text[start].isalnum()) or (
        end < para.end and text[end - 1].isalnum() and text[end].isalnum()
    ):
        return None  # a word cut in two
    wanted = normalise(quote)
    if not wanted:
        return None
    if normalise(text[start:end]) != wanted:
        if not source.segmentation.ocr:
            return None
        from evidence.ocrmatch import holds

        seg = source.segmentation
        match = holds(seg.text, seg.ocr, seg.doubtful, quote, start, end)
        return (
            None
            if match is None
            else _locator(source.segmentation, para, start, end, match.differences)
        )
    return _locator(source.segmentation, para, start, end)


def word_diff(expected: str, found: str, *, context: int = 4) -> str:
    """A wdiff-style difference, ``[-removed-]{+added+}``, keeping ``context`` words around."""
    a, b = normalise(expected).split(" "), normalise(found).split(" ")
    out: list[str] = []
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = a[i1:i2]
            head = words[:context] if n > 0 else []
            tail = words[-context:] if n < len(ops) - 1 else []
            if len(words) > len(head) + len(tail):
                out.extend([*head, "...", *tail] if head or tail else ["..."])
            else:
                out.extend(words)
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def closest(source: Source, quote: str) -> NearMiss | None:
    """The citable passage of ``source`` most like ``quote`` (rapidfuzz partial ratio).

    A passage shorter than the quote scores its ratio times the share of the quote it
    could hold.
    """
    from rapidfuzz import fuzz

    wanted = normalise(quote)
    best: tuple[float, int, int, int] | None = None
    flat, _starts = source.segmentation.flat
    for i, norm in enumerate(flat.split("\n") if _starts else []):
        hit = fuzz.partial_ratio_alignment(wanted, norm)
        # a passage shorter than the quote is only as alike as the share of it it holds
        # (else a stray "t" of OCR noise is "100% alike" to any quote holding a t)
        score = hit.score * min(1.0, len(norm) / len(wanted)) if hit is not None else 0.0
        if hit is not None and (best is None or score > best[0]):
            best = (score, i, hit.dest_start, hit.dest_end)
    if best is None:
        return None
    score, i, d_start, d_end = best
    para, offsets = source.segmentation.citable[i], source.segmentation.offsets(i)
    start = para.start + offsets[d_start]
    end = para.start + offsets[max(d_end - 1, d_start)] + 1
    while start > para.start and source.text[start - 1].isalnum():
        start -= 1  # whole words: "ll inadequate. Th" -> "still inadequate. This"
    while end < para.end and source.text[end].isalnum():
        end += 1
    passage = source.text[start:end]
    return NearMiss(
        passage,
        round(score, 1),
        _locator(source.segmentation, para, start, end),
        word_diff(quote, passage),
    )


def check_quote(
    source: Source, quote: str, find: Callable[[Source, str], Locator | None] | None = None
) -> CitationCheck:
    """Check one quote against one source (``find`` locates it: :func:`locate` by default)."""
    locator = (find or locate)(source, quote)
    if locator is not None:
        if source.stale:
            return CitationCheck(source.id, quote, "stale", locator, reason=source.hash_problem())
        return CitationCheck(source.id, quote, "verified", locator)
    wanted = normalise(quote)
    for para in source.segmentation.excluded:
        if _find_in(source, para, wanted):
            return CitationCheck(
                source.id,
                quote,
                "not-citable",
                reason=(f"found only in text that is not citable ({para.excluded})"),
            )
    near = closest(source, quote)
    why = f"not found in {source.meta.file}" + _clearly_read(source, quote)
    if source.stale:
        why += f" ({source.hash_problem()})"
    return CitationCheck(source.id, quote, "not-found", near=near, reason=why)


def _clearly_read(source: Source, quote: str) -> str:
    """Why a quote OCR's confusions would explain still fails: a word OCR read clearly."""
    if not source.segmentation.ocr:
        return ""
    from evidence.ocrmatch import Refusal, search

    seg = source.segmentation
    found = search(seg.text, seg.ocr_folded, seg.doubtful, quote)
    if found is None or not isinstance(why := found[1], Refusal):
        return ""
    para = source.segmentation.citable[found[0]]
    where = _locator(source.segmentation, para, why.start, why.end)
    rule = (
        "nothing may differ between two digits (it would be another number)"
        if why.number
        else "OCR read it clearly, and a word read clearly must be quoted as read"
    )
    return (
        f": the quote has “{why.quoted}” where OCR read “{why.read}” ({where.label()}); "
        f"{rule}: look at the page"
    )


def context(source: Source, locator: Locator) -> tuple[str, str, str]:
    """The sentence(s) around a located quote: (text before, the quote, text after)."""
    para = source.segmentation.citable[locator.paragraph - 1]
    sents = [
        s for s in para.sentences if locator.first_sentence <= s.number <= locator.last_sentence
    ]
    start = min(sents[0].start if sents else para.start, locator.start)
    end = max(sents[-1].end if sents else para.end, locator.end)
    text = source.text
    return text[start : locator.start], text[locator.start : locator.end], text[locator.end : end]
