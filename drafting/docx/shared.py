"""What the letters of a merge share, made once: footnotes, core properties, parts deflated.

A :class:`~drafting.docx.frame.Frame` keeps one :class:`Shared` for every document it
fills. Each part is made from the same inputs as it would be alone, and made again when
they differ, so a document is the same whether it is the first made or the thousandth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from drafting.docx.parts import Note, core_properties_xml, footnotes_xml
from drafting.docx.zipout import Reused, Stored


@dataclass
class Shared:
    """The last document's footnotes, core properties and parts as deflated."""

    _notes: dict[tuple[bytes, tuple[tuple[int, Note], ...]], bytes] = field(default_factory=dict)
    _cores: dict[tuple[Any, ...], tuple[bytes, dict[str, int]]] = field(default_factory=dict)
    _parts: dict[str, tuple[bytes, Stored]] = field(default_factory=dict)
    #: Each changing part's first version, which later ones are deflated against.
    _reused: dict[str, Reused] = field(default_factory=dict)

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
