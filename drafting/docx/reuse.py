"""A mail merge's bodies, each made of an earlier one's pieces where its text is the same.

The letters of a merge differ in a few paragraphs (the address, the salutation); the rest
of the rendered body is the same text every time. Parsing it, finishing it (docxtpl's
picture ids and table fixes, :mod:`drafting.docx.flow`'s page rules), reading its
paragraphs for the citation record and writing it out again was most of a letter's work.

A :class:`Reference` is one body as rendered and as finished: its text cut at each node
under ``w:body`` (:func:`cuts`; every cut proven once by parsing its piece alone and
comparing it with the node the whole body holds there) and, for each piece, the XML it
was written as, its paragraphs as read and its pictures. A later body whose text differs
only within some pieces (:meth:`Reference.candidate`) has just those parsed, under the
same ``w:body`` start tag, and finished as the whole would finish them; the other pieces
are the reference's, as finished then. XML is read left to right, carrying nothing from
one node under the root to the next but the namespaces its start tag declares (a
template's XML has no DTD), so the nodes are the ones parsing the whole would give.

Pieces are reused only where finishing the whole would do to them what it did to the
reference's; for each body that is checked, else the body is parsed and finished whole:

* the pictures are numbered through the body (docxtpl's ``fix_docpr_ids``): the new
  pieces hold as many as the ones they replace, so every other keeps its number;
* every table is one docxtpl's ``fix_tables`` leaves as it is;
* :func:`~drafting.docx.flow.trim_ending` looks only at the body's last nodes: no
  changed piece is among them;
* no paragraph under ``w:body`` reads as one with the next (a tracked deletion of its
  mark), so each piece's paragraphs are its own;
* :func:`~drafting.docx.flow.keep_last_prose` keeps the paragraph it kept in the
  reference, or one in the new pieces where the reference's was among those replaced.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from drafting.docx.flow import keep_last_prose
from drafting.docx.parts import W
from drafting.docx.record import DocParagraph, list_number_length, read_paragraphs, text_key
from drafting.docx.zipout import common_prefix, common_suffix
from evidence.readers.docx import joins_next, local

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_CUT = "drafting-cut"
#: Markup in XML text: a comment, CDATA, a processing instruction, or a tag whose
#: attribute values are quoted (they may hold ">"); text between holds no "<".
_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
    r"|<(/?)[^\s/>!?]+(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(/?)>",
    re.DOTALL,
)
#: How many references a frame keeps, and how many bodies it may learn from.
KEEP = 4
LEARN = 8


def cuts(source: str) -> tuple[list[int], int, int] | None:
    """Where each node under the root element ``source`` holds starts, and its end tag.

    Returns the nodes' offsets (elements, comments, processing instructions; text is a
    node's tail), where the root's end tag starts and where it ends; None when ``source``
    is not one element read so (nothing may come before or after it but white space).
    """
    starts: list[int] = []
    depth = 0
    at = source.find("<")
    if at < 0 or source[:at].strip():
        return None
    while at >= 0:
        found = _MARKUP.match(source, at)
        if found is None:
            return None
        if found.group(0)[1] in "!?":  # comment, CDATA or processing instruction
            if depth == 0:
                return None
            if depth == 1 and not found.group(0).startswith("<![CDATA["):
                starts.append(at)
        elif found.group(1):  # an end tag
            depth -= 1
            if depth == 0:
                return (starts, at, found.end()) if not source[found.end() :].strip() else None
        else:
            if depth == 1:
                starts.append(at)
            if not found.group(2):
                depth += 1
            elif depth == 0:
                return None
        at = source.find("<", found.end())
    return None


def last_key(prose: list[str]) -> str | None:
    """The key of the last prose's text, as :func:`keep_last_prose` looks for it."""
    return text_key(prose[-1][list_number_length(prose[-1]) :]) if prose else None


@dataclass(frozen=True)
class Piece:
    """One node under ``w:body`` of a reference, with its tail, as finished."""

    out: bytes  # as written (nothing if the page rules removed it)
    read: tuple[DocParagraph, ...]
    pictures: int
    matches: bool  # holds a paragraph with the last prose's text


@dataclass(frozen=True)
class Candidate:
    """A body that differs from a reference in pieces ``first`` to ``last`` (parsed here).

    ``last`` is ``first - 1`` where new nodes come between two pieces and none goes.
    """

    reference: Reference
    first: int
    last: int
    root: Any  # the new nodes, under a copy of the body's start tag


@dataclass(eq=False)
class Reference:
    """One body's text, cut into pieces, and each piece as it was finished."""

    source: str
    starts: list[int]
    end: int  # where the end tag starts
    closing: str
    pieces: tuple[Piece, ...]
    head: bytes  # the body's start tag and first text, as written
    tail: bytes
    text: str | None  # the body's first text
    last: str | None  # the last prose's key
    kept: int | None  # the piece keep_last_prose kept with the next
    trim_from: int  # the first piece the page rules may look at
    ends: list[int] = field(init=False)
    #: By piece, the last piece before it with a paragraph of the last prose's text.
    before: list[int | None] = field(init=False)
    _joined: dict[tuple[int, int], tuple[bytes, list[DocParagraph]]] = field(
        default_factory=dict, init=False
    )

    def __post_init__(self) -> None:
        self.ends = [*self.starts[1:], self.end]
        self.before = [None]
        for k, piece in enumerate(self.pieces):
            self.before.append(k if piece.matches else self.before[-1])

    def candidate(self, source: str, fine: Callable[[Any], bool]) -> Candidate | None:
        """``source`` parsed where it differs, if the rest can be this reference's."""
        same = min(common_prefix(self.source, source), self.end)
        if same < self.starts[0]:
            return None
        cut = len(self.source) - common_suffix(
            self.source, source, min(len(self.source), len(source)) - same
        )
        if cut > self.end:
            return None
        first = bisect.bisect_right(self.ends, same)
        last = bisect.bisect_left(self.starts, cut) - 1
        low = self.starts[first] if first < len(self.starts) else self.end
        high = len(source) - len(self.source) + (self.ends[last] if last >= 0 else low)
        try:
            root = etree.fromstring(self.source[: self.starts[0]] + source[low:high] + self.closing)
        except etree.XMLSyntaxError:
            return None
        if root.text != self.text or ((len(root) or last >= first) and last >= self.trim_from):
            return None
        if any(local(n) == "p" and joins_next(n) for n in root if isinstance(n.tag, str)):
            return None
        tables = (
            t
            for t in root.iter(f"{W}tbl")
            if not any(a.tag == f"{W}tbl" for a in t.iterancestors())
        )
        if not all(fine(t) for t in tables):
            return None
        pictures = list(root.iter(f"{WP}docPr"))
        if len(pictures) != sum(p.pictures for p in self.pieces[first : last + 1]):
            return None
        number = 1000 + sum(p.pictures for p in self.pieces[:first])
        for n, picture in enumerate(pictures, number + 1):  # as fix_docpr_ids numbers them
            picture.attrib["id"] = str(n)
        return Candidate(self, first, last, root)

    def joined(self, start: int, stop: int) -> tuple[bytes, list[DocParagraph]]:
        """Pieces ``start`` to ``stop - 1``: their XML and their paragraphs."""
        if (start, stop) not in self._joined:
            if len(self._joined) >= 64:
                self._joined.clear()
            pieces = self.pieces[start:stop]
            self._joined[start, stop] = (
                b"".join(p.out for p in pieces),
                [c for p in pieces for c in p.read],
            )
        return self._joined[start, stop]


def splice(candidate: Candidate, prose: list[str]) -> tuple[bytes, list[DocParagraph]] | None:
    """The body laid out (:meth:`Filled.lay_out`): its XML and its paragraphs as read.

    None when the page rules would not leave the reference's pieces as they are.
    """
    ref, first, last, root = candidate.reference, candidate.first, candidate.last, candidate.root
    key = last_key(prose)
    if key != ref.last:
        return None
    read = read_paragraphs(root)
    kept = ref.kept  # the last piece with a paragraph of the last prose's text
    if key is not None and (kept is None or kept <= last):  # none kept after the change
        if any(text_key(c.text) == key for _, c in read):  # the new pieces hold the last
            if kept is not None and kept < first:  # kept in the reference's copy: not now
                return None
            keep_last_prose(root, prose, read)
        elif kept is not None and kept >= first and ref.before[first] is not None:
            return None  # the one kept now is an unchanged piece, kept not in the reference
    middle = b""
    if len(root):
        written = etree.tostring(root, encoding="UTF-8")
        if not (written.startswith(ref.head) and written.endswith(ref.tail)):
            return None
        middle = written[len(ref.head) : len(written) - len(ref.tail)]
    head, above = ref.joined(0, first)
    tail, below = ref.joined(last + 1, len(ref.pieces))
    return (
        b"".join((ref.head, head, middle, tail, ref.tail)),
        [*above, *(c for _, c in read), *below],
    )


def learn(
    source: str,
    originals: list[Any],
    body: Any,
    read: list[tuple[Any, DocParagraph]],
    prose: list[str],
) -> Reference | None:
    """A reference from a body parsed from ``source`` and finished whole; None if unfit.

    ``originals`` are the nodes under ``body`` as parsed, before the page rules; ``read``
    its paragraphs as read after them; ``prose`` the prose it was laid out with.
    """
    found = cuts(source)
    if found is None or not originals or len(found[0]) != len(originals):
        return None
    starts, end, stop = found
    if any(local(n) == "p" and joins_next(n) for n in originals if isinstance(n.tag, str)):
        return None
    trim_from = _trim_from(originals)
    written = _written(originals, body) if _proven(source, starts, end, stop) else None
    if trim_from is None or written is None:
        return None
    head, tail, outs = written
    groups = _grouped(originals, body, read)
    if groups is None:
        return None
    key = last_key(prose)
    matches = [key is not None and any(text_key(c.text) == key for c in g) for g in groups]
    pieces = tuple(
        Piece(out, tuple(g), sum(1 for _ in n.iter(f"{WP}docPr")), m)
        for out, g, n, m in zip(outs, groups, originals, matches, strict=True)
    )
    kept = max((k for k, m in enumerate(matches) if m), default=None)
    return Reference(
        source, starts, end, source[end:stop], pieces, head, tail, body.text, key, kept, trim_from
    )


def _proven(source: str, starts: list[int], end: int, stop: int) -> bool:
    """Whether each piece of ``source``, parsed alone, is the node the whole holds there."""
    whole = etree.fromstring(source)
    if len(whole) != len(starts):
        return False
    opening, closing = source[: starts[0]], source[end:stop]
    for node, start, finish in zip(whole, starts, [*starts[1:], end], strict=True):
        alone = etree.fromstring(opening + source[start:finish] + closing)
        if len(alone) != 1 or alone.text != whole.text:
            return False
        if etree.tostring(alone[0]) != etree.tostring(node):
            return False
    return True


def _trim_from(originals: list[Any]) -> int | None:
    """The first node trim_ending may have looked at: of the last (removed + 2), not sectPr."""
    removed = sum(1 for n in originals if n.getparent() is None)
    count = 0
    for k in range(len(originals) - 1, -1, -1):
        if originals[k].tag != f"{W}sectPr":
            count += 1
            if count == removed + 2:
                return k
    return None


def _written(originals: list[Any], body: Any) -> tuple[bytes, bytes, list[bytes]] | None:
    """The body's start tag, end tag and each node (with its tail) as written."""
    plain = etree.tostring(body, encoding="UTF-8")
    marks = []
    for node in originals:
        if node.getparent() is not None:
            marks.append(etree.ProcessingInstruction(_CUT))
            node.addprevious(marks[-1])
    marks.append(etree.ProcessingInstruction(_CUT))
    body.append(marks[-1])
    try:
        marked = etree.tostring(body, encoding="UTF-8")
    finally:
        for mark in marks:
            body.remove(mark)
    head, *pieces, tail = marked.split(f"<?{_CUT} ?>".encode())
    if len(pieces) != len(marks) - 1 or head + b"".join(pieces) + tail != plain:
        return None
    if etree.tostring(body, encoding="UTF-8") != plain:  # the marks left no trace
        return None
    found = iter(pieces)
    return head, tail, [next(found) if n.getparent() is not None else b"" for n in originals]


def _grouped(
    originals: list[Any], body: Any, read: list[tuple[Any, DocParagraph]]
) -> list[list[DocParagraph]] | None:
    """The paragraphs as read, by the node under the body they are in (or follow)."""
    index = {node: k for k, node in enumerate(originals)}
    groups: list[list[DocParagraph]] = [[] for _ in originals]
    for paragraph, content in read:
        top = paragraph[0]
        while top is not None and top.getparent() is not body:
            top = top.getparent()
        while top is not None and top not in index:  # a node the page rules added
            top = top.getprevious()
        if top is None:
            return None
        groups[index[top]].append(content)
    return groups


@dataclass
class Reuse:
    """A frame's references: the bodies later ones are made from."""

    references: list[Reference] = field(default_factory=list)
    learnt: int = 0

    def candidate(
        self, source: str, fine: Callable[[Any], bool], tried: tuple[Reference, ...] = ()
    ) -> Candidate | None:
        """``source`` as a candidate of the first reference it can be made from.

        Those ``tried`` (whose pieces the page rules would not leave as they are) are not.
        """
        for reference in self.references:
            used = any(reference is t for t in tried)
            found = None if used else reference.candidate(source, fine)
            if found is not None:
                return found
        return None

    def learn(
        self,
        source: str,
        originals: list[Any],
        body: Any,
        read: list[tuple[Any, DocParagraph]],
        prose: list[str],
    ) -> None:
        """Keep a body finished whole as a reference (a few, from the first few bodies)."""
        if self.learnt >= LEARN:
            return
        self.learnt += 1
        reference = learn(source, originals, body, read, prose)
        if reference is not None:
            self.references.insert(0, reference)
            del self.references[KEEP:]
