"""Adding an entry to a YAML file a person maintains, without disturbing the rest of it.

``facts.yaml`` and ``sources.yaml`` carry comments, an order and a layout people chose.
Re-dumping them would lose all that, so new entries are added with ruamel.yaml's round-trip
mode, and the result is checked: compared line by line with the file as it was, the only
change must be lines inserted. The caller checks the new text and writes it atomically.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from evidence.errors import SchemaError


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def _node(value: Any, quoted: frozenset[str], key: str = "") -> Any:
    """Plain data as round-trip nodes.

    Lists of scalars in flow style ``[a, b]``, the ``quoted`` keys' strings in double quotes.
    """
    if isinstance(value, Mapping):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _node(v, quoted, k)
        return out
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_node(v, quoted) for v in value)
        if all(not isinstance(v, Mapping | list | tuple) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and key in quoted:
        return DoubleQuotedScalarString(value)
    return value


def appended(
    before: str,
    key: str,
    entry: Mapping[str, Any],
    *,
    path: Path,
    quoted: frozenset[str] = frozenset(),
) -> str:
    """``before`` (the text of ``path``) with ``entry`` appended to the list under ``key``.

    Nothing is written: the caller checks the new text (loads it, verifies it) first.

    Raises:
        SchemaError: the text is not YAML, has no list under ``key``, or could not be
            changed without touching other lines.
    """
    yaml, data = _load(before, path)
    if not isinstance(data.get(key), list):
        raise SchemaError(
            f"has no list under {key!r}",
            path=path,
            hint=f"The file should have '{key}:' followed by its entries",
        )
    items = data[key]
    if not isinstance(items, CommentedSeq):  # "facts: []": make it a block list
        items = CommentedSeq(items)
        data[key] = items
    items.fa.set_block_style()
    items.append(_node(dict(entry), quoted))
    after = _dumped(yaml, data)
    if not before.endswith("\n"):
        before += "\n"
    old, new = before.splitlines(), after.splitlines()
    changes = _checked(old, new, path, f"{key}: []")
    inserted = next((j1 for tag, _, _, j1, _ in changes if tag == "insert"), None)
    end = next((j2 for tag, _, _, _, j2 in changes if tag == "insert"), None)
    if inserted and len(items) > 1 and new[inserted - 1].strip() and "" in old:
        new.insert(inserted, "")  # entries are separated by a blank line, as people write them
        after = "\n".join(new) + "\n"
        end = None if end is None else end + 1
    if end is not None and end < len(new) and new[end][:1].strip() and "" in old:
        new.insert(end, "")  # a key after the list stays apart from it, as it was
        after = "\n".join(new) + "\n"
    return after


def _dumped(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _checked(
    old: list[str], new: list[str], path: Path, may_change: str | None = None
) -> Sequence[tuple[str, int, int, int, int]]:
    """The changes from ``old`` to ``new``: lines inserted, or the one line ``may_change``.

    ``may_change`` is a line that may be rewritten (a flow list, ``key: [a, b]``, that gets
    an item) when it is the only change.

    Raises:
        SchemaError: any other line changed.
    """
    changes = [
        op for op in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    rewritten = len(changes) == 1 and old[changes[0][1] : changes[0][2]] == [may_change]
    if any(tag != "insert" for tag, *_ in changes) and not rewritten:
        raise SchemaError(
            "could not add the entry without changing other lines; nothing was written",
            path=path,
            hint="Add the entry by hand",
        )
    return changes


def _load(before: str, path: Path) -> tuple[YAML, Any]:
    yaml = _yaml()
    try:
        data = yaml.load(before)
    except YAMLError as exc:
        raise SchemaError(f"is not valid YAML ({str(exc).splitlines()[0]})", path=path) from None
    except RecursionError:
        raise SchemaError("is nested too deeply to read", path=path) from None
    if not isinstance(data, CommentedMap):
        raise SchemaError("is not a mapping of keys to values", path=path)
    return yaml, data


def with_key(before: str, key: str, value: Any, *, path: Path) -> str:
    """``before`` with a new top-level ``key`` holding ``value``, at the end of the file.

    Raises:
        SchemaError: the text is not a YAML mapping, already has ``key``, or could not be
            changed without touching other lines.
    """
    yaml, data = _load(before, path)
    if key in data:
        raise SchemaError(f"already has {key!r}", path=path)
    data[key] = _node(value, frozenset())
    if isinstance(data[key], CommentedSeq):
        data[key].fa.set_block_style()
    text = before if before.endswith("\n") else before + "\n"
    after = _dumped(yaml, data)
    _checked(text.splitlines(), after.splitlines(), path)
    return after


def extended(before: str, key: str, index: int, field: str, items: list[str], *, path: Path) -> str:
    """``before`` with ``items`` added to the list ``field`` of entry ``index`` under ``key``.

    The list is made when the entry has none; a list written in flow style (``[a, b]``)
    keeps its one line.

    Raises:
        SchemaError: no such entry, ``field`` not a list, or other lines would change.
    """
    yaml, data = _load(before, path)
    entries = data.get(key)
    entry = entries[index] if isinstance(entries, list) and 0 <= index < len(entries) else None
    if not isinstance(entry, CommentedMap) or not isinstance(entry.get(field, []), list):
        raise SchemaError(f"has no entry {key}[{index}] with a list {field!r}", path=path)
    text = before if before.endswith("\n") else before + "\n"
    old = text.splitlines()
    flow_line = None
    if field in entry:
        seq = entry[field]
        if isinstance(seq, CommentedSeq) and seq.fa.flow_style():
            flow_line = old[seq.lc.line] if seq.lc.line is not None else None
        seq.extend(items)
    else:
        seq = CommentedSeq(items)
        seq.fa.set_block_style()
        entry[field] = seq
    new = _dumped(yaml, data).splitlines()
    for tag, _, _, j1, j2 in _checked(old, new, path, flow_line):
        while tag == "insert" and j1 > 0 and not new[j1 - 1].strip():
            # a blank line kept after the list's last item: the items go before it
            new.insert(j2 - 1, new.pop(j1 - 1))
            j1, j2 = j1 - 1, j2 - 1
    return "\n".join(new) + "\n"


def append_entry(
    path: Path, key: str, entry: Mapping[str, Any], *, quoted: frozenset[str] = frozenset()
) -> str:
    """Append ``entry`` to the list under ``key`` in ``path`` and write it; return the text.

    For a file nothing else checks (people.yaml by hand, a test): the register's own
    changes go through :func:`appended` and are checked before they are written.

    Raises:
        SchemaError: as :func:`appended` (nothing is written then).
    """
    from evidence.fsio import write_atomic
    from evidence.yamlio import read_yaml_text

    after = appended(read_yaml_text(path), key, entry, path=path, quoted=quoted)
    write_atomic(path, after, force=True, own=True)
    return after
