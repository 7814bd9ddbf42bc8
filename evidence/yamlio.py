"""Read YAML files into pydantic models, keeping line numbers for error messages.

PyYAML forgets where a value came from once it is constructed, and pydantic's
errors name only a field path. This module composes the YAML node tree itself,
records the line of every mapping key and sequence item under its path, refuses
duplicate keys (which YAML would silently collapse), and turns a pydantic
``ValidationError`` into one readable line: ``facts.yaml:12: facts[3].kind: ...``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from evidence.errors import SchemaError

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class YamlDoc:
    """Plain data read from a YAML file, with the line (1-based) of each path."""

    path: Path
    data: Any
    lines: Mapping[Loc, int]

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest ancestor the file records."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


def _construct(loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, lines: dict[Loc, int],
               path: Path) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                raise SchemaError(f"keys must be text, not {key!r}", path=path,
                                  line=key_node.start_mark.line + 1)
            if key in result:
                raise SchemaError(f"duplicate key {key!r}", path=path,
                                  line=key_node.start_mark.line + 1,
                                  hint="Each key may appear once in a mapping")
            child = (*loc, key)
            lines[child] = key_node.start_mark.line + 1
            result[key] = _construct(loader, value_node, child, lines, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*loc, i), lines, path)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, path: Path) -> YamlDoc:
    """Parse YAML text; ``path`` is only used in messages."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = None if node is None else _construct(loader, node, (), lines, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise SchemaError(f"malformed YAML: {problem}", path=path, line=line,
                          hint="Check the indentation and quoting on that line") from None
    except yaml.YAMLError as exc:
        raise SchemaError(f"malformed YAML: {exc}", path=path) from None
    finally:
        loader.dispose()
    return YamlDoc(path=path, data=data, lines=lines)


def read_yaml(path: Path) -> YamlDoc:
    """Read and parse a UTF-8 YAML file, with clear errors for missing or binary files."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemaError("file not found", path=path) from None
    except IsADirectoryError:
        raise SchemaError("is a folder, not a YAML file", path=path) from None
    except UnicodeDecodeError as exc:
        raise SchemaError(f"not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset "
                          f"{exc.start})", path=path, hint="Save the file as UTF-8") from None
    except OSError as exc:
        raise SchemaError(f"cannot read: {exc.strerror}", path=path) from None
    return parse_yaml(text, path)


def format_loc(loc: Loc) -> str:
    """``('facts', 3, 'kind')`` -> ``facts[3].kind``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate(doc: YamlDoc, model: type[M], *, context: Mapping[str, Any] | None = None) -> M:
    """Validate ``doc.data`` against ``model``; the first error names file, line and field."""
    try:
        return model.model_validate(doc.data, context=dict(context or {}))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A typo shows as an unknown field plus a missing one: report the typo first.
        first = min(errors, key=lambda e: (e["type"] != "extra_forbidden", e["type"] == "missing"))
        loc: Loc = tuple(p for p in first["loc"] if isinstance(p, str | int))
        msg = first["msg"]
        if first["type"] == "extra_forbidden":
            missing = [str(e["loc"][-1]) for e in errors
                       if e["type"] == "missing" and tuple(e["loc"][:-1]) == loc[:-1]]
            msg = "unknown field" + (f" (did you mean {' or '.join(missing)}?)" if missing
                                     else " (check its spelling; unknown fields are not ignored)")
        elif first["type"] == "missing":
            msg = "required field is missing"
        more = len(errors) - 1
        hint = f"{more} more problem(s) after fixing this one" if more else None
        field = format_loc(loc) or "(top level)"
        raise SchemaError(f"{field}: {msg}", path=doc.path, line=doc.line_of(loc),
                          hint=hint) from None
