"""Locators in a citation's suffix: pages and paragraphs (``p. 7``, ``para. 6``, ``¶ 6``).

Read as pandoc's citeproc reads a locator at the start of a suffix (its labels ``p.``,
``pp.``, ``page``, ``para.``, ``paras.``, ``paragraph``, ``¶``, ``¶¶``, in any case), and also
``para 6`` and ``paras 5-7``, which citeproc leaves as plain text but a reader takes for
paragraphs all the same. A page may come first and a paragraph after it (``p. 7, para.
23``), as a report is cited. A paragraph is a number or a report's dotted number (``2.1``);
a page is a number or a roman numeral (``iv``); each may be a range (``5-7``, ``5–7``,
``5 to 7``) or several, separated by commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.numbering import roman

_NUMBER = r"\d+(?:\.\d+)*"
_PAGE_NUMBER = r"\d+|[ivxlcdm]+\b"
_RANGE = rf"(?:{_NUMBER})(?:\s*(?:[-–—]|to)\s*(?:{_NUMBER}))?"
_PAGES = rf"(?:{_PAGE_NUMBER})(?:\s*(?:[-–—]|to)\s*(?:{_PAGE_NUMBER}))?"
#: A paragraph locator, as citeproc reads one (and ``para 3``).
PARA = re.compile(rf"(?:¶¶?|para(?:graph)?s?\b\.?)\s*(?P<value>{_RANGE}"
                  rf"(?:\s*,\s*{_RANGE})*)(?P<tail>\w*)", re.IGNORECASE)
#: A page locator: ``p. 7``, ``pp. 7-8``, ``page 7``, ``pages iv-vi``.
PAGE = re.compile(rf"(?:pp?\.|pages?\b|pg\.)\s*(?P<value>{_PAGES}"
                  rf"(?:\s*,\s*(?:{_PAGES}))*)(?P<tail>\w*)", re.IGNORECASE)

Key = tuple[int, ...]


def _key(number: str) -> Key:
    return tuple(int(n) for n in number.split("."))


def _page_key(page: str) -> tuple[int, int]:
    """Order pages: roman front matter before arabic pages."""
    if page.isdigit():
        return (1, int(page))
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
        """No stray characters after a number, and every range runs forwards."""
        return not self.tail and all(_key(a) <= _key(b) for a, b in self.paras) \
            and all(_page_key(a) <= _page_key(b) for a, b in self.pages)

    def holds(self, paragraph: str) -> bool:
        """Whether paragraph ``paragraph`` ("6", "2.1") is one the locator names."""
        key = _key(paragraph)
        return any(_key(a) <= key <= _key(b) for a, b in self.paras)

    def holds_pages(self, pages: str) -> bool:
        """Whether every page of ``pages`` ("7", or "7–8") is one the locator names."""
        return all(any(_page_key(a) <= _page_key(page) <= _page_key(b) for a, b in self.pages)
                   for page in pages.split("–"))


def suffix_locator(text: str) -> SuffixLocator | None:
    """The page and paragraph locator ``text`` starts with, if any."""
    page = PAGE.match(text)
    at, tail = 0, ""
    pages: tuple[tuple[str, str], ...] = ()
    if page:
        pages, at, tail = _ranges(page.group("value"), _PAGE_NUMBER), page.end(), \
            page.group("tail")
        joined = re.match(r"\s*,\s*", text[at:])
        if joined and PARA.match(text, at + joined.end()):
            at += joined.end()
    para = PARA.match(text, at) if not tail else None
    if para is None and not pages:
        return None
    paras = _ranges(para.group("value"), _NUMBER) if para else ()
    end = para.end() if para else page.end() if page else 0
    return SuffixLocator(pages, paras, text[:end], tail or (para.group("tail") if para else ""),
                         page.group() if page else "", para.group() if para else "")
