"""Replacing a typed citation with a note's mark, touching only the runs that show it.

A citation's characters are cut from the ``w:t`` elements that show them (runs left
empty go; nothing else of the paragraph moves), and the mark the citation plan made
(a footnote reference, or a superscript number) goes where the citation ended, as a run
of its own that keeps the formatting of the text it follows: the run's properties are
copied, with the mark's own (its character style, superscript) in their place. Where
that end is:

* in the middle of a run: the run is split there, both halves keeping its properties;
* at the end of a hyperlink's text or a simple field's result: after it, so the mark
  is neither part of the link nor lost when Word updates the field; inside a complex
  field's result: after the field's end;
* in a tracked insertion: inside it (a mark moved out of one is wrapped in an insertion
  of its own, by the same author at the same time), so rejecting the insertion rejects
  the note too. Deleted text is never read, so a citation in it stays deleted text.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from drafting.docx.markers import Piece
from drafting.docx.parts import W_NS, W
from evidence.readers.docx import local, run_text

#: The order of a run's properties (CT_RPr); Word refuses a document that breaks it.
_RPR_ORDER = {
    name: i
    for i, name in enumerate(
        (
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
        )
    )
}
#: Properties never copied to a mark: its own position, and tracked formatting changes.
_NOT_COPIED = frozenset({"vertAlign", "rPrChange", "ins", "del", "moveFrom", "moveTo"})
#: Containers a mark at the end of their text goes after.
_CONTAINERS = frozenset({"hyperlink", "fldSimple"})
_INSERTIONS = frozenset({"ins", "moveTo"})
_EMPTY_CONTAINERS = frozenset({"ins", "moveTo", "smartTag", "hyperlink", "customXml"})


def parse_run(xml: str) -> Any:
    """The one ``w:r`` of run XML as the citation plan writes it (no namespace declared)."""
    wrapper = etree.fromstring(f'<w:wrap xmlns:w="{W_NS}">{xml}</w:wrap>')
    runs = wrapper.findall(f"{W}r")
    if len(runs) != 1:
        raise ValueError(f"a citation mark should be one run, not {len(runs)}: {xml[:80]}")
    return runs[0]


def _properties(mark: Any, around: Any | None) -> None:
    """Give ``mark`` the properties of the run ``around`` it, its own in their place."""
    own = mark.find(f"{W}rPr")
    if around is None:
        return
    merged = copy.deepcopy(around)
    replaced = _NOT_COPIED | {local(p) for p in (own if own is not None else ())}
    for prop in list(merged):
        if local(prop) in replaced or not isinstance(prop.tag, str):
            merged.remove(prop)
    for prop in own if own is not None else ():
        rank = _RPR_ORDER.get(local(prop), len(_RPR_ORDER))
        later = next(
            (i for i, p in enumerate(merged) if _RPR_ORDER.get(local(p), len(_RPR_ORDER)) > rank),
            len(merged),
        )
        merged.insert(later, copy.deepcopy(prop))
    merged.tail = None
    if own is not None:
        mark.replace(own, merged)
    else:
        mark.insert(0, merged)


def _split(run: Any, child: Any, keep: int) -> None:
    """Split ``run`` after ``keep`` characters of ``child``; the rest follows in a copy."""
    rest = list(child.itersiblings())
    if local(child) == "t" and keep < len(child.text or ""):
        tail = copy.deepcopy(child)
        tail.tail = None
        tail.text = (child.text or "")[keep:]
        child.text = (child.text or "")[:keep]
        _preserve(child)
        _preserve(tail)
        rest.insert(0, tail)
    if not rest:
        return
    twin = etree.Element(run.tag, dict(run.attrib))
    props = run.find(f"{W}rPr")
    if props is not None:
        twin.append(copy.deepcopy(props))
    for element in rest:
        twin.append(element)
    twin.tail = run.tail
    run.tail = None
    run.addnext(twin)


def _preserve(t: Any) -> None:
    """Keep a ``w:t``'s spaces at either end, as Word would."""
    text = t.text or ""
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _paragraph(element: Any) -> Any:
    while element is not None and local(element) != "p":
        element = element.getparent()
    return element


def _field_end(run: Any) -> Any:
    """The run ending the complex field whose result holds ``run`` (``run`` if none)."""
    paragraph = _paragraph(run)
    if paragraph is None:
        return run
    depth = 0
    inside = False
    for each in paragraph.iter(f"{W}r"):
        if each is run:
            inside = depth > 0
        for char in each.iter(f"{W}fldChar"):
            kind = char.get(f"{W}fldCharType")
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
            if inside and depth == 0:
                return each
    return run


def _after(run: Any) -> Any:
    """The element a mark for text ending in ``run`` goes after (see the module's list)."""
    anchor = _field_end(run)
    parent = anchor.getparent()
    while (
        parent is not None
        and local(parent) in _CONTAINERS
        and not any(
            run_text(r)
            for sibling in anchor.itersiblings()
            for r in ([sibling] if local(sibling) == "r" else sibling.iter(f"{W}r"))
        )
    ):
        anchor, parent = parent, parent.getparent()
    return anchor


def _ancestors(element: Any) -> list[Any]:
    out = []
    node = element.getparent()
    while node is not None and local(node) != "p":
        out.append(node)
        node = node.getparent()
    return out


def _wrapped(mark: Any, run: Any, anchor: Any, next_id: Callable[[], int]) -> Any:
    """``mark``, inside an insertion of its own if it leaves one ``run`` was in."""
    kept = set(_ancestors(anchor)) | {anchor}
    left = [a for a in _ancestors(run) if local(a) in _INSERTIONS and a not in kept]
    if not left:
        return mark
    wrapper = etree.Element(left[0].tag, dict(left[0].attrib))
    wrapper.set(f"{W}id", str(next_id()))
    wrapper.append(mark)
    return wrapper


def cut(pieces: Iterable[Piece], start: int, end: int) -> None:
    """Remove the paragraph's characters ``[start, end)`` from the runs that show them."""
    touched = []
    for piece in sorted(pieces, key=lambda p: -p.start):
        a, b = max(start, piece.start), min(end, piece.end)
        if a >= b:
            continue
        touched.append(piece.run)
        if local(piece.child) == "t":
            text = piece.child.text or ""
            piece.child.text = text[: a - piece.start] + text[b - piece.start :]
            if piece.child.text:
                _preserve(piece.child)
                continue
        piece.child.getparent().remove(piece.child)
    for run in touched:
        _drop_if_empty(run)


def _drop_if_empty(element: Any) -> None:
    """Remove a run left with nothing but properties, and containers it leaves empty."""
    parent = element.getparent()
    if parent is None or any(isinstance(c.tag, str) and c.tag != f"{W}rPr" for c in element):
        return
    if local(element) == "r" or local(element) in _EMPTY_CONTAINERS:
        previous = element.getprevious()
        if element.tail and element.tail.strip() == "" and previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        parent.remove(element)
        _drop_if_empty(parent)


def _at(pieces: list[Piece], offset: int) -> Piece:
    return next(p for p in pieces if p.start <= offset < p.end)


def replace_citation(
    pieces: list[Piece], group: tuple[int, int], space: int, mark: Any, next_id: Callable[[], int]
) -> None:
    """Put ``mark`` where the citation ``group`` ends and cut ``[space, group end)``.

    Citations are replaced from the last to the first in each paragraph, so that the
    pieces before each one still show the characters they were read with.
    """
    start, end = group
    last = _at(pieces, end - 1)
    before = _at(pieces, space - 1) if space > 0 else _at(pieces, start)
    _properties(mark, before.run.find(f"{W}rPr"))
    _split(last.run, last.child, end - last.start)
    anchor = _after(last.run)
    anchor.addnext(_wrapped(mark, last.run, anchor, next_id))
    cut(pieces, space, end)
