"""Amendments in council form: the difference between two versions of a motion, and back.

:func:`amend` compares an original motion with an amended one, clause by clause,
and writes the instructions a clerk reads aloud:

* "In clause 3, leave out “a report” and insert “a programme”." (word-level, kept short:
  the words left out are extended only until they occur once in the clause);
* "In clause 3, after “write to” insert “the Secretary of State and”."; "At the end of
  clause 3, insert “...”.";
* "After clause 2, insert new clause 2A: “...”."; "At the start of section 3 (“This Council
  resolves”), insert new clause 5A: “...”.";
* "Leave out clause 4."; "Leave out clause 3 and insert: “...”." (when most words change);
* "Leave out the heading “...” and insert “...”.".

How each instruction reads, and what it does to the motion, is its kind's
(:mod:`drafting.kinds.changes`, read from its keys by :mod:`drafting.kinds.instructions`).

:func:`apply` carries the instructions out on the original and gives the amended
sections exactly (a hypothesis property in the tests checks it over random edits).
Clauses are addressed by the motion's own labels: numbered clauses "clause N",
free-form ones "paragraph N"; bullets "clause N, bullet M".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from difflib import SequenceMatcher
from typing import Any

from drafting.kinds.amending import (
    AmendedMotion,
    apply_words,
    clause_data,
    find,
    labels,
    read_aloud,
    sections_data,
    words,
)
from drafting.kinds.amending import AmendError as AmendError
from drafting.kinds.changes import Change, WordsChange
from drafting.kinds.instructions import made
from drafting.kinds.motion import MotionDraft, Section, clause_text
from evidence.yamlio import Loc

#: Below this share of words kept, a clause is replaced whole rather than edited.
WHOLE_CLAUSE_BELOW = 0.5


def _readable(clause: list[str]) -> Callable[[int, int], bool]:
    """Whether ``clause[lo:hi]`` can be quoted: once in the clause, as written and as read aloud.

    Read aloud, citations are gone: "[@a];" alone reads as “;”, which no clerk can find.
    """
    shown = read_aloud(" ".join(clause)).split()

    def readable(lo: int, hi: int) -> bool:
        phrase = read_aloud(" ".join(clause[lo:hi])).split()
        return (
            len(find(clause, clause[lo:hi])) == 1
            and any(c.isalnum() for c in "".join(phrase))
            and len(find(shown, phrase)) == 1
        )

    return readable


def _edit(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int) -> dict[str, Any] | None:
    """One word-level edit, its quoted words extended with context until they read clearly.

    None when no words around it do (the clause is then replaced whole).
    """
    lo, hi, jlo, jhi = i1, i2, j1, j2
    readable = _readable(a)
    for step in range(2 * len(a) + 2):
        if hi > lo and readable(lo, hi):
            return {"leave_out": " ".join(a[lo:hi])} | (
                {"insert": " ".join(b[jlo:jhi])} if jhi > jlo else {}
            )
        if hi == lo == len(a) or hi == lo == 0:  # at the end or the start of the clause
            return {"at_end" if lo else "at_start": True, "insert": " ".join(b[jlo:jhi])}
        if hi == lo:  # a pure insertion: anchor on two words before (or after) it, or one
            for n in (2, 1):
                if lo >= n and readable(lo - n, lo):
                    return {"after": " ".join(a[lo - n : lo]), "insert": " ".join(b[jlo:jhi])}
                if lo + n <= len(a) and readable(lo, lo + n):
                    return {"before": " ".join(a[lo : lo + n]), "insert": " ".join(b[jlo:jhi])}
        if (step % 2 == 0 and lo > 0) or hi >= len(a):
            lo, jlo = lo - 1, jlo - 1
        else:
            hi, jhi = hi + 1, jhi + 1
    return None


def _clause_edits(old: str, new: str, where: dict[str, Any]) -> list[dict[str, Any]] | None:
    """Word-level edits turning ``old`` into ``new``; None when replacing it whole reads better.

    Each is an instruction to the clause (or bullet) ``where`` names. Changes separated by one
    or two unchanged words are joined into one.
    """
    a, b = words(old), words(new)
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.ratio() < WHOLE_CLAUSE_BELOW:
        return None
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    merged: list[list[int]] = []
    for _tag, i1, i2, j1, j2 in ops:
        if merged and i1 - merged[-1][1] <= 2 and j1 - merged[-1][3] == i1 - merged[-1][1]:
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    edits = [_edit(a, b, *m) for m in merged]
    if None in edits:
        return None
    found = [where | e for e in edits if e is not None]
    try:
        changes = [made(e) for e in found]
        done = apply_words(a, [c for c in changes if isinstance(c, WordsChange)])
    except AmendError:  # two edits grew into the same words: replace the clause whole
        return None
    return found if done == b else None


def _new_label(after: str | None, count: int) -> str:
    number = after.split()[-1] if after else "0"
    return f"{number}{chr(ord('A') + count)}"


def amend(original: MotionDraft, amended: MotionDraft) -> list[dict[str, Any]]:
    """The instructions that turn ``original`` into ``amended`` (data for an amendment draft).

    Raises:
        AmendError: the two motions have different numbers of sections (an amendment
            changes clauses and headings, not the motion's structure).
    """
    return [instruction for instruction, _ in amend_located(original, amended)]


def amend_located(original: MotionDraft, amended: MotionDraft) -> list[tuple[dict[str, Any], Loc]]:
    """:func:`amend`'s instructions, each with where its words are in the amended draft.

    Raises:
        AmendError: as :func:`amend`.
    """
    if len(original.sections) != len(amended.sections):
        raise AmendError(
            "the two versions have different numbers of sections; an amendment "
            "changes clauses and headings within the same sections",
            hint="Keep the sections and change their clauses",
        )
    out: list[tuple[dict[str, Any], Loc]] = []
    row_labels = labels(original.sections)
    for i, (old, new) in enumerate(zip(original.sections, amended.sections, strict=True)):
        if old.heading != new.heading:
            out.append(
                (
                    {"section": i + 1, "heading_from": old.heading, "heading_to": new.heading},
                    ("sections", i, "heading"),
                )
            )
        out += [
            (entry, ("sections", i, *loc))
            for entry, loc in _section(old, new, row_labels[i], _last_label(row_labels, i), i + 1)
        ]
    return out


def _last_label(rows: list[list[str]], i: int) -> str | None:
    before = [label for row in rows[:i] for label in row]
    return before[-1] if before else None


def _section(
    old: Section, new: Section, row: list[str], previous: str | None, number: int
) -> Iterator[tuple[dict[str, Any], Loc]]:
    a = [_key(c) for c in old.clauses]
    b = [_key(c) for c in new.clauses]
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue  # (the section's number is passed in for new first clauses)
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            yield from (
                (entry, ("clauses", j1 + k))
                for entry in _changed(old.clauses[i1 + k], new.clauses[j1 + k], row[i1 + k])
            )
        for k in range(i1 + pairs, i2):
            yield {"clause": row[k], "leave_out_clause": True}, ()
        anchor = row[i1 + pairs - 1] if i1 + pairs > 0 else None
        for n, k in enumerate(range(j1 + pairs, j2)):
            entry: dict[str, Any] = {
                "insert_clause": clause_data(new.clauses[k]),
                "label": _new_label(anchor or previous, n),
            }
            if anchor:
                entry["after_clause"] = anchor
            else:  # the section by number (headings may repeat); its heading as it reads
                entry["section"] = number
                if old.heading:
                    entry["at_start_of_section"] = old.heading
            yield entry, ("clauses", k)


def _key(clause: Any) -> str:
    return clause_text(clause) + "".join(f"\n- {b}" for b in getattr(clause, "bullets", ()))


def _changed(old: Any, new: Any, label: str) -> Iterator[dict[str, Any]]:
    old_bullets = list(getattr(old, "bullets", ()))
    new_bullets = list(getattr(new, "bullets", ()))
    edits = (
        _clause_edits(clause_text(old), clause_text(new), {"clause": label})
        if clause_text(old) != clause_text(new)
        else []
    )
    if edits is None or len(old_bullets) != len(new_bullets):
        yield {"clause": label, "replace_clause": clause_data(new)}
        return
    yield from edits
    for k, (ob, nb) in enumerate(zip(old_bullets, new_bullets, strict=True)):
        if ob != nb:
            where = {"clause": label, "bullet": k + 1}
            bullet_edits = _clause_edits(ob, nb, where)
            yield from bullet_edits or [where | {"replace_bullet": nb}]


def apply(
    original: MotionDraft, instructions: Sequence[Mapping[str, Any] | Change]
) -> list[dict[str, Any]]:
    """The original's sections with the instructions carried out (as draft data).

    Each instruction (as data, or already read) carries itself out (its ``apply``); word
    changes to one clause are made together, placed in its words as the original has them.
    Words quoted are checked as prose later, as render checks them, not here.

    Raises:
        AmendError: an instruction is not one, names a clause the motion lacks, or words
            that are not (or not once) in it.
    """
    motion = AmendedMotion(original)
    for instruction in instructions:
        (instruction if isinstance(instruction, Change) else made(dict(instruction))).apply(motion)
    return motion.sections()


def same_text(a: Any, b: Any) -> bool:
    """Whether two motions' sections (as data) read the same, word for word."""
    if isinstance(a, str) and isinstance(b, str):
        return words(a) == words(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_text(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_text(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def amendment_data(original: MotionDraft, amended: MotionDraft) -> dict[str, Any]:
    """An amendment draft (as data) moving ``amended``'s wording, checked to apply exactly.

    The mover and seconder are the amended version's proposer and seconder: whoever
    wrote the new wording moves it; its date (if it has one) is the amendment's.

    Raises:
        AmendError: the versions cannot be compared, or are the same.
    """
    instructions = amend(original, amended)
    if not instructions:
        raise AmendError("the two versions read the same; there is nothing to amend")
    if not same_text(apply(original, instructions), sections_data(amended.sections)):
        raise AmendError(
            "the instructions would not give the amended text exactly",
            hint="Report this as a bug, with the two files",
        )
    dated = {"date": amended.date.isoformat()} if amended.date else {}
    return {
        "kind": "amendment",
        "council": amended.council,
        **dated,
        "meeting": amended.meeting.model_dump(mode="json", exclude_none=True),
        "motion": {"title": original.title, "proposer": original.proposer.name},
        "mover": amended.proposer.model_dump(exclude_none=True),
        "seconder": amended.seconder.model_dump(exclude_none=True),
        "instructions": instructions,
    }
