"""What a recipients CSV fills: each column's field, each row's draft, each letter's name.

The CSV's header names what each column fills: a field of the recipient (``name``,
``honorific``, ``title``, ``organisation``, ``address``: the draft's ``recipient``, a
question's ``to``, an FOI request's ``authority``), or any field of the draft by its dotted
path (``subject``, ``meeting.date``, ``recipient.address``). A column naming no field, or
two columns filling one, is an error before anything is written. A list field takes its
items separated by ``;`` or by line breaks in the cell (Alt+Enter in Excel); elsewhere a
line break is a space. The file is read by :func:`evidence.csvio.read_table`: comma,
semicolon or tab separated, UTF-8 or UTF-16, each cell bounded and free of control characters.
A letter's file name comes from ``--name-template`` (:func:`name_template`).
:mod:`drafting.merge` renders and writes the letters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from drafting.errors import UsageError
from drafting.kinds.base import Kind
from drafting.models import Recipient
from evidence.csvio import read_table
from evidence.dossier import slug_for

#: The most a recipients file may hold.
MAX_BYTES = 16 * 2**20
MAX_ROWS = 100_000


@functools.cache
def recipient_field(kind: Kind[Any]) -> str | None:
    """The draft's field holding the recipient (the first of type Recipient)."""
    for name, info in kind.model.model_fields.items():
        if info.annotation is Recipient:
            return name
    return None


def _leaves(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """The dotted path of every field a cell can fill (a model's fields, not the model)."""
    for name, info in model.model_fields.items():
        inner = info.annotation
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from _leaves(inner, f"{prefix}{name}.")
        elif f"{prefix}{name}" != "kind":
            yield f"{prefix}{name}"


def column_choices(kind: Kind[Any]) -> list[str]:
    """Every name a column may have: the recipient's fields, then the draft's by path."""
    recipient = recipient_field(kind)
    return [*(Recipient.model_fields if recipient else ()), *_leaves(kind.model)]


def column_paths(kind: Kind[Any], columns: list[str], source: Path) -> dict[str, tuple[str, ...]]:
    """Each column's field path in the draft.

    Raises:
        UsageError: a column names no field of this kind of draft, or two fill one field.
    """
    recipient = recipient_field(kind)
    choices = column_choices(kind)
    out: dict[str, tuple[str, ...]] = {}
    for column in columns:
        name = column.strip()
        if name not in choices:
            from evidence.suggest import did_you_mean

            hint = (
                f"A {kind.name} has no recipient"
                if name in Recipient.model_fields
                else did_you_mean(name, [c for c in choices if c != name])
            )
            raise UsageError(
                f"column {column!r} names no field of a {kind.name}", path=source, line=1, hint=hint
            )
        path = (
            (recipient, name)
            if recipient and name in Recipient.model_fields
            else tuple(name.split("."))
        )
        twin = next((c for c, p in out.items() if p == path), None)
        if twin is not None:
            raise UsageError(
                f"columns {twin!r} and {column!r} both fill {'.'.join(path)} "
                f"(columns {columns.index(twin) + 1} and "
                f"{columns.index(column) + 1})",
                path=source,
                line=1,
                hint="Keep one of them",
            )
        out[column] = path
    return out


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a recipients CSV (see :func:`evidence.csvio.read_table`).

    Raises:
        CsvError: not a CSV with a header and at least one row, too large, or a header
            cell, row or cell refused.
    """
    table = read_table(path, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    columns = list(table.header)
    return columns, [
        {c: v.strip() for c, v in zip(columns, row.cells, strict=True)} for row in table.rows
    ]


@functools.cache
def _is_list(model: type[BaseModel], path: tuple[str, ...]) -> bool:
    field = model.model_fields[path[0]]
    if (
        len(path) > 1
        and isinstance(field.annotation, type)
        and issubclass(field.annotation, BaseModel)
    ):
        return _is_list(field.annotation, path[1:])
    return "tuple" in str(field.annotation) or "list" in str(field.annotation)


def row_data(
    kind: Kind[Any], base: dict[str, Any], paths: dict[str, tuple[str, ...]], row: dict[str, str]
) -> dict[str, Any]:
    """The draft's data with this row's cells filled in.

    The recipient is the row's own: when the file has recipient columns, the draft's
    recipient is replaced, not patched (a row with only a title is not addressed to the
    draft's named person). Elsewhere an empty cell leaves the draft's value.
    """
    data = dict(base)  # the draft's own data is shared, never changed: what a row changes is
    made = {id(data)}  # a copy of each dict on the way to it
    recipient = recipient_field(kind)
    if recipient and any(p[0] == recipient for p in paths.values()):
        data[recipient] = {}
        made.add(id(data[recipient]))
    for column, path in paths.items():
        value: Any = row.get(column, "")
        if value == "":
            continue
        if _is_list(kind.model, path):  # items separated by ";" or a line break
            value = [v.strip() for v in re.split("[;\n]", value) if v.strip()]
        else:
            value = re.sub(r"\s*\n\s*", " ", value)
        target = data
        for key in path[:-1]:
            inner = target.get(key)
            if isinstance(inner, dict) and id(inner) not in made:
                target[key] = inner = dict(inner)
                made.add(id(inner))
            target = target.setdefault(key, {}) if isinstance(inner, dict | None) else target
            made.add(id(target))
        target[path[-1]] = value
    return data


#: The widest a field of a name template may be padded: a file name is cut at 120 anyway.
MAX_WIDTH = 120
#: A name template parsed: its literal text, then a field (``row`` or a column) and its spec.
Template = tuple[tuple[str, str | None, str], ...]


def _template_error(pattern: str, problem: str, hint: str) -> UsageError:
    return UsageError(f"--name-template {pattern!r}: {problem}", hint=hint)


def _checked_spec(pattern: str, field: str, spec: str) -> None:
    """A field's format spec, checked to format its kind of value, and not too wide."""
    if any(len(n) > 3 or int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec)):
        raise _template_error(
            pattern,
            f"{{{field}:{spec}}} is wider than a file name",
            f"Keep widths to {MAX_WIDTH} characters or fewer",
        )
    sample: int | str = 1 if field == "row" else ""
    try:
        format(sample, spec)
    except ValueError:
        kind, example = (
            ("a number format", "{row:03} for 001")
            if field == "row"
            else ("a text format", f"{{{field}:.20}} for its first 20 characters")
        )
        raise _template_error(
            pattern, f"{{{field}:{spec}}} is not {kind}", f"Write {example}, or {{{field}}}"
        ) from None


def name_template(pattern: str, columns: list[str]) -> Template:
    """``pattern`` (``--name-template``) parsed as Python's str.format reads it.

    Every field must be ``{row}`` (the row number, ``001``; a format spec such as
    ``{row:04}`` pads it differently) or a column of the CSV, written exactly; a column may
    take a text format spec (``{name:.20}``).

    Raises:
        UsageError: a field naming neither (with the closest column), a conversion
            (``!r``), a spec its value cannot take, or a brace out of place.
    """
    from string import Formatter

    from evidence.suggest import nearest

    try:
        parts = list(Formatter().parse(pattern))
    except ValueError as exc:
        raise _template_error(
            pattern,
            str(exc).replace("'", "“", 1).replace("'", "”", 1),
            "Write {{ or }} for a brace itself",
        ) from None
    out = []
    choices = ["row", *columns]
    for literal, field, spec, conversion in parts:
        if field is not None and field not in choices:
            close = nearest(field, choices, limit=1, scorer="spelling")
            raise _template_error(
                pattern,
                f"{{{field}}} is neither {{row}} nor a column of the recipients",
                (f"Did you mean {{{close[0]}}}? " if close else "")
                + f"The columns: {', '.join(columns)}",
            )
        if field is not None and conversion:
            raise _template_error(
                pattern,
                f"{{{field}!{conversion}}}: a conversion is not supported",
                f"Write {{{field}}}",
            )
        if field is not None and spec:
            _checked_spec(pattern, field, spec)
        out.append((literal, field, spec or ""))
    return tuple(out)


def out_name(template: Template, number: int, row: dict[str, str]) -> str:
    """A file name from a parsed name template (:func:`name_template`).

    ``{row}`` is the row number (001), any other ``{column}`` a cell; the result is made
    safe for every filesystem.
    """
    text = ""
    for literal, field, spec in template:
        text += literal
        if field == "row":
            text += format(number, spec) if spec else f"{number:03d}"
        elif field is not None:
            text += format(row.get(field, ""), spec)
    stem = slug_for(text) or f"{number:03d}"
    return f"{stem[:120]}.docx"
