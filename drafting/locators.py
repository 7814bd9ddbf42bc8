"""Paragraph locators in a citation's suffix (``para. 6``, ``paras 5-7``, ``¶ 6``).

Read as pandoc's citeproc reads a locator at the start of a suffix (its labels ``para.``,
``paras.``, ``paragraph``, ``¶``, ``¶¶``, in any case), and also ``para 6`` and ``paras 5-7``,
which citeproc leaves as plain text but a reader takes for paragraphs all the same. The
value is a number, a range (``5-7``, ``5–7``, ``5 to 7``) or several, separated by commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RANGE = r"\d+(?:\s*(?:[-–—]|to)\s*\d+)?"
#: A paragraph locator at the start of a suffix, as citeproc reads one (and ``para 3``).
PARA = re.compile(rf"(?:¶¶?|para(?:graph)?s?\b\.?)\s*(?P<value>{_RANGE}"
                  rf"(?:\s*,\s*{_RANGE})*)(?P<tail>\w*)", re.IGNORECASE)


@dataclass(frozen=True)
class ParaLocator:
    """``para. 6``, ``paras. 5–7, 9``: the paragraphs a suffix names, and where it ends."""

    ranges: tuple[tuple[int, int], ...]
    written: str
    tail: str = ""

    def label(self) -> str:
        """As citeproc prints it: ``para. 6``, ``paras. 5–7``, ``paras. 2, 4``."""
        one = len(self.ranges) == 1 and self.ranges[0][0] == self.ranges[0][1]
        shown = ", ".join(f"{a}–{b}" if b != a else str(a) for a, b in self.ranges)
        return f"para. {shown}" if one else f"paras. {shown}"

    def holds(self, paragraph: int) -> bool:
        """Whether ``paragraph`` is one the locator names."""
        return any(a <= paragraph <= b for a, b in self.ranges)


def paragraph_locator(text: str) -> ParaLocator | None:
    """The paragraph locator ``text`` starts with, if any."""
    match = PARA.match(text)
    if not match:
        return None
    ranges = []
    for item in match.group("value").split(","):
        ends = [int(n) for n in re.findall(r"\d+", item)]
        ranges.append((ends[0], ends[-1]))
    return ParaLocator(tuple(ranges), match.group(), match.group("tail"))
