"""``drafting localise``: a model motion made into this council's draft, its facts cited.

A model motion (:mod:`drafting.modeltext` reads its sections and clauses) arrives with
national figures copied from council to council. For each clause that states something
(all but what it resolves), the register is asked what supports it or gives a local or
later figure:

- for each figure whose words name one of the register's measures
  (:func:`evidence.measured.named_measure`): the fact stating the same value ("states 232
  for unallocated cases"), else the register's latest value of that measure ("the
  register's latest for unallocated cases: 232, as at 2019-09");
- the facts whose statements share the clause's rarest words
  (:func:`evidence.lookup.suggest_facts`).

Citations go in where the user picks them (at the terminal, or ``cite:`` in an answers
file); the draft's review then says what is still uncited (``notes-uncited``,
``uncited-figure`` with what the register holds), so nothing is cited by guesswork.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafting.errors import DraftingError
from drafting.kinds.motion import Motion, MotionDraft
from drafting.modeltext import ModelMotion, verb_mood
from drafting.new import cite_in
from evidence.figures import figures
from evidence.lookup import suggest_facts
from evidence.measured import holding
from evidence.register import Register
from evidence.yamlio import YamlDoc

#: What stands for what the model does not say (review calls it a placeholder).
UNKNOWN = "TBC"
#: The most clauses and bullets a model motion may have: a motion runs to a few dozen, and
#: each is looked up in the register and reviewed (thousands would take minutes).
MAX_CLAUSES = 500
#: Suggestions offered for one clause, at most.
MOST = 5
#: The share of a clause's words (each weighed by how rare it is among the facts) a fact
#: must have to be offered for them: one word in common is chance, not support.
WORDS_SHARED = 0.35


@dataclass(frozen=True)
class Suggestion:
    """A fact offered for a clause, and why."""

    fact_id: str
    statement: str
    why: str


@dataclass(frozen=True)
class ClauseEvidence:
    """A clause of the localised draft that states something, and the facts offered for it."""

    label: str  # as the motion names it: "Clause 2", "Paragraph 1", "Clause 4, bullet 1"
    loc: tuple[str | int, ...]  # where its text is in the draft's data
    text: str
    suggestions: tuple[Suggestion, ...]


def check_model(model: ModelMotion, path: Path | None = None) -> None:
    """Refuse a model with no clause, or with more than :data:`MAX_CLAUSES` (``path`` named).

    Raises:
        DraftingError: what is wrong with it, naming ``path``.
    """
    if not model.clauses:
        raise DraftingError(
            "has no clauses: no list items or paragraphs under a heading such as "
            "“This Council notes”",
            hint="Give the model motion's own text (.txt, .md, .docx or .html)",
            path=path,
        )
    parts = sum(1 + len(c.bullets) for s in model.sections for c in s.clauses)
    if parts > MAX_CLAUSES:
        raise DraftingError(
            f"has {parts:,} clauses and bullets, more than the {MAX_CLAUSES} a motion is "
            "read with; nothing was written",
            hint="Give the model motion's own text, not a document holding it",
            path=path,
        )


def draft_data(
    model: ModelMotion,
    header: Mapping[str, Any],
    required: tuple[str, ...] = (),
    *,
    path: Path | None = None,
) -> dict[str, Any]:
    """The motion draft's data: ``header``'s fields (council, meeting ...) and the model's.

    A council whose standing orders require headings (``required``) gets them, each in
    place of the model's heading of the same mood. What neither gives is :data:`UNKNOWN`.
    ``path`` is the model's file, named in an error.

    Raises:
        DraftingError: the model has no clause to make a motion of, or more than
            :data:`MAX_CLAUSES` clauses and bullets.
    """
    check_model(model, path)
    renamed = _required_headings(required)
    sections = []
    for section in model.sections:
        entry: dict[str, Any] = {}
        if section.heading:
            entry["heading"] = renamed.get(section.mood, section.heading)
        elif not section.mood:
            entry["numbered"] = False  # what comes before the motion's first heading
        entry["clauses"] = [
            {"text": c.text, "bullets": list(c.bullets)} if c.bullets else c.text
            for c in section.clauses
        ]
        sections.append(entry)
    data: dict[str, Any] = {
        "kind": "motion",
        "council": UNKNOWN,
        "meeting": {"body": UNKNOWN},
        "title": model.title or UNKNOWN,
        "proposer": {"name": model.proposer or f"{UNKNOWN} (proposer)"},
        "seconder": {"name": model.seconder or f"{UNKNOWN} (seconder)"},
    }
    for key, value in header.items():
        if key in ("meeting", "proposer", "seconder") and isinstance(value, dict):
            data[key] = {**data[key], **value}
        elif key not in ("kind", "sections", "cite"):
            data[key] = value
    data["sections"] = sections
    return data


def _required_headings(required: tuple[str, ...]) -> dict[str, str]:
    """The council's required heading for each mood it names ("notes": "Council notes")."""
    out: dict[str, str] = {}
    for heading in required:
        mood = next((m for w in heading.split() if (m := verb_mood(w.strip(":,")))), "")
        if mood:
            out.setdefault(mood, heading)
    return out


def evidence_for(draft: MotionDraft, register: Register) -> list[ClauseEvidence]:
    """Each clause that states something (not what the motion resolves), with facts offered."""
    out = []
    for prose in Motion().prose(draft):
        if prose.mood == "proposes" or not prose.text.strip():
            continue
        offered = suggestions(prose.text, register)
        out.append(ClauseEvidence(prose.label, prose.loc, prose.text, tuple(offered)))
    return out


def suggestions(text: str, register: Register) -> list[Suggestion]:
    """The facts offered for a clause: by its figures' measures first, then by its words."""
    found = figures(text)
    offered: dict[str, Suggestion] = {}
    for figure in found:
        held = holding(register, text, figure, found)
        if held is None:
            continue
        why = (
            f"states {figure.text} for {held.measure.name}"
            if held.same
            else f"the register's latest for {held.measure.name}: {held.figure.label()} "
            f"({held.when()}); the model says {figure.text}"
        )
        offered.setdefault(held.fact.id, Suggestion(held.fact.id, held.fact.statement, why))
    for fact in suggest_facts(register, text, limit=MOST, least=WORDS_SHARED):
        offered.setdefault(fact.id, Suggestion(fact.id, fact.statement, "about the same things"))
    return list(offered.values())[:MOST]


def cite(data: dict[str, Any], loc: tuple[str | int, ...], fact_ids: list[str]) -> None:
    """Put ``fact_ids``' citation into the text at ``loc`` of the draft's data."""
    *parent, last = loc
    holder: Any = data
    for key in parent:
        holder = holder[key]
    holder[last] = cite_in(holder[last], *fact_ids)


def chosen_in(
    answers: Mapping[Any, Any],
    clauses: list[ClauseEvidence],
    known: Callable[[str], bool],
    doc: YamlDoc | None = None,
) -> dict[str, list[str]]:
    """An answers file's ``cite:`` read against the clauses: each label's fact ids.

    A key is a clause's label ("clause 2", "paragraph 1", "clause 4, bullet 1") or a
    clause's number (2). ``doc``, the answers file, places an error at its file and line.

    Raises:
        DraftingError: a key names no clause that states something, or a value is not a
            list of the register's fact ids; the message says which.
    """
    labels = {c.label.casefold(): c.label for c in clauses}
    out: dict[str, list[str]] = {}
    for key, ids in answers.items():
        place: dict[str, Any] = (
            {} if doc is None else {"path": doc.path, "line": doc.line_of(("cite", key))}
        )
        name = f"clause {key}" if isinstance(key, int) else str(key).strip().casefold()
        if name not in labels:
            raise DraftingError(
                f"cite: {key!r} names no clause of the motion that states something",
                hint=f"Use one of: {', '.join(c.label for c in clauses) or 'none'}",
                **place,
            )
        listed = [ids] if isinstance(ids, str) else ids
        if not isinstance(listed, list) or not all(isinstance(i, str) for i in listed):
            raise DraftingError(
                f"cite: {key!r} should be a fact id or a list of them",
                hint="e.g. cite: {clause 2: [unallocated-cases-232]}",
                **place,
            )
        unknown = [i for i in listed if not known(i)]
        if unknown:
            raise DraftingError(
                f"cite: {key!r} names {', '.join(unknown)}, which the register does not hold",
                hint="See the ids with `drafting evidence list`",
                **place,
            )
        out[labels[name]] = listed
    return out
