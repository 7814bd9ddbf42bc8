"""The field paths a template uses, read from its Jinja syntax tree.

``{{ recipient.name }}`` uses ``recipient.name``; inside ``{% for s in senders %}``,
``{{ s.ward }}`` uses ``senders[].ward``. Names the template binds itself are not
fields: loop variables, ``{% set %}``, ``{% with %}``, macros and their
parameters, and Jinja's own globals (``loop``, ``range``, ``caller`` ...).

A method called on a field uses the field: ``d.items()``, ``d.keys()`` and
``name.upper()`` use ``d`` and ``name``; ``d.get('k')`` uses ``d`` and, optionally,
``d.k``. Some uses are optional, since the template copes when the field is absent:
a field given a default (``x|default('')``), tested with ``is defined`` or
``is undefined``, or used anywhere inside an ``{% if %}`` (or ``... if ... else``)
whose test asks whether it is defined. :func:`walk` yields each use with whether it
is optional; a field the draft lacks is an error only where its use is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jinja2 import nodes

_JINJA_GLOBALS = frozenset(
    {
        "loop",
        "range",
        "dict",
        "lipsum",
        "cycler",
        "joiner",
        "namespace",
        "super",
        "self",
        "varargs",
        "kwargs",
        "caller",
        "true",
        "false",
        "none",
        "True",
        "False",
        "None",
    }
)
_DEFINED = frozenset({"defined", "undefined"})
_DEFAULT = frozenset({"default", "d"})
Scope = dict[str, str | None]
#: One use of a field: its path, and whether it is optional.
Use = tuple[str, bool]


def _names(target: Any) -> list[str]:
    """The variable names an assignment or loop target binds."""
    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


def _locals(scope: Scope, names: list[str]) -> Scope:
    return {**scope, **dict.fromkeys(names)}


def _macro(
    node: nodes.Macro | nodes.CallBlock, scope: Scope, guards: frozenset[str]
) -> Iterator[Use]:
    for default in node.defaults:
        yield from walk(default, scope, guards)
    inner = _locals(scope, [a.name for a in node.args] + ["varargs", "kwargs", "caller"])
    for child in node.body:
        yield from walk(child, inner, guards)


def _tested(test: Any, scope: Scope) -> frozenset[str]:
    """The field paths a condition asks about with ``is defined`` or ``is undefined``."""
    tests = (
        [test, *test.find_all(nodes.Test)]
        if isinstance(test, nodes.Test)
        else list(test.find_all(nodes.Test))
    )
    return frozenset(path for t in tests if t.name in _DEFINED if (path := path_of(t.node, scope)))


def _guarded(path: str, guards: frozenset[str]) -> bool:
    return any(path == g or path.startswith((f"{g}.", f"{g}[]")) for g in guards)


def _optional(node: Any, scope: Scope, guards: frozenset[str]) -> Iterator[Use]:
    """``node`` used optionally: itself, if a field; what it is read from, as usual."""
    path = path_of(node, scope)
    if path is None:
        yield from walk(node, scope, guards)
        return
    yield path, True
    if isinstance(node, nodes.Getattr | nodes.Getitem):  # x.y|default: x must exist
        yield from walk(node.node, scope, guards)


def _call(node: nodes.Call, scope: Scope, guards: frozenset[str]) -> Iterator[Use]:
    """A call; a method called on a field (``d.items()``) uses the field."""
    method = node.node
    if isinstance(method, nodes.Getattr) and path_of(method.node, scope):
        yield from walk(method.node, scope, guards)
        first = node.args[0] if node.args else None
        if method.attr == "get" and isinstance(first, nodes.Const) and isinstance(first.value, str):
            yield f"{path_of(method.node, scope)}.{first.value}", True
    else:
        yield from walk(method, scope, guards)
    yield from _arguments(node, scope, guards)


def _arguments(
    node: nodes.Call | nodes.Filter | nodes.Test, scope: Scope, guards: frozenset[str]
) -> Iterator[Use]:
    for child in (*node.args, *node.kwargs, node.dyn_args, node.dyn_kwargs):
        if child is not None:
            yield from walk(child, scope, guards)


def _tolerant(node: Any) -> bool:
    """Whether ``node`` copes with an absent field: ``x is defined``, ``x|default(...)``."""
    if isinstance(node, nodes.Test):
        return node.name in _DEFINED
    return isinstance(node, nodes.Filter) and node.name in _DEFAULT and node.node is not None


def walk(node: Any, scope: Scope, guards: frozenset[str] = frozenset()) -> Iterator[Use]:
    """Field uses under ``node``; ``scope`` maps local names to a path or None.

    ``guards`` are the paths an enclosing condition tests with ``is defined``.
    """
    if isinstance(node, nodes.For):
        yield from walk(node.iter, scope, guards)
        base = path_of(node.iter, scope)
        inner = {**scope, **{t: f"{base}[]" if base else None for t in _names(node.target)}}
        for child in (*node.body, *node.else_, *([node.test] if node.test else [])):
            yield from walk(child, inner, guards)
        return
    if isinstance(node, nodes.Macro):
        scope[node.name] = None
        yield from _macro(node, scope, guards)
        return
    if isinstance(node, nodes.CallBlock):
        yield from walk(node.call, scope, guards)
        yield from _macro(node, scope, guards)
        return
    if isinstance(node, nodes.With):
        for value in node.values:
            yield from walk(value, scope, guards)
        inner = _locals(scope, [n for t in node.targets for n in _names(t)])
        for child in node.body:
            yield from walk(child, inner, guards)
        return
    if isinstance(node, nodes.Assign | nodes.AssignBlock):
        for target in _names(node.target):
            scope[target] = None
    if isinstance(node, nodes.If | nodes.CondExpr):
        guards = guards | _tested(node.test, scope)
    if _tolerant(node):
        yield from _optional(node.node, scope, guards)
        yield from _arguments(node, scope, guards)
        return
    if isinstance(node, nodes.Call):
        yield from _call(node, scope, guards)
        return
    path = (
        path_of(node, scope)
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem)
        else None
    )
    if path:
        yield path, _guarded(path, guards)
        return
    for child in node.iter_child_nodes():
        yield from walk(child, scope, guards)


def path_of(node: Any, scope: Scope) -> str | None:
    """The field path an expression names (``recipient.name``), or None for a local."""
    if isinstance(node, nodes.Name):
        if node.name in scope:
            return scope[node.name]
        return None if node.name in _JINJA_GLOBALS else node.name
    if isinstance(node, nodes.Getattr):
        base = path_of(node.node, scope)
        return f"{base}.{node.attr}" if base else None
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        base = path_of(node.node, scope)
        return f"{base}.{node.arg.value}" if base else None
    return None
