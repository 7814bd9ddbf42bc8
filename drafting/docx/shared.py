"""What the letters of a merge share, made once: footnotes, core properties, parts deflated.

A :class:`~drafting.docx.frame.Frame` keeps one :class:`Shared` for every document it
fills. Each part is made from the same inputs as it would be alone, and made again when
they differ, so a document is the same whether it is the first made or the thousandth.
A header or footer is rendered again unless every value its Jinja reads is the very
object it read last time (a render session hands a merge's letters the same objects for
what they share), its Jinja draws on nothing random, and counting what its render spent
keeps within the sandbox's budget (:meth:`~drafting.docx.sandbox.Budget.replay`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from drafting.docx.parts import Note, core_properties_xml, footnotes_xml
from drafting.docx.sandbox import Budget
from drafting.docx.zipout import Reused, Stored

_NONE = object()  # a name the context does not hold


def reads(env: Any, source: str) -> tuple[str, ...] | None:
    """The context names Jinja ``source`` reads.

    None when its output may differ for the same values: it draws on ``lipsum`` or the
    ``random`` filter.
    """
    from jinja2 import meta, nodes

    tree = env.parse(source)
    if any(f.name == "random" for f in tree.find_all(nodes.Filter)) or any(
        n.name == "lipsum" for n in tree.find_all(nodes.Name)
    ):
        return None
    return tuple(sorted(meta.find_undeclared_variables(tree)))


@dataclass(frozen=True)
class _Render:
    """A part as rendered: from which values, to what, spending how much."""

    values: tuple[Any, ...]
    xml: str
    output: int
    iterations: int


@dataclass
class Shared:
    """The last document's footnotes, core properties and parts as deflated."""

    _notes: dict[tuple[bytes, tuple[tuple[int, Note], ...]], bytes] = field(default_factory=dict)
    _cores: dict[tuple[Any, ...], tuple[bytes, dict[str, int]]] = field(default_factory=dict)
    _parts: dict[str, tuple[bytes, Stored]] = field(default_factory=dict)
    #: Each changing part's first version, which later ones are deflated against.
    _reused: dict[str, Reused] = field(default_factory=dict)
    _renders: dict[str, _Render] = field(default_factory=dict)

    def rendered(
        self,
        part: str,
        template: Any,
        names: tuple[str, ...] | None,
        context: Mapping[str, Any],
        budget: Budget,
        finish: Callable[[str], str],
    ) -> str:
        """Part ``part`` rendered and finished, or as last time when nothing it reads changed.

        ``names``: what its Jinja reads (:func:`reads`).
        """
        last = self._renders.get(part)
        if (
            names is not None
            and last is not None
            and all(context.get(n, _NONE) is v for n, v in zip(names, last.values, strict=True))
            and budget.replay(last.output, last.iterations)
        ):
            return last.xml
        output, iterations = budget.counts()
        xml = finish(template.render(context))
        if names is not None:
            spent = budget.counts()
            values = tuple(context.get(n, _NONE) for n in names)
            self._renders[part] = _Render(values, xml, spent[0] - output, spent[1] - iterations)
        return xml

    def footnotes(self, base: bytes, notes: Mapping[int, Note]) -> bytes:
        """The footnotes part with ``notes`` (:func:`~drafting.docx.parts.footnotes_xml`)."""
        key = (base, tuple(notes.items()))
        if key not in self._notes:
            self._notes.clear()
            self._notes[key] = footnotes_xml(base, notes)
        return self._notes[key]

    def core(
        self, base: bytes, rendered: Mapping[str, str], ours: Mapping[str, str]
    ) -> tuple[bytes, dict[str, int]]:
        """The core properties (:func:`~drafting.docx.parts.core_properties_xml`)."""
        key = (base, tuple(rendered.items()), tuple(ours.items()))
        if key not in self._cores:
            self._cores.clear()
            self._cores[key] = core_properties_xml(base, rendered, ours)
        return self._cores[key]

    def stored(self, name: str, data: bytes) -> Stored:
        """Part ``name`` deflated, as little as it can be.

        As the last document's when it is the same, else only what differs from its first
        version (:class:`~drafting.docx.zipout.Reused`).
        """
        last = self._parts.get(name)
        if last is not None and last[0] == data:
            return last[1]
        reused = self._reused.get(name)
        if reused is None:
            self._reused[name] = Reused(name, data)
            made = Stored.of(name, data)
        else:
            made = reused.stored(data)
        self._parts[name] = (data, made)
        return made
