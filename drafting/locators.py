"""Locators in a citation's suffix: pages and paragraphs (``p. 7``, ``para. 6``, ``¶ 6``).

Read as pandoc's citeproc reads a locator at the start of a suffix (its labels ``p.``,
``pp.``, ``page``, ``para.``, ``paras.``, ``paragraph``, ``¶``, ``¶¶``, in any case), and also
``para 6`` and ``paras 5-7``, which citeproc leaves as plain text but a reader takes for
paragraphs all the same. A page may come first and a paragraph after it (``p. 7, para.
23``), as a report is cited. A paragraph is a number or a report's dotted number (``2.1``);
a page is a number or a roman numeral (``iv``); each may be a range (``5-7``, ``5–7``,
``5 to 7``) or several, separated by commas.

:func:`locator_problem` says what is wrong with a suffix's locators: a locator word (``para.``,
``p.``, ``¶``, ``pages`` ...) not followed by a number, or a number that something other than
the end, a comma, a semicolon or a space and words continues (``para. 6/7``, ``p. 7x``).
:func:`beyond` says when a locator names a paragraph or page past the source's last one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from evidence.numbering import roman

if TYPE_CHECKING:
    from evidence.segment import Segmentation

_NUMBER = r"\d+(?:\.\d+)*"
_PAGE_NUMBER = r"\d+|[ivxlcdm]+\b"
_RANGE = rf"(?:{_NUMBER})(?:\s*(?:[-–—]|to)\s*(?:{_NUMBER}))?"
_PAGES = rf"(?:{_PAGE_NUMBER})(?:\s*(?:[-–—]|to)\s*(?:{_PAGE_NUMBER}))?"
#: A paragraph locator, as citeproc reads one (and ``para 3``).
PARA = re.compile(
    rf"(?:¶¶?|para(?:graph)?s?\b\.?)\s*(?P<value>{_RANGE}"
    rf"(?:\s*,\s*{_RANGE})*)(?P<tail>\w*)",
    re.IGNORECASE,
)
#: A page locator: ``p. 7``, ``pp. 7-8``, ``page 7``, ``pages iv-vi``.
PAGE = re.compile(
    rf"(?:pp?\.|pages?\b|pg\.)\s*(?P<value>{_PAGES}"
    rf"(?:\s*,\s*(?:{_PAGES}))*)(?P<tail>\w*)",
    re.IGNORECASE,
)

#: A word a locator starts with, as :data:`PARA` and :data:`PAGE` read them.
_LABEL = re.compile(
    r"(?:(?P<para>¶¶?|para(?:graph)?s?\b\.?)|pp?\.|pages?\b|pg\.)\s*", re.IGNORECASE
)
#: What may follow a locator: the end, a comma or semicolon, or a space and words (not
#: "to", which leaves a range open).
_AFTER = re.compile(r"\s*(?:[,;]|$)|\s+(?!to\b)[(\[“\"‘']*[^\W\d_]", re.IGNORECASE)
#: A roman numeral written as one is (``iv``, not ``iiii`` or ``civic``).
_ROMAN = re.compile(r"m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})", re.IGNORECASE)
#: The forms each kind of locator takes, for messages.
FORMS = {
    "paragraph": "para. 6, paras. 5-7, para. 2.1 (a report's numbering)",
    "page": "p. 7, pp. 7-8, p. iv",
}

Key = tuple[int, ...]


def _int(digits: str) -> int:
    """A number as written; past any real document's, one bound (never a huge int)."""
    return int(digits) if len(digits) < 19 else 10**18


def _key(number: str) -> Key:
    return tuple(_int(n) for n in number.split("."))


def _page_key(page: str) -> tuple[int, int]:
    """Order pages: roman front matter before arabic pages."""
    if page.isdigit():
        return (1, _int(page))
    value = roman(page)
    return (0, value) if value is not None else (2, 0)


def _ranges(value: str, number: str) -> tuple[tuple[str, str], ...]:
    out = []
    for item in value.split(","):
        ends = re.findall(number, item, re.IGNORECASE)
        out.append((ends[0], ends[-1]))
    return tuple(out)


def _shown(ranges: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{a}–{b}" if b != a else a for a, b in ranges)


@dataclass(frozen=True)
class SuffixLocator:
    """The pages and paragraphs a suffix starts by naming, and the words that name them."""

    pages: tuple[tuple[str, str], ...]
    paras: tuple[tuple[str, str], ...]
    written: str
    tail: str = ""
    page_written: str = ""  # each part as written: "pp 7-8", "paras 5-7"
    para_written: str = ""

    def page_label(self) -> str | None:
        """As citeproc prints it: ``p. 7``, ``pp. 7–8``; None when no page is named."""
        if not self.pages:
            return None
        one = len(self.pages) == 1 and self.pages[0][0] == self.pages[0][1]
        return f"{'p.' if one else 'pp.'} {_shown(self.pages)}"

    def para_label(self) -> str | None:
        """As citeproc prints it: ``para. 6``, ``paras. 5–7``; None when none is named."""
        if not self.paras:
            return None
        one = len(self.paras) == 1 and self.paras[0][0] == self.paras[0][1]
        return f"{'para.' if one else 'paras.'} {_shown(self.paras)}"

    def label(self) -> str:
        """Both parts, as written in order: ``p. 7, para. 23``."""
        return ", ".join(p for p in (self.page_label(), self.para_label()) if p)

    def well_formed(self) -> bool:
        """No stray characters after a number, pages arabic or roman, ranges running forwards."""
        return (
            not self.tail
            and all(_key(a) <= _key(b) for a, b in self.paras)
            and all(_page_key(a) <= _page_key(b) for a, b in self.pages)
            and all(p.isdigit() or _ROMAN.fullmatch(p) for ends in self.pages for p in ends)
        )

    def holds(self, paragraph: str) -> bool:
        """Whether paragraph ``paragraph`` ("6", "2.1") is one the locator names."""
        key = _key(paragraph)
        return any(_key(a) <= key <= _key(b) for a, b in self.paras)

    def holds_pages(self, pages: str) -> bool:
        """Whether every page of ``pages`` ("7", or "7–8") is one the locator names."""
        return all(
            any(_page_key(a) <= _page_key(page) <= _page_key(b) for a, b in self.pages)
            for page in pages.split("–")
        )


def suffix_locator(text: str) -> SuffixLocator | None:
    """The page and paragraph locator ``text`` starts with, if any."""
    page = PAGE.match(text)
    at, tail = 0, ""
    pages: tuple[tuple[str, str], ...] = ()
    if page:
        pages, at, tail = _ranges(page.group("value"), _PAGE_NUMBER), page.end(), page.group("tail")
        joined = re.match(r"\s*,\s*", text[at:])
        if joined and PARA.match(text, at + joined.end()):
            at += joined.end()
    para = PARA.match(text, at) if not tail else None
    if para is None and not pages:
        return None
    paras = _ranges(para.group("value"), _NUMBER) if para else ()
    end = para.end() if para else page.end() if page else 0
    return SuffixLocator(
        pages,
        paras,
        text[:end],
        tail or (para.group("tail") if para else ""),
        page.group() if page else "",
        para.group() if para else "",
    )


def _not_a(shown: str, kind: str, note: str = "") -> tuple[str, str]:
    return (
        f"“{shown}” is not a {kind} number or range of them{note}",
        f"Write {FORMS[kind]}; or drop it (the reference gives the place)",
    )


def _checked(text: str, start: int) -> tuple[str, str] | None:
    """What is wrong with the locator at ``text[start:]``, which starts with a locator word."""
    loc = suffix_locator(text[start:])
    if loc is None:
        label = _LABEL.match(text, start)
        assert label is not None
        kind = "paragraph" if label.group("para") else "page"
        value = re.match(r"[^\s,;]*", text[label.end() :])
        word = value.group() if value else ""
        # "para. VI", "para. iv", "para. X" (a lone "x" is more likely a placeholder)
        roman_word = _ROMAN.fullmatch(word) and (len(word) > 1 or word.isupper())
        note = (
            f" (roman numerals number pages (p. {word.lower()}), not paragraphs)"
            if kind == "paragraph" and roman_word
            else ""
        )
        return _not_a(text[start : label.end()] + word, kind, note)
    end = start + len(loc.written)
    kind = "paragraph" if loc.paras else "page"
    if not _AFTER.match(text, end):
        more = re.match(r"\s*[^\s,;]*", text[end:])
        return _not_a(text[start:end] + (more.group() if more else ""), kind)
    return None if loc.well_formed() else _not_a(loc.written, kind)


def locator_problem(text: str) -> tuple[str, str] | None:
    """What is wrong with the locators of a suffix ``text``, and what to write; or None.

    Every part of the suffix (the start, and each part after a comma or semicolon) that
    starts with a locator word must be a locator: numbers as its kind takes them, followed
    by the end, a comma, a semicolon or a space and words.
    """
    loc = suffix_locator(text)
    if loc is not None:
        problem = _checked(text, 0)
        if problem:
            return problem
    at = len(loc.written) if loc else 0
    starts = ([] if loc else [0]) + [at + m.end() for m in re.finditer(r"[,;]\s*", text[at:])]
    for start in starts:
        problem = _checked(text, start) if _LABEL.match(text, start) else None
        if problem:
            return problem
    return None


def _last_paragraph(seg: Segmentation) -> str | None:
    """The source's last paragraph as locators number them: its own number, else the count."""
    if seg.numbered:
        return max((p.label for p in seg.paragraphs if p.label), key=_key)
    count = len(seg.citable)
    return str(count) if count else None


def _last_pages(seg: Segmentation) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
    """The last arabic and the last roman page (value and label), where the source shows them.

    Arabic: the highest printed page number, or the pages in the file when some page prints
    none (a locator names that page by its place in the file).
    """
    printed = [p.printed for p in seg.pages if p.printed]
    arabic = [(_int(p), f"p. {p}") for p in printed if p.isdigit()]
    if len(printed) < len(seg.pages):  # a page printing no number is cited by its place
        arabic.append((len(seg.pages), f"PDF p. {len(seg.pages)}"))
    romans = [
        (roman(p) or 0, f"p. {p}") for p in printed if not p.isdigit() and _ROMAN.fullmatch(p)
    ]
    return max(arabic, default=None), max(romans, default=None)


def beyond(loc: SuffixLocator, seg: Segmentation) -> str | None:
    """Where the source ends, when ``loc`` names a paragraph or page past it; else None.

    ``loc`` is well formed (its ranges run forwards), so each range's end is checked. A
    source with no pages (plain text) has no last page: its page locators are not checked.
    """
    if loc.paras:
        last = _last_paragraph(seg)
        if last is None:
            return "its source has no citable paragraphs"
        if any(_key(b) > _key(last) for _, b in loc.paras):
            return f"its last paragraph is para. {last}"
    arabic, romans = _last_pages(seg) if seg.pages else (None, None)
    for _, end in loc.pages:
        limit = arabic if end.isdigit() else romans
        value = _int(end) if end.isdigit() else roman(end) or 0
        if limit is not None and value > limit[0]:
            return (
                f"its last page is {limit[1]}"
                if end.isdigit()
                else f"its pages in roman numerals end at {limit[1]}"
            )
    return None
