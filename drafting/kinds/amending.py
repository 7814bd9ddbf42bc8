"""A motion being amended: its clauses by label, its words, and the changes made to it.

An amendment's instructions (:mod:`drafting.kinds.instructions`) are carried out on an
:class:`AmendedMotion`, each by its own ``apply``. Word-level changes to one clause (or
bullet) are gathered and made together, each placed in the clause as the motion has it, so
that "leave out “a”" and "after “b” insert “c”" do not move each other. Clauses are named
by the motion's own labels: numbered clauses "clause N", free-form ones "paragraph N".
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any, Protocol

from drafting.citations import CitationSyntaxError, Span, parse_inline, unbreakable
from drafting.errors import DraftingError
from drafting.kinds.motion import Clause, MotionDraft, Section

_CITE = re.compile(r"\s*\[[^\[\]]*@[^\[\]]*\]")


class AmendError(DraftingError):
    """Two drafts that cannot be compared, or an instruction that does not fit the motion."""


def labels(sections: Sequence[Section]) -> list[list[str]]:
    """Each clause's label: "clause 3" when numbered, "paragraph 2" when free-form."""
    out: list[list[str]] = []
    numbered = free = 0
    for section in sections:
        row = []
        for _ in section.clauses:
            if section.numbered:
                numbered += 1
                row.append(f"clause {numbered}")
            else:
                free += 1
                row.append(f"paragraph {free}")
        out.append(row)
    return out


def words(text: str) -> list[str]:
    """Words; a citation group such as ``[@a; @b]`` or a code span, with what sticks to it, is one.

    Groups are found as citations are parsed (escaped brackets and code spans inside them
    included), so an edit never splits one.
    """
    glued = unbreakable(text)
    out, at = [], 0
    for gap in re.finditer(r"\s+", text):
        if not any(a < gap.start() < b for a, b in glued):
            out.append(text[at : gap.start()])
            at = gap.end()
    out.append(text[at:])
    return [w for w in out if w]


def find(within: list[str], phrase: list[str]) -> list[int]:
    """Where ``phrase`` starts in ``within``, word for word."""
    n = len(phrase)
    return [i for i in range(len(within) - n + 1) if within[i : i + n] == phrase]


def read_aloud(text: str) -> str:
    """Words from the motion as they are read aloud: citations and markup gone, as shown."""
    try:
        items = parse_inline(text)
    except CitationSyntaxError:  # not prose (refused where the words are read in)
        return " ".join(_CITE.sub("", text).split())
    return " ".join("".join(i.text for i in items if isinstance(i, Span)).split())


def clause_data(clause: Clause) -> Any:
    """A clause as draft data: its text, or ``{text, bullets}``."""
    return (
        clause
        if isinstance(clause, str)
        else {"text": clause.text, "bullets": list(clause.bullets)}
    )


def sections_data(sections: Sequence[Section]) -> list[dict[str, Any]]:
    """A motion's sections as draft data (heading, numbered, clauses)."""
    return [
        {
            "heading": s.heading,
            "numbered": s.numbered,
            "clauses": [clause_data(c) for c in s.clauses],
        }
        for s in sections
    ]


class WordEdit(Protocol):
    """A change to the words of one clause or bullet: what it replaces, and with what."""

    def span(self, within: list[str]) -> tuple[int, int]:
        """The words it replaces (a range of ``within``; empty where it inserts)."""

    def new_words(self) -> list[str]:
        """The words it puts there."""


def apply_words(within: list[str], edits: Sequence[WordEdit]) -> list[str]:
    """``within`` with every edit made, each placed in the words as they were.

    Raises:
        AmendError: an edit's words are not (or not once) in ``within``, or two edits
            change the same words.
    """
    spans = sorted(((*e.span(within), e) for e in edits), key=lambda s: s[0], reverse=True)
    out = list(within)
    last = len(within) + 1
    for start, end, edit in spans:
        if end > last:
            raise AmendError("two instructions change the same words of a clause")
        out[start:end] = edit.new_words()
        last = start
    return out


def place(within: list[str], quoted: str) -> int:
    """Where the words ``quoted`` start in ``within``.

    Raises:
        AmendError: they are not there, or there more than once.
    """
    found = find(within, words(quoted))
    if len(found) != 1:
        raise AmendError(
            f"“{quoted}” occurs {len(found)} times in the clause, so the instruction is ambiguous"
        )
    return found[0]


class AmendedMotion:
    """A motion's sections (as draft data) with instructions being carried out on them."""

    def __init__(self, original: MotionDraft) -> None:
        self._sections = sections_data(original.sections)
        self._where = {
            label: (i, j)
            for i, row in enumerate(labels(original.sections))
            for j, label in enumerate(row)
        }
        self._edits: dict[tuple[int, int, int | None], list[WordEdit]] = {}
        self._whole: dict[tuple[int, int, int], str] = {}
        self._replaced: dict[tuple[int, int], Any] = {}
        self._dropped: set[tuple[int, int]] = set()
        self._inserted: dict[tuple[int, int], list[Any]] = {}

    def locate(self, label: str) -> tuple[int, int]:
        """The section and place of the clause called ``label``.

        Raises:
            AmendError: the motion has no such clause.
        """
        if label not in self._where:
            raise AmendError(
                f"the motion has no {label}",
                hint=f"Its clauses: {', '.join(self._where) or 'none'}",
            )
        return self._where[label]

    def _section(self, number: int) -> int:
        if not 1 <= number <= len(self._sections):
            raise AmendError(f"the motion has no section {number}")
        return number - 1

    def _bullet(self, label: str, bullet: int) -> tuple[int, int, int]:
        i, j = self.locate(label)
        clause = self._sections[i]["clauses"][j]
        if isinstance(clause, str) or not 1 <= bullet <= len(clause["bullets"]):
            raise AmendError(f"{label} of the motion has no bullet {bullet}")
        return i, j, bullet - 1

    def edit_words(self, label: str, bullet: int | None, edit: WordEdit) -> None:
        """Change words of a clause (or of its bullet ``bullet``, counted from 1)."""
        at = (*self.locate(label), None) if bullet is None else self._bullet(label, bullet)
        self._edits.setdefault(at, []).append(edit)

    def replace_bullet(self, label: str, bullet: int, text: str) -> None:
        """Replace a clause's bullet (counted from 1) whole."""
        at = self._bullet(label, bullet)
        self._whole[at] = text
        self._edits.setdefault(at, [])

    def replace_clause(self, label: str, clause: Clause) -> None:
        """Replace a clause whole."""
        self._replaced[self.locate(label)] = clause_data(clause)

    def leave_out_clause(self, label: str) -> None:
        """Leave a clause out."""
        self._dropped.add(self.locate(label))

    def insert_after(self, label: str, clause: Clause) -> None:
        """Insert a new clause after the clause called ``label``."""
        i, j = self.locate(label)
        self._inserted.setdefault((i, j + 1), []).append(clause_data(clause))

    def insert_first(self, section: int, clause: Clause) -> None:
        """Insert a new clause at the start of section ``section`` (counted from 1)."""
        self._inserted.setdefault((self._section(section), 0), []).append(clause_data(clause))

    def replace_heading(self, section: int | None, old: str | None, new: str | None) -> None:
        """Replace a section's heading (``old`` None: it had none; ``new`` None: leave it out).

        The section is found by its number or, without one, as the one headed ``old``.

        Raises:
            AmendError: the motion has no such section, or not one so headed.
        """
        if section is None:
            headed = [n for n, s in enumerate(self._sections, 1) if old and s["heading"] == old]
            if len(headed) != 1:
                raise AmendError(
                    f"{len(headed)} sections are headed “{old or ''}”",
                    hint="Name the section by its number (section: 2)",
                )
            section = headed[0]
        self._sections[self._section(section)]["heading"] = new

    def sections(self) -> list[dict[str, Any]]:
        """The sections with every change made (as draft data).

        Raises:
            AmendError: a word-level change does not fit its clause (see :func:`apply_words`).
        """
        out = copy.deepcopy(self._sections)
        for (i, j, bullet), changes in self._edits.items():
            self._edit(out, i, j, bullet, changes)
        for i, section in enumerate(out):
            kept: list[Any] = []
            for j, item in enumerate([*section["clauses"], None]):
                kept += self._inserted.get((i, j), [])
                if item is not None and (i, j) not in self._dropped:
                    kept.append(self._replaced.get((i, j), item))
            section["clauses"] = kept
        return out

    def _edit(
        self,
        out: list[dict[str, Any]],
        i: int,
        j: int,
        bullet: int | None,
        changes: list[WordEdit],
    ) -> None:
        clause: Any = out[i]["clauses"][j]
        if bullet is None:
            text = clause if isinstance(clause, str) else clause["text"]
        else:
            text = clause["bullets"][bullet]
        whole = self._whole.get((i, j, bullet)) if bullet is not None else None
        new = whole if whole is not None else " ".join(apply_words(words(text), changes))
        if bullet is None:
            out[i]["clauses"][j] = new if isinstance(clause, str) else {**clause, "text": new}
        else:
            clause["bullets"][bullet] = new
