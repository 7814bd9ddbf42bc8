"""Read YAML files into pydantic models, keeping line numbers for error messages.

PyYAML forgets where a value came from once it is constructed, and pydantic's
errors name only a field path. This module composes the YAML node tree itself,
records the line of every mapping key and sequence item under its path, refuses
duplicate keys (which YAML would silently collapse), and turns a pydantic
``ValidationError`` into one readable line: ``facts.yaml:12: facts[3].kind: ...``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError

from evidence import jsoncache
from evidence.errors import SchemaError
from evidence.fsio import read_input

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class YamlDoc:
    """Plain data read from a YAML file, with the line (1-based) of each path."""

    path: Path
    data: Any
    lines: Mapping[Loc, int]
    #: ``(line, what)`` for text whose layout suggests a slip (see :func:`_swallowed`).
    notes: tuple[tuple[int, str], ...] = ()

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest ancestor the file records."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


#: Limits that keep a hostile file from taking minutes or gigabytes.
MAX_BYTES = 20 * 2**20
MAX_DEPTH = 64
MAX_NODES = 1_000_000
#: The most digits a number may have (Python refuses to read integers past 4,300).
MAX_DIGITS = 100
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")
)


class _Loader(yaml.SafeLoader):
    """SafeLoader keeping dates as text, and refusing nesting past :data:`MAX_DEPTH`.

    Dates stay text so an impossible one is a field error, not a crash. It is used
    only to compose nodes: values are built by :func:`_construct`, which bounds aliases.
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads this class attribute)
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, text: str, path: Path) -> None:
        super().__init__(text)
        self.depth = 0
        self.where = path

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Compose one node, refusing nesting deeper than :data:`MAX_DEPTH`."""
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise SchemaError(
                    f"nested more than {MAX_DEPTH} levels deep",
                    path=self.where,
                    line=mark.line + 1,
                    hint="Drafts and registers are shallow; check for runaway brackets",
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


#: libyaml's parser, when PyYAML was built with it: about 15 times faster than the pure-Python
#: one. It composes the node tree itself (with each node's line), so the nesting bound is then
#: checked on the tree by :func:`_sizes` rather than while composing.
_FAST = getattr(yaml, "CSafeLoader", None)


def _shallow(text: str) -> bool:
    """Whether ``text`` cannot nest deeper than about half of :data:`MAX_DEPTH`.

    A cheap over-estimate: its deepest indentation, plus its deepest brackets, plus the
    most "- " or "? " markers on one line. libyaml recurses while composing and crashes the
    process on hostile nesting, so only text this shallow is given to it.
    """
    indent = dashes = depth = deepest = 0
    for line in text.splitlines():
        body = line.lstrip(" ")
        indent = max(indent, len(line) - len(body))
        dashes = max(dashes, len(re.findall(r"(?:^|\s)[-?](?=\s|$)", body)))
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return indent + deepest + dashes <= MAX_DEPTH // 2


def _fast_loader(text: str) -> Any:
    assert _FAST is not None

    class Loader(_FAST):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

    return Loader(text)


def _sizes(root: yaml.Node, path: Path) -> None:
    """Refuse a recursive alias, aliases past :data:`MAX_NODES` values, or deep nesting.

    Nesting deeper than :data:`MAX_DEPTH` is refused here for text libyaml composed.
    """
    size: dict[int, int] = {}
    active: set[int] = set()

    def visit(node: yaml.Node, depth: int = 1) -> int:
        key = id(node)
        if depth > MAX_DEPTH:
            raise SchemaError(
                f"nested more than {MAX_DEPTH} levels deep",
                path=path,
                line=node.start_mark.line + 1,
                hint="Drafts and registers are shallow; check for runaway brackets",
            )
        if key in size:
            return size[key]
        if key in active:
            raise SchemaError(
                "an alias refers to the mapping or list that contains it",
                path=path,
                line=node.start_mark.line + 1,
                hint="Remove the recursive alias (*name inside &name)",
            )
        active.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        total = 1
        for child in children:
            total += visit(child, depth + 1)
            if total > MAX_NODES:
                raise SchemaError(
                    f"aliases expand to more than {MAX_NODES:,} values",
                    path=path,
                    line=node.start_mark.line + 1,
                    hint="Write the values out, or use fewer aliases",
                )
        active.discard(key)
        size[key] = total
        return total

    visit(root)


#: A line that reads as a list item or a field of its own ("- text", "key: value").
_ITEM_LIKE = re.compile(r"^\s*(?:-\s+\S|[A-Za-z_][\w -]{0,40}:\s+\S)")


def _swallowed(node: yaml.ScalarNode, lines: list[str]) -> str | None:
    """Why a plain scalar spread over lines looks like an indentation slip, if it does.

    YAML joins a plain (unquoted) value's following lines to it when they are indented
    further, so an item indented one space too far becomes words of the item before it
    ("Please publish - Please the monthly spend"). Quoted and block (``|``, ``>``) values
    are written that way on purpose.
    """
    if node.style not in (None, "") or node.start_mark.line == node.end_mark.line:
        return None
    following = lines[node.start_mark.line + 1 : node.end_mark.line + 1]
    slipped = next((line.strip() for line in following if _ITEM_LIKE.match(line)), None)
    if slipped is None:
        return None
    return (
        f"the text on this line runs on into “{slipped[:40]}”, which looks like a list "
        "item or field of its own: YAML read them as one piece of text"
    )


@dataclass
class _Build:
    """What constructing a document gathers: each path's line, and notes on its layout."""

    path: Path
    text_lines: list[str]
    lines: dict[Loc, int]
    notes: list[tuple[int, str]]


def _construct(loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, build: _Build) -> Any:
    path, lines = build.path, build.lines
    lines.setdefault(loc, node.start_mark.line + 1)
    if node.tag not in _PLAIN_TAGS:
        raise SchemaError(
            f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
            path=path,
            line=node.start_mark.line + 1,
            hint="Use plain text, numbers, lists and mappings",
        )
    if node.tag.endswith((":int", ":float")) and sum(c.isalnum() for c in node.value) > MAX_DIGITS:
        raise SchemaError(
            f"a number {len(node.value):,} characters long",
            path=path,
            line=node.start_mark.line + 1,
            hint="Put it in quotes if it is text; no field takes a number that long",
        )
    if isinstance(node, yaml.ScalarNode):
        why = _swallowed(node, build.text_lines)
        if why:
            build.notes.append((node.start_mark.line + 1, why))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                raise SchemaError(
                    f"keys must be text, not {key!r}", path=path, line=key_node.start_mark.line + 1
                )
            if key in result:
                raise SchemaError(
                    f"duplicate key {key!r}",
                    path=path,
                    line=key_node.start_mark.line + 1,
                    hint="Each key may appear once in a mapping",
                )
            child = (*loc, key)
            lines[child] = key_node.start_mark.line + 1
            result[key] = _construct(loader, value_node, child, build)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*loc, i), build) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _count_values(text: str, path: Path) -> None:
    """Refuse text that holds more than :data:`MAX_NODES` values, before it is composed.

    Composing millions of values takes gigabytes; a draft or register holds thousands. The
    values are counted from the parser's events (constant memory), and only when a cheap
    count of separators says there could be that many.
    """
    if text.count(",") + text.count("\n") + text.count("- ") <= MAX_NODES // 2:
        return
    count = 0
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent | yaml.CollectionStartEvent):
            count += 1
            if count > MAX_NODES:
                raise SchemaError(
                    f"holds more than {MAX_NODES:,} values; drafts and registers hold far fewer",
                    path=path,
                    line=event.start_mark.line + 1 if event.start_mark else None,
                    hint="Check that it is the right file",
                )


#: Texts this long or longer are kept parsed in a cache folder, when one is given.
CACHE_FROM = 64 * 2**10
#: Changes when what the cache keeps changes.
_CACHE_FORMAT = 1


def parse_yaml(text: str, path: Path, cache: Path | None = None) -> YamlDoc:
    """Parse YAML text; ``path`` is only used in messages.

    With a ``cache`` folder, a long text (:data:`CACHE_FROM` characters or more) is kept
    there parsed, under its content's hash: the same text is not parsed again (a register
    of thousands of facts takes PyYAML most of a second).

    Raises:
        SchemaError: malformed YAML, a tag other than plain data, nesting deeper than
            :data:`MAX_DEPTH`, or aliases that recurse or expand past :data:`MAX_NODES`.
    """
    if cache is None or len(text) < CACHE_FROM:
        return _parse(text, path)
    key = [_CACHE_FORMAT, hashlib.sha256(text.encode("utf-8")).hexdigest()]
    where = cache / f"yaml-{hashlib.sha256(str(path).encode()).hexdigest()[:16]}.json"
    stored = jsoncache.load(where, key)
    if stored is not jsoncache.MISSING:
        try:
            return YamlDoc(
                path=path,
                data=stored["data"],
                lines={tuple(loc): line for loc, line in stored["lines"]},
                notes=tuple((line, what) for line, what in stored["notes"]),
            )
        except (KeyError, TypeError, ValueError):  # another shape: parse it again
            pass
    doc = _parse(text, path)
    if _string_keys(doc.data):  # JSON would turn a number key into text
        jsoncache.store(
            where,
            key,
            {"data": doc.data, "lines": list(doc.lines.items()), "notes": list(doc.notes)},
        )
    return doc


def _string_keys(data: Any) -> bool:
    """Whether every mapping in ``data`` has only text keys (so JSON keeps it as it is)."""
    if isinstance(data, dict):
        return all(isinstance(k, str) and _string_keys(v) for k, v in data.items())
    if isinstance(data, list):
        return all(_string_keys(v) for v in data)
    return True


def _parse(text: str, path: Path) -> YamlDoc:
    loader: Any = None
    try:
        _count_values(text, path)
        loader = _fast_loader(text) if _FAST is not None and _shallow(text) else _Loader(text, path)
        node = loader.get_single_node()
        build = _Build(path, text.splitlines(), {}, [])
        if node is not None:
            _sizes(node, path)
        data = None if node is None else _construct(loader, node, (), build)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not valid YAML"
        last = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        if line is not None and line > last:  # the end of the file, after its last line
            line, problem = max(last, 1), f"{problem} (at the end of the file)"
        raise SchemaError(
            f"malformed YAML: {problem}",
            path=path,
            line=line,
            hint="Check the indentation and quoting on that line",
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise SchemaError(
            f"the character U+{exc.character:04X} cannot appear in a YAML file"
            if isinstance(exc.character, int)
            else "unreadable character",
            path=path,
            line=line,
            hint="Remove it",
        ) from None
    except yaml.YAMLError as exc:
        raise SchemaError(f"malformed YAML: {exc}", path=path) from None
    except RecursionError:
        raise SchemaError("nested too deeply to read", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDoc(path=path, data=data, lines=build.lines, notes=tuple(build.notes))


def read_yaml_text(path: Path) -> str:
    """The text of a UTF-8 YAML file, with clear errors for a missing or binary file.

    Only a regular file of at most :data:`MAX_BYTES` is read (a FIFO, a device or a folder
    is refused: :func:`evidence.fsio.read_input`).

    Raises:
        SchemaError: missing, not a regular file, too large, unreadable, or not UTF-8.
    """
    data = read_input(
        path,
        limit=MAX_BYTES,
        what="YAML file",
        error=SchemaError,
        hint="Drafts and registers are small; check it is the right file",
    )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaError(
            f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})",
            path=path,
            hint="Save the file as UTF-8",
        ) from None


def read_yaml(path: Path, cache: Path | None = None) -> YamlDoc:
    """Read and parse a UTF-8 YAML file (see :func:`read_yaml_text`, :func:`parse_yaml`)."""
    return parse_yaml(read_yaml_text(path), path, cache)


def format_loc(loc: Loc) -> str:
    """``('facts', 3, 'kind')`` -> ``facts[3].kind``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _data_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """``loc`` without pydantic's own parts (union members, validator names, tags).

    A part is kept when it is a key or index of the data at that point, or when it
    is the last part (a missing or unknown field's name).
    """
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        rest = loc[i + 1 :]
        if isinstance(node, dict) and part in node:
            if (
                rest
                and rest[0] in node
                and not (isinstance(node[part], dict) and rest[0] in node[part])
            ):
                continue  # a tag naming the member ("bullets"), not the field
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif (
            not rest
            and isinstance(node, dict)
            and (isinstance(part, int) or re.fullmatch(r"[a-z_][a-z0-9_]*", str(part)))
        ):
            out.append(part)  # a missing field's name: never a union member or validator
    return tuple(out)


def _shape(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "yes/no",
        int: "a number",
        float: "a number",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


def _plain(error: Mapping[str, Any]) -> str:
    """A pydantic error in plain words."""
    kind, msg, given = error["type"], str(error["msg"]), error.get("input")
    ctx = error.get("ctx") or {}
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return f"should be a mapping of fields (name: value), not {_shape(given)}"
    if kind in ("list_type", "tuple_type", "sequence_type", "set_type", "iterable_type"):
        return f"should be a list, not {_shape(given)}"
    if kind == "string_type":
        return f"should be text, not {_shape(given)}"
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind == "literal_error":
        return f"should be {ctx.get('expected', 'one of the allowed values')}, not {given!r}"
    if kind.startswith(("date_", "datetime_")):
        from evidence.dates import date_problem

        return date_problem(given)
    if kind == "string_pattern_mismatch" and ":[0-5]" in str(ctx.get("pattern", "")):
        return f"{given!r} should be a time of day, HH:MM on the 24-hour clock"
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(ctx.get("pattern", "")):
        return (
            f"{given!r} should be lower-case letters and digits joined by hyphens, "
            "like 'my-fact-2019'"
        )
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing"):
        return f"should be a number, not {given!r}"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"should be yes or no, not {given!r}"
    if kind in ("value_error", "assertion_error"):
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg.replace("Input should be", "should be")


def plain_problems(exc: ValidationError) -> str:
    """A validation error of values given outside a file (options, answers) in plain words."""
    first = exc.errors(include_url=False)[0]
    loc = format_loc(
        tuple(p for p in first["loc"] if isinstance(p, int) or not re.search(r"[\[\](),]", str(p)))
    )
    msg = "required field is missing" if first["type"] == "missing" else _plain(first)
    return f"{loc}: {msg}" if loc else msg


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds: ``X``, ``X | None``, ``tuple[X, ...]``, unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The fields of the model at ``loc`` (a pydantic error's location, tags and all)."""
    current = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        tagged = [m for m in current if m.__name__ == part]
        if tagged:
            current = tagged
            continue
        fields = [m.model_fields[part] for m in current if part in m.model_fields]
        inner = [m for f in fields for m in _models_in(f.annotation)]
        if not inner:
            return []
        current = inner
    return sorted({name for m in current for name in m.model_fields})


def _meant(model: type[BaseModel], loc: tuple[Any, ...], errors: list[Any], data: Any) -> str:
    """``" (did you mean subject?)"``: the known field spelt most like an unknown one."""
    from evidence.suggest import nearest

    known = field_names(model, loc[:-1])
    close = nearest(str(loc[-1]), known, limit=2, scorer="spelling") if known else []
    if close:
        return f" (did you mean {' or '.join(close)}?)"
    here = _data_loc(data, loc)[:-1]
    missing = [
        str(e["loc"][-1])
        for e in errors
        if e["type"] == "missing" and _data_loc(data, tuple(e["loc"]))[:-1] == here
    ]
    if missing:
        return (
            f" (the required {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} "
            "missing: was it meant as one?)"
        )
    return (
        f" (the fields here are {', '.join(known)})"
        if known
        else " (check its spelling; unknown fields are not ignored)"
    )


def validate(doc: YamlDoc, model: type[M], *, context: Mapping[str, Any] | None = None) -> M:
    """Validate ``doc.data`` against ``model``; the first error names file, line and field.

    The message is in plain words: no pydantic type names, union members or validator
    names, and an unknown field comes before the missing one it was probably meant to be.
    """
    try:
        return model.model_validate(doc.data, context=dict(context or {}))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # an unknown field first; then the error deepest in the data, which is the member
        # of a union the value was meant as ({text: ...} is a clause, not a line of text)
        first = min(
            errors,
            key=lambda e: (
                e["type"] != "extra_forbidden",
                e["type"] == "missing",
                -len(_data_loc(doc.data, tuple(e["loc"]))),
            ),
        )
        loc = _data_loc(doc.data, tuple(first["loc"]))
        if first["type"] == "extra_forbidden":
            msg = "unknown field" + _meant(model, tuple(first["loc"]), errors, doc.data)
        elif first["type"] == "missing":
            msg = "required field is missing"
        else:
            msg = _plain(first)
        more = len(errors) - 1
        hint = f"{more} more problem(s) after fixing this one" if more else None
        field = format_loc(loc) or "(top level)"
        raise SchemaError(
            f"{field}: {msg}", path=doc.path, line=doc.line_of(loc), hint=hint
        ) from None
