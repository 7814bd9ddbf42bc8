"""The numbers Word shows before numbered paragraphs: "23.", "2.1", "(b)", "iv.".

A Word document does not hold its list numbers as text: a paragraph names a list and a
level (``w:numPr``, or its paragraph style does), the numbering part defines each level's
format (decimal, letters, roman numerals), start and text (``%1.%2``), and Word counts.
:class:`Lists` counts as Word does: a level's counter goes up with each paragraph at that
level, the levels below it start again, lists sharing a definition continue one another
unless one restarts (``w:startOverride``), and a bullet shows as "•". A report whose
paragraphs Word numbers is then cited by those numbers, as it is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_MAX_LEVELS = 9


def local(element: Any) -> str:
    """An element's tag without its namespace (any namespace: transitional or strict)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


@dataclass(frozen=True)
class Level:
    """One level of a list definition: its format, start and text (``%1.%2``)."""

    fmt: str = "decimal"
    start: int = 1
    text: str = "%1."


@dataclass
class Lists:
    """Word's list definitions and counters, fed paragraphs in reading order."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstract id -> levels
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # num -> def
    styles: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    _counts: dict[str, list[int | None]] = field(default_factory=dict)
    _started: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, numbering: Any, styles: Any) -> Lists:
        """The definitions of a numbering part and the lists paragraph styles name."""
        lists = cls()
        for item in numbering if numbering is not None else ():
            if local(item) == "abstractNum":
                lists.levels[_val(item, "abstractNumId") or ""] = {
                    int(_val(lvl, "ilvl") or 0): _level(lvl) for lvl in item if local(lvl) == "lvl"
                }
            elif local(item) == "num":
                abstract = next((_val(c, "val") for c in item if local(c) == "abstractNumId"), None)
                starts = {
                    int(_val(o, "ilvl") or 0): int(_val(s, "val") or 1)
                    for o in item
                    if local(o) == "lvlOverride"
                    for s in o
                    if local(s) == "startOverride"
                }
                lists.nums[_val(item, "numId") or ""] = (abstract or "", starts)
        for style in styles if styles is not None else ():
            if local(style) == "style":
                based = next((_val(c, "val") for c in style if local(c) == "basedOn"), None)
                num, ilvl = _num_pr(style)
                lists.styles[_val(style, "styleId") or ""] = (num, ilvl, based)
        return lists

    def label(self, paragraph: Any) -> str | None:
        """The number Word shows before ``paragraph`` (a ``w:p``), counting it; or None."""
        num, ilvl = _num_pr(paragraph)
        style = next(
            (
                _val(s, "val")
                for p in paragraph
                if local(p) == "pPr"
                for s in p
                if local(s) == "pStyle"
            ),
            None,
        )
        if num is None and style is not None:
            num, styled = self._from_style(style)
            ilvl = ilvl or styled
        if num is None or num == "0" or num not in self.nums:
            return None
        abstract, starts = self.nums[num]
        levels = self.levels.get(abstract, {})
        depth = min(int(ilvl or 0), _MAX_LEVELS - 1)
        counts = self._counts.setdefault(abstract, [None] * _MAX_LEVELS)
        if num not in self._started and starts:
            for at, start in starts.items():  # a list that restarts its definition
                if 0 <= at < _MAX_LEVELS:
                    counts[at] = start - 1
        self._started.add(num)
        level = levels.get(depth, Level())
        before = counts[depth]
        counts[depth] = (before if before is not None else level.start - 1) + 1
        for deeper in range(depth + 1, _MAX_LEVELS):
            counts[deeper] = None
        if level.fmt == "bullet":
            return "•"
        if level.fmt == "none":
            return None
        text = level.text
        for k in range(depth + 1):
            count = counts[k]
            shown = count if count is not None else levels.get(k, Level()).start
            text = text.replace(f"%{k + 1}", _format(shown, levels.get(k, Level()).fmt))
        return text.strip() or None

    def _from_style(self, style: str) -> tuple[str | None, str | None]:
        seen: set[str] = set()
        current: str | None = style
        while current is not None and current not in seen and current in self.styles:
            seen.add(current)
            num, ilvl, based = self.styles[current]
            if num is not None:
                return num, ilvl
            current = based
        return None, None


def _val(element: Any, name: str) -> str | None:
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == name or key == name:
            return str(value)
    return None


def _num_pr(element: Any) -> tuple[str | None, str | None]:
    """The list (``numId``) and level (``ilvl``) a paragraph or style names, if any."""
    for props in element:
        if local(props) == "pPr":
            for pr in props:
                if local(pr) == "numPr":
                    num = next((_val(c, "val") for c in pr if local(c) == "numId"), None)
                    ilvl = next((_val(c, "val") for c in pr if local(c) == "ilvl"), None)
                    return num, ilvl
    return None, None


def _level(lvl: Any) -> Level:
    values = {local(c): _val(c, "val") for c in lvl}
    try:
        start = int(values.get("start") or 1)
    except ValueError:
        start = 1
    return Level(values.get("numFmt") or "decimal", start, values.get("lvlText") or "")


#: Roman numerals, largest first, as Word counts in them.
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def roman(n: int) -> str:
    """``n`` in lower-case Roman numerals, as Word's ``lowerRoman`` counts: 4 -> "iv"."""
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def letters(n: int) -> str:
    """``n`` as Word's ``lowerLetter`` counts: a ... z, then aa ... zz, aaa ..."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    """A counter in a level's format: 3 -> "3", "c", "C", "iii", "III", "03"."""
    if n < 1 or n > 100_000:
        return str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        counted = letters(n)
        return counted.upper() if fmt == "upperLetter" else counted
    if fmt in ("lowerRoman", "upperRoman"):
        return roman(n).upper() if fmt == "upperRoman" else roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)
