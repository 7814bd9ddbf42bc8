"""The field paths a template uses, read from its Jinja syntax tree.

``{{ recipient.name }}`` uses ``recipient.name``; inside ``{% for s in senders %}``,
``{{ s.ward }}`` uses ``senders[].ward``. Names the template binds itself are not
fields: loop variables, ``{% set %}``, ``{% with %}``, macros and their
parameters, and Jinja's own globals (``loop``, ``range``, ``caller`` ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jinja2 import nodes

_JINJA_GLOBALS = frozenset({"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace",
                            "super", "self", "varargs", "kwargs", "caller", "true", "false",
                            "none", "True", "False", "None"})
Scope = dict[str, str | None]


def _names(target: Any) -> list[str]:
    """The variable names an assignment or loop target binds."""
    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


def _locals(scope: Scope, names: list[str]) -> Scope:
    return {**scope, **dict.fromkeys(names)}


def _macro(node: nodes.Macro | nodes.CallBlock, scope: Scope) -> Iterator[str]:
    for default in node.defaults:
        yield from walk(default, scope)
    inner = _locals(scope, [a.name for a in node.args] + ["varargs", "kwargs", "caller"])
    for child in node.body:
        yield from walk(child, inner)


def walk(node: Any, scope: Scope) -> Iterator[str]:
    """Field paths used under ``node``; ``scope`` maps local names to a path or None."""
    if isinstance(node, nodes.For):
        yield from walk(node.iter, scope)
        base = path_of(node.iter, scope)
        inner = {**scope, **{t: f"{base}[]" if base else None for t in _names(node.target)}}
        for child in (*node.body, *node.else_, *([node.test] if node.test else [])):
            yield from walk(child, inner)
        return
    if isinstance(node, nodes.Macro):
        scope[node.name] = None
        yield from _macro(node, scope)
        return
    if isinstance(node, nodes.CallBlock):
        yield from walk(node.call, scope)
        yield from _macro(node, scope)
        return
    if isinstance(node, nodes.With):
        for value in node.values:
            yield from walk(value, scope)
        inner = _locals(scope, [n for t in node.targets for n in _names(t)])
        for child in node.body:
            yield from walk(child, inner)
        return
    if isinstance(node, nodes.Assign | nodes.AssignBlock):
        for target in _names(node.target):
            scope[target] = None
    path = path_of(node, scope) if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem) \
        else None
    if path:
        yield path
        return
    for child in node.iter_child_nodes():
        yield from walk(child, scope)


def path_of(node: Any, scope: Scope) -> str | None:
    """The field path an expression names (``recipient.name``), or None for a local."""
    if isinstance(node, nodes.Name):
        if node.name in scope:
            return scope[node.name]
        return None if node.name in _JINJA_GLOBALS else node.name
    if isinstance(node, nodes.Getattr):
        base = path_of(node.node, scope)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
            and isinstance(node.arg.value, str):
        base = path_of(node.node, scope)
        return f"{base}.{node.arg.value}" if base else None
    return None
