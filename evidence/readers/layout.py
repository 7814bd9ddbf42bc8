"""A laid-out document's paragraphs, found by general rules from lines and their positions.

The input is a document's pages as lines of positioned text (:mod:`evidence.readers.pdfpages`
makes them from a PDF's text layer, :mod:`evidence.readers.ocr` from a scan). The rules,
none of them about any one publisher's template:

* **furniture**: a line in a page's top or bottom margin that repeats, digits aside, at
  about the same height on at least half the pages (and three) is a running header or
  footer; a bare number (or ``Page 7``, ``Page 7 of 40``, ``- 7 -``, a roman numeral) there
  is the printed page number when the pages agree on how it follows the file's order
  (they vote); a run of three or more lines ending in page numbers, with leaders or a gap,
  under or without a "Contents" heading is a contents list;
* **printed page numbers**: the PDF's own page labels when it has them, else the voted
  numbers;
* **tables** drawn with ruling lines are read row by row, cells in order, separated by a
  tab;
* **paragraphs**: a new one starts at a number the document numbers its paragraphs with
  ("23.", "2.1"; only numbers that follow the one before count, so "3 October" in the text
  or a table's "1." never does), at a bullet, after a gap wider than the line spacing, at a
  change of type size (a heading), or after a line that stops short with closing
  punctuation; a paragraph whose last line runs to the margin continues on the next page
  at the same indent. A line-end hyphen is removed when the word it splits is written
  whole elsewhere in the document ("assess-ment"), kept when it is written with the
  hyphen or not at all ("long-term").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from evidence.numbering import follows, number_at, roman
from evidence.readers.blocks import Block, Page, lead_of, plain_bullet
from evidence.readers.lines import Line
from evidence.readers.tables import table_rows

#: The part of a page, top and bottom, where running headers, footers and numbers sit.
MARGIN = 0.13
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—(\[]?\s*(\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?"
    r"(?:\s+of\s+\d{1,4})?$",
    re.IGNORECASE,
)
_CONTENTS_LINE = re.compile(
    r"^(?P<title>.*?\S)\s*(?:\.{2,}|…+|\s)\s*(?P<n>\d{1,4}|[ivxl]{1,6})$", re.IGNORECASE
)
_CONTENTS_HEADING = re.compile(r"^(?:table of )?contents$", re.IGNORECASE)


@dataclass
class _Para:
    lines: list[Line] = field(default_factory=list)
    number: str | None = None
    indent: float | None = None  # where its lines after the first begin


def _lines(pages: list[dict[str, Any]]) -> list[list[Line]]:
    return [
        [
            Line(
                i,
                ln["y"],
                ln["s"],
                ln["x0"],
                ln["x1"],
                [tuple(s) for s in ln["segs"]],
                ocr=page.get("ocr"),
                low=[(a, b) for a, b in ln.get("low", ())],
            )
            for ln in page["lines"]
        ]
        for i, page in enumerate(pages)
    ]


def _in_margin(line: Line, height: float) -> bool:
    return line.y < MARGIN * height or line.y > (1 - MARGIN) * height


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _furniture(pages: list[dict[str, Any]], lines: list[list[Line]]) -> None:
    """Mark running headers and footers: margin text repeated on most pages."""
    if len(pages) < 3:
        return
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for i, page_lines in enumerate(lines):
        for line in page_lines:
            if _in_margin(line, pages[i]["h"]):
                for seg in line.segs:
                    if not _PAGE_NUMBER.match(seg[2].strip()):  # left to _page_numbers
                        seen[(_mask(seg[2]), round(line.y / 6))].add(i)
    repeated = {k for k, where in seen.items() if len(where) >= max(3, len(pages) / 2)}
    for i, page_lines in enumerate(lines):
        for line in page_lines:
            if not _in_margin(line, pages[i]["h"]):
                continue
            words = [s for s in line.segs if not _PAGE_NUMBER.match(s[2].strip())]
            if words and all((_mask(s[2]), round(line.y / 6)) in repeated for s in words):
                line.excluded = "running header or footer"  # its page number, if any, too


def _page_numbers(pages: list[dict[str, Any]], lines: list[list[Line]]) -> list[str | None]:
    """Each page's printed number (page labels first, else the numbers the pages agree on)."""
    labels = [p.get("label") for p in pages]
    votes: Counter[tuple[str, int]] = Counter()
    found: dict[int, list[tuple[Line, str, int]]] = defaultdict(list)
    for i, page_lines in enumerate(lines):
        for line in page_lines:
            if not _in_margin(line, pages[i]["h"]) or line.excluded == "contents list":
                continue
            match = _PAGE_NUMBER.match(line.segs[-1][2].strip()) or _PAGE_NUMBER.match(
                line.segs[0][2].strip()
            )
            if not match:
                continue
            raw = match.group(1)
            value, style = (int(raw), "arabic") if raw.isdigit() else (roman(raw), "roman")
            if value is None:
                continue
            votes[(style, value - i)] += 1
            found[i].append((line, raw, value - i))
    agreed = {key for key, n in votes.items() if n >= 2 and n >= 0.3 * len(pages)} or (
        {votes.most_common(1)[0][0]} if len(pages) <= 3 and votes else set()
    )
    printed: list[str | None] = [None] * len(pages)
    for i, candidates in found.items():
        for line, raw, offset in candidates:
            style = "arabic" if raw.isdigit() else "roman"
            if (style, offset) in agreed:
                printed[i] = raw
                _drop_number(line, raw)
    arabic = [offset for style, offset in agreed if style == "arabic"]
    if len(arabic) == 1 and any(printed):  # a page printing no number between (or before)
        first = next(i for i, v in enumerate(printed) if v)  # numbered ones: its place
        for i in range(len(pages)):
            if printed[i] is None and i + arabic[0] >= 1 and (i < first or any(printed[i:])):
                printed[i] = str(i + arabic[0])
    if any(labels):
        return [label or None for label in labels]
    return printed


def _drop_number(line: Line, raw: str) -> None:
    """A line that is only the page number is furniture; one beside a footer already is."""
    if line.excluded is None and all(_PAGE_NUMBER.match(s[2].strip()) for s in line.segs):
        line.excluded = "page number"


def _contents(lines: list[list[Line]], count: int) -> None:
    """Mark contents lists: three or more lines in a row ending in a page number."""
    for page_lines in lines:
        run: list[Line] = []
        for line in [*page_lines, None]:
            match = (
                _CONTENTS_LINE.match(line.text) if line is not None and not line.excluded else None
            )
            value = None
            if match:
                n = match.group("n")
                value = int(n) if n.isdigit() else roman(n)
            leaders = line is not None and (
                len(line.segs) > 1 or bool(re.search(r"\.{2,}|…", line.text))
            )
            if match and value is not None and value <= count + 10 and leaders:
                run.append(line)  # type: ignore[arg-type]
                continue
            if len(run) >= 3:
                for item in run:
                    item.excluded = "contents list"
                before = page_lines.index(run[0]) - 1
                if before >= 0 and _CONTENTS_HEADING.match(page_lines[before].text.strip()):
                    page_lines[before].excluded = "contents list"
            run = []


def _body_size(lines: list[list[Line]]) -> float:
    sizes: Counter[float] = Counter()
    for page_lines in lines:
        for line in page_lines:
            if not line.excluded:
                sizes[round(line.size)] += len(line.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 12.0


@dataclass
class Layout:
    """A document's pages turned into blocks."""

    blocks: list[Block]
    printed: list[str | None]


def read_layout(pages: list[dict[str, Any]]) -> Layout:
    """The blocks of a document from its pages (see the module docstring for the rules)."""
    lines = _lines(pages)
    _furniture(pages, lines)
    printed = _page_numbers(pages, lines)
    _contents(lines, len(pages))
    size = _body_size(lines)
    flow: list[Line | Block] = []
    for i, page_lines in enumerate(lines):
        height = pages[i]["h"]
        page_lines.sort(
            key=lambda ln: 0 if ln.excluded and ln.y < MARGIN * height else 2 if ln.excluded else 1
        )  # stable: content order within each
        rows = table_rows(pages[i], page_lines, printed[i])
        placed = sorted(rows, key=lambda r: r[0])
        for line in page_lines:
            while placed and placed[0][0] <= line.y and not line.in_table:
                flow.append(placed.pop(0)[1])
            if not line.in_table:
                flow.append(line)
        flow.extend(row for _, row in placed)
    return Layout(_paragraphs(flow, size, printed, pages), printed)


def _starts_new(
    line: Line, previous: Line | None, para: _Para, size: float, numbered: bool, width: float
) -> bool:
    if previous is None or numbered or lead_of(line.text):
        return True
    if abs(line.size - previous.size) > 1 or (line.size > size + 1.5) != (
        previous.size > size + 1.5
    ):
        return True
    if line.page != previous.page:
        indent = para.indent if para.indent is not None else previous.x0
        return _ended(previous, line, width) or abs(line.x0 - indent) > 3
    gap = line.y - previous.y
    if gap > 1.6 * max(line.size, previous.size) or gap < -0.5 * line.size:
        return True
    if para.indent is not None and line.x0 < para.indent - 3:
        return True  # back to the margin after a hanging indent
    return _ended(previous, line, width)


def _ended(previous: Line, line: Line, width: float) -> bool:
    """Whether ``previous`` ends its paragraph.

    It closes a sentence and stops short, with room for ``line``'s first word (which would
    have been set there otherwise).
    """
    if previous.text.rstrip()[-1:] not in ".:;?!)”'\"":
        return False
    x0, x1, text = line.segs[0]
    first = text.split(" ", 1)[0]
    per_char = (x1 - x0) / max(len(text), 1)
    return previous.x1 + per_char * (len(first) + 3) < width  # two characters to spare


def _paragraphs(
    flow: list[Line | Block], size: float, printed: list[str | None], pages: list[dict[str, Any]]
) -> list[Block]:
    right = _right_margin([ln for ln in flow if isinstance(ln, Line) and not ln.excluded])
    words = _whole_words(flow)
    out: list[Block] = []
    para: _Para | None = None
    previous: Line | None = None
    last_number: tuple[int, ...] | None = None
    waiting: list[Block] = []  # furniture met inside a paragraph: laid out after it
    for item in flow:
        if isinstance(item, Block):
            if para is not None:
                out.append(_finish(para, printed, words))
            out.extend(waiting)
            para, previous, waiting = None, None, []
            out.append(item)
            continue
        if item.excluded:
            waiting.append(_block_of_lines([item], printed, words, excluded=item.excluded))
            continue
        found = number_at(item.text)
        number = found[0] if found is not None and follows(last_number, found[0]) else None
        if para is None or _starts_new(item, previous, para, size, number is not None, right):
            if para is not None:
                out.append(_finish(para, printed, words))
            out.extend(waiting)
            waiting = []
            para = _Para(number=".".join(map(str, number)) if number else None)
            if number is not None:
                last_number = number
        elif len(para.lines) == 1:
            para.indent = item.x0
        para.lines.append(item)
        previous = item
    if para is not None:
        out.append(_finish(para, printed, words))
    return out + waiting


def _right_margin(lines: list[Line]) -> float:
    """Where the text's full lines end: the right edge that nine lines in ten stay within.

    Not the furthest edge: one stray line out in the margin (a logo OCR read as a word, a
    wide table) would make every line look as if it stopped short.
    """
    edges = sorted(ln.x1 for ln in lines)
    return edges[int(0.9 * (len(edges) - 1))] if edges else 0.0


def _whole_words(flow: list[Line | Block]) -> set[str]:
    words: set[str] = set()
    for item in flow:
        text = item.text if isinstance(item, Line | Block) else ""
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text))
    return words


def _join(previous: str, following: str, words: set[str]) -> str:
    """Two lines of one paragraph joined, a line-end hyphen kept or removed."""
    match = re.search(r"([A-Za-z]+)[-\u00ad]$", previous)
    after = re.match(r"([a-z]+)", following)
    if match and after:
        whole = (match.group(1) + after.group(1)).lower()
        hyphened = f"{match.group(1)}-{after.group(1)}".lower()
        if whole in words and hyphened not in words:
            return previous[:-1] + following
        return previous[:-1] + "-" + following
    return f"{previous.replace(chr(0xAD), '-')} {following}"


def _block_of_lines(
    lines: list[Line],
    printed: list[str | None],
    words: set[str],
    *,
    excluded: str | None = None,
    number: str | None = None,
) -> Block:
    text, pages, doubtful = "", list[Page](), list[tuple[int, int]]()
    for line in lines:
        if not pages or pages[-1].pdf_page != line.page + 1:
            pages.append(Page(len(text) + (1 if text else 0), line.page + 1, printed[line.page]))
        text = _join(text, line.text, words) if text else line.text
        at = len(text) - len(line.text)  # joining changes only what comes before the line
        doubtful = [(a, min(b, at)) for a, b in doubtful if a < at]  # a line-end hyphen gone
        doubtful.extend((at + a, at + b) for a, b in line.low)
    text = plain_bullet(text)
    found = number_at(text) if number is not None else None
    lead = found[1] if found is not None else lead_of(text)
    confidences = [ln.ocr for ln in lines if ln.ocr is not None]
    return Block(
        text.replace("\u00ad", "-"),
        excluded,
        number,
        lead,
        tuple(pages),
        min(confidences) if confidences else None,
        tuple(doubtful),
    )


def _finish(para: _Para, printed: list[str | None], words: set[str]) -> Block:
    return _block_of_lines(para.lines, printed, words, number=para.number)
