"""Split a source's text into numbered paragraphs and sentences, and mark what is not citable.

Locators count citable paragraphs only (1, 2, 3 ...), the way a reader counts the
paragraphs of an article, not its menus. Every span is a pair of character
offsets into the source text, so a locator is stable while the text is unchanged.

What is not citable, by general rules (not keyed to any one file):

* page furniture: survey prompts, "Related Posts"-style navigation, login
  prompts, and icon-font names from menus (two run together, "arrow-downarrow-right",
  or in a short line without sentence punctuation, "menuarrow-down login");
* bylines ("By Jane Doe on 1 May 2019") and leading metadata ("date 2019-09-17");
* photo captions in the obvious forms: a whole paragraph in brackets starting
  "(Photo ...", or "Picture: ...", "Photo credit: ..." (not "Picture this: ...");
* comment counters ("1 view0 comments", "12 Comments", "Leave a Reply") and
  everything after them: readers' comments and trailing furniture;
* readers' comments the text does not mark: the manifest names their first words
  (``comments_begin``), and that paragraph and all after it are excluded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from evidence.normalise import normalise, normalise_with_map
from evidence.numbering import numbered, numbers_paragraphs
from evidence.readers.blocks import (
    Block,
    CellSpan,
    PageSpan,
    cell_spans,
    cells_place,
    join,
    ocr_spans,
    page_range,
    pages_between,
)

if TYPE_CHECKING:
    from evidence.ocrmatch import Folding

_ICON = r"(?:arrow|chevron|caret|angle)-(?:up|down|left|right)"
#: One menu word glued to an icon name ("menuarrow-down"), or an icon name alone.
_ICON_TOKEN = re.compile(rf"^(?:[a-z]{{3,}})?{_ICON}$", re.IGNORECASE)
_FURNITURE = [
    (re.compile(p, re.IGNORECASE), reason)
    for p, reason in [
        (r"^take (our|the|a) .{0,40}survey\b", "survey prompt"),
        (
            r"^(tell us what you think|have your say|rate this (article|page|story))\W*$",
            "survey prompt",
        ),
        (
            r"^(related|recent|popular|latest|more|similar) (posts|stories|articles|news)\W*$",
            "navigation",
        ),
        (
            r"^(see all|read more|view all|back to top|skip to (main )?content|menu|home|share"
            r"|share this( article| story)?|follow us|subscribe)\W*$",
            "navigation",
        ),
        (r"^click (here )?to (access|view|see|log ?in|sign ?in|register)\b", "navigation"),
        (r"^read more\s*:", "navigation"),
        # a line that is only a date: "14 November 2019", "Tuesday, 3 March 2021"
        (
            r"^(\w+day,?\s+)?\d{1,2}(st|nd|rd|th)?\s+(january|february|march|april|may|june"
            r"|july|august|september|october|november|december)\s+\d{4}$",
            "dateline",
        ),
        # icon-font names run together, as scraped menus leave them: "arrow-downarrow-right"
        (rf"{_ICON}{_ICON}", "navigation"),
        (r"^\((photo|picture|image|pictured)\b[^()]{0,200}\)$", "photo caption"),
        (
            r"^(photo|picture|image|pictured)(\s+(credit|courtesy|above|below|left|right|top))?"
            r"\s*[:|]",
            "photo caption",
        ),
    ]
]
_COMMENTS_MARKER = re.compile(
    r"^(\d+\s*views?\s*\d+\s*comments?|\d+\s+(comments?|responses?)|comments(\s*\(\d+\))?"
    r"|reader comments"
    r"|leave a (reply|comment)|add a comment|join the (conversation|discussion))\W*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^By [A-Z][\w'’.-]*( [A-Z][\w'’.-]*){0,3}( on .{1,40})?$")
_METADATA_PREFIX = re.compile(
    r"^\s*(date|published|updated|posted)\s*:?\s*"
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\s+",
    re.IGNORECASE,
)
_LINE_END = re.compile(r"[.!?:;\"”’)\]…]\s*$")
_BULLET = re.compile(r"^\s*([•*\-–]|\d+[.)])\s")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(\s+)(?=[\"“‘'(\[]?\s*[A-Z0-9•£])")
_ABBREVIATIONS = frozenset(
    (
        "cllr",
        "cllrs",
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "rev",
        "st",
        "no",
        "nos",
        "vol",
        "fig",
        "gov",
        "dept",
        "co",
        "ltd",
        "inc",
        "jr",
        "sr",
        "hon",
        "rt",
        "esq",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "approx",
        "cf",
    )
)
#: Abbreviations of a numbered part ("para. 4.2", "sch. 2"): no full stop before its number.
_BEFORE_NUMBER = frozenset(
    (
        "para",
        "paras",
        "pp",
        "sec",
        "sect",
        "sch",
        "reg",
        "regs",
        "art",
        "arts",
        "cl",
        "ch",
        "chap",
        "min",
        "app",
        "approx",
    )
)
_LAST_WORD = re.compile(r"([\w.]+)$")
#: How far back the word before a full stop is looked for (longer than any abbreviation).
_WORD_WINDOW = 32


class Sentence(NamedTuple):
    """One sentence: its number within its paragraph and its character span.

    A named tuple, not a dataclass: a thousand sources hold a hundred thousand sentences,
    built in a quarter of the time.
    """

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Place:
    """Where a passage is in a document's own terms."""

    page: str | None  # as printed on the page ("7", "iv", "7–8"); None if none is printed
    pdf_page: str | None  # its page(s) in the file ("3", "3–4"); None for plain text
    number: str | None  # the paragraph's own number, or its count where none is printed
    ocr: float | None = None  # the lowest OCR confidence of its pages, when read by OCR
    #: A spreadsheet's cell (``Sheet1!C7``, ``'Table 2'!B4:D4``) and its headings.
    cell: str | None = None
    headings: tuple[str, ...] = ()

    def label(self, count: int) -> str:
        """``p. 7, para. 23``, as a reference prints it.

        ``para. 7`` for plain text; ``PDF p. 3, para. 5`` for a PDF that prints no page
        numbers; ``p. 2`` for an unnumbered paragraph of a document that numbers them;
        ``Sheet1!C7 (Unallocated cases, 2019/20)`` for a spreadsheet's cell.
        """
        return ", ".join(p for p in self.parts(count) if p)

    def parts(self, count: int) -> tuple[str | None, str | None]:
        """The page part (``p. 7``) and the paragraph part (``para. 23``) of the label.

        A spreadsheet's cell is its paragraph part, with its headings, and it has no page.
        """
        if self.cell:
            heads = f" ({', '.join(self.headings)})" if self.headings else ""
            return None, f"{self.cell}{heads}"
        page = (
            f"p. {self.page}" if self.page else f"PDF p. {self.pdf_page}" if self.pdf_page else None
        )
        para = f"para. {self.number}" if self.number else None if page else f"para. {count}"
        return page, para


class Paragraph(NamedTuple):
    """A paragraph's span; ``number`` is set for citable ones, ``excluded`` for the rest.

    A named tuple, as :class:`Sentence` is: built fast when a segmentation is read back.
    """

    start: int
    end: int
    number: int | None
    excluded: str | None
    sentences: tuple[Sentence, ...] = ()
    #: The document's own number for it ("23", "2.1") when the document numbers its
    #: paragraphs; the number itself lies before ``start``, outside what may be cited.
    label: str | None = None

    @property
    def citable(self) -> bool:
        """Whether the paragraph may be cited."""
        return self.excluded is None


@dataclass(frozen=True)
class Segmentation:
    """A source text cut into paragraphs (citable or not) and sentences."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    #: Where each page begins, for a laid-out document (a PDF); empty for plain text.
    pages: tuple[PageSpan, ...] = ()
    #: The spans of the text read by OCR (scanned pages), and in them OCR's doubtful words
    #: (``(start, end)``, in order): where a quote may differ by a confusion OCR makes.
    ocr: tuple[tuple[int, int], ...] = ()
    doubtful: tuple[tuple[int, int], ...] = ()
    #: A spreadsheet's cells, in order: a passage's place is the cell it names.
    cells: tuple[CellSpan, ...] = ()

    @property
    def numbered(self) -> bool:
        """Whether the document numbers its paragraphs (its locators use the numbers)."""
        return any(p.label for p in self.paragraphs)

    def place(self, para: Paragraph, start: int | None = None, end: int | None = None) -> Place:
        """Where ``para`` (or the span from ``start`` to ``end`` in it) is.

        In the document's own terms: printed page, page of the file, paragraph number.
        """
        if self.cells:
            whole = start is None
            found = cells_place(
                self.cells,
                para.start if start is None else start,
                para.end if end is None else end,
                whole,
            )
            if found is not None:
                return Place(None, None, None, None, found[0], found[1])
        pages = pages_between(
            self.pages, para.start if start is None else start, para.end if end is None else end
        )
        ocr = [p.ocr for p in pages if p.ocr is not None]
        number = para.label if self.numbered else (str(para.number) if para.number else None)
        return Place(
            page_range([p.printed or "" for p in pages]),
            page_range([str(p.pdf_page) for p in pages]),
            number,
            min(ocr) if ocr else None,
        )

    @cached_property
    def citable(self) -> tuple[Paragraph, ...]:
        """The citable paragraphs, in order."""
        return tuple(p for p in self.paragraphs if p.citable)

    @cached_property
    def excluded(self) -> tuple[Paragraph, ...]:
        """The paragraphs and spans that are not citable, in order."""
        return tuple(p for p in self.paragraphs if not p.citable)

    @cached_property
    def flat(self) -> tuple[str, tuple[int, ...]]:
        """The citable paragraphs normalised and joined by newlines, and where each starts.

        Normalised text has no newline, so a quote found in it lies in one paragraph; it
        is computed once per segmentation, so locating a quote is one search of it.
        """
        parts = [normalise(self.text[p.start : p.end]) for p in self.citable]
        starts, at = [], 0
        for part in parts:
            starts.append(at)
            at += len(part) + 1
        return "\n".join(parts), tuple(starts)

    def offsets(self, index: int) -> tuple[int, ...]:
        """For each character of citable paragraph ``index`` (from 0) normalised, its offset.

        Offsets count from the paragraph's start (:func:`evidence.normalise.normalise_with_map`);
        each paragraph is mapped once per segmentation, when a quote is found in it.
        """
        maps = self._offsets
        if index not in maps:
            para = self.citable[index]
            maps[index] = tuple(normalise_with_map(self.text[para.start : para.end])[1])
        return maps[index]

    @cached_property
    def _offsets(self) -> dict[int, tuple[int, ...]]:
        return {}

    @cached_property
    def ocr_folded(self) -> tuple[Folding, ...]:
        """The citable paragraphs read by OCR, folded for matching.

        See :func:`evidence.ocrmatch.ocr_paragraphs`; computed once, when a quote is not
        found as it is written.
        """
        from evidence.ocrmatch import ocr_paragraphs

        return ocr_paragraphs(self.text, [(p.start, p.end) for p in self.citable], self.ocr)

    def size(self, *, citable: bool) -> int:
        """Characters in citable (or excluded) paragraphs."""
        return sum(p.end - p.start for p in self.paragraphs if p.citable == citable)


#: Changes when what :func:`to_json` keeps changes.
JSON_FORMAT = 2


def to_json(seg: Segmentation) -> list[Any]:
    """``seg`` as plain data (without its text), for a cache: see :func:`from_json`."""
    return [
        [
            [p.start, p.end, p.number, p.excluded, p.label, [list(s) for s in p.sentences]]
            for p in seg.paragraphs
        ],
        [[p.start, p.pdf_page, p.printed, p.ocr] for p in seg.pages],
        [list(span) for span in seg.ocr],
        [list(span) for span in seg.doubtful],
        [[c.start, c.end, c.sheet, c.ref, list(c.headings)] for c in seg.cells],
    ]


def from_json(text: str, data: list[Any]) -> Segmentation:
    """The segmentation of ``text`` that :func:`to_json` gave ``data`` for.

    Raises:
        ValueError: ``data`` is not of that shape.
    """
    try:
        paragraphs, pages, ocr, doubtful, cells = data
        return Segmentation(
            text,
            tuple(
                Paragraph(start, end, number, excluded, tuple(map(Sentence._make, sents)), label)
                for start, end, number, excluded, label, sents in paragraphs
            ),
            tuple(PageSpan(*page) for page in pages),
            tuple((a, b) for a, b in ocr),
            tuple((a, b) for a, b in doubtful),
            tuple(CellSpan(a, b, sheet, ref, tuple(heads)) for a, b, sheet, ref, heads in cells),
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a stored segmentation: {exc}") from None


def _raw_paragraphs(text: str) -> list[tuple[int, int]]:
    """Cut at blank lines, and at line ends after closing punctuation or before bullets."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if not body.strip():
            if start is not None:
                spans.append((start, end))
                start = None
        else:
            lead = len(body) - len(body.lstrip())
            # the paragraph so far ends in closing punctuation: only its last character
            # is looked at (searching all of it at each line made long paragraphs slow)
            if start is not None and (_LINE_END.search(text, end - 1, end) or _BULLET.match(body)):
                spans.append((start, end))
                start = None
            if start is None:
                start = offset + lead
            end = offset + len(body.rstrip())
        offset += len(line)
    if start is not None:
        spans.append((start, end))
    return spans


def _furniture(flat: str) -> str | None:
    """Why a paragraph (normalised) is page furniture, or None."""
    for pattern, reason in _FURNITURE:
        if pattern.search(flat):
            return reason
    tokens = flat.split()
    if (
        len(tokens) <= 8
        and not _LINE_END.search(flat)
        and any(_ICON_TOKEN.match(t) for t in tokens)
    ):
        return "navigation"  # a short line of menu words and icon names
    if _BYLINE.match(flat):
        return "byline"
    return None


def sentence_spans(body: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``body``, without the spaces between them.

    A full stop after a known abbreviation ("Cllr.", "e.g.") or an initial does not end one.
    """
    cuts = [0]
    for match in _SENTENCE_END.finditer(body):
        # the word before the stop: a window longer than any abbreviation, not all the text
        # before it (which made a long paragraph's sentences quadratic in its length)
        before = body[max(0, match.start() - _WORD_WINDOW) : match.start()]
        word = _LAST_WORD.search(before)
        if word and body[match.start()] == ".":
            token = word.group(1).lower()
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            if token in _BEFORE_NUMBER and body[match.end(1) : match.end(1) + 1].isdigit():
                continue
        cuts.append(match.start(1))
        cuts.append(match.end(1))
    cuts.append(len(body))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    return [(a, b) for a, b in pairs if b > a]


def _sentences(text: str, start: int, end: int) -> tuple[Sentence, ...]:
    return tuple(
        Sentence(n, start + a, start + b)
        for n, (a, b) in enumerate(sentence_spans(text[start:end]), 1)
    )


def segment(text: str, *, comments_begin: str | None = None) -> Segmentation:
    """Segment ``text``. ``comments_begin``: first words of unmarked readers' comments.

    Raises:
        ValueError: ``comments_begin`` is given but no paragraph starts with it.
    """
    anchor = normalise(comments_begin) if comments_begin else None
    trailing: str | None = None
    paragraphs: list[Paragraph] = []
    number = 0
    for start, end in _raw_paragraphs(text):
        body = text[start:end]
        flat = normalise(body)
        if anchor and trailing is None and flat.startswith(anchor):
            trailing = "reader comments"
        if trailing is None and _COMMENTS_MARKER.match(flat):
            paragraphs.append(Paragraph(start, end, None, "comment counter"))
            trailing = "after the comments marker"
            continue
        reason = trailing or _furniture(flat)
        if reason:
            paragraphs.append(Paragraph(start, end, None, reason))
            continue
        prefix = _METADATA_PREFIX.match(body)
        if prefix:
            paragraphs.append(Paragraph(start, start + prefix.end(), None, "metadata"))
            start += prefix.end()
        number += 1
        paragraphs.append(Paragraph(start, end, number, None, _sentences(text, start, end)))
    if anchor and trailing != "reader comments":
        raise ValueError(f"no paragraph starts with {comments_begin!r}")
    return Segmentation(text, _own_numbers(text, paragraphs))


def _own_numbers(text: str, paragraphs: list[Paragraph]) -> tuple[Paragraph, ...]:
    """The paragraphs, with the document's own numbers where it numbers its paragraphs."""
    citable = [p for p in paragraphs if p.citable]
    found = numbered([text[p.start : p.end] for p in citable])
    if not numbers_paragraphs([f[0] if f else None for f in found]):
        return tuple(paragraphs)
    renumbered = dict(zip((id(p) for p in citable), found, strict=True))
    out = []
    for para in paragraphs:
        number = renumbered.get(id(para))
        if number is not None:
            start = para.start + number[1]
            para = Paragraph(
                start, para.end, para.number, None, _sentences(text, start, para.end), number[0]
            )
        out.append(para)
    return tuple(out)


def segment_blocks(blocks: list[Block], *, comments_begin: str | None = None) -> Segmentation:
    """Segment a laid-out document (a PDF) from its reader's blocks.

    Its text is the blocks' (:func:`evidence.readers.blocks.join`), a paragraph each; the
    reader's furniture is not citable, nor is what the general rules of this module find;
    the document's own numbers are the labels where it numbers its paragraphs.

    Raises:
        ValueError: ``comments_begin`` is given (a document has no readers' comments).
    """
    if comments_begin:
        raise ValueError("comments_begin is for web pages' readers' comments, not a document")
    text, spans, pages = join(blocks)
    labels = [b.number for _, _, b in spans if b.excluded is None]
    own = numbers_paragraphs(labels)
    paragraphs: list[Paragraph] = []
    number = 0
    for start, end, block in spans:
        # a spreadsheet's row is a table's, never a web page's furniture
        reason = block.excluded or (None if block.cells else _furniture(normalise(text[start:end])))
        if reason:
            paragraphs.append(Paragraph(start, end, None, reason))
            continue
        number += 1
        begin = start + min(block.lead, end - start)
        paragraphs.append(
            Paragraph(
                begin,
                end,
                number,
                None,
                _sentences(text, begin, end),
                block.number if own else None,
            )
        )
    read, doubtful = ocr_spans(spans)
    return Segmentation(text, tuple(paragraphs), pages, read, doubtful, cell_spans(spans))
