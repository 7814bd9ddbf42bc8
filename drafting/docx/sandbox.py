"""The jinja2 environment every template renders in: sandboxed, strict, escaping, and bounded.

Templates are untrusted input. On top of jinja2's ``ImmutableSandboxedEnvironment``
(no private attributes, no mutation of lists and dicts), ``StrictUndefined`` and
autoescaping, a :class:`Budget` bounds the work one render may do, so a template
cannot take minutes or gigabytes:

* every ``{% for %}`` iterates through a guard (added to the syntax tree before
  code generation) that counts iterations against :attr:`Budget.iterations`;
* every call, operator and output checks the deadline (:attr:`Budget.seconds`);
* ``*``, ``+``, ``%`` and ``**`` refuse results over :attr:`Budget.chars`
  characters or huge powers; filters and string methods refuse widths and
  results that large; total output is capped at :attr:`Budget.output`;
* ``{% include %}``, ``{% extends %}`` and ``{% import %}`` are refused: a template
  is one self-contained ``.docx``.

A breach raises :class:`TemplateLimit`; :mod:`drafting.docx.template` turns it
into a clear error naming the template.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

_GUARD = "drafting_loop_guard"
#: A %-format or {}-format field of a million characters or more.
_WIDE_SPEC = re.compile(r"%[-+ #0]*\d{7,}|\{[^{}]*:[^{}]*\d{7,}[^{}]*\}")
_STR_METHODS = frozenset({"format", "format_map", "center", "ljust", "rjust", "zfill",
                          "expandtabs", "join", "replace"})


class TemplateLimit(Exception):
    """A template tried to do more than one render may."""


class TemplateRefused(Exception):
    """A template uses a construct that is not allowed (include, extends, import)."""


@dataclass
class Budget:
    """How much work one render may do."""

    seconds: float = 10.0
    iterations: int = 200_000
    chars: int = 1_000_000
    output: int = 20_000_000
    _deadline: float = field(default=0.0, repr=False)
    _spent_iterations: int = field(default=0, repr=False)
    _spent_output: int = field(default=0, repr=False)

    def start(self) -> None:
        """Reset the counters and start the clock for one render."""
        self._deadline = time.monotonic() + self.seconds
        self._spent_iterations = self._spent_output = 0

    def tick(self) -> None:
        """Raise when the render has run out of time."""
        if self._deadline and time.monotonic() > self._deadline:
            raise TemplateLimit(f"it ran for over {self.seconds:g} s")

    def loop(self) -> None:
        """Count one loop iteration."""
        self._spent_iterations += 1
        if self._spent_iterations > self.iterations:
            raise TemplateLimit(f"its loops ran over {self.iterations:,} times")
        if not self._spent_iterations % 256:
            self.tick()

    def size(self, value: Any) -> Any:
        """Return ``value``, refusing a string or list longer than :attr:`chars`."""
        if isinstance(value, str | list | tuple | bytes) and len(value) > self.chars:
            raise TemplateLimit(f"it built a value of {len(value):,} items or characters "
                                f"(the limit is {self.chars:,})")
        return value

    def wide(self, *args: Any) -> None:
        """Refuse a width or count over :attr:`chars`, or a format field that wide."""
        for arg in args:
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > self.chars:
                raise TemplateLimit(f"it asked for a size of {arg:,} (the limit is "
                                    f"{self.chars:,})")
            if isinstance(arg, str) and _WIDE_SPEC.search(arg):
                raise TemplateLimit("it asked for a field width of a million characters or more")

    def emit(self, value: Any) -> Any:
        """Count one output expression against :attr:`output`."""
        self.tick()
        self._spent_output += len(str(value)) if value is not None else 0
        if self._spent_output > self.output:
            raise TemplateLimit(f"its output passed {self.output:,} characters")
        return value


def refuse_imports(tree: nodes.Template) -> None:
    """Raise :class:`TemplateRefused` if the template includes, extends or imports another."""
    for kind, word in ((nodes.Include, "include"), (nodes.Extends, "extends"),
                       (nodes.Import, "import"), (nodes.FromImport, "from ... import")):
        found = next(iter(tree.find_all(kind)), None)
        if found is not None:
            raise TemplateRefused(f"it uses {{% {word} %}} (line {found.lineno} of its XML); "
                                  "a template must be one self-contained .docx")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with a :class:`Budget` on loops, calls, operators, filters and output."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, budget: Budget | None = None) -> None:
        self.budget = budget or Budget()
        super().__init__(autoescape=True, undefined=StrictUndefined,
                         finalize=self.budget.emit)
        self.globals[_GUARD] = self._guard
        self.filters = {name: self._bounded(f) for name, f in self.filters.items()}

    #: How many compiled parts one environment keeps (a template has a few parts).
    MEMO = 64

    def from_string(self, source: Any, globals: Any = None,
                    template_class: Any = None) -> Any:
        """Compile ``source`` once.

        docxtpl compiles every part on every render, and the same template's parts are the
        same text each time (a mail merge renders it hundreds of times). Compiling is pure;
        the budget is per render, reset by ``budget.start()``.
        """
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        memo: dict[str, Any] = self.__dict__.setdefault("_memo", {})
        if source not in memo:
            if len(memo) >= self.MEMO:
                memo.clear()
            memo[source] = super().from_string(source)
        return memo[source]

    def _bounded(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """A filter whose size arguments and result are bounded (not the value it filters)."""
        budget = self.budget
        skip = 2 if hasattr(function, "jinja_pass_arg") else 1

        def bounded(*args: Any, **kwargs: Any) -> Any:
            budget.tick()
            budget.wide(*args[skip:], *kwargs.values())
            value = args[skip - 1] if len(args) >= skip else None
            if isinstance(value, str):
                budget.wide(value)  # "%9999999s"|format(...)
            return budget.size(function(*args, **kwargs))

        for attr in ("jinja_pass_arg",):  # keep jinja's pass_context/pass_environment marks
            if hasattr(function, attr):
                setattr(bounded, attr, getattr(function, attr))
        return bounded

    def _guard(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self.budget.loop()
            yield item

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        refuse_imports(source)
        for loop in source.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.Name(_GUARD, "load"), [loop.iter], [], None, None,
                                   lineno=loop.lineno)
        return super()._generate(source, name, filename, defer_init)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Refuse operators whose result would be huge, then compute them."""
        budget = self.budget
        budget.tick()
        if operator == "**" and isinstance(right, int | float) and abs(right) > 256:
            raise TemplateLimit(f"it raised a number to the power {right}")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) \
                        and len(seq) * max(times, 0) > budget.chars:
                    raise TemplateLimit(f"it repeated a value {times:,} times")
        if operator == "+" and isinstance(left, str | list | tuple) \
                and isinstance(right, str | list | tuple) and len(left) + len(right) > budget.chars:
            raise TemplateLimit("it joined values longer than the limit")
        if operator == "%" and isinstance(left, str):
            budget.wide(left)
        return budget.size(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call from the template: on the clock, with string methods' sizes bounded."""
        budget = __self.budget
        budget.tick()
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str) and getattr(method, "__name__", "") in _STR_METHODS:
            budget.wide(*args, *kwargs.values())
            if method.__name__ in ("format", "format_map"):
                budget.wide(owner)
        return budget.size(super().call(__context, __obj, *args, **kwargs))
