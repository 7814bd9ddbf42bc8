"""The jinja2 environment every template renders in: sandboxed, strict, escaping, and bounded.

Templates are untrusted input. On top of jinja2's ``ImmutableSandboxedEnvironment``
(no private attributes, no mutation of lists and dicts), ``StrictUndefined`` and
autoescaping, a :class:`Budget` bounds the work one render may do, so a template
cannot take minutes or gigabytes. Work is counted in characters (:mod:`drafting.docx.bounds`
says how much a value holds, and estimates what an operation would build):

* all text a render writes is counted as it is joined, literal text included (the
  template's own words, a macro's output, a ``{% set %}`` block), against
  :attr:`Budget.output`, as is every value an operator, filter or call builds;
* no one value may hold more than :attr:`Budget.chars` characters: ``*``, ``+``,
  ``~``, ``%``, ``str.format`` fields, the filters and string methods that can grow
  (``center``, ``indent``, ``wordwrap``, ``replace``, ``join`` ...) and ``lipsum`` are
  estimated from their arguments and refused before they run; other results are
  measured after; a printed list counts its items' characters;
* an integer may not pass 4,300 digits (Python prints none longer);
* every ``{% for %}`` (and a recursive ``loop(...)``) iterates through a guard added
  to the syntax tree that counts iterations against :attr:`Budget.iterations`;
* every call, operator and piece of output checks the deadline (:attr:`Budget.seconds`);
  since each of them is bounded, none runs long past it;
* ``{% include %}``, ``{% extends %}`` and ``{% import %}`` are refused: a template
  is one self-contained ``.docx``.

A breach raises :class:`TemplateLimit`; :mod:`drafting.docx.template` turns it
into a clear error naming the template.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import update_wrapper
from typing import Any

from jinja2 import StrictUndefined, nodes, pass_eval_context
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from jinja2.utils import generate_lorem_ipsum
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from drafting.docx import bounds
from drafting.docx.bounds import TemplateLimit, measure

__all__ = ["BoundedEnvironment", "Budget", "TemplateLimit", "TemplateRefused", "refuse_imports"]

_GUARD = "drafting_loop_guard"
_JOIN = "drafting_join"


class TemplateRefused(Exception):
    """A template uses a construct that is not allowed (include, extends, import)."""


@dataclass
class Budget:
    """How much work one render may do."""

    seconds: float = 10.0
    iterations: int = 200_000
    #: The most characters one value may hold.
    chars: int = 1_000_000
    #: The most characters one render may write and build in all.
    output: int = 20_000_000
    _deadline: float = field(default=0.0, repr=False)
    _spent_iterations: int = field(default=0, repr=False)
    _spent_output: int = field(default=0, repr=False)

    def start(self) -> None:
        """Reset the counters and start the clock for one render."""
        self._deadline = time.monotonic() + self.seconds
        self._spent_iterations = self._spent_output = 0

    def counts(self) -> tuple[int, int]:
        """What this render has spent so far: characters, and loop iterations."""
        return self._spent_output, self._spent_iterations

    def replay(self, output: int, iterations: int) -> bool:
        """Count again what a part's render spent, without running it; False if over a limit.

        A merge reuses a part rendered from the very same values (the render spends the
        same each time); when counting it would cross a limit, the part is rendered
        instead, to stop where it would.
        """
        if (
            self._spent_output + output > self.output
            or self._spent_iterations + iterations > self.iterations
        ):
            return False
        self._spent_output += output
        self._spent_iterations += iterations
        self.tick()
        return True

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

    def spend(self, chars: int) -> None:
        """Count ``chars`` characters written or built against :attr:`output`."""
        self._spent_output += chars
        if self._spent_output > self.output:
            raise TemplateLimit(
                f"it wrote and built over {self.output:,} characters in all "
                "(text, literal or computed, and the values it made)"
            )

    def fits(self, estimate: int | None) -> None:
        """Refuse, before it is built, a value of about ``estimate`` characters over the limits."""
        if estimate is None:
            return
        if estimate > self.chars:
            raise TemplateLimit(
                f"it would build a value of about {estimate:,} characters "
                f"(the limit for one value is {self.chars:,})"
            )
        if self._spent_output + estimate > self.output:
            self.spend(estimate)

    def size(self, value: Any) -> Any:
        """Return ``value`` once built, counted; refuse it if it holds over :attr:`chars`."""
        held = measure(value, self.chars)
        if held > self.chars:
            raise TemplateLimit(
                f"it built a value holding over {self.chars:,} characters (the limit for one value)"
            )
        if bounds.number_too_big(value):
            raise TemplateLimit(f"it built a number of over {bounds.MAX_DIGITS:,} digits")
        self.spend(held)
        return value

    def emit(self, value: Any) -> Any:
        """Check one printed value: a list or dict is printed whole, so it is measured first."""
        self.tick()
        if not isinstance(value, str) and measure(value, self.chars) > self.chars:
            raise TemplateLimit(
                f"it printed a value holding over {self.chars:,} characters "
                "(the limit for one value)"
            )
        return value

    def join(self, pieces: Iterable[str]) -> str:
        """Join rendered text, counting every piece (literal text too) as it comes.

        As :meth:`spend` counts, written out: this runs for every piece of every render.
        """
        held: list[str] = []
        append = held.append
        for count, piece in enumerate(pieces):
            self._spent_output += len(piece)
            if self._spent_output > self.output:
                self.spend(0)  # raises, as it would have
            append(piece)
            if not count % 64:
                self.tick()
        return "".join(held)


def refuse_imports(tree: nodes.Template) -> None:
    """Raise :class:`TemplateRefused` if the template includes, extends or imports another."""
    for kind, word in (
        (nodes.Include, "include"),
        (nodes.Extends, "extends"),
        (nodes.Import, "import"),
        (nodes.FromImport, "from ... import"),
    ):
        found = next(iter(tree.find_all(kind)), None)
        if found is not None:
            raise TemplateRefused(
                f"it uses {{% {word} %}} (line {found.lineno} of its XML); "
                "a template must be one self-contained .docx"
            )


def _guarded(node: Any) -> nodes.Expr:
    return nodes.Call(nodes.Name(_GUARD, "load"), [node], [], None, None, lineno=node.lineno)


def _is_guarded(node: Any) -> bool:
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name == _GUARD
    )


def _listed(args: tuple[Any, ...], at: int) -> tuple[Any, ...]:
    """``args`` with an iterator at ``at`` made a list, so that it can be measured.

    Its items come from bounded values (a range, a list, a filter of them), and each
    item built on the way is counted.
    """
    if len(args) > at and isinstance(args[at], Iterator):
        return (*args[:at], list(args[at]), *args[at + 1 :])
    return args


class _Bound(NodeTransformer):
    """Route loops (and recursive ``loop(...)`` calls) through the guard, ``~`` through a check."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)  # in place
        node.iter = _guarded(node.iter)
        for call in node.find_all(nodes.Call) if node.recursive else ():
            if (
                isinstance(call.node, nodes.Name)
                and call.node.name == "loop"
                and call.args
                and not _is_guarded(call.args[0])
            ):
                call.args[0] = _guarded(call.args[0])
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(nodes.Name(_JOIN, "load"), node.nodes, [], None, None, lineno=node.lineno)


class _FieldsBounded:
    """A ``str.format`` whose fields are estimated, and their total counted, before each runs."""

    def __init__(self, env: BoundedEnvironment, **kwargs: Any) -> None:
        self._budget = env.budget
        self._total = 0
        super().__init__(env, **kwargs)  # type: ignore[call-arg]

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self._total = len(format_string)
        return super().vformat(format_string, args, kwargs)  # type: ignore[misc,no-any-return]

    def format_field(self, value: Any, format_spec: str) -> Any:
        self._total += bounds.field_size(value, format_spec, self._budget.chars)
        if self._total > self._budget.chars:
            raise TemplateLimit(
                f"it asked for a field width or text of about {self._total:,} "
                f"characters in one format (the limit is {self._budget.chars:,})"
            )
        return super().format_field(value, format_spec)  # type: ignore[misc]


class _Formatter(_FieldsBounded, SandboxedFormatter):
    pass


class _EscapeFormatter(_FieldsBounded, SandboxedEscapeFormatter):
    pass


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with a :class:`Budget` on loops, output, operators, filters and calls."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, budget: Budget | None = None) -> None:
        self.budget = budget or Budget()
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=self.budget.emit)
        self.concat = self.budget.join  # type: ignore[method-assign]
        self.globals[_GUARD] = self._guard
        self.globals[_JOIN] = self._join
        self.globals["lipsum"] = self._lipsum
        self.filters = {name: self._bounded(name, f) for name, f in self.filters.items()}

    #: How many compiled parts one environment keeps (a template has a few parts).
    MEMO = 64

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
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

    def _bounded(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """A filter whose result is estimated first (if it can grow) and measured after."""
        budget = self.budget
        estimate = bounds.FILTERS.get(name)
        skip = 1 if hasattr(function, "jinja_pass_arg") else 0

        def bounded(*args: Any, **kwargs: Any) -> Any:
            budget.tick()
            if estimate is not None:
                args = _listed(args, skip)
                try:
                    size = estimate(*args[skip:], **kwargs)
                except TypeError:  # wrong arguments: the filter itself says so
                    size = None
                budget.fits(size)
            return budget.size(function(*args, **kwargs))

        for attr in ("jinja_pass_arg",):  # keep jinja's pass_context/pass_environment marks
            if hasattr(function, attr):
                setattr(bounded, attr, getattr(function, attr))
        return bounded

    def _guard(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self.budget.loop()
            yield item

    @pass_eval_context
    def _join(self, eval_ctx: Any, *values: Any) -> str:
        """``a ~ b``: the operands' characters counted before they are joined."""
        self.budget.tick()
        self.budget.fits(sum(measure(v, self.budget.chars) for v in values))
        return (markup_join if eval_ctx.autoescape else str_join)(values)

    def _lipsum(self, *args: Any, **kwargs: Any) -> str:
        self.budget.fits(bounds.lipsum_size(*args, **kwargs))
        return generate_lorem_ipsum(*args, **kwargs)

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        refuse_imports(source)
        return super()._generate(_Bound().visit(source), name, filename, defer_init)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map``, sandboxed as jinja2 does, with fields bounded."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner = value.__self__
        formatter = (
            _EscapeFormatter(self, escape=owner.escape)
            if isinstance(owner, Markup)
            else _Formatter(self)
        )
        is_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_map and (kwargs or len(args) != 1):
                return wrapped(*args, **kwargs)  # jinja2's own error
            fields = args[0] if is_map else kwargs
            return str(type(owner)(formatter.vformat(owner, () if is_map else args, fields)))

        return update_wrapper(bounded, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Refuse operators whose result would be too big, then compute them."""
        budget = self.budget
        budget.tick()
        if operator == "**" and bounds.power_too_big(left, right):
            raise TemplateLimit(
                f"it raised a number to the power {right:,}, making over "
                f"{bounds.MAX_DIGITS:,} digits"
            )
        if operator == "*":
            if bounds.product_too_big(left, right):
                raise TemplateLimit(f"it built a number of over {bounds.MAX_DIGITS:,} digits")
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(times, int)
                    and measure(seq, budget.chars) * max(times, 0) > budget.chars
                ):
                    raise TemplateLimit(f"it repeated a value {times:,} times")
        if (
            operator == "+"
            and isinstance(left, str | list | tuple)
            and isinstance(right, str | list | tuple)
        ):
            budget.fits(measure(left, budget.chars) + measure(right, budget.chars))
        if operator == "%" and isinstance(left, str):
            budget.fits(bounds.printf_size(left, right, budget.chars))
        return budget.size(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call from the template: on the clock, a growing string method estimated first."""
        budget = __self.budget
        budget.tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and not kwargs:
            args = _listed(args, 0)
            budget.fits(bounds.method_size(owner, getattr(__obj, "__name__", ""), args))
        return budget.size(super().call(__context, __obj, *args, **kwargs))
