"""A line of a laid-out page, as the layout rules read it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One line of a page: where it is and what it says, in segments."""

    page: int  # index into the document's pages
    y: float
    size: float
    x0: float
    x1: float
    segs: list[tuple[float, float, str]]
    excluded: str | None = None
    in_table: bool = False
    ocr: float | None = None  # the page's mean OCR confidence, when it is a scan
    #: Where in :attr:`text` OCR's doubtful words are: ``(start, end)`` offsets.
    low: list[tuple[int, int]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The line's words, segments separated by a space."""
        return " ".join(s[2] for s in self.segs)
