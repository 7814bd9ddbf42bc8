"""A new draft from a form: the questions ``drafting new`` asks, as fields, checked the same way.

Each of the kind's questions (:meth:`drafting.kinds.base.Kind.questions`) is a field named by
its path; a group that repeats (signatories) shows :data:`REPEATS` sets of fields, the first
required as the command line requires it; a section of a motion is a text area, one clause
to a line. Every answer goes through :func:`drafting.new.check_answer`, so a form refuses
what the prompts refuse, with the same words, each beside its field. The draft is then made
by :func:`drafting.new.ask_missing` (answering from the form instead of a terminal),
:func:`drafting.new.new_draft` and :func:`drafting.new.draft_text`, as ``drafting new`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path
from typing import Any

from drafting.kinds.base import Kind, Question
from drafting.new import ask_missing, check_answer, draft_text, new_draft
from evidence.register import Register
from evidence.yamlio import YamlDoc

#: How many sets of fields a repeating group (signatories) offers.
REPEATS = 3


@dataclass(frozen=True)
class Field:
    """One field of the form: its name, label, the question, and whether it is required."""

    name: str
    label: str
    question: Question
    required: bool


def fields(kind: Kind[Any], skip: tuple[str, ...] = ()) -> list[Field]:
    """The form's fields for ``kind``; questions under a field in ``skip`` are left out.

    A repeating group's fields come entry by entry; each section of a motion is a field.
    """
    out: list[Field] = []
    questions = [q for q in kind.questions() if q.path[0] not in skip]
    sections = 0
    for group, items in groupby(questions, key=_group):
        asked = list(items)
        if group is None:
            for q in asked:
                name = _name(q.path)
                if q.kind == "section":
                    name, sections = f"{name}.{sections}", sections + 1
                out.append(Field(name, q.prompt, q, q.required))
            continue
        for n in range(REPEATS):
            for q in asked:
                path = tuple(n if p == "*" else p for p in q.path)
                label = q.prompt if n == 0 else f"{q.prompt} ({n + 1})"
                out.append(Field(_name(path), label, q, q.required and n == 0))
    return out


def _group(question: Question) -> tuple[Any, ...] | None:
    """The path of the repeating group ``question`` belongs to (None: it repeats not)."""
    return question.path[: question.path.index("*")] if "*" in question.path else None


def _name(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path)


def checked(form: list[Field], answers: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Each field's value from ``answers``, checked; and the problem of each refused one."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for f in form:
        raw = answers.get(f.name, "")
        if f.question.kind == "section":
            clauses = [line.strip() for line in raw.splitlines() if line.strip()]
            if clauses:
                values[f.name] = clauses
            elif f.required:
                problems[f.name] = "give at least one clause, one to a line"
            continue
        try:
            value = check_answer(replace(f.question, required=f.required), raw)
        except ValueError as exc:
            problems[f.name] = str(exc)
            continue
        if value is not None:
            values[f.name] = value
    return values, problems


def made(kind: Kind[Any], form: list[Field], values: dict[str, Any], register: Register) -> str:
    """The new draft's text from checked ``values`` (see the module's docstring).

    Raises:
        SchemaError: the answers together do not make a valid draft (as ``drafting new``).
    """
    names = {f.question: f.name for f in reversed(form) if _group(f.question) is None}
    firsts: dict[tuple[Any, ...], Question] = {}
    for f in form:
        group = _group(f.question)
        if group is not None:
            firsts.setdefault(group, f.question)
    entry: dict[tuple[Any, ...], int] = {}

    def ask(question: Question, again: bool) -> Any:
        group = _group(question)
        if group is None:
            return values.get(names.get(question, ""))
        if question == firsts.get(group):
            entry[group] = entry.get(group, -1) + 1 if again else 0
        n = entry.get(group, 0)
        return values.get(_name((*group, n, *question.path[len(group) + 1 :])))

    data = ask_missing(kind, {}, ask)
    draft = new_draft(kind, YamlDoc(Path("<the form>"), data, {}))
    return draft_text(kind, draft, register)
