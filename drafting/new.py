"""Starting a draft of any kind: answers (from a file or prompts) become a draft file.

A kind lists its :class:`~drafting.kinds.base.Question` s; an answers file uses
the same field names as the draft. Each answer is validated as it is given
(:func:`check_answer`), so a name of only spaces is refused at once, not after
every other question. Questions whose path holds ``*`` form a group that fills
one item of a list (a signatory); the group may repeat.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from itertools import groupby
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from drafting.kinds.base import Kind, Question
from drafting.models import DraftBase, Text, clock_time
from evidence.errors import SchemaError
from evidence.house import Email, Telephone
from evidence.lookup import suggest_facts
from evidence.register import Register
from evidence.yamlio import YamlDoc, validate

_TEXT: TypeAdapter[str] = TypeAdapter(Text)
#: How an answer of each kind is checked (a text, unless named here).
_ANSWERS: dict[str, TypeAdapter[str]] = {
    "email": TypeAdapter(Email),
    "telephone": TypeAdapter(Telephone),
}

#: Called with a question and whether it is a repeat of its group; returns the raw answer.
Ask = Callable[[Question, bool], str]


def check_answer(question: Question, raw: str) -> Any:
    """The value of one typed answer, or ``None`` for a blank optional one.

    Raises:
        ValueError: the answer is not acceptable; the message says why, in plain words.
    """
    if not raw.strip():
        if question.required:
            raise ValueError("an answer is needed (not blank or only spaces)")
        return None
    if question.kind == "time":
        return clock_time(raw)
    if question.kind == "date":
        try:
            return dt.date.fromisoformat(raw.strip()).isoformat()
        except ValueError:
            raise ValueError(
                f"{raw.strip()!r} is not a real date; write YYYY-MM-DD, e.g. 2026-11-23"
            ) from None
    if question.kind == "lines":  # an address typed on one line: commas between its lines
        line = replace(question, kind="text")
        return [check_answer(line, part) for part in re.split(r"[,;]", raw) if part.strip()]
    try:
        return _ANSWERS.get(question.kind, _TEXT).validate_python(raw)
    except ValidationError as exc:
        raise ValueError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None


def _put(data: dict[Any, Any], path: tuple[str | int, ...], value: Any) -> None:
    *parents, last = path
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value


def _given(data: dict[str, Any], path: tuple[str | int, ...]) -> bool:
    node: Any = data
    for key in path:
        if key == "*":
            return isinstance(node, list) and bool(node)
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def ask_missing(
    kind: Kind[Any], given: dict[str, Any], ask: Ask, *, optional: bool = True
) -> dict[str, Any]:
    """``given`` completed by asking (through ``ask``) each question it does not answer.

    With ``optional`` false (an answers file and no terminal), only required ones are asked.
    """
    data = dict(given)
    wanted = [q for q in kind.questions() if optional or q.required]
    for group, items in groupby(
        wanted, key=lambda q: q.path[: q.path.index("*")] if "*" in q.path else q.path
    ):
        questions = list(items)
        if questions[0].kind == "section":
            if not _given(data, group):
                sections = [
                    {"heading": q.prompt, "clauses": clauses}
                    for q in questions
                    if (clauses := ask(q, False))
                ]
                if sections:
                    _put(data, group, sections)
            continue
        if "*" not in questions[0].path:
            if not _given(data, questions[0].path):
                value = ask(questions[0], False)
                if value is not None:
                    _put(data, questions[0].path, value)
            continue
        if _given(data, (*group, "*")):
            continue
        entries: list[dict[str, Any]] = []
        while True:
            entry: dict[str, Any] = {}
            for n, question in enumerate(questions):
                value = ask(question, bool(entries) and n == 0)
                if n == 0 and value is None:
                    break
                if value is not None:
                    entry[str(question.path[-1])] = value
            if not entry:
                break
            entries.append(entry)
        _put(data, group, entries)
    return data


def missing_answers(kind: Kind[Any], given: dict[str, Any]) -> list[Question]:
    """The required questions ``given`` does not answer."""
    return [
        q
        for q in kind.questions()
        if q.required
        and not _given(given, q.path[: q.path.index("*") + 1] if "*" in q.path else q.path)
    ]


def cite_in(clause: str, *fact_ids: str) -> str:
    """``clause`` citing ``fact_ids`` as one group before its closing punctuation.

    ``cite_in("that X;", "a", "b")`` is ``"that X [@a; @b];"``, as pandoc writes it; the
    clause keeps its own punctuation, whatever it is.
    """
    body = clause.rstrip()
    end = len(body.rstrip(".;:,"))
    group = "; ".join(f"@{f}" for f in fact_ids)
    return f"{body[:end]} [{group}]{body[end:]}"


_NUMBER = re.compile(r"[0-9]+")


def chosen_numbers(raw: str, count: int) -> list[int]:
    """The numbers picked from a list of ``count``: "1 3", "1,3" or "1, 3"; none if blank.

    Raises:
        ValueError: a word that is not a number, a number out of range, or one given twice;
            the message says which, in plain words.
    """
    chosen: list[int] = []
    want = f"give numbers from 1 to {count} (e.g. 1 or 1 3), or a blank line for none"
    if count == 1:
        want = "give the number 1, or a blank line for none"
    for word in re.split(r"[\s,]+", raw.strip()):
        if not word:
            continue
        if not _NUMBER.fullmatch(word):
            raise ValueError(f"{word!r} is not a number: {want}")
        number = int(word)
        if not 1 <= number <= count:
            raise ValueError(f"there is no fact {number}: {want}")
        if number in chosen:
            raise ValueError(f"fact {number} is given twice: {want}")
        chosen.append(number)
    return chosen


def check_answers(kind: Kind[Any], answers: YamlDoc) -> None:
    """Refuse unknown or invalid answers before any question is asked; missing ones are asked.

    Raises:
        SchemaError: an answer names a field the draft does not have, or is invalid.
    """
    try:
        new_draft(kind, answers)
    except SchemaError as exc:
        if "required field is missing" not in exc.message:
            raise


def new_draft(kind: Kind[Any], answers: YamlDoc) -> DraftBase:
    """The kind's skeleton filled with ``answers``, validated (errors name the answers' lines)."""
    data = kind.skeleton(answers.data)
    return validate(YamlDoc(answers.path, data, answers.lines), kind.model)


def draft_text(kind: Kind[Any], draft: DraftBase, register: Register) -> str:
    """The new draft's YAML, with the facts most relevant to it listed in a comment block."""
    data = draft.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {"kind": kind.name, **data}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
    subject = kind.properties(draft).title  # what each kind's document is about
    todo = (
        "Replace the placeholder text"
        if any(p in body for p in kind.placeholders)
        else "Check every line"
    )
    lines = [
        f"# A {kind.name} draft made by 'drafting new {kind.name}'. {todo}, then run:",
        "#   drafting render THIS-FILE.yaml",
        *(f"# {line}" for line in kind.guide),
        "#",
    ]
    facts = suggest_facts(register, subject)
    if facts:
        lines.append("# Facts that may be relevant (cite as [@id]):")
        lines += [f"#   {f.id}: {f.statement}" for f in facts]
    else:
        lines.append("# No facts matched the subject; see 'drafting evidence list'.")
    return "\n".join(lines) + "\n" + body
