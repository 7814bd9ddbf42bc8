"""Adding an entry to a YAML file a person maintains, without disturbing the rest of it.

``facts.yaml`` and ``sources.yaml`` carry comments, an order and a layout people chose.
Re-dumping them would lose all that, so new entries are added with ruamel.yaml's round-trip
mode, and the result is checked: compared line by line with the file as it was, the only
change must be lines inserted. The caller checks the new text and writes it atomically.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
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
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
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


def appended(before: str, key: str, entry: Mapping[str, Any], *, path: Path,
             quoted: frozenset[str] = frozenset()) -> str:
    """``before`` (the text of ``path``) with ``entry`` appended to the list under ``key``.

    Nothing is written: the caller checks the new text (loads it, verifies it) first.

    Raises:
        SchemaError: the text is not YAML, has no list under ``key``, or could not be
            changed without touching other lines.
    """
    yaml = _yaml()
    try:
        data = yaml.load(before)
    except YAMLError as exc:
        raise SchemaError(f"is not valid YAML ({str(exc).splitlines()[0]})", path=path) from None
    except RecursionError:
        raise SchemaError("is nested too deeply to read", path=path) from None
    if not isinstance(data, CommentedMap) or not isinstance(data.get(key), list):
        raise SchemaError(f"has no list under {key!r}", path=path,
                          hint=f"The file should have '{key}:' followed by its entries")
    items = data[key]
    if not isinstance(items, CommentedSeq):  # "facts: []": make it a block list
        items = CommentedSeq(items)
        data[key] = items
    items.fa.set_block_style()
    items.append(_node(dict(entry), quoted))
    out = io.StringIO()
    yaml.dump(data, out)
    after = out.getvalue()
    if not before.endswith("\n"):
        before += "\n"
    old, new = before.splitlines(), after.splitlines()
    changes = [op for op in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
               if op[0] != "equal"]
    flow_to_block = len(changes) == 1 and old[changes[0][1]:changes[0][2]] == [f"{key}: []"]
    if any(tag != "insert" for tag, *_ in changes) and not flow_to_block:
        raise SchemaError("could not add the entry without changing other lines; nothing was "
                          "written", path=path, hint="Add the entry by hand")
    inserted = next((j1 for tag, _, _, j1, _ in changes if tag == "insert"), None)
    if inserted and len(items) > 1 and new[inserted - 1].strip() and "" in old:
        new.insert(inserted, "")  # entries are separated by a blank line, as people write them
        after = "\n".join(new) + "\n"
    return after


def append_entry(path: Path, key: str, entry: Mapping[str, Any], *,
                 quoted: frozenset[str] = frozenset()) -> str:
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
