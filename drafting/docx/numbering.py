"""How a document numbers its footnotes, so a later note's "(n 3)" names the note as printed.

Word numbers footnotes as its ``w:footnotePr`` says: in the settings for the whole
document, and in each section's properties over them: the format (``numFmt``: 1, i, I,
a, A, *, 01), the first number (``numStart``) and when numbering starts again
(``numRestart``: never, at each section, on each page). A short note points back to the
note that gave its source in full; that pointer must print as the note's mark prints
("(n vii)" where notes are numbered i, ii, iii ... from v), and cannot be given at all
when the same number could be two notes' (numbering afresh on each page, or at each of
several sections) or when sections number in different ways.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafting.docx.parts import W
from drafting.errors import DraftingError
from evidence.readers.docx import local
from evidence.readers.wordlists import letters, roman

_CHICAGO = "*†‡§"


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "lowerRoman": roman,
    "upperRoman": lambda n: roman(n).upper(),
    "lowerLetter": letters,
    "upperLetter": lambda n: letters(n).upper(),
    "decimalZero": lambda n: f"{n:02d}",
    "chicago": lambda n: _CHICAGO[(n - 1) % 4] * ((n - 1) // 4 + 1),
}


@dataclass(frozen=True)
class NoteNumbering:
    """A document's footnote numbering: format, first number, when it starts again."""

    fmt: str = "decimal"
    start: int = 1
    restart: str = "continuous"
    sections: int = 1
    uniform: bool = True

    def label(self, n: int) -> str:
        """How the ``n``th footnote's mark prints (``n`` counted from 1)."""
        return _FORMATS.get(self.fmt, str)(max(1, self.start + n - 1))

    def problem(self) -> str | None:
        """Why a note number cannot point back to one note, or None when it can."""
        if not self.uniform:
            return "differently in different sections"
        if self.restart == "eachPage":
            return "afresh on each page"
        if self.restart == "eachSect" and self.sections > 1:
            return "afresh in each section"
        if self.fmt not in _FORMATS:
            return f"in a form drafting cannot print ({self.fmt})"
        return None


def _settings(element: Any | None) -> dict[str, str]:
    """The ``w:footnotePr`` values under ``element`` (``numFmt``, ``numStart``, ``numRestart``)."""
    found = element.find(f"{W}footnotePr") if element is not None else None
    if found is None:
        return {}
    return {
        name: value
        for child in found
        if isinstance(child.tag, str)
        and (name := local(child)) in ("numFmt", "numStart", "numRestart")
        and (value := child.get(f"{W}val"))
    }


def note_numbering(settings: Any | None, body: Any) -> NoteNumbering:
    """The footnote numbering of a document: its ``settings`` root, its ``body``."""
    base = _settings(settings)
    sections = [s for s in body.iter(f"{W}sectPr") if local(s.getparent()) != "sectPrChange"] or [
        None
    ]
    each = {tuple(sorted({**base, **_settings(s)}.items())) for s in sections}
    chosen = dict(sorted(each)[0])
    start = chosen.get("numStart", "1")
    return NoteNumbering(
        fmt=chosen.get("numFmt", "decimal"),
        start=int(start) if start.isdigit() and len(start) < 6 else 1,
        restart=chosen.get("numRestart", "continuous"),
        sections=len(sections),
        uniform=len(each) == 1,
    )


def refuse_numbering(numbering: NoteNumbering, what: str, path: Path) -> None:
    """Refuse short notes where a note number cannot point back to one note.

    ``what`` names the document whose numbering it is ("" for the file ``path`` itself,
    "template letter.docx" for a draft's template).

    Raises:
        DraftingError: the numbering restarts, or differs between sections.
    """
    problem = numbering.problem()
    if problem:
        raise DraftingError(
            f"{what + ' ' if what else ''}numbers its footnotes {problem}, so a short note's "
            "“(n 3)” could not say which note it points back to",
            path=path,
            hint="Render with --repeats full, or number the footnotes continuously (Word: "
            "References > Footnotes > Numbering: Continuous)",
        )
