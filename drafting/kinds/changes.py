"""The kinds of instruction an amendment gives: one model each, with only the keys it takes.

``leave_out`` (with ``insert``) leaves words out; ``after``, ``before``, ``at_start`` and
``at_end`` (with ``insert``) insert words (in a clause, or in its ``bullet``);
``leave_out_clause``, ``replace_clause``, ``replace_bullet`` and ``insert_clause`` (placed by
``after_clause`` or ``section``) change whole clauses; ``heading_from`` (with ``heading_to``)
changes a heading. Which kind an instruction is, its keys say (:mod:`drafting.kinds.instructions`).

Each kind's ``apply`` carries it out on an :class:`~drafting.kinds.amending.AmendedMotion`
and its ``wording`` is how the clerk reads it ("In clause 3, leave out “a report” and insert
“a programme”."): prose markup, so words inserted may cite facts.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
)

from drafting.citations import CitationSyntaxError, escape_prose, parse_inline
from drafting.kinds.amending import AmendedMotion, place, read_aloud, words
from drafting.kinds.motion import BulletedClause, Clause
from drafting.models import Model, Text

#: Validation context for instructions ``drafting amend`` has just made: their quoted words
#: are checked later, as render will check them (``drafting.amend_check``), not here.
AS_MADE: dict[str, Any] = {"quoted_words": "checked later"}


def _whole_prose(quoted: str, info: ValidationInfo) -> str:
    """Words quoted from the motion must be whole prose: a broken citation would show raw."""
    if (info.context or {}).get("quoted_words") != AS_MADE["quoted_words"]:
        try:
            parse_inline(quoted)
        except CitationSyntaxError as exc:
            raise ValueError(
                f"the words quoted from the motion are not whole prose: {exc.message}"
            ) from None
    return quoted


#: Words quoted from the motion (left out, or an insertion's anchor, or a heading).
Quoted = Annotated[Text, AfterValidator(_whole_prose)]
Number = Annotated[int, Field(ge=1)]


def _quoted(text: str) -> str:
    """Words from the motion as read aloud, written so that they render exactly so."""
    return escape_prose(read_aloud(text))


def _shown(clause: Clause) -> str:
    if isinstance(clause, str):
        return clause
    return clause.text + " " + " ".join(f"• {b}" for b in clause.bullets)


class Change(Model):
    """One instruction of an amendment; its keys say what it does."""

    #: The key that says what it does (the first of ``names``).
    action: ClassVar[str]
    #: Every key that says so (a heading's ``heading_from`` and ``heading_to``).
    names: ClassVar[tuple[str, ...]] = ()
    #: Keys that tell it from another kind doing the same (``after_clause``, ``section``).
    marks: ClassVar[tuple[str, ...]] = ()
    #: Of those, as a sentence says it ("section (its first clause)").
    marked_by: ClassVar[str] = ""
    #: Keys it needs, with what to give.
    needs: ClassVar[dict[str, str]] = {}

    @abstractmethod
    def apply(self, motion: AmendedMotion) -> None:
        """Carry the instruction out on ``motion``."""

    @abstractmethod
    def wording(self) -> str:
        """How the clerk reads it (prose markup: inserted citations become notes)."""

    def data(self) -> dict[str, Any]:
        """The instruction as plain data, as a draft gives it."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


_CLAUSE = {"clause": "the clause it changes (clause: clause 3)"}
_INSERT = {"insert": "the words to insert (insert: ...)"}


class WordsChange(Change):
    """A change to words of a clause, or of one of its bullets."""

    clause: Text
    bullet: Number | None = None
    needs: ClassVar[dict[str, str]] = {**_CLAUSE, **_INSERT}

    @abstractmethod
    def span(self, within: list[str]) -> tuple[int, int]:
        """The words it replaces (a range of ``within``; empty where it inserts)."""

    def new_words(self) -> list[str]:
        """The words it puts there."""
        return words(getattr(self, "insert", None) or "")

    def apply(self, motion: AmendedMotion) -> None:
        """Change the clause's (or bullet's) words, with its other word changes."""
        motion.edit_words(self.clause, self.bullet, self)

    def where(self) -> str:
        """“clause 3”, or “clause 3, bullet 2”."""
        return f"{self.clause}, bullet {self.bullet}" if self.bullet else self.clause


class LeaveOutWords(WordsChange):
    """In clause 3, leave out “a report” (and insert “a programme”)."""

    action: ClassVar[str] = "leave_out"
    needs: ClassVar[dict[str, str]] = _CLAUSE
    leave_out: Quoted
    insert: Text | None = None

    def span(self, within: list[str]) -> tuple[int, int]:
        """The words left out."""
        at = place(within, self.leave_out)
        return at, at + len(words(self.leave_out))

    def wording(self) -> str:
        """In clause 3, leave out “a report” and insert “a programme”."""
        out = f"In {self.where()}, leave out “{_quoted(self.leave_out)}”"
        return out + (f" and insert “{self.insert}”." if self.insert else ".")


class InsertAfter(WordsChange):
    """In clause 3, after “write to” insert “the minister and”."""

    action: ClassVar[str] = "after"
    after: Quoted
    insert: Text

    def span(self, within: list[str]) -> tuple[int, int]:
        """Just after the words quoted."""
        at = place(within, self.after) + len(words(self.after))
        return at, at

    def wording(self) -> str:
        """In clause 3, after “write to” insert “the minister and”."""
        return f"In {self.where()}, after “{_quoted(self.after)}” insert “{self.insert}”."


class InsertBefore(WordsChange):
    """In clause 3, before “the council” insert “that”."""

    action: ClassVar[str] = "before"
    before: Quoted
    insert: Text

    def span(self, within: list[str]) -> tuple[int, int]:
        """Just before the words quoted."""
        at = place(within, self.before)
        return at, at

    def wording(self) -> str:
        """In clause 3, before “the council” insert “that”."""
        return f"In {self.where()}, before “{_quoted(self.before)}” insert “{self.insert}”."


class InsertAtStart(WordsChange):
    """At the start of clause 3, insert “The”."""

    action: ClassVar[str] = "at_start"
    at_start: Literal[True]
    insert: Text

    def span(self, within: list[str]) -> tuple[int, int]:
        """The start of the clause."""
        return 0, 0

    def wording(self) -> str:
        """At the start of clause 3, insert “The”."""
        return f"At the start of {self.where()}, insert “{self.insert}”."


class InsertAtEnd(WordsChange):
    """At the end of clause 3, insert “today”."""

    action: ClassVar[str] = "at_end"
    at_end: Literal[True]
    insert: Text

    def span(self, within: list[str]) -> tuple[int, int]:
        """The end of the clause."""
        return len(within), len(within)

    def wording(self) -> str:
        """At the end of clause 3, insert “today”."""
        return f"At the end of {self.where()}, insert “{self.insert}”."


class LeaveOutClause(Change):
    """Leave out clause 4."""

    action: ClassVar[str] = "leave_out_clause"
    needs: ClassVar[dict[str, str]] = _CLAUSE
    clause: Text
    leave_out_clause: Literal[True]

    def apply(self, motion: AmendedMotion) -> None:
        """Leave the clause out."""
        motion.leave_out_clause(self.clause)

    def wording(self) -> str:
        """Leave out clause 4."""
        return f"Leave out {self.clause}."


class ReplaceClause(Change):
    """Leave out clause 3 and insert: “...” (most of its words changed)."""

    action: ClassVar[str] = "replace_clause"
    needs: ClassVar[dict[str, str]] = _CLAUSE
    clause: Text
    replace_clause: Text | BulletedClause

    def apply(self, motion: AmendedMotion) -> None:
        """Put the new clause in the old one's place."""
        motion.replace_clause(self.clause, self.replace_clause)

    def wording(self) -> str:
        """Leave out clause 3 and insert: “...”."""
        return f"Leave out {self.clause} and insert: “{_shown(self.replace_clause)}”."


class ReplaceBullet(Change):
    """Leave out clause 5, bullet 2 and insert: “...”."""

    action: ClassVar[str] = "replace_bullet"
    needs: ClassVar[dict[str, str]] = {
        **_CLAUSE,
        "bullet": "the bullet it replaces (bullet: 2)",
    }
    clause: Text
    bullet: Number
    replace_bullet: Text

    def apply(self, motion: AmendedMotion) -> None:
        """Put the new bullet in the old one's place."""
        motion.replace_bullet(self.clause, self.bullet, self.replace_bullet)

    def wording(self) -> str:
        """Leave out clause 5, bullet 2 and insert: “...”."""
        return f"Leave out {self.clause}, bullet {self.bullet} and insert: “{self.replace_bullet}”."


class InsertClauseAfter(Change):
    """After clause 2, insert new clause 2A: “...”."""

    action: ClassVar[str] = "insert_clause"
    marks: ClassVar[tuple[str, ...]] = ("after_clause",)
    marked_by: ClassVar[str] = "after_clause"
    insert_clause: Text | BulletedClause
    label: Text | None = None
    after_clause: Text

    def apply(self, motion: AmendedMotion) -> None:
        """Insert the clause after the one named."""
        motion.insert_after(self.after_clause, self.insert_clause)

    def wording(self) -> str:
        """After clause 2, insert new clause 2A: “...”."""
        text = _shown(self.insert_clause)
        return f"After {self.after_clause}, insert new clause {self.label or ''}: “{text}”."


class InsertFirstClause(Change):
    """At the start of section 3 (“This Council resolves”), insert new clause 5A: “...”."""

    action: ClassVar[str] = "insert_clause"
    marks: ClassVar[tuple[str, ...]] = ("section", "at_start_of_section")
    marked_by: ClassVar[str] = "section (its first clause)"
    insert_clause: Text | BulletedClause
    label: Text | None = None
    section: Number
    at_start_of_section: Text | None = Field(
        default=None, description="the heading of the section it starts (shown only)"
    )

    def apply(self, motion: AmendedMotion) -> None:
        """Insert the clause at the start of the section (headings may repeat: by number)."""
        motion.insert_first(self.section, self.insert_clause)

    def wording(self) -> str:
        """At the start of section 3 (“This Council resolves”), insert new clause 5A: “...”."""
        heading = self.at_start_of_section
        at = f"section {self.section}" + (f" (“{_quoted(heading)}”)" if heading else "")
        return (
            f"At the start of {at}, insert new clause {self.label or ''}: "
            f"“{_shown(self.insert_clause)}”."
        )


class ChangeHeading(Change):
    """A section's heading replaced, left out, or (where it had none) given."""

    action: ClassVar[str] = "heading_from"
    names: ClassVar[tuple[str, ...]] = ("heading_from", "heading_to")
    section: Number | None = None
    heading_from: Quoted | None = None
    heading_to: Quoted | None = None

    def apply(self, motion: AmendedMotion) -> None:
        """Change the section's heading (by number, else the one so headed)."""
        motion.replace_heading(self.section, self.heading_from, self.heading_to)

    def wording(self) -> str:
        """Leave out the heading “...” and insert “...”."""
        old = f"Leave out the heading “{_quoted(self.heading_from or '')}”"
        if self.heading_from and self.heading_to:
            return f"{old} and insert “{_quoted(self.heading_to)}”."
        return old + "."


KINDS: tuple[type[Change], ...] = (
    LeaveOutWords,
    InsertAfter,
    InsertBefore,
    InsertAtStart,
    InsertAtEnd,
    LeaveOutClause,
    ReplaceClause,
    ReplaceBullet,
    InsertClauseAfter,
    InsertFirstClause,
    ChangeHeading,
)
